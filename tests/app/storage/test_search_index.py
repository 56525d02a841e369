"""The full-text index stays right whoever writes: the ORM, or a merge writing plain SQL."""
import datetime as dt
import sqlite3
import uuid

import pytest
from sqlalchemy import select

from app.services.search import search
from app.storage import search_index
from app.storage.models import AgendaItem, Committee, FollowUp, Meeting, Resolution
from app.storage.search_keys import pack_id

ZWNJ = "\u200c"


def _seed(db):
    with db.session() as s:
        c = Committee(name="کمیته توسعه خوشه‌های کسب و کار", name_key="k")
        s.add(c)
        s.flush()
        m = Meeting(committee_id=c.id, number=1, date=dt.date(2026, 11, 26), title="نخستین جلسه",
                    summary=f"گزارش شرکت شهرک{ZWNJ}های صنعتی")
        s.add(m)
        s.flush()
        r = Resolution(meeting_id=m.id, number=1, text="واگذاری توسعه خوشه ورشو به میراث فرهنگی")
        s.add(r)
        s.flush()
        s.add(FollowUp(resolution_id=r.id, date=dt.date(2026, 12, 1), status="in_progress",
                       note="نامه به اداره ميراث ارسال شد"))
        return m.id, r.id


def _ids(db, query):
    with db.session() as s:
        return {(h.kind, h.id) for h in search(s, query)}


def _kinds(db, query):
    return sorted(k for k, _ in _ids(db, query))


def test_an_edit_replaces_the_old_words(db):
    _, rid = _seed(db)
    assert ("resolution", rid) in _ids(db, "ورشو")
    with db.session() as s:
        s.get(Resolution, rid).text = "واگذاری خوشه قزل‌آلا به جهاد کشاورزی"
    assert ("resolution", rid) not in _ids(db, "ورشو")
    assert ("resolution", rid) in _ids(db, "قزل آلا")


def test_a_tombstoned_row_and_its_children_are_not_found(db):
    mid, rid = _seed(db)
    assert _kinds(db, "میراث") == ["follow_up", "resolution"]
    with db.session() as s:
        s.get(Resolution, rid).deleted_at = dt.datetime(2026, 12, 2)
    assert _kinds(db, "میراث") == []
    with db.session() as s:  # restored (a merge can bring a row back)
        s.get(Resolution, rid).deleted_at = None
    assert _kinds(db, "میراث") == ["follow_up", "resolution"]
    with db.session() as s:
        s.get(Meeting, mid).deleted_at = dt.datetime(2026, 12, 3)
    assert _kinds(db, "میراث") == [] and _kinds(db, "شهرکهای") == []
    assert _kinds(db, "کسب وکار") == ["committee"]


def test_the_index_is_current_at_commit_without_a_search(db):
    _seed(db)
    with db.session() as s:
        conn = s.connection()
        assert not search_index.pending(conn)
        n = conn.exec_driver_sql("SELECT count(*) FROM search_doc").scalar_one()
        fts = conn.exec_driver_sql("SELECT count(*) FROM search_fts WHERE search_fts MATCH '\"ورشو\"'")
        assert n == 4 and fts.scalar_one() == 1


def test_a_merge_through_plain_sqlite_is_indexed(db):
    """What the merge module does: rows written, updated and tombstoned by SQL on a raw connection
    that has no Python function registered (ids packed as the file stores them, models.Key)."""
    mid, rid = _seed(db)
    raw = sqlite3.connect(db.path)
    now = "2026-12-05 10:00:00"
    new_id = str(uuid.uuid4())
    with raw:
        raw.execute("INSERT INTO resolution (id, meeting_id, number, text, base_status, status, created_at,"
                    " updated_at, row_version) VALUES (?, ?, 2, ?, 'pending', 'pending', ?, ?, 1)",
                    (pack_id(new_id), pack_id(mid), "برگزاری دوره آموزشی CDA برای كارشناسان", now, now))
        raw.execute("UPDATE meeting SET summary = 'جمع‌بندی پرورش ماهي قزل‌آلا' WHERE id = ?", (pack_id(mid),))
        raw.execute("UPDATE follow_up SET deleted_at = ? WHERE resolution_id = ?", (now, pack_id(rid)))
    raw.close()
    assert _ids(db, "کارشناسان cda") == {("resolution", new_id)}
    assert _kinds(db, "قزلآلا") == ["meeting"]
    assert _kinds(db, "شهرک") == []          # the old summary is gone
    assert _kinds(db, "میراث") == ["resolution"]  # the tombstoned follow-up is not found


def test_a_rebuild_gives_the_same_index(db):
    _seed(db)
    with db.session() as s:
        conn = s.connection()
        before = conn.exec_driver_sql("SELECT ref, body FROM search_doc ORDER BY 1").all()
        assert search_index.rebuild(conn) == len(before)
        after = conn.exec_driver_sql("SELECT ref, body FROM search_doc ORDER BY 1").all()
        conn.exec_driver_sql("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')")
    assert before == after


