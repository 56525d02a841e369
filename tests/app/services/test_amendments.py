"""Amendments (اصلاحیه) of approved minutes (issue 14): approve meeting 7; amend resolution ۷-۲; the
amendment prints; the original minutes print as before and `verify` accepts them; both offices see the
amendment after a merge; an amendment's approval locks it and nothing ever unlocks."""
import datetime as dt

import pytest

from app.domain.enums import ChangeKind, MeetingStatus
from app.domain.errors import LockedError, ValidationError
from app.services import amendments, meetings, resolutions, undo
from app.services.files import open_database
from reports import amendment as amendment_pdf, minutes
from reports.fingerprint import meeting_fingerprint
from tests.app.sharing_data import edit, fork, merge
from tests.reports.test_documents import all_lines, has


def _meeting_7(tmp_path):
    """A committee's meeting 7 with resolutions ۷-۱ and ۷-۲ and two attendees, approved."""
    from app.services import committees, directory
    path = tmp_path / "a.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته فنی").id
        people = [directory.create_person(s, name).id for name in ("علی کرمی", "زهرا موسوی")]
        for pid in people:
            committees.add_member(s, cid, pid, "member")
        mid = meetings.create_meeting(s, cid, date=dt.date(2026, 11, 20), number=7, title="جلسه هفتم").id
        r1 = resolutions.add_resolution(s, mid, "خرید تجهیزات آزمایشگاه").id
        r2 = resolutions.add_resolution(s, mid, "ارسال گزارش تا پایان ماه", deadline=dt.date(2026, 12, 20)).id
        meetings.approve_meeting(s, mid)
    return db, path, mid, (r1, r2), people


def test_amendment_round_trip(tmp_path, cli, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))
    db, path, mid, (r1, r2), people = _meeting_7(tmp_path)
    original_pdf = tmp_path / "minutes-7.pdf"
    db.close()
    assert cli("minutes", "--db", path, "--meeting", mid, "-o", original_pdf).returncode == 0
    original_lines = all_lines(original_pdf)
    db = open_database(path)
    with db.session() as s:
        before = meeting_fingerprint(meetings.get_meeting(s, mid))
        aid = amendments.create_amendment(s, mid, "اصلاح متن مصوبه دوم به درخواست رئیس").id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_TEXT, r2, "ارسال گزارش تا پانزدهم ماه بعد")
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_DEADLINE, r2, dt.date(2027, 1, 4))
        amendments.add_change(s, aid, ChangeKind.ATTENDANCE, people[1], "excused")
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_NEW, None, "تشکیل کارگروه پیگیری")
        a = amendments.get_amendment(s, aid)
    assert a.title == "اصلاحیه ۱ صورتجلسه ۷" and not a.locked
    subjects = [c.subject for c in a.changes]
    assert subjects[:2] == ["متن مصوبه ۷-۲", "مهلت اجرای مصوبه ۷-۲"]
    assert a.changes[0].old == "ارسال گزارش تا پایان ماه" and a.changes[1].old == "۱۴۰۵/۰۹/۲۹"
    assert a.changes[2].subject == "حضور: زهرا موسوی" and (a.changes[2].old, a.changes[2].new) == ("حاضر", "غایب با اطلاع")
    with db.session() as s:
        amendments.approve_amendment(s, aid)
    with db.session() as s:
        with pytest.raises(LockedError):
            amendments.add_change(s, aid, ChangeKind.TEXT, None, "x")
        # the original is untouched: still approved, same content, same fingerprint
        m = meetings.get_meeting(s, mid)
        assert m.status == MeetingStatus.APPROVED and meeting_fingerprint(m) == before
        assert [r.text for r in m.resolutions][1] == "ارسال گزارش تا پایان ماه"
    # nothing unlocks: undo stops at the approval, an edit of the meeting stays refused
    with db.session() as s, pytest.raises(LockedError):
        undo.undo_last(s)
    with db.session() as s, pytest.raises(LockedError):
        resolutions.update_resolution(s, r2, text="دور زدن")
    # the amendment prints as its own document, listing the changes against the original
    pdf = tmp_path / "amendment.pdf"
    amendment_pdf.render(amendment_pdf.load(db, aid), pdf)
    lines = all_lines(pdf)
    for text in ("اصلاحیه ۱ صورتجلسه ۷", "ارسال گزارش تا پایان ماه", "ارسال گزارش تا پانزدهم ماه بعد",
                 "غایب با اطلاع", "تشکیل کارگروه پیگیری"):
        assert has(lines, text), text
    db.close()
    # the original minutes print as they did, and verify still accepts the first print
    again = tmp_path / "minutes-7-again.pdf"
    assert cli("minutes", "--db", path, "--meeting", mid, "-o", again).returncode == 0
    assert all_lines(again) == original_lines
    r = cli("verify", "--db", path, original_pdf)
    assert r.returncode == 0, r.stderr
    # a second amendment starts from the first one's values
    db = open_database(path)
    with db.session() as s:
        a2 = amendments.create_amendment(s, mid).id
        amendments.add_change(s, a2, ChangeKind.RESOLUTION_TEXT, r2, "ارسال گزارش تا آخر دی")
        assert amendments.get_amendment(s, a2).changes[0].old == "ارسال گزارش تا پانزدهم ماه بعد"
        assert amendments.get_amendment(s, a2).number == 2
    db.close()
    # the other office sees both after a merge
    b = fork(path, tmp_path / "b.dabir")
    other = open_database(b)
    with other.session() as s:
        found = amendments.list_amendments(s, mid)
    other.close()
    assert [x.number for x in found] == [1, 2]
    edit(path, lambda s: amendments.add_change(s, a2, ChangeKind.TEXT, None, "ساعت پایان ۱۲:۳۰ بود",
                                               old_value="ساعت پایان ۱۲ بود"))
    merge(b, path)
    other = open_database(b)
    with other.session() as s:
        seen = amendments.get_amendment(s, a2)
    other.close()
    assert [c.subject for c in seen.changes] == ["متن مصوبه ۷-۲", "متن صورتجلسه"]


