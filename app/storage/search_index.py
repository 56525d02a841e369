"""Keeping the full-text index in step with the rows it indexes.

SQL triggers (migration 0002_search) queue the key of every inserted, edited, tombstoned or deleted
row in `search_dirty`, whichever connection wrote it. `refresh` drains that queue: it drops the
queued rows' old documents and indexes the search key of those that are still alive (their parents
too: a follow-up of a tombstoned resolution or meeting is not found). A session hook runs it before
every commit, so each unit of work leaves the index right; the search service runs it too, which
catches writers that bypass the ORM.
"""
from sqlalchemy import Connection, bindparam, event, text
from sqlalchemy.exc import DBAPIError, IntegrityError

from app.domain.errors import SearchIndexDamaged
from sqlalchemy.orm import Session

from app.domain.search_text import search_key

from .search_keys import stored_ref
from .stats import maybe_analyze

# kind -> the live rows among the queued ones: (id, meeting id, indexed text columns...). The meeting id
# is stored on PostgreSQL only (search_doc.meeting_id; the server's schema is left as it is): search
# reads a .dabir file's from the rows, so schema 11 could drop search_doc.meeting (2% of the file).
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
# a .dabir file names a document's row in 17 bytes (search_keys.py), and no meeting: schema 10's
# search_doc.meeting, where it still exists, is nullable
_INSERT_PACKED = text("INSERT INTO search_doc (ref, body) VALUES (:ref, :body)")
_OLD_DOCS = text("SELECT doc_id, body FROM search_doc WHERE ref IN :refs").bindparams(
    bindparam("refs", expanding=True))


def pending(conn: Connection) -> bool:
    return conn.exec_driver_sql("SELECT 1 FROM search_dirty LIMIT 1").first() is not None


def refresh(conn: Connection) -> int:
    """Bring the index up to date with the queued changes, in the caller's transaction.
    Returns how many documents were (re)indexed."""
    if not pending(conn):
        return 0
    sql = conn.exec_driver_sql
    fts = conn.dialect.name == "sqlite"     # on PostgreSQL, pg_trgm indexes search_doc.body itself
    if fts:
        # Old documents of every queued row go first; an external-content FTS5 table must be told the
        # old text to remove its entries, and search_doc still holds it.
        queued = [stored_ref(kind, ref_id) for kind, ref_id in sql("SELECT kind, ref_id FROM search_dirty")
                  if kind in TABLES]
        for i in range(0, len(queued), _BATCH):
            old = conn.execute(_OLD_DOCS, {"refs": queued[i:i + _BATCH]}).all()
            if old:
                conn.execute(text("INSERT INTO search_fts (search_fts, rowid, body) VALUES ('delete', :d, :b)"),
                             [{"d": d, "b": b} for d, b in old])
                conn.execute(text("DELETE FROM search_doc WHERE doc_id = :d"), [{"d": d} for d, _ in old])
        first = sql("SELECT coalesce(max(doc_id), 0) + 1 FROM search_doc").scalar()
    elif sql("SELECT to_regprocedure('dabir_acl.drop_queued_docs()') IS NOT NULL").scalar():
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
            if docs and fts:
                conn.execute(_INSERT_PACKED, [{"ref": stored_ref(k, r), "body": b} for k, r, _, b in docs])
            elif docs:
                conn.execute(_INSERT_DOC, [dict(zip(("kind", "ref_id", "meeting_id", "body"), d)) for d in docs])
            count += len(docs)
    if fts:
        # the new documents are those past the old largest id (a new one is always past every other)
        conn.execute(text("INSERT INTO search_fts (rowid, body) SELECT doc_id, body FROM search_doc "
                          "WHERE doc_id >= :first"), {"first": first})
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


def is_read_only(conn: Connection) -> bool:
    return getattr(conn.engine, "dabir_read_only", False)


def damaged(e: DBAPIError) -> bool:
    """Is this error FTS5 finding its index damaged? ('fts5: corruption found ...', 'database disk
    image is malformed' from a bad segment, 'vtable constructor failed' from a bad structure record
    or config row)"""
    msg = str(getattr(e, "orig", e))
    return any(m in msg for m in ("fts5", "malformed", "corrupt", "vtable constructor failed: search_fts"))


def unusable(engine) -> bool:
    """Would the index fail a search or the next write? One MATCH and one insert, in a transaction
    that is rolled back (the file is not changed): milliseconds, where FTS5's full integrity-check
    (filecheck.search_index_problems, run by `dabir check`) takes a second per 3,000 meetings. Some
    crafted structure records pass that check and still fail the insert."""
    with engine.connect() as c:
        tx = c.begin()
        try:
            c.exec_driver_sql("SELECT count(*) FROM search_fts WHERE search_fts MATCH 'dabir'").scalar()
            c.exec_driver_sql("INSERT INTO search_fts (rowid, body) SELECT coalesce(max(doc_id), 0) + 1, 'dabir' "
                              "FROM search_doc")
            return False
        except DBAPIError as e:
            if "no such table" in str(e):
                return False                     # not a file with an index
            return True
        finally:
            try:
                tx.rollback()
            except DBAPIError:
                pass                             # SQLite rolled it back itself ("constraint failed")


SHADOWS = ("search_fts_data", "search_fts_idx", "search_fts_docsize", "search_fts_config")


def rebuild_index(conn: Connection) -> None:
    """Throw the FTS5 index away and build it again from search_doc (its external content), in the
    caller's transaction. With a bad structure record FTS5 cannot even open the table, so its own
    'rebuild' fails too: the shadow tables first get the records of a new, empty index (made in
    memory by the file's own CREATE statement, which the schema check has found to be Dabir's)."""
    import sqlite3
    create = conn.exec_driver_sql("SELECT sql FROM sqlite_master WHERE name = 'search_fts'").scalar_one()
    fresh = sqlite3.connect(":memory:")
    try:
        fresh.execute(create)
        empty = {t: fresh.execute(f"SELECT * FROM {t}").fetchall() for t in SHADOWS}
    finally:
        fresh.close()
    for table, rows in empty.items():
        conn.exec_driver_sql(f"DELETE FROM {table}")
        for row in rows:
            names = [f"v{i}" for i in range(len(row))]
            conn.execute(text(f"INSERT INTO {table} VALUES ({', '.join(':' + n for n in names)})"),
                         dict(zip(names, row)))
    conn.exec_driver_sql("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")


def refresh_if_writable(conn: Connection) -> int:
    """refresh, unless the file is open read-only (then search sees the index as last written), or
    the database has no index at all (a session on some other SQLite file). A damaged index is
    rebuilt, so that a broken or crafted index never stops a write."""
    if is_read_only(conn):
        return 0
    try:
        with conn.begin_nested():
            return refresh(conn)
    except DBAPIError as e:
        if "no such table: search_dirty" in str(e):
            return 0
        if "no such savepoint" in str(e):
            # FTS5 failed so badly that SQLite rolled the whole transaction back (a crafted structure
            # record: "constraint failed"): the user's change is gone with it; say so, in one line
            raise SearchIndexDamaged(writing=True) from None
        if not (damaged(e) or isinstance(e, IntegrityError)):   # refresh touches the index alone
            raise
    rebuild_index(conn)
    return refresh(conn)


@event.listens_for(Session, "before_commit")
def _before_commit(session: Session) -> None:
    # Pending objects are flushed after this hook; flush now so their triggers have queued them.
    session.flush()
    conn = session.connection()
    maybe_analyze(conn, refresh_if_writable(conn))