@pytest.mark.parametrize("meeting_column", [True, False], ids=["schema10", "schema11"])
def test_hits_show_their_meeting_with_or_without_search_doc_meeting(db, meeting_column):
    """Documents are written without a meeting, whether search_doc.meeting is there (schema 10,
    nullable) or not (schema 11 dropped it); every hit in a meeting, found by the index or by the
    short-word scan, shows its own meeting's committee, number and Jalali date, read from its row."""
    mid, rid = _seed(db)
    raw = sqlite3.connect(db.path)
    with raw:
        has = "meeting" in [r[1] for r in raw.execute("PRAGMA table_info(search_doc)")]
        if meeting_column and not has:
            raw.execute("ALTER TABLE search_doc ADD COLUMN meeting BLOB")
        elif has and not meeting_column:
            raw.execute("ALTER TABLE search_doc DROP COLUMN meeting")
    raw.close()
    first = "کمیته توسعه خوشه‌های کسب و کار · جلسه ۱ · ۱۴۰۵/۰۹/۰۵"
    with db.session() as s:
        c = Committee(name="کارگروه آب و میراث", name_key="w")
        s.add(c)
        s.flush()
        m = Meeting(committee_id=c.id, number=7, date=dt.date(2026, 12, 6), summary="بازدید از میراث آبی")
        s.add(m)
        s.flush()
        r = Resolution(meeting_id=m.id, number=3, text="مرمت میراث آبی")
        s.add(r)
        s.flush()
        f = FollowUp(resolution_id=r.id, date=dt.date(2026, 12, 7), status="in_progress", note="نامه میراث")
        a1 = AgendaItem(meeting_id=mid, position=1, title="میراث شهر")
        a2 = AgendaItem(meeting_id=m.id, position=1, title="میراث روستا")
        s.add_all([f, a1, a2])
        s.flush()
        second = "کارگروه آب و میراث · جلسه ۷ · ۱۴۰۵/۰۹/۱۵"
        fid = s.scalar(select(FollowUp.id).where(FollowUp.resolution_id == rid))
        expected = {("resolution", rid): first, ("follow_up", fid): first, ("agenda", a1.id): first,
                    ("resolution", r.id): second, ("follow_up", f.id): second, ("agenda", a2.id): second,
                    ("meeting", m.id): second, ("committee", c.id): None}
    with db.session() as s:
        if meeting_column:
            search_index.rebuild(s.connection())     # every document written again: none names a meeting
            assert s.connection().exec_driver_sql("SELECT count(meeting) FROM search_doc").scalar() == 0
        for query in ("میراث", "را"):               # the FTS5 index; a word shorter than a trigram
            hits = search(s, query)
            assert {(h.kind, h.id): h.meeting_label for h in hits} == expected, query
            assert all(h.committee == "کارگروه آب و میراث" for h in hits if h.kind == "committee")


def test_a_rolled_back_session_leaves_the_index_as_it_was(db):
    _, rid = _seed(db)
    try:
        with db.session() as s:
            s.get(Resolution, rid).text = "متن تازه درباره عسل"
            s.flush()
            raise RuntimeError("abandon")
    except RuntimeError:
        pass
    assert _kinds(db, "عسل") == [] and _kinds(db, "ورشو") == ["resolution"]
    with db.session() as s:
        assert s.scalar(select(Resolution.text).where(Resolution.id == rid)).endswith("فرهنگی")


def test_a_read_only_file_is_searched_as_last_indexed(db):
    """A file opened read-only cannot drain the queue: search answers from the index as it is."""
    from app.storage.database import Database
    mid, _ = _seed(db)
    raw = sqlite3.connect(db.path)
    with raw:
        raw.execute("UPDATE meeting SET summary = 'گزارش عسل' WHERE id = ?", (pack_id(mid),))
    raw.close()
    ro = Database(db.path, read_only=True)
    try:
        with ro.session() as s:
            assert search_index.pending(s.connection())
            assert [h.kind for h in search(s, "شهرک‌ها")] == ["meeting"]  # the old summary, still indexed
            assert search(s, "عسل") == []
    finally:
        ro.close()
    assert _kinds(db, "عسل") == ["meeting"] and _kinds(db, "شهرک‌ها") == []


def test_a_session_on_a_database_without_the_index_commits():
    from sqlalchemy import create_engine, text
    from sqlalchemy.orm import Session
    engine = create_engine("sqlite://")
    with Session(engine) as s, s.begin():
        s.execute(text("CREATE TABLE t (x)"))
        s.execute(text("INSERT INTO t VALUES (1)"))
    with engine.connect() as c:
        assert c.execute(text("SELECT x FROM t")).scalar_one() == 1
