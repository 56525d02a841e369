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
