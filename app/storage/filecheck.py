"""Checking a .dabir file's contents before we trust it, with connections that cannot write.

open_database() runs `quick_check` on every existing file (fast: no index cross-checks), and
`dabir check` runs the full `integrity_check` plus `foreign_key_check`. Both use a read-only
connection, so a damaged or foreign file is never modified by being looked at.
"""
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import DabirFileError
from .engine import BUSY_TIMEOUT_MS


def sqlite_error(path: Path, e: Exception) -> DabirFileError:
    """One clear reason for an sqlite3 error met while opening or checking a file."""
    msg = str(e)
    if "locked" in msg or "busy" in msg:
        return DabirFileError(str(path), "پرونده در دست برنامه دیگری است؛ کمی بعد دوباره امتحان کنید",
                              "file is locked by another program; try again shortly")
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return DabirFileError(str(path), "پرونده آسیب دیده است؛ از نسخه پشتیبان استفاده کنید",
                              f"file is damaged ({msg}); use a backup")
    if "readonly" in msg or "read-only" in msg:
        return DabirFileError(str(path), "پرونده فقط‌خواندنی است", "file is read-only")
    return DabirFileError(str(path), f"پرونده باز نمی‌شود ({msg})", f"cannot open file ({msg})")


def read_only_connection(path: Path, timeout_ms: int = BUSY_TIMEOUT_MS) -> sqlite3.Connection:
    # mode=ro: SQLite itself refuses every write, whatever our code does
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout_ms / 1000,
                           isolation_level=None)


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def recover_hot_journal(path: Path, writable: bool) -> None:
    """A `-journal` left by a crash or a pulled USB stick holds the pages of an unfinished
    transaction. SQLite rolls it back on the first read by a writable connection, restoring the last
    committed state, and deletes it; a read-only connection cannot, so we do it first, explicitly."""
    journal = journal_path(path)
    if not journal.exists():
        return
    if not writable:
        raise DabirFileError(str(path), "پرونده تراکنش نیمه‌تمامی دارد و فقط‌خواندنی است؛ آن را قابل‌نوشتن کنید",
                             "file has an unfinished transaction (-journal) and is read-only; make it "
                             "writable so it can be recovered")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # a read rolls back a hot journal
            if journal.exists():
                # SQLite judged it not hot (its header was never completed, so the database was
                # never touched) and leaves it; one write transaction makes SQLite delete it, so no
                # stray journal can later be paired with this file by mistake.
                conn.execute(f"PRAGMA user_version={int(version)}")
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise sqlite_error(path, e) from None


def quick_check(path: Path) -> None:
    """Raise DabirFileError unless SQLite's quick_check says 'ok'."""
    try:
        conn = read_only_connection(path)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise sqlite_error(path, e) from None
    if rows != ["ok"]:
        raise DabirFileError(str(path), "پرونده آسیب دیده است؛ از نسخه پشتیبان استفاده کنید",
                             f"file is damaged ({rows[0]}); use a backup")


@dataclass(frozen=True)
class CheckReport:
    """The result of a full check: empty lists mean a healthy file."""
    path: Path
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.integrity and not self.foreign_keys


def full_check(path: Path) -> CheckReport:
    """integrity_check (every page, index and constraint) and foreign_key_check, read-only."""
    try:
        conn = read_only_connection(path)
        try:
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check(100)")]
            fks = [f"{table} rowid {rowid} -> {parent}" for table, rowid, parent, _ in
                   conn.execute("PRAGMA foreign_key_check")] if integrity == ["ok"] else []
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise sqlite_error(path, e) from None
    return CheckReport(path, [] if integrity == ["ok"] else integrity, fks)