def test_amendments_are_only_for_approved_minutes_and_checked(tmp_path):
    db, path, mid, (r1, r2), people = _meeting_7(tmp_path)
    with db.session() as s:
        cid = meetings.get_meeting(s, mid).committee.id
        draft = meetings.create_meeting(s, cid).id
        with pytest.raises(ValidationError):
            amendments.create_amendment(s, draft)
        aid = amendments.create_amendment(s, mid).id
        with pytest.raises(ValidationError):
            amendments.approve_amendment(s, aid)                   # nothing to approve yet
        for args in ((ChangeKind.RESOLUTION_TEXT, None, "x"), ("bogus", r1, "x"),
                     (ChangeKind.RESOLUTION_TEXT, r1, "خرید تجهیزات آزمایشگاه"),   # the same text
                     (ChangeKind.ATTENDANCE, people[0], "maybe")):
            with pytest.raises(ValidationError):
                amendments.add_change(s, aid, *args)
        cid2 = amendments.add_change(s, aid, ChangeKind.RESOLUTION_CANCEL, r1).id
        amendments.remove_change(s, cid2)
        assert amendments.get_amendment(s, aid).changes == ()
        amendments.delete_amendment(s, aid)
        assert amendments.list_amendments(s, mid) == []
    db.close()


def test_the_tracker_shows_what_approved_amendments_changed(tmp_path):
    """Resolution ۷-۲ (deadline ۱۴۰۵/۰۹/۲۹) is overdue on ۱۴۰۵/۱۰/۱۱; amendment 1 moves it to
    ۱۴۰۵/۱۰/۱۴ and rewords it. Once approved (not before) the tracker, its filters, the follow-up
    report and its export show the amended text and deadline, marked; the minutes stay as approved."""
    from openpyxl import load_workbook
    from app.services.exports import tracker_xlsx
    from reports import followup
    db, path, mid, (r1, r2), people = _meeting_7(tmp_path)
    today = dt.date(2027, 1, 1)
    with db.session() as s:
        before = meeting_fingerprint(meetings.get_meeting(s, mid))
        assert resolutions.get_resolution(s, r2, today=today).overdue
        aid = amendments.create_amendment(s, mid).id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_TEXT, r2, "ارسال گزارش تا پانزدهم ماه بعد")
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_DEADLINE, r2, dt.date(2027, 1, 4))
        draft = resolutions.get_resolution(s, r2, today=today)
        assert draft.amended is None and draft.overdue             # a draft changes nothing yet
        amendments.approve_amendment(s, aid)
    with db.session() as s:
        r = resolutions.get_resolution(s, r2, today=today)
        assert (r.text, r.deadline) == ("ارسال گزارش تا پایان ماه", dt.date(2026, 12, 20))   # as in the minutes
        assert (r.current_text, r.current_deadline) == ("ارسال گزارش تا پانزدهم ماه بعد", dt.date(2027, 1, 4))
        assert r.tracked_text == "ارسال گزارش تا پانزدهم ماه بعد (اصلاح‌شده در اصلاحیه ۱)"
        assert not r.overdue
        assert resolutions.get_resolution(s, r1, today=today).amended is None
        # filters and the deadline order use the deadline that stands
        assert [x.id for x in resolutions.list_resolutions(s, status="overdue", today=today)] == []
        assert resolutions.count_resolutions(s, status="overdue", today=today) == 0
        assert [x.id for x in resolutions.list_resolutions(s, deadline_from=dt.date(2027, 1, 1))] == [r2]
        assert resolutions.count_resolutions(s, deadline_to=dt.date(2026, 12, 31)) == 0
        # the minutes: same text, same deadline, same fingerprint
        m = meetings.get_meeting(s, mid)
        assert meeting_fingerprint(m) == before
        assert [(x.text, x.deadline) for x in m.resolutions][1] == ("ارسال گزارش تا پایان ماه", dt.date(2026, 12, 20))
        # amendment 2 moves the deadline back: the latest approved amendment wins, overdue again
        a2 = amendments.create_amendment(s, mid).id
        amendments.add_change(s, a2, ChangeKind.RESOLUTION_DEADLINE, r2, dt.date(2026, 12, 25))
        amendments.approve_amendment(s, a2)
    with db.session() as s:
        r = resolutions.get_resolution(s, r2, today=today)
        assert r.current_deadline == dt.date(2026, 12, 25) and r.overdue
        assert r.current_text == "ارسال گزارش تا پانزدهم ماه بعد"
        assert r.amended.note == "اصلاح‌شده در اصلاحیه ۱ و ۲"
        assert [x.id for x in resolutions.list_resolutions(s, status="overdue", today=today)] == [r2]
        assert meeting_fingerprint(meetings.get_meeting(s, mid)) == before
    # the follow-up report PDF, read back
    pdf = tmp_path / "followup.pdf"
    followup.render(followup.load(db, status="all"), pdf)
    lines = all_lines(pdf)
    # the cell wraps: the marker's words are looked for one by one
    assert has(lines, "ارسال گزارش تا پانزدهم ماه بعد") and has(lines, "اصلاح‌شده") and has(lines, "اصلاحیه")
    assert has(lines, "۱۴۰۵/۱۰/۰۴") and not has(lines, "ارسال گزارش تا پایان ماه")
    # the tracker's export
    out = tmp_path / "tracker.xlsx"
    with db.session() as s:
        out.write_bytes(tracker_xlsx.tracker_xlsx(s, status="all", today=today))
    sheet = load_workbook(out).active
    texts = [c.value for c in sheet["F"]]
    assert "ارسال گزارش تا پانزدهم ماه بعد (اصلاح‌شده در اصلاحیه ۱ و ۲)" in texts
    assert dt.datetime(2026, 12, 25) in [c.value for c in sheet["I"]]
    db.close()


