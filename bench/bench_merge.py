"""Merging two 5,000-meeting files that diverged by 10%: 500 meetings edited in each office (50 of
them the same field, so 50 conflicts), 500 follow-ups added in each, 50 new meetings in each."""
import datetime as dt
import os
import shutil
import sqlite3
import tempfile
import time
import uuid
from pathlib import Path

from app.storage.database import open_database
from bench.common import Row
from app.storage.models import AgendaItem, Committee, FollowUp, Meeting, Resolution

MEETINGS = 5000


def _build(path: Path, meetings: int) -> list[tuple[str, str]]:
    db = open_database(path, create=True)
    ids = []
    with db.session(actor="bench") as s:
        committees = [Committee(name=f"کمیته {i}", name_key=f"committee {i}") for i in range(10)]
        s.add_all(committees)
        s.flush()
        for n in range(meetings):
            m = Meeting(committee_id=committees[n % 10].id, number=n // 10 + 1, title=f"جلسه {n}",
                        date=dt.date(2025, 1, 1) + dt.timedelta(days=n % 700), summary="خلاصه " * 30)
            s.add(m)
            s.flush()
            s.add_all([AgendaItem(meeting_id=m.id, position=k, title=f"دستور {k}") for k in (1, 2)])
            rs = [Resolution(meeting_id=m.id, number=k, text=f"مصوبه {n}-{k}", status="in_progress") for k in (1, 2, 3)]
            s.add_all(rs)
            s.flush()
            s.add(FollowUp(resolution_id=rs[0].id, date=dt.date(2025, 6, 1), status="in_progress"))
            ids.append((m.id, rs[1].id))
            if n % 500 == 499:
                s.flush()
                s.expunge_all()
    db.close()
    return ids


def _diverge(path: Path, ids, office: str, field: str) -> None:
    db = open_database(path)
    with db.session(actor=office) as s:
        edited = ids[:450] if office == "A" else ids[450:900]  # disjoint...
        edited = edited + ids[900:950]                         # ...plus 50 edited on both sides
        for m_id, r_id in edited:
            setattr(s.get(Meeting, m_id), field, f"{office}: {field}")
        for m_id, r_id in ids[1000:1500]:
            s.add(FollowUp(resolution_id=r_id, date=dt.date(2025, 9, 1), status="done", note=office))
        committee = s.get(Meeting, ids[0][0]).committee_id
        for k in range(50):
            s.add(Meeting(committee_id=committee, number=10_000 + k + (100 if office == "B" else 0),
                          title=f"{office} new {k}"))
    db.close()


def run(meetings: int = MEETINGS) -> list:
    from app.services.merge import merge_file
    folder = Path(tempfile.mkdtemp(prefix="dabir-bench-"))
    os.environ.setdefault("DABIR_BACKUP_DIR", str(folder / "backups"))
    try:
        t0 = time.perf_counter()
        a = folder / "a.dabir"
        ids = _build(a, meetings)
        b = folder / "b.dabir"
        shutil.copyfile(a, b)
        with sqlite3.connect(b) as conn:
            conn.execute("UPDATE setting SET value=? WHERE key='office.id'", (str(uuid.uuid4()),))
        _diverge(a, ids, "A", "title")
        _diverge(b, ids, "B", "title")
        build_s = time.perf_counter() - t0
        size_mb = a.stat().st_size / 1e6
        results = {}
        for name, mine, theirs in (("A<-B", a, b), ("B<-A", b, a), ("A<-B again", a, b)):
            db = open_database(mine)
            t = time.perf_counter()
            summary = merge_file(db, theirs)
            results[name] = (time.perf_counter() - t, summary)
            db.close()
        rows = [Row("files: meetings each", meetings, ""), Row("file size", round(size_mb, 1), "MB"),
                Row("build both files", round(build_s, 1), "s")]
        for name, (secs, s) in results.items():
            rows.append(Row(f"merge {name}", round(secs, 2), "s", "< 10", secs < 10))
            rows.append(Row(f"merge {name}: added/updated/conflicting/unchanged",
                            f"{s.added}/{s.updated}/{s.conflicting}/{s.unchanged}"))
        return rows
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    for row in run():
        print(row.metric, row.value, row.unit)
