"""search index and the tracker's indexes

The full-text index (search_fts, FTS5 trigram over search_doc.body, the search key of
app/domain/search_text.py) is fed by app/storage/search_index.py. These triggers only put the key of a
changed row in the queue search_dirty; they are plain SQL, so a write through any connection (a merge
through the sqlite3 module, the sqlite3 shell) is queued too, and no connection needs a Python
function registered. The queue is drained in Python at every commit and before every search.

Revision ID: 0002_search
Revises: 0001
"""
from alembic import op

revision = '0002_search'
down_revision = '0001'
branch_labels = None
depends_on = None

# kind -> (table, the columns whose text is indexed)
SOURCES = {
    "resolution": ("resolution", "text"),
    "follow_up": ("follow_up", "note"),
    "agenda": ("agenda_item", "title, presenter, notes"),
    "meeting": ("meeting", "title, summary, location"),
    "committee": ("committee", "name, description"),
    "person": ("person", "full_name, post"),
}

# Children whose visibility follows their parent's tombstone: (parent table, SQL selecting the
# (kind, id) of the children of NEW.id).
CASCADES = {
    "meeting": ("SELECT 'resolution', id FROM resolution WHERE meeting_id = NEW.id "
                "UNION ALL SELECT 'agenda', id FROM agenda_item WHERE meeting_id = NEW.id "
                "UNION ALL SELECT 'follow_up', f.id FROM follow_up f JOIN resolution r "
                "ON r.id = f.resolution_id WHERE r.meeting_id = NEW.id"),
    "resolution": "SELECT 'follow_up', id FROM follow_up WHERE resolution_id = NEW.id",
}

# The tracker's filters, checked with EXPLAIN QUERY PLAN on a `dabir demo --scale 10000` file
# (docs/PERFORMANCE.md). Given statistics (app/storage/stats.py) the planner walks meetings in date
# order and picks each one's resolutions of a status from the first index, instead of sorting every
# open resolution. name -> (table, columns, WHERE of a partial index)
INDEXES = {
    "ix_resolution_meeting_status": ("resolution", "meeting_id, status", "deleted_at IS NULL"),
    "ix_resolution_deadline": ("resolution", "deadline", None),
    "ix_meeting_committee_date": ("meeting", "committee_id, date, number", None),
    "ix_meeting_status_date": ("meeting", "status, date", None),
}


def upgrade() -> None:
    op.execute("CREATE TABLE search_dirty (kind TEXT NOT NULL, ref_id TEXT NOT NULL, "
               "PRIMARY KEY (kind, ref_id)) WITHOUT ROWID")
    op.execute("CREATE TABLE search_doc (doc_id INTEGER PRIMARY KEY, kind TEXT NOT NULL, "
               "ref_id TEXT NOT NULL, meeting_id TEXT, body TEXT NOT NULL, UNIQUE (kind, ref_id))")
    op.execute("CREATE VIRTUAL TABLE search_fts USING fts5(body, content='search_doc', "
               "content_rowid='doc_id', tokenize='trigram')")
    for kind, (table, columns) in SOURCES.items():
        queue = f"INSERT OR IGNORE INTO search_dirty (kind, ref_id) VALUES ('{kind}', {{row}}.id);"
        op.execute(f"CREATE TRIGGER search_q_{table}_ins AFTER INSERT ON {table} "
                   f"BEGIN {queue.format(row='NEW')} END")
        op.execute(f"CREATE TRIGGER search_q_{table}_upd AFTER UPDATE OF {columns}, deleted_at, id "
                   f"ON {table} BEGIN {queue.format(row='OLD')} {queue.format(row='NEW')} END")
        op.execute(f"CREATE TRIGGER search_q_{table}_del AFTER DELETE ON {table} "
                   f"BEGIN {queue.format(row='OLD')} END")
        op.execute(f"INSERT INTO search_dirty (kind, ref_id) SELECT '{kind}', id FROM {table}")
    for table, children in CASCADES.items():
        op.execute(f"CREATE TRIGGER search_q_{table}_tree AFTER UPDATE OF deleted_at ON {table} "
                   f"WHEN OLD.deleted_at IS NOT NEW.deleted_at "
                   f"BEGIN INSERT OR IGNORE INTO search_dirty (kind, ref_id) {children}; END")
    for name, (table, columns, where) in INDEXES.items():
        op.execute(f"CREATE INDEX {name} ON {table} ({columns})" + (f" WHERE {where}" if where else ""))


def downgrade() -> None:
    for name in INDEXES:
        op.execute(f"DROP INDEX {name}")
    for table in CASCADES:
        op.execute(f"DROP TRIGGER search_q_{table}_tree")
    for table, _ in SOURCES.values():
        for suffix in ("ins", "upd", "del"):
            op.execute(f"DROP TRIGGER search_q_{table}_{suffix}")
    op.execute("DROP TABLE search_fts")
    op.execute("DROP TABLE search_doc")
    op.execute("DROP TABLE search_dirty")
