"""every UUID key as its 16 bytes in a .dabir file (issue 28: a file at most 2× its export)

Schema 9 stored each id, foreign key, office id and polymorphic reference as 36 characters, in the row
and again in every index over it. Schema 10 stores `search_keys.pack_id(value)`: the UUID's 16 bytes,
or, for an id that is not a canonical UUID (a file edited elsewhere), the value after a marker byte.
`models.Key` packs and unpacks on the way in and out, so Python, the DTOs and the exports still see
text. The declared types stay VARCHAR(36) (SQLite keeps a blob as it is whatever the column's
affinity), so the values are converted in place: no table is rebuilt and every index, constraint and
trigger stays. search_doc already names its rows by the same packed ids (0009), so the search index
and its results are untouched; the rows queued for indexing are packed like the rest.

PostgreSQL keeps its text columns: its access rules and row policies name the ids as text.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 19:00:00
"""
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

from app.storage.migrations.declared import declared_columns  # noqa: E402

# what schema 9 declares VARCHAR(36) holds an id and nothing else (models.py, merge_models.py,
# signed_models.py of schema 9: every `String(36)` column and every foreign key to one)
_ID_TYPE = "VARCHAR(36)"


def _convert(pack) -> None:
    from alembic import op
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    conn.connection.driver_connection.create_function("dabir_convert_key", 1, pack, deterministic=True)
    sql = conn.exec_driver_sql
    # the keys change together; foreign keys are checked once, at commit, when they agree again
    sql("PRAGMA defer_foreign_keys = ON")
    # changing an id fires the search queue's triggers: keep the queue as it was, converted
    sql("CREATE TEMP TABLE dabir_queued AS SELECT kind, ref_id FROM search_dirty")
    for table, cols in declared_columns(sql, _ID_TYPE).items():
        sets = ", ".join(f'"{c}" = dabir_convert_key("{c}")' for c in cols)
        sql(f'UPDATE "{table}" SET {sets}')
    sql("DELETE FROM search_dirty")
    sql("INSERT OR IGNORE INTO search_dirty (kind, ref_id) "
        "SELECT kind, dabir_convert_key(ref_id) FROM temp.dabir_queued")
    sql("DROP TABLE temp.dabir_queued")


def _pack(value):
    """Text (every id schema 9 writes) to its packed bytes. A blob (a file edited elsewhere) is packed as
    schema 9's search documents already named it, behind a marker, so it can never pass for a UUID's 16
    bytes and the row checks report it; NULL and numbers stay as they are (the row checks report those
    too)."""
    from app.storage.search_keys import pack_id
    return pack_id(value) if isinstance(value, (str, bytes)) else value


def _unpack(value):
    from app.storage.search_keys import unpack_id
    return unpack_id(value) if isinstance(value, bytes) else value   # a blob id comes back a blob


def upgrade() -> None:
    _convert(_pack)


def downgrade() -> None:
    """Back to schema 9's text (a server or file taken back by hand; tests check the way up)."""
    _convert(_unpack)
