"""The SQLAlchemy engine for one .dabir file, with the PRAGMAs every connection needs."""
import os
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

# How long a writer waits for another to finish; DABIR_BUSY_TIMEOUT_MS shortens it in tests.
BUSY_TIMEOUT_MS = int(os.environ.get("DABIR_BUSY_TIMEOUT_MS") or 10_000)


def make_engine(path: Path, read_only: bool = False) -> Engine:
    mode = "ro" if read_only else "rw"
    url = f"sqlite+pysqlite:///file:{path}?mode={mode}&uri=true"
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})

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
        # deadlocking when both try to upgrade a read lock.
        conn.exec_driver_sql("BEGIN" if read_only else "BEGIN IMMEDIATE")

    return engine
