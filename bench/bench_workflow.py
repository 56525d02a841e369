"""Issue 14's workflow on a large file: an undo of a delete and the recycle bin's list on the
10,000-resolution demo (scale 1,000), against the delete itself; the tracker's page and a meeting's
minutes data once every resolution has five named votes, against the same without them; a merge that
carries a 10 MB attachment against the same merge without it."""
import hashlib
import os
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from bench.common import Row


def _timed(fn):
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def run(scale: int = 1000) -> list:
    from app.services import attachments, demo, meetings, resolutions, undo
    from app.storage.database import open_database
    folder = Path(tempfile.mkdtemp(prefix="dabir-bench-workflow-"))
    os.environ.setdefault("DABIR_BACKUP_DIR", str(folder / "backups"))
    rows = []
    try:
        path = folder / "big.dabir"
        db = open_database(path, create=True)
        with db.session() as s:
            demo.build_demo(s, scale=scale)
        with db.session() as s:           # the generated meetings are approved (locked): a new draft's
            draft = meetings.duplicate_meeting(s, meetings.list_meetings(s, limit=1)[0].id).id
            rid = resolutions.add_resolution(s, draft, "مصوبه آزمون").id
        _, delete = _timed(lambda: _in(db, lambda s: resolutions.delete_resolution(s, rid)))
        _, undone = _timed(lambda: _in(db, lambda s: undo.undo_last(s)))
        _, listed = _timed(lambda: _in(db, lambda s: undo.list_deleted(s)))
        rows += [Row("delete a resolution (10,000 in the file)", round(delete * 1000, 1), "ms"),
                 Row("undo that delete", round(undone * 1000, 1), "ms"),
                 Row("undo / delete", round(undone / delete, 2), "×", "≤ 5", undone / delete <= 5),
                 Row("recycle bin list", round(listed * 1000, 1), "ms", "< 1000", listed < 1.0)]
        rows += _named_votes(db)
        db.close()

        a = folder / "a.dabir"
        db = open_database(a, create=True)
        with db.session() as s:
            demo.build_demo(s)
            mid = meetings.duplicate_meeting(s, meetings.list_meetings(s)[0].id).id   # a draft
        db.close()

        def fork(name):
            dst = folder / name
            shutil.copyfile(a, dst)
            import sqlite3
            conn = sqlite3.connect(dst)
            with conn:
                conn.execute("UPDATE setting SET value=? WHERE key='office.id'", (str(uuid.uuid4()),))
            conn.close()
            return dst
        plain, carried = fork("plain.dabir"), fork("carried.dabir")
        data = os.urandom(10 * 2 ** 20)
        db = open_database(a)
        with db.session() as s:
            meetings.update_meeting(s, mid, location="تالار دوم")
        db.close()
        _, without = _timed(lambda: _merge(plain, a))
        db = open_database(a)
        with db.session() as s:
            attachments.add_attachment(s, "meeting", mid, "ارائه.pdf", data)
        db.close()
        _, with_file = _timed(lambda: _merge(carried, a))
        db = open_database(carried)
        with db.session() as s:
            [att] = attachments.list_attachments(s, "meeting", mid)
        db.close()
        same = att.sha256 == hashlib.sha256(data).hexdigest()
        rows += [Row("merge, an edit", round(without, 2), "s"),
                 Row("merge, an edit and a 10 MB attachment", round(with_file, 2), "s"),
                 Row("10 MB attachment's sha256 after the merge", "same" if same else "DIFFERENT", "", "same", same)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


def _named_votes(db) -> list:
    """The tracker's first page (200 resolutions) and the largest meeting's resolutions (what its minutes
    print), before and after five named votes on every resolution of the file (50,000 rows; written
    directly, as the generated meetings are approved and lock the services)."""
    from app.services import resolutions
    from app.storage.models import new_id
    from app.storage.search_keys import pack_id, unpack_id    # ids read and written raw are packed (models.Key)

    def timings():
        page = min(_timed(lambda: _in(db, lambda s: resolutions.list_resolutions(s, limit=200)))[1] for _ in range(3))
        one = min(_timed(lambda: _in(db, lambda s: resolutions.list_resolutions(s, meeting_id=meeting)))[1]
                  for _ in range(3))
        return page, one
    with db.engine.begin() as conn:
        meeting = unpack_id(conn.exec_driver_sql("SELECT meeting_id FROM resolution GROUP BY meeting_id "
                                                 "ORDER BY count(*) DESC LIMIT 1").scalar())
        people = [r[0] for r in conn.exec_driver_sql("SELECT id FROM person LIMIT 5")]
        res_ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM resolution")]
    before = timings()
    choices = ("for", "for", "against", "abstain", "for")
    with db.engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO resolution_vote (id, resolution_id, person_id, choice, created_at, updated_at, row_version) "
            "VALUES (?, ?, ?, ?, '2026-12-01 12:00:00', '2026-12-01 12:00:00', 1)",
            [(pack_id(new_id()), rid, pid, c) for rid in res_ids for pid, c in zip(people, choices)])
    after = timings()
    return [Row("tracker page (200), no named votes", round(before[0] * 1000, 1), "ms"),
            Row("tracker page (200), 5 named votes each", round(after[0] * 1000, 1), "ms"),
            Row("tracker page: named votes / none", round(after[0] / before[0], 2), "×", "≤ 1.5",
                after[0] / before[0] <= 1.5),
            Row("a meeting's resolutions (minutes), named votes / none", round(after[1] / before[1], 2), "×",
                "≤ 1.5", after[1] / before[1] <= 1.5)]


def _merge(mine, theirs):
    from app.services import merge
    from app.storage.database import open_database
    db = open_database(mine)
    try:
        return merge.merge_file(db, theirs)
    finally:
        db.close()


def _in(db, fn):
    with db.session() as s:
        return fn(s)
