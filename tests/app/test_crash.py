"""Power-cut safety: a writer killed with SIGKILL at random moments never loses a commit it reported,
and never leaves a damaged file. Children are forked from the test process (modules already imported),
so hundreds of kills take seconds, not minutes."""
import os
import random
import signal
import time

from sqlalchemy import select

from app.storage.database import open_database
from app.storage.models import Organization
from tests.app.sharing_data import integrity

KILLS = 200


def _writer(path, start: int, out_fd: int) -> None:
    """Commit numbered rows for ever, writing each number to the pipe after its commit returns."""
    try:
        db = open_database(path)
        n = start
        while True:
            with db.session(actor="crash-test") as s:
                s.add(Organization(name=f"org {n}", name_key=str(n)))
            os.write(out_fd, f"{n}\n".encode())
            n += 1
    finally:
        os._exit(0)


def _committed(path) -> set[int]:
    db = open_database(path)  # rolls back a crashed transaction's journal, then quick_check
    try:
        with db.session() as s:
            return {int(k) for k in s.scalars(select(Organization.name_key))}
    finally:
        db.close()


def test_sigkill_at_random_moments_loses_nothing_reported(tmp_path):
    path = tmp_path / "crash.dabir"
    open_database(path, create=True).close()
    rng = random.Random(20261126)
    reported: set[int] = set()
    next_n, mid_write = 1, 0
    started = time.monotonic()
    for _ in range(KILLS):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            _writer(path, next_n, w)
        os.close(w)
        # the random moment is counted from the writer's first commit, so that on a loaded machine
        # (slow to start) every kill still lands while it writes
        first = b""
        while not first.endswith(b"\n"):
            chunk = os.read(r, 1)
            if not chunk:
                break
            first += chunk
        time.sleep(rng.uniform(0.003, 0.06))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        with os.fdopen(r) as fh:
            printed = {int(x) for x in (first.decode() + fh.read()).split()}
        reported |= printed
        mid_write += (tmp_path / "crash.dabir-journal").exists()
        present = _committed(path)
        assert integrity(path) == "ok"
        missing = reported - present
        assert not missing, f"reported but lost: {sorted(missing)[:10]}"
        assert not (tmp_path / "crash.dabir-journal").exists()
        assert not list(tmp_path.glob("*.not-this-file-*"))   # every crashed journal judged its own
        next_n = max(present | reported, default=0) + 1
    elapsed = time.monotonic() - started
    print(f"\ncrash test: {KILLS} kills, {len(reported)} commits reported, "
          f"{mid_write} kills left a journal, {elapsed:.1f}s")
    assert len(reported) > KILLS  # the writers really were writing when killed
