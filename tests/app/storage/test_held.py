"""While this process writes a file, reading its header must not drop SQLite's lock (app/storage/held.py).
POSIX drops every lock a process holds on a file when it closes any descriptor of it: Dabir reads the
header at the start and end of every session, for a backup and beside a journal, often on another
thread than a write. Another process (the CLI, a second window) must still be refused a write."""
import subprocess
import sys

import pytest

from app.services import committees
from app.services.files import open_database
from app.storage import filestate, held
from app.storage.fileformat import inspect_file

TRY_WRITE = ("import sqlite3, sys\n"
             "c = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)\n"
             "try:\n"
             "    c.execute('BEGIN IMMEDIATE'); print('began')\n"
             "except sqlite3.OperationalError as e:\n"
             "    print('refused', e)\n")


def _other_process_writes(path) -> str:
    return subprocess.run([sys.executable, "-c", TRY_WRITE, str(path)], capture_output=True, text=True,
                          timeout=60).stdout.strip()


@pytest.mark.parametrize("read", ["session bookkeeping", "backup's header check", "another session"])
def test_a_write_in_progress_stays_locked_while_the_header_is_read(tmp_path, read, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))
    path = tmp_path / "a.dabir"
    db = open_database(path, create=True)
    try:
        with db.session() as s:
            committees.create_committee(s, "کمیته فنی")
            s.flush()                                   # this connection now holds RESERVED
            assert _other_process_writes(path).startswith("refused")
            if read == "session bookkeeping":
                filestate.current(path)
            elif read == "backup's header check":
                inspect_file(path)
            else:
                other = open_database(path, read_only=True)          # a second Database on the file
                with other.session():
                    pass
                other.close()
            assert _other_process_writes(path).startswith("refused"), read
        assert _other_process_writes(path) == "began"   # committed: free again
    finally:
        db.close()


def test_the_descriptor_is_closed_when_the_last_connection_closes(tmp_path):
    import os
    path = tmp_path / "a.dabir"
    first = open_database(path, create=True)
    second = open_database(path)
    # Windows locks belong to their handle (nothing is held there); the locked-write test above holds anyway
    assert held.holding(path) == held.HOLDS
    first.close()
    assert held.holding(path) == held.HOLDS              # still connected through the second
    second.close()
    assert not held.holding(path)
    fds = len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    for _ in range(20):
        open_database(path).close()
    if fds is not None:
        assert len(os.listdir("/proc/self/fd")) == fds   # nothing left open
