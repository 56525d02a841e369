"""Several processes on one file: writers never see 'database is locked' and no increment is lost;
a backup taken while another process writes is healthy and holds an unbroken run of commits."""
import sqlite3
import subprocess
import sys
import time

from app.services.backup import backup_file
from app.storage.database import open_database
from tests.app.sharing_data import integrity
from tests.conftest import ROOT

WRITER = """
import sys, time
from sqlalchemy import select
from app.storage.database import open_database
from app.storage.models import Organization, Setting
path, name, count, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
db = open_database(path)
while time.time() < start_at:
    time.sleep(0.001)
for i in range(count):
    with db.session(actor=name) as s:
        s.add(Organization(name=f"{name} {i}", name_key=f"{name}-{i}"))
        counter = s.scalar(select(Setting).where(Setting.key == "test.counter"))
        counter.value = str(int(counter.value) + 1)   # read-modify-write: lost if not serialised
db.close()
"""

NUMBERED = """
import sys
from app.storage.database import open_database
from app.storage.models import Organization
db = open_database(sys.argv[1])
for n in range(1, int(sys.argv[2]) + 1):
    with db.session() as s:
        s.add(Organization(name=str(n), name_key=str(n)))
    print(n, flush=True)
db.close()
"""


def _spawn(code, *args):
    return subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})


def test_three_writers_exact_counts_and_no_locked_error(tmp_path):
    path = tmp_path / "shared.dabir"
    db = open_database(path, create=True)
    from app.storage.models import Setting
    with db.session() as s:
        s.add(Setting(key="test.counter", value="0"))
    db.close()
    per_writer, start_at = 60, time.time() + 3
    procs = [_spawn(WRITER, path, f"w{i}", per_writer, start_at) for i in range(3)]
    results = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, results):
        assert p.returncode == 0 and "locked" not in err and not err.strip(), err
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM organization").fetchone()[0] == 3 * per_writer
    assert conn.execute("SELECT value FROM setting WHERE key='test.counter'").fetchone()[0] == str(3 * per_writer)
    # each writer's rows are all there, and every write was audited once
    for i in range(3):
        assert conn.execute("SELECT count(*) FROM organization WHERE name_key LIKE ?",
                            (f"w{i}-%",)).fetchone()[0] == per_writer
    assert conn.execute("SELECT count(*) FROM audit_entry WHERE entity='organization'").fetchone()[0] == 3 * per_writer
    conn.close()
    assert integrity(path) == "ok"


def test_backup_while_writing_is_healthy_and_unbroken(tmp_path):
    path = tmp_path / "busy.dabir"
    open_database(path, create=True).close()
    writer = _spawn(NUMBERED, path, 400)
    first = writer.stdout.readline()  # the writer is running
    assert first.strip() == "1"
    sizes = []
    for i in range(8):
        out = backup_file(path, tmp_path / f"b{i}.dabir").path
        assert integrity(out) == "ok"
        conn = sqlite3.connect(out)
        numbers = sorted(int(r[0]) for r in conn.execute("SELECT name_key FROM organization"))
        conn.close()
        assert numbers == list(range(1, len(numbers) + 1)), "a backup must hold an unbroken run of commits"
        sizes.append(len(numbers))
        time.sleep(0.05)
    writer.communicate(timeout=300)
    assert writer.returncode == 0
    assert sizes[0] >= 1 and sizes == sorted(sizes)
    assert sizes[0] < 400  # at least one backup was taken mid-stream
