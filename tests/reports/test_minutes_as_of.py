"""Issue 25, "minutes as of the meeting": the minutes' section on earlier resolutions shows them as
they stood on the meeting's date: follow-ups up to that date, a resolution completed in that meeting
shown done, one closed before it left out, and nothing recorded later."""
import datetime as dt

from app.services import committees, meetings, resolutions
from app.services.files import open_database
from reports import minutes
from app.domain import doc_strings as RS

from .rtl_reference import pdf_lines, reference

D1, D2 = dt.date(2026, 9, 1), dt.date(2026, 10, 6)


def _file(path):
    db = open_database(path, create=True)
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته آزمون تاریخ").id
        first = meetings.create_meeting(s, cid, date=D1, title="جلسه نخست").id
        r1 = resolutions.add_resolution(s, first, "گزارش آبرسانی روستاها ارسال شود.", deadline=D1 + dt.timedelta(20)).id
        r2 = resolutions.add_resolution(s, first, "شیوه‌نامه تدوین شود.").id
        r3 = resolutions.add_resolution(s, first, "نامه به فرمانداری ارسال شود.").id
        resolutions.add_follow_up(s, r1, "in_progress", note="نیمی از گزارش رسید", date=D1 + dt.timedelta(5))
        resolutions.add_follow_up(s, r3, "done", note="ارسال شد", date=D1 + dt.timedelta(7))
        second = meetings.create_meeting(s, cid, date=D2, title="جلسه دوم").id
        resolutions.add_follow_up(s, r2, "done", note="در جلسه تصویب شد", date=D2)
        # recorded after the second meeting: not in its minutes
        resolutions.add_follow_up(s, r1, "done", note="گزارش کامل رسید", date=D2 + dt.timedelta(10))
    db.close()
    return second, r1, r2, r3


def test_earlier_resolutions_as_of_the_meeting(tmp_path):
    path = tmp_path / "t.dabir"
    second, r1, r2, r3 = _file(path)
    db = open_database(path)
    try:
        data = minutes.load(db, second)
        minutes.render(data, tmp_path / "m.pdf")
        with db.session() as s:
            now = {r.id: r for r in resolutions.open_resolutions_before(s, second)}
    finally:
        db.close()
    shown = {r.id: r for r in data.earlier_open}
    assert set(shown) == {r1, r2}                       # r3 was closed before the meeting
    assert shown[r1].status == "in_progress" and shown[r1].latest_follow_up.note == "نیمی از گزارش رسید"
    assert shown[r1].overdue                            # its deadline had passed by that day
    assert shown[r2].status == "done" and not shown[r2].overdue
    assert set(now) == set()                            # today: both done, the editor's tab is empty
    lines = [line for page in pdf_lines(tmp_path / "m.pdf") for line in page]
    text = "\n".join(lines)
    assert reference("نیمی از گزارش رسید") in text and reference("گزارش کامل رسید") not in text
    assert reference(RS.STATUSES["done"]) in text and reference(RS.STATUSES["in_progress"]) in text


def test_amendments_count_from_the_day_they_were_approved(tmp_path):
    """An amendment that cancels a resolution or moves its deadline counts in the minutes of a later
    meeting only if it was approved by that meeting's day; the day comes from the audit log (here:
    today, as the test approves it). Meetings on either side of today: 20 days ago and in 30 days."""
    from app.services import amendments, approvals
    from app.domain.enums import ChangeKind
    today = dt.date.today()
    first_day, before, after = today - dt.timedelta(40), today - dt.timedelta(20), today + dt.timedelta(30)
    path = tmp_path / "a.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته آزمون اصلاحیه").id
        first = meetings.create_meeting(s, cid, date=first_day, title="جلسه نخست").id
        gone = resolutions.add_resolution(s, first, "طرح انتقال آب اجرا شود.").id
        moved = resolutions.add_resolution(s, first, "آیین‌نامه بازنگری شود.", deadline=first_day + dt.timedelta(10)).id
        meetings.approve_meeting(s, first)
        earlier = meetings.create_meeting(s, cid, date=before, title="جلسه پیش از اصلاحیه").id
        later = meetings.create_meeting(s, cid, date=after, title="جلسه پس از اصلاحیه").id
    with db.session() as s:
        aid = amendments.create_amendment(s, first, "لغو و تمدید").id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_CANCEL, gone)
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_DEADLINE, moved, after + dt.timedelta(30))
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_NEW, new_value="گزارش جایگزین تهیه شود.")
        amendments.approve_amendment(s, aid)
    with db.session() as s:
        assert approvals.approved_on(s, [aid]) == {aid: today}
        added = next(r.id for r in resolutions.list_resolutions(s, meeting_id=first) if r.amended and r.amended.added_in)
        as_before = {r.id: r for r in resolutions.open_resolutions_before(s, earlier, as_of=before)}
        as_after = {r.id: r for r in resolutions.open_resolutions_before(s, later, as_of=after)}
    data = minutes.load(db, later)
    minutes.render(data, tmp_path / "later.pdf")
    db.close()
    # 20 days ago the amendment was not yet approved: both open, the deadline the minutes' (passed)
    assert set(as_before) == {gone, moved}                # the added one did not exist yet
    assert as_before[gone].status == "pending" and as_before[moved].overdue
    # in 30 days: «gone» was cancelled (not listed), «moved» has the amended deadline (not overdue)
    assert set(as_after) == {moved, added} and not as_after[moved].overdue
    assert [r.id for r in data.earlier_open] == [moved, added]
    text = "\n".join(line for page in pdf_lines(tmp_path / "later.pdf") for line in page)
    assert reference("آیین‌نامه بازنگری شود.") in text and reference("طرح انتقال آب اجرا شود.") not in text


def test_an_amendment_without_its_approval_in_the_audit_log_is_held_against_no_day(tmp_path):
    """A day cannot be read for an amendment whose approval left no audit entry (a file written by
    other software): it is held against no past day, as before amendments were dated."""
    from sqlalchemy import delete
    from app.services import amendments, approvals
    from app.domain.enums import ChangeKind
    from app.storage.models import AuditEntry
    today = dt.date.today()
    path = tmp_path / "b.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته بی‌تاریخ").id
        first = meetings.create_meeting(s, cid, date=today - dt.timedelta(40)).id
        gone = resolutions.add_resolution(s, first, "مصوبه لغوشده").id
        meetings.approve_meeting(s, first)
        later = meetings.create_meeting(s, cid, date=today + dt.timedelta(30)).id
        aid = amendments.create_amendment(s, first, "لغو").id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_CANCEL, gone)
        amendments.approve_amendment(s, aid)
    with db.session() as s:
        s.execute(delete(AuditEntry).where(AuditEntry.entity == "amendment"))
    with db.session() as s:
        assert approvals.approved_on(s, [aid]) == {}
        shown = resolutions.open_resolutions_before(s, later, as_of=today + dt.timedelta(30))
        assert [r.id for r in shown] == [gone] and shown[0].status == "pending"
    db.close()
