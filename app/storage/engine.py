"""The SQLAlchemy engine for one .dabir file, with the PRAGMAs every connection needs, and the one
place where a file name becomes an SQLite URI.

Every connection, ours or SQLAlchemy's, is made by `connect()`: the path is percent-quoted into the
URI (a name with %, # or ? otherwise opens another file, or a name cut short), and
`trusted_schema=OFF`, so SQL functions with side effects cannot be called from a file's views or
triggers. A file's own triggers and views are only trusted after app/storage/schema.py has found
them to be exactly Dabir's."""
import os
import sqlite3
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

# How long a writer waits for another to finish; DABIR_BUSY_TIMEOUT_MS shortens it in tests.
BUSY_TIMEOUT_MS = int(os.environ.get("DABIR_BUSY_TIMEOUT_MS") or 10_000)


def sqlite_uri(path: str | os.PathLike, mode: str, immutable: bool = False) -> str:
    """file: URI of `path` for SQLite; every character but '/' (and a Windows drive's ':') quoted.
    immutable: SQLite takes no lock and never looks for a journal; only for a file no one else can
    write (a private copy), since a change made meanwhile would be read half-done."""
    p = Path(path).absolute().as_posix()
    if not p.startswith("/"):
        p = "/" + p                     # C:/x -> /C:/x, as SQLite's URI rules want on Windows
    return f"file:{quote(p, safe='/:')}?mode={mode}" + ("&immutable=1" if immutable else "")


def connect(path: str | os.PathLike, mode: str = "ro", timeout_ms: int = BUSY_TIMEOUT_MS,
            budget=None, immutable: bool = False) -> sqlite3.Connection:
    """A plain sqlite3 connection (autocommit; mode 'ro', 'rw' or 'rwc') with trusted_schema off."""
    conn = sqlite3.connect(sqlite_uri(path, mode, immutable), uri=True, timeout=timeout_ms / 1000,
                           isolation_level=None, check_same_thread=False)
    try:
        conn.execute("PRAGMA trusted_schema=OFF")
        if budget is not None:
            budget.install(conn)
    except BaseException:
        conn.close()
        raise
    return conn


def make_engine(path: Path, read_only: bool = False, budget=None) -> Engine:
    mode = "ro" if read_only else "rw"
    # the URL names the file for SQLAlchemy's choices (a file, so a QueuePool); `creator` opens it
    engine = create_engine(f"sqlite+pysqlite:///{Path(path).name or 'db'}", poolclass=QueuePool,
                           creator=lambda: connect(path, mode, budget=budget))
    engine.dabir_read_only = read_only

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin (the pysqlite recipe).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if not read_only:
            # Rollback journal, not WAL: files live on USB sticks and network shares, where WAL's
            # shared memory does not work and a -wal file can be separated from its database.
            cur.execute("PRAGMA journal_mode=DELETE")
            cur.execute("PRAGMA synchronous=FULL")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        # IMMEDIATE takes the write lock up front, so two writers wait on busy_timeout instead of
        # deadlocking when both try to upgrade a read lock. A read-only engine takes no write lock.
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
