"""A journal is judged only when no live connection holds it (issue: a live writer's journal judged
'not this file's' and moved aside mid-transaction). SQLite calls a journal hot only while nobody
holds the database's RESERVED/PENDING/EXCLUSIVE lock; POSIX locks are per process, so every writer
here is a real separate process: sqlite3 itself, or one holding SQLite's lock bytes as a recovering
SQLite does."""
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.backup import backup_file
from app.storage import filecheck
from app.storage.journal import PENDING_BYTE, RESERVED_BYTE, SHARED_FIRST, SHARED_SIZE, live_writer
from tests.app.sharing_data import build, integrity, sha256
from tests.app.test_hostile_files import _crash_with_journal

# A writer that holds a write transaction open until told to commit (a line on stdin).
# "reserved": BEGIN IMMEDIATE, nothing written yet; "exclusive": pages spilled into the file
# (cache_size=1), so it holds EXCLUSIVE and its own journal is the only record of the old pages.
WRITER = """
import sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
if sys.argv[2] == "exclusive":
    c.execute("PRAGMA cache_size=1")
c.execute("BEGIN IMMEDIATE")
if sys.argv[2] == "exclusive":
    c.execute("UPDATE meeting SET title = 'spilled ' || hex(randomblob(1500))")
print("ready", flush=True)
sys.stdin.readline()
c.execute("UPDATE meeting SET title = 'committed by the writer'")
c.execute("COMMIT")
print("committed", flush=True)
"""

# A process holding raw fcntl locks on SQLite's lock bytes, as the unix VFS places them.
LOCKS = """
import fcntl, os, sys
fd = os.open(sys.argv[1], os.O_RDWR)
for spec in sys.argv[2:]:
    kind, start, length = spec.split(":")
    fcntl.lockf(fd, fcntl.LOCK_EX if kind == "w" else fcntl.LOCK_SH, int(length), int(start))
print("ready", flush=True)
sys.stdin.readline()
"""


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("live") / "good.dabir"
    build(path)
    return path


@pytest.fixture(scope="module")
def foreign_journal(tmp_path_factory) -> bytes:
    """A crash's hot journal of another, smaller database with the same page size: the inspector
    judges it 'not this file's'."""
    other = tmp_path_factory.mktemp("other") / "other.dabir"
    build(other, committees=1, meetings=1, resolutions=1)
    _crash_with_journal(other)
    data = Path(f"{other}-journal").read_bytes()
    assert data[:8] == bytes.fromhex("d9d505f920a163d7")
    return data


@pytest.fixture
def mine(template, tmp_path):
    path = tmp_path / "mine.dabir"
    shutil.copyfile(template, path)
    return path