def test_a_resolution_an_approved_amendment_cancels_leaves_the_open_list(tmp_path):
    """Amendment 1 cancels ۷-۲, overdue on ۱۴۰۵/۱۰/۱۱ and already «در حال اجرا» by a follow-up. Once
    approved (not before) the tracker shows it «لغو شده», marked with the amendment, neither open nor
    overdue; it takes no more follow-ups; the minutes keep it; the other office sees the same after a merge."""
    from app.domain.enums import ResolutionStatus
    db, path, mid, (r1, r2), people = _meeting_7(tmp_path)
    b = fork(path, tmp_path / "b.dabir")
    today = dt.date(2027, 1, 1)
    with db.session() as s:
        before = meeting_fingerprint(meetings.get_meeting(s, mid))
        resolutions.add_follow_up(s, r2, "in_progress", "نامه به استانداری", date=dt.date(2026, 12, 1))
        aid = amendments.create_amendment(s, mid, "حذف مصوبه دوم به تصمیم کمیته").id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_CANCEL, r2)
        draft = resolutions.get_resolution(s, r2, today=today)
        assert draft.status == ResolutionStatus.IN_PROGRESS and draft.overdue   # a draft changes nothing
        amendments.approve_amendment(s, aid)
    with db.session() as s:
        r = resolutions.get_resolution(s, r2, today=today)
        assert r.status == ResolutionStatus.CANCELLED and not r.overdue
        assert r.tracked_text == "(لغوشده در اصلاحیه ۱) ارسال گزارش تا پایان ماه"
        assert [x.id for x in resolutions.list_resolutions(s, status="open", today=today)] == [r1]
        assert resolutions.count_resolutions(s, status="overdue", today=today) == 0
        assert [x.id for x in resolutions.list_resolutions(s, status="cancelled")] == [r2]
        assert meeting_fingerprint(meetings.get_meeting(s, mid)) == before   # the minutes still list it
        with pytest.raises(LockedError, match="cancelled by amendment 1") as refused:
            resolutions.add_follow_up(s, r2, "done", "انجام شد")
        assert refused.value.fa == "مصوبه ۷-۲ در اصلاحیه ۱ لغو شده است و پیگیری ندارد"
    # a follow-up dated after the cancellation, taken from the other office's file, does not reopen it
    edit(b, lambda s: resolutions.add_follow_up(s, r2, "in_progress", date=dt.date(2026, 12, 28)))
    merge(path, b)
    merge(b, path)
    for f in (path, b):
        got = edit(f, lambda s: resolutions.get_resolution(s, r2, today=today))
        assert (got.status, got.overdue, len(got.follow_ups)) == (ResolutionStatus.CANCELLED, False, 2), f
        assert got.amended.cancelled_in == 1
    db.close()


