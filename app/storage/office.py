"""This office's identity: the `setting` row keyed OFFICE_ID_KEY, a random id written once when a file
or a central database gets its schema; merges and seals name the office by it. Kept apart so that
database.py (files) and server.py (PostgreSQL) both import it and neither imports the other's
module for it (issue 27)."""
import uuid

from sqlalchemy import Connection, bindparam, text

from .models import Key

OFFICE_ID_KEY = "office.id"


def seed_office_id(conn: Connection, now_sql: str) -> None:
    """Give a database just created its office id. `now_sql` is the dialect's SQL for the current
    time (timestamps.NOW_SQL in a file, PostgreSQL's now()): this runs under the migration's own
    connection, before the ORM (and its timestamp defaults) is in use."""
    conn.execute(text("INSERT INTO setting (id, key, value, created_at, updated_at, row_version)"
                      f" VALUES (:id, :key, :value, {now_sql}, {now_sql}, 1)").bindparams(
                     bindparam("id", type_=Key)),   # the row's id packed in a file; the office id stays text
                 {"id": str(uuid.uuid4()), "key": OFFICE_ID_KEY, "value": str(uuid.uuid4())})