def _start(code: str, *args) -> subprocess.Popen:
    child = subprocess.Popen([sys.executable, "-c", code, *map(str, args)], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready", child.stderr.read()
    return child


def _finish(child: subprocess.Popen) -> str:
    out, err = child.communicate("go\n", timeout=120)
    assert child.returncode == 0, err
    return out


def _titles(path: Path) -> set[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {r[0] for r in conn.execute("SELECT title FROM meeting")}
    finally:
        conn.close()


def test_foreign_looking_journal_of_a_live_writer_is_left_alone_by_open_backup_and_check(
        mine, foreign_journal, tmp_path, cli):
    writer = _start(WRITER, mine, "reserved")              # holds RESERVED in another process
    try:
        journal = tmp_path / "mine.dabir-journal"
        journal.write_bytes(foreign_journal)                # beside it, bytes we would judge foreign
        before = sha256(mine)
        assert not filecheck.recover_hot_journal(mine, writable=True)
        listed = cli("list", "meetings", "--db", mine)
        assert listed.returncode == 0 and listed.stdout.strip(), listed.stderr
        out = backup_file(mine, tmp_path / "copy.dabir").path
        checked = cli("check", "--db", mine)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        assert "not its own" not in listed.stderr + checked.stderr
        assert journal.read_bytes() == foreign_journal     # byte-identical and in place
        assert not list(tmp_path.glob("*.not-this-file-*"))
        assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").rglob("*before-recovery*"))
        assert sha256(mine) == before
        assert integrity(out) == "ok" and "committed by the writer" not in _titles(out)
    finally:
        assert "committed" in _finish(writer)               # the writer's commit still succeeds
    assert not journal.exists()                              # and SQLite deleted its journal
    assert integrity(mine) == "ok" and _titles(mine) == {"committed by the writer"}


def test_writer_mid_transaction_keeps_its_journal_and_commits(mine, tmp_path, cli):
    """Pages already spilled into the file: only the writer's journal holds the old ones. Dabir waits
    for SQLite's lock (here a short busy timeout, so it reports 'locked') and touches nothing."""
    writer = _start(WRITER, mine, "exclusive")
    try:
        journal = tmp_path / "mine.dabir-journal"
        held, spilled = journal.read_bytes(), sha256(mine)
        result = cli("list", "meetings", "--db", mine, env={"DABIR_BUSY_TIMEOUT_MS": "300"})
        assert result.returncode == 2 and "locked" in result.stderr, result.stdout + result.stderr
        assert journal.read_bytes() == held and sha256(mine) == spilled
        assert not list(tmp_path.glob("*.not-this-file-*"))
        assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").rglob("*before-recovery*"))
    finally:
        assert "committed" in _finish(writer)
    assert not journal.exists()
    assert integrity(mine) == "ok" and _titles(mine) == {"committed by the writer"}
    assert cli("list", "meetings", "--db", mine).returncode == 0


# SQLite's lock states as another process holds them (os_unix.c unixLock): a reader holds a read
# lock on the SHARED range; a writer adds a write lock on RESERVED; a committing writer PENDING and
# then a write lock on the SHARED range; a process rolling back a hot journal PENDING and the SHARED
# range without RESERVED.
W, R = "w", "r"
STATES = {
    "reader": ([(R, SHARED_FIRST, SHARED_SIZE)], False),
    "reserved": ([(R, SHARED_FIRST, SHARED_SIZE), (W, RESERVED_BYTE, 1)], True),
    "pending": ([(R, SHARED_FIRST, SHARED_SIZE), (W, RESERVED_BYTE, 1), (W, PENDING_BYTE, 1)], True),
    "exclusive": ([(W, RESERVED_BYTE, 1), (W, PENDING_BYTE, 1), (W, SHARED_FIRST, SHARED_SIZE)], True),
    "recovering": ([(W, PENDING_BYTE, 1), (W, SHARED_FIRST, SHARED_SIZE)], True),
    "pending-only": ([(W, PENDING_BYTE, 1)], True),
}


@pytest.mark.parametrize("state", STATES)
def test_lock_states_of_another_process(state, mine):
    specs, live = STATES[state]
    holder = _start(LOCKS, mine, *(f"{k}:{start}:{length}" for k, start, length in specs))
    try:
        with live_writer(mine) as seen:
            assert seen is live
    finally:
        _finish(holder)
    with live_writer(mine) as seen:                          # released with its process
        assert seen is False


def test_real_sqlite_reader_and_writer(mine):
    code = ("import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute(sys.argv[2]); rows = c.execute('SELECT * FROM meeting'); rows.fetchone()\n"
            "print('ready', flush=True); sys.stdin.readline()\n")
    for begin, live in (("BEGIN", False), ("BEGIN IMMEDIATE", True), ("BEGIN EXCLUSIVE", True)):
        holder = _start(code, mine, begin)
        try:
            with live_writer(mine) as seen:
                assert seen is live, begin
        finally:
            _finish(holder)


def test_a_writer_on_another_connection_of_this_process_is_seen_on_linux(mine):
    """Open-file-description locks (Linux) conflict with this process's own classic locks, so a
    GUI's edit running on a worker thread's connection is seen too; a classic F_GETLK reports it free."""
    import fcntl
    conn = sqlite3.connect(mine, isolation_level=None, check_same_thread=False)
    try:
        conn.execute("BEGIN IMMEDIATE")
        with live_writer(mine) as seen:
            assert seen is hasattr(fcntl, "F_OFD_GETLK")
        conn.execute("ROLLBACK")
    finally:
        conn.close()


def test_no_writer_can_begin_while_a_journal_is_judged(mine, foreign_journal, tmp_path):
    """While we judge, we hold SHARED as SQLite does: a writer that starts meanwhile finds the hot
    journal and cannot take EXCLUSIVE to play it, so it waits (here: times out) instead of playing
    the journal we are about to move aside."""
    journal = tmp_path / "mine.dabir-journal"
    journal.write_bytes(foreign_journal)
    before = sha256(mine)
    code = ("import sqlite3, sys\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=0.2)\n"
            "try:\n"
            "    c.execute('BEGIN IMMEDIATE'); print('began')\n"
            "except sqlite3.OperationalError as e:\n"
            "    print('refused', e)\n")
    with live_writer(mine) as seen:
        assert seen is False
        out = subprocess.run([sys.executable, "-c", code, str(mine)], capture_output=True, text=True,
                             timeout=60).stdout
        assert out.startswith("refused") and "locked" in out, out
        assert journal.read_bytes() == foreign_journal and sha256(mine) == before
    assert not filecheck.recover_hot_journal(mine, writable=True)   # now judged: moved aside
    assert not journal.exists() and list(tmp_path.glob("mine.dabir-journal.not-this-file-*"))
    assert sha256(mine) == before