def test_sorting_by_text_uses_the_text_that_stands(tmp_path):
    """۷-۱ «خرید …» sorts before ۷-۲ «ارسال …» only once amendment 1 rewords it «آماده‌سازی …»."""
    db, path, mid, (r1, r2), people = _meeting_7(tmp_path)
    with db.session() as s:
        assert [x.id for x in resolutions.list_resolutions(s, order_by="text")] == [r2, r1]
        aid = amendments.create_amendment(s, mid).id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_TEXT, r1, "آماده‌سازی آزمایشگاه")
        amendments.approve_amendment(s, aid)
    with db.session() as s:
        assert [x.id for x in resolutions.list_resolutions(s, order_by="text")] == [r1, r2]
        assert [x.id for x in resolutions.list_resolutions(s, order_by="text", descending=True)] == [r2, r1]
    db.close()


def test_a_resolution_an_approved_amendment_adds_is_followed_up(tmp_path):
    """Amendment 1 adds «تهیه گزارش ایمنی». Approved, it becomes resolution ۷-۳: the tracker lists it
    open, marked «افزوده در اصلاحیه ۱», and it takes follow-ups; the amendment names it; the meeting's
    minutes still hold ۷-۱ and ۷-۲ only, with the same fingerprint; it is locked as the amendment is;
    the other office gets it in a merge, and both files' seals hold."""
    from app.services.seals import broken_seals
    db, path, mid, (r1, r2), people = _meeting_7(tmp_path)
    b = fork(path, tmp_path / "b.dabir")
    with db.session() as s:
        before = meeting_fingerprint(meetings.get_meeting(s, mid))
        aid = amendments.create_amendment(s, mid).id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_NEW, None, "تهیه گزارش ایمنی")
        assert len(resolutions.list_resolutions(s)) == 2                   # a draft adds nothing yet
        amendments.approve_amendment(s, aid)
    with db.session() as s:
        [r3] = [r for r in resolutions.list_resolutions(s, status="open") if r.id not in (r1, r2)]
        assert (r3.number, r3.meeting_id, r3.text) == (3, mid, "تهیه گزارش ایمنی")
        assert r3.amended.added_in == 1 and r3.tracked_text == "تهیه گزارش ایمنی (افزوده در اصلاحیه ۱)"
        assert amendments.get_amendment(s, aid).changes[0].subject == "مصوبه افزوده ۷-۳"
        m = meetings.get_meeting(s, mid)
        assert [x.id for x in m.resolutions] == [r1, r2] and meeting_fingerprint(m) == before
        assert broken_seals(s.connection()) == []
        resolutions.add_follow_up(s, r3.id, "in_progress", "ابلاغ شد")
        with pytest.raises(LockedError):
            resolutions.update_resolution(s, r3.id, text="متن دیگر")
    with db.session() as s:
        assert resolutions.get_resolution(s, r3.id).status.value == "in_progress"
    merge(b, path)
    got = edit(b, lambda s: resolutions.get_resolution(s, r3.id))
    assert (got.amended.added_in, got.text, len(got.follow_ups)) == (1, "تهیه گزارش ایمنی", 1)
    assert edit(b, lambda s: [x.id for x in meetings.get_meeting(s, mid).resolutions]) == [r1, r2]
    assert edit(b, lambda s: broken_seals(s.connection())) == []
    merge(path, b)
    assert edit(path, lambda s: broken_seals(s.connection())) == []
    db.close()


