"""Building and comparing .dabir files for the sharing tests (backup, merge, crash, bad files).
Rows are written through the ORM, so the audit hook stamps them exactly as the services do."""
import datetime as dt
import hashlib
import shutil
import sqlite3
import uuid
from pathlib import Path

from app.storage.database import open_database
from app.storage.models import Committee, FollowUp, Key, Meeting, Resolution
from app.storage.search_keys import unpack_id
from app.services.merge_rows import META, merged_tables


def sha256(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def build(path: Path, committees: int = 2, meetings: int = 3, resolutions: int = 2) -> dict:
    """A small file: committees, numbered meetings, resolutions with a follow-up each. Returns ids."""
    db = open_database(path, create=True)
    ids = {"committee": [], "meeting": [], "resolution": []}
    with db.session() as s:
        for c in range(committees):
            com = Committee(name=f"کمیته {c}", name_key=f"committee {c}")
            s.add(com)
            s.flush()
            ids["committee"].append(com.id)
            for n in range(1, meetings + 1):
                m = Meeting(committee_id=com.id, number=n, title=f"جلسه {n}", date=dt.date(2026, 3, 20 + n))
                s.add(m)
                s.flush()
                ids["meeting"].append(m.id)
                for k in range(1, resolutions + 1):
                    # status is the derived cache: its one follow-up says in_progress
                    r = Resolution(meeting_id=m.id, number=k, text=f"مصوبه {n}-{k}", status="in_progress")
                    s.add(r)
                    s.flush()
                    ids["resolution"].append(r.id)
                    s.add(FollowUp(resolution_id=r.id, date=dt.date(2026, 4, 1), status="in_progress"))
    db.close()
    return ids


def fork(src: Path, dst: Path) -> Path:
    """Another office's copy: the same file, copied by hand, under a new office id."""
    shutil.copyfile(src, dst)
    conn = sqlite3.connect(dst)
    with conn:
        conn.execute("UPDATE setting SET value=? WHERE key='office.id'", (str(uuid.uuid4()),))
    conn.close()
    return dst


def dump(path: Path) -> dict[str, dict[str, tuple]]:
    """Every merged row's data (not its bookkeeping), by table and id: what two agreeing copies share.
    Ids (stored packed, models.Key) read as their text, as the services name them."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = {}
    for table in merged_tables():
        cols = [c.name for c in table.c if c.name not in META]
        ids = [isinstance(table.c[c].type, Key) for c in ["id", *cols]]
        out[table.name] = {r[0]: r[1:] for r in (
            tuple(_id_text(v) if is_id else v for v, is_id in zip(row, ids))
            for row in conn.execute(f"SELECT id, {', '.join(cols)} FROM {table.name}"))}
    conn.close()
    return out


def _id_text(stored):
    """An id column's value: a packed id (models.Key) as its text. Anything else stays apart from every
    packed id (so two files still compare by what they store): a blob no Dabir packs as read, an id
    stored as text (as no Dabir of schema 10 writes it) marked so."""
    if isinstance(stored, str):
        return ("stored as text", stored)
    return _unpacked(stored)


def _unpacked(value):
    """A blob that is a packed id (models.Key) as the id's text; anything else as read."""
    try:
        return unpack_id(value) if isinstance(value, bytes) else value
    except (ValueError, UnicodeDecodeError):
        return value


def integrity(path: Path) -> str:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


def edit(path: Path, fn, actor: str = "tester"):
    """Run fn(session) in one transaction on the file at `path`."""
    db = open_database(path)
    try:
        with db.session(actor=actor) as s:
            return fn(s)
    finally:
        db.close()


def merge(mine: Path, theirs: Path, progress=None):
    from app.services.merge import merge_file
    db = open_database(mine)
    try:
        return merge_file(db, theirs, progress=progress)
    finally:
        db.close()


def conflicts_of(path: Path, include_resolved: bool = False):
    from app.services.conflicts import list_conflicts
    return edit(path, lambda s: list_conflicts(s, include_resolved))


def read_sql(path: Path, sql: str, params=()) -> list[tuple]:
    """Rows read with plain sqlite3 (read-only), the ids in them (blobs: models.Key) as text; ids in
    `params` go in as the file stores them (pack_id)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [tuple(_unpacked(v) for v in row) for row in conn.execute(sql, params).fetchall()]
    finally:
        conn.close()


def run_sql(path: Path, *statements) -> None:
    """Edit the file with plain sqlite3, as a hostile office would: (sql, params) pairs in one transaction."""
    conn = sqlite3.connect(path)
    with conn:
        for sql, params in statements:
            conn.execute(sql, params)
    conn.close()
