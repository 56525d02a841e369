"""Keeping the full-text index in step with the rows it indexes.

SQL triggers (migration 0002_search) queue the key of every inserted, edited, tombstoned or deleted
row in `search_dirty`, whichever connection wrote it. `refresh` drains that queue: it drops the
queued rows' old documents and indexes the search key of those that are still alive (their parents
too: a follow-up of a tombstoned resolution or meeting is not found). A session hook runs it before
every commit, so each unit of work leaves the index right; the search service runs it too, which
catches writers that bypass the ORM.
"""
from sqlalchemy import Connection, event, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from app.domain.search_text import search_key

from .stats import maybe_analyze

# kind -> the live rows among the queued ones: (id, meeting id, indexed text columns...).
_LIVE = {
    "resolution": "SELECT r.id, r.meeting_id, r.text FROM resolution r "
                  "JOIN meeting m ON m.id = r.meeting_id "
                  "WHERE r.deleted_at IS NULL AND m.deleted_at IS NULL AND r.id IN ({queued})",
    "follow_up": "SELECT f.id, r.meeting_id, f.note FROM follow_up f "
                 "JOIN resolution r ON r.id = f.resolution_id JOIN meeting m ON m.id = r.meeting_id "
                 "WHERE f.deleted_at IS NULL AND r.deleted_at IS NULL AND m.deleted_at IS NULL "
                 "AND f.id IN ({queued})",
    "agenda": "SELECT a.id, a.meeting_id, a.title, a.presenter, a.notes FROM agenda_item a "
              "JOIN meeting m ON m.id = a.meeting_id "
              "WHERE a.deleted_at IS NULL AND m.deleted_at IS NULL AND a.id IN ({queued})",
    "meeting": "SELECT id, id, title, summary, location FROM meeting "
               "WHERE deleted_at IS NULL AND id IN ({queued})",
    "committee": "SELECT id, NULL, name, description FROM committee "
                 "WHERE deleted_at IS NULL AND id IN ({queued})",
    "person": "SELECT id, NULL, full_name, post FROM person WHERE deleted_at IS NULL AND id IN ({queued})",
}
# kind -> its table
TABLES = {"resolution": "resolution", "follow_up": "follow_up", "agenda": "agenda_item",
          "meeting": "meeting", "committee": "committee", "person": "person"}

_BATCH = 2000
_INSERT_DOC = text("INSERT INTO search_doc (kind, ref_id, meeting_id, body) VALUES (:kind, :ref_id, :meeting_id, :body)")


def pending(conn: Connection) -> bool:
    return conn.exec_driver_sql("SELECT 1 FROM search_dirty LIMIT 1").first() is not None


def refresh(conn: Connection) -> int:
    """Bring the index up to date with the queued changes, in the caller's transaction.
    Returns how many documents were (re)indexed."""
    if not pending(conn):
        return 0
    sql = conn.exec_driver_sql
    fts = conn.dialect.name == "sqlite"     # on PostgreSQL, pg_trgm indexes search_doc.body itself
    # Old documents of every queued row go first; an external-content FTS5 table must be told the
    # old text to remove its entries, and search_doc still holds it.
    if fts:
        sql("INSERT INTO search_fts (search_fts, rowid, body) SELECT 'delete', d.doc_id, d.body "
            "FROM search_doc d JOIN search_dirty q ON q.kind = d.kind AND q.ref_id = d.ref_id")
    if not fts and sql("SELECT to_regprocedure('dabir_acl.drop_queued_docs()') IS NOT NULL").scalar():
        # a server with Dabir's access rules: offices may not delete documents themselves
        # (app/storage/server_acl.py), only those of rows queued as changed, through this function
        sql("SELECT dabir_acl.drop_queued_docs()")
    else:
        sql("DELETE FROM search_doc WHERE (kind, ref_id) IN (SELECT kind, ref_id FROM search_dirty)")
    count = 0
    for kind, select in _LIVE.items():
        queued = f"SELECT ref_id FROM search_dirty WHERE kind = '{kind}'"
        result = sql(select.format(queued=queued))
        while rows := result.fetchmany(_BATCH):
            docs = []
            for ref_id, meeting_id, *texts in rows:
                # text only: a blob or number in a text column (a file edited elsewhere) is not indexed
                body = search_key(" ".join(t for t in texts if t and isinstance(t, str)))
                if body:
                    docs.append((kind, ref_id, meeting_id, body))
            if docs:
                conn.execute(_INSERT_DOC, [dict(zip(("kind", "ref_id", "meeting_id", "body"), d)) for d in docs])
                count += len(docs)
    if fts:
        sql("INSERT INTO search_fts (rowid, body) SELECT d.doc_id, d.body FROM search_doc d "
            "JOIN search_dirty q ON q.kind = d.kind AND q.ref_id = d.ref_id")
    sql("DELETE FROM search_dirty")
    return count


def rebuild(conn: Connection) -> int:
    """Index every row again (after a change of the search key's rules)."""
    for kind, table in TABLES.items():
        if conn.dialect.name == "sqlite":
            conn.exec_driver_sql(f"INSERT OR IGNORE INTO search_dirty (kind, ref_id) "
                                 f"SELECT '{kind}', id FROM {table}")
        else:
            conn.exec_driver_sql(f"INSERT INTO search_dirty (kind, ref_id) SELECT '{kind}', id "
                                 f"FROM {table} ON CONFLICT DO NOTHING")
    return refresh(conn)


def _read_only(conn: Connection) -> bool:
    return getattr(conn.engine, "dabir_read_only", False)


def refresh_if_writable(conn: Connection) -> int:
    """refresh, unless the file is open read-only (then search sees the index as last written), or
    the database has no index at all (a session on some other SQLite file)."""
    if _read_only(conn):
        return 0
    try:
        return refresh(conn)
    except OperationalError as e:
        if "no such table: search_dirty" in str(e):
            return 0
        raise


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # Pending objects are flushed after this hook; flush now so their triggers have queued them.
    session.flush()
    conn = session.connection()
    maybe_analyze(conn, refresh_if_writable(conn))