def test_a_file_from_before_0007_has_its_cancelled_resolutions_cancelled_when_opened(tmp_path):
    """A file where amendment 1 cancelled ۷-۲ before the derived status knew amendments: opening it
    upgrades it (after a backup) and ۷-۲ is «لغو شد», out of the open list."""
    import sqlite3
    from app.domain.enums import ResolutionStatus
    from app.storage.migrate import revisions
    db, path, mid, (r1, r2), people = _meeting_7(tmp_path)
    with db.session() as s:
        aid = amendments.create_amendment(s, mid).id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_CANCEL, r2)
        amendments.approve_amendment(s, aid)
    db.close()
    from alembic import command
    from app.storage.engine import make_engine
    from app.storage.migrate import alembic_config
    engine = make_engine(path)     # what 0009 changed and added (search keys, signed rows), by its own downgrade
    with engine.begin() as c:
        cfg = alembic_config()
        cfg.attributes["connection"] = c
        command.downgrade(cfg, "0008_votes")
    engine.dispose()
    conn = sqlite3.connect(path)   # as the Dabir of 0006 left it: the column absent, the status open
    conn.executescript("DROP TABLE resolution_vote; "
                       "DROP INDEX ix_resolution_amendment_id; ALTER TABLE resolution DROP COLUMN amendment_id; "
                       f"UPDATE resolution SET status='pending' WHERE id='{r2}'; "
                       "UPDATE alembic_version SET version_num='0006_workflow'; "
                       f"PRAGMA user_version={revisions().index('0006_workflow') + 1};")
    conn.close()
    db = open_database(path)
    with db.session() as s:
        assert resolutions.get_resolution(s, r2).status == ResolutionStatus.CANCELLED
        assert [r.id for r in resolutions.list_resolutions(s, status="open")] == [r1]
    db.close()
    assert list(tmp_path.glob("a.schema*"))                  # the file as it was, kept
