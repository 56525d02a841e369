"""every moment as an integer in a .dabir file, search documents without their meeting, and two
indexes fewer (issue 28: a file at most 2× its export)

- Every DATETIME column (created_at, updated_at, deleted_at, audit_entry.at, sealed_at, signed_at …)
  holds microseconds since 1970 (app/storage/timestamps.py, models.DateTime): 6 bytes in a record where
  schema 10's text took 26. Only a text in exactly schema 10's own form is converted, so a downgrade
  gives back the same characters; another form (SQLite's datetime('now') in a setting row, a file
  edited elsewhere) stays text, which still reads. The declared types stay DATETIME: values change in
  place, no table is rebuilt.
- search_doc loses `meeting`: search derives a hit's meeting from its row (app/services/search.py).
- ix_resolution_party_person_id goes (no query looks responsible parties up by person: the tracker's
  filters go through the resolution, docs/storage-plan.md); ix_resolution_amendment_id keeps only the
  rows an amendment added (every other row's NULL was most of it), which is all its one query asks for.

A 2,000-meeting file goes from 41.89 MB to 36.95 MB (VACUUMed), 1.98× its export.
PostgreSQL keeps its timestamps and its search_doc; it loses the same index.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 22:00:00
"""
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

from app.storage.migrations.declared import declared_columns  # noqa: E402

_TIME_TYPE = "DATETIME"
_PARTY_INDEX = "CREATE INDEX ix_resolution_party_person_id ON resolution_party (person_id)"
_AMENDMENT_INDEX = "CREATE INDEX ix_resolution_amendment_id ON resolution (amendment_id)"
_ADDED_ONLY = " WHERE amendment_id IS NOT NULL"
# schema 10's search_doc, for the way back (its CREATE statement as 0009 wrote it: the schema check
# compares it)
_SEARCH_DOC_10 = "CREATE TABLE search_doc (doc_id INTEGER PRIMARY KEY, ref BLOB NOT NULL, meeting BLOB, body TEXT NOT NULL)"
# a document's meeting from its row: ref = the kind's code (search_keys.KINDS) + the row's packed id
_MEETING_OF = ("CASE substr(d.ref, 1, 1) "
               "WHEN x'00' THEN (SELECT meeting_id FROM resolution WHERE id = substr(d.ref, 2)) "
               "WHEN x'01' THEN (SELECT r.meeting_id FROM follow_up f JOIN resolution r ON r.id = f.resolution_id "
               "WHERE f.id = substr(d.ref, 2)) "
               "WHEN x'02' THEN (SELECT meeting_id FROM agenda_item WHERE id = substr(d.ref, 2)) "
               "WHEN x'03' THEN substr(d.ref, 2) END")


def _convert(conn, convert) -> None:
    conn.connection.driver_connection.create_function("dabir_convert_time", 1, convert, deterministic=True)
    sql = conn.exec_driver_sql
    # changing deleted_at fires the search queue's triggers: keep the queue as it was
    sql("CREATE TEMP TABLE dabir_queued AS SELECT kind, ref_id FROM search_dirty")
    for table, cols in declared_columns(sql, _TIME_TYPE).items():
        # deleted_at apart, and only where set: the triggers then fire for tombstones alone
        sets = ", ".join(f'"{c}" = dabir_convert_time("{c}")' for c in cols if c != "deleted_at")
        if sets:
            sql(f'UPDATE "{table}" SET {sets}')
        if "deleted_at" in cols:
            sql(f'UPDATE "{table}" SET deleted_at = dabir_convert_time(deleted_at) WHERE deleted_at IS NOT NULL')
    sql("DELETE FROM search_dirty")
    sql("INSERT INTO search_dirty (kind, ref_id) SELECT kind, ref_id FROM temp.dabir_queued")
    sql("DROP TABLE temp.dabir_queued")


def upgrade() -> None:
    from alembic import op
    from app.storage.timestamps import stored
    conn = op.get_bind()
    sql = conn.exec_driver_sql
    sql("DROP INDEX ix_resolution_party_person_id")
    if conn.dialect.name != "sqlite":
        return
    sql("DROP INDEX ix_resolution_amendment_id")
    sql(_AMENDMENT_INDEX + _ADDED_ONLY)
    _convert(conn, stored)
    sql("ALTER TABLE search_doc DROP COLUMN meeting")


def downgrade() -> None:
    """Back to schema 10 (a server or file taken back by hand; tests check the way up and back)."""
    from alembic import op
    from app.storage.timestamps import as_text
    conn = op.get_bind()
    sql = conn.exec_driver_sql
    sql(_PARTY_INDEX)
    if conn.dialect.name != "sqlite":
        return
    sql("DROP INDEX ix_resolution_amendment_id")
    sql(_AMENDMENT_INDEX)
    _convert(conn, as_text)
    # search_doc as 0009 made it, the meeting of each document derived again from its row
    sql("DROP INDEX search_doc_ref")
    sql("ALTER TABLE search_doc RENAME TO search_doc_11")
    sql(_SEARCH_DOC_10)
    sql(f"INSERT INTO search_doc (doc_id, ref, meeting, body) SELECT d.doc_id, d.ref, {_MEETING_OF}, d.body "
        "FROM search_doc_11 d ORDER BY d.doc_id")
    sql("DROP TABLE search_doc_11")
    sql("CREATE UNIQUE INDEX search_doc_ref ON search_doc (ref)")
