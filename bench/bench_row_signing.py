"""What signing trust-bearing rows costs (issue 22): withdrawing 1,000 follow-ups in one session with the
signing hook and without it (the hook taken off for the baseline), and checking 1,000 of those signatures
as a merge does (row_signing.Received.signed). A fresh file of its own, keys in a temporary folder."""
import datetime as dt
import os
import tempfile
import time
from pathlib import Path

from bench.common import Row

N = 1000


def _file(folder: Path) -> tuple[Path, list[str]]:
    from tests.app.sharing_data import build, edit
    from app.storage.models import FollowUp
    path = folder / "signed.dabir"
    ids = build(path, committees=1, meetings=3, resolutions=1)
    rid = ids["resolution"][0]

    def add(s):
        rows = [FollowUp(resolution_id=rid, date=dt.date(2026, 4, 2), status="in_progress") for _ in range(N)]
        s.add_all(rows)
        s.flush()
        return [r.id for r in rows]
    return path, edit(path, add)


def _withdraw(path: Path, ids: list[str]) -> float:
    from tests.app.sharing_data import edit
    from app.storage.models import FollowUp
    gone = dt.datetime(2026, 5, 1)
    start = time.perf_counter()
    edit(path, lambda s: [setattr(s.get(FollowUp, i), "deleted_at", gone) for i in ids])
    return time.perf_counter() - start


def run() -> list[Row]:
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    from app.services import row_signing
    from app.storage.database import open_database
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ.setdefault("DABIR_KEY_DIR", str(folder / "keys"))
        os.environ.setdefault("DABIR_TRUST_DIR", str(folder / "trust"))
        path, ids = _file(folder)
        signed = _withdraw(path, ids)
        (folder / "plain").mkdir()
        plain_path, plain_ids = _file(folder / "plain")
        event.remove(Session, "before_flush", row_signing._sign_on_flush)
        try:
            plain = _withdraw(plain_path, plain_ids)
        finally:
            event.listen(Session, "before_flush", row_signing._sign_on_flush)
        db = open_database(path)
        try:
            with db.engine.connect() as conn:
                received = row_signing.Received(conn, conn)
                from app.storage.models import FollowUp
                from app.storage.validate import convert_row, read_raw
                table = FollowUp.__table__
                rows = [convert_row(table, r)[0] for r in read_raw(conn, table) if r["id"] in set(ids)]
                start = time.perf_counter()
                good = sum(received.signed("follow_up", r) is not None for r in rows)
                checking = time.perf_counter() - start
        finally:
            db.close()
    assert good == N
    return [Row(f"withdraw {N} follow-ups, signed", round(signed, 3), "s"),
            Row(f"withdraw {N} follow-ups, hook off", round(plain, 3), "s"),
            Row("signing per tombstone", round((signed - plain) / N * 1000, 3), "ms"),
            Row(f"check {N} signatures (merge)", round(checking, 3), "s")]


if __name__ == "__main__":
    for r in run():
        print(r.metric, r.value, r.unit)
