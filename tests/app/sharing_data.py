"""Building and comparing .dabir files for the sharing tests (backup, merge, crash, bad files).
Rows are written through the ORM, so the audit hook stamps them exactly as the services do."""
import datetime as dt
import hashlib
import shutil
import sqlite3
import uuid
from pathlib import Path

from app.storage.database import open_database
from app.storage.models import Committee, FollowUp, Meeting, Resolution
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
    """Every merged row's data (not its bookkeeping), by table and id: what two agreeing copies share."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    out = {}
    for table in merged_tables():
        cols = [c.name for c in table.c if c.name not in META]
        out[table.name] = {r[0]: r[1:] for r in conn.execute(f"SELECT id, {', '.join(cols)} FROM {table.name}")}
    conn.close()
    return out


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


def run_sql(path: Path, *statements) -> None:
    """Edit the file with plain sqlite3, as a hostile office would: (sql, params) pairs in one transaction."""
    conn = sqlite3.connect(path)
    with conn:
        for sql, params in statements:
            conn.execute(sql, params)
    conn.close()
