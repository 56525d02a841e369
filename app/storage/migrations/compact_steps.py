"""Issue 28's part of migration 0009: the file stores the same things in fewer bytes.

- search_doc names its row by a 17-byte key (kind + UUID bytes) and its meeting by 16 bytes
  (app/storage/search_keys.py), where schema 8 kept `kind`, `ref_id` and `meeting_id` as text in every
  document and `kind, ref_id` again in a unique index. Documents keep their ids and folded text, so
  the FTS5 index over them (external content, rowid = doc_id) stays valid as it is: search finds and
  orders exactly what it did.
- the index ix_resolution_status_deadline goes, on both backends: no query of Dabir's used it
  (EXPLAIN QUERY PLAN of every statement of the lists, tracker filters, search, export, reports and
  merge on a 2,000-meeting file; docs/storage.md).
PostgreSQL keeps its search_doc text columns: its pg_trgm index, access rules and row policies name them."""
from app.storage.search_keys import KINDS, pack_id, pack_ref, unpack_id, unpack_ref

_BATCH = 5000


def compact_upgrade(op) -> None:
    conn = op.get_bind()
    op.drop_index("ix_resolution_status_deadline", table_name="resolution")
    if conn.dialect.name != "sqlite":
        return
    sql = conn.exec_driver_sql
    sql("ALTER TABLE search_doc RENAME TO search_doc_8")
    sql("CREATE TABLE search_doc (doc_id INTEGER PRIMARY KEY, ref BLOB NOT NULL, meeting BLOB, "
        "body TEXT NOT NULL)")
    rows = sql("SELECT doc_id, kind, ref_id, meeting_id, body FROM search_doc_8 ORDER BY doc_id")
    unknown = 0
    while batch := rows.fetchmany(_BATCH):
        packed = [(d, pack_ref(k, r), pack_id(m), b) for d, k, r, m, b in batch if k in KINDS]
        unknown += len(batch) - len(packed)
        # the raw DBAPI cursor: the rows are already read, and executemany of a batch is the fast path
        conn.connection.driver_connection.executemany(
            "INSERT INTO search_doc (doc_id, ref, meeting, body) VALUES (?, ?, ?, ?)", packed)
    sql("DROP TABLE search_doc_8")
    sql("CREATE UNIQUE INDEX search_doc_ref ON search_doc (ref)")
    if unknown:
        # a document of a kind no Dabir indexes (a file edited elsewhere) is gone from the content:
        # the index is built again over what is left
        sql("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")


def compact_downgrade(op) -> None:
    """Back to schema 8 (a server taken back by hand; tests check the upgrade path from there)."""
    conn = op.get_bind()
    op.create_index("ix_resolution_status_deadline", "resolution", ["status", "deadline"], unique=False)
    if conn.dialect.name != "sqlite":
        return
    sql = conn.exec_driver_sql
    sql("DROP INDEX search_doc_ref")
    sql("ALTER TABLE search_doc RENAME TO search_doc_9")
    # the definition of 0002_search, so the file's schema is schema 8's again
    sql("CREATE TABLE search_doc (doc_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
        "ref_id TEXT NOT NULL, meeting_id TEXT, body TEXT NOT NULL, UNIQUE (kind, ref_id))")
    rows = sql("SELECT doc_id, ref, meeting, body FROM search_doc_9 ORDER BY doc_id")
    while batch := rows.fetchmany(_BATCH):
        conn.connection.driver_connection.executemany(
            "INSERT INTO search_doc (doc_id, kind, ref_id, meeting_id, body) VALUES (?, ?, ?, ?, ?)",
            [(d, *unpack_ref(r), unpack_id(m), b) for d, r, m, b in batch])
    sql("DROP TABLE search_doc_9")
