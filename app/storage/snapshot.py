"""A consistent copy of a .dabir file, safe to take while another program writes to it.

SQLite's online backup API copies every page under one read lock (we ask for all pages in a single
step, so a concurrent commit cannot make it restart or mix two states). The copy goes to a temporary
file in the destination folder, is checked with integrity_check, flushed to disk, and only then
renamed over the destination: a reader of the destination sees either the old file or a whole new one.
"""
import os
import sqlite3
from pathlib import Path

from app.domain.errors import DabirFileError
from .filecheck import read_only_connection, sqlite_error


def snapshot(source: Path, dest: Path) -> Path:
    """Copy `source` to `dest` atomically; returns dest. Never writes to `source`."""
    source, dest = Path(source), Path(dest)
    if not dest.parent.is_dir():
        raise DabirFileError(str(dest.parent), "پوشه مقصد وجود ندارد", "destination folder does not exist")
    if dest.exists() and dest.resolve() == source.resolve():
        raise DabirFileError(str(dest), "مقصد همان پرونده مبدأ است", "destination is the source file itself")
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
    try:
        src = read_only_connection(source)
        try:
            out = sqlite3.connect(tmp, isolation_level=None)
            try:
                # Take the read lock ourselves first: it honours the busy timeout, whereas the
                # backup call would retry a locked source for ever.
                src.execute("BEGIN")
                src.execute("SELECT count(*) FROM sqlite_master").fetchone()
                src.backup(out)  # pages=-1: everything in one step, one consistent state
                src.execute("COMMIT")
                result = out.execute("PRAGMA integrity_check").fetchone()[0]
                out.execute("PRAGMA journal_mode=DELETE")
            finally:
                out.close()
        finally:
            src.close()
        if result != "ok":
            raise DabirFileError(str(source), "نسخه پشتیبان سالم نیست", f"backup copy failed its check ({result})")
        _fsync(tmp)
        os.replace(tmp, dest)
        _fsync_dir(dest.parent)
    except sqlite3.Error as e:
        raise sqlite_error(source, e) from None
    except OSError as e:
        raise DabirFileError(str(dest), f"نسخه پشتیبان نوشته نشد ({e.strerror})",
                             f"cannot write the backup ({e.strerror})") from None
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)
    return dest


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_dir(folder: Path) -> None:
    # the rename itself must reach the disk too; not possible on every platform/filesystem
    try:
        _fsync(folder)
    except OSError:
        pass
