"""«همه حاضر» and a meeting duplicated as the next draft (issue 14)."""
import datetime as dt

import pytest

pytestmark = pytest.mark.backends

from app.domain.enums import AttendanceStatus, MeetingStatus
from app.domain.errors import LockedError
from app.services import demo, meetings, resolutions


@pytest.fixture
def first(db):
    """The demo's approved first meeting (attendance with absent, excused, late and on-behalf rows)."""
    with db.session() as s:
        demo.build_demo(s)
        return meetings.list_meetings(s)[-1].id


def test_all_present_marks_every_expected_attendee_in_one_write(db, first):
    with db.session() as s:
        draft = meetings.duplicate_meeting(s, first).id
        rows = meetings.get_meeting(s, draft).attendance
        people = [a.person.id for a in rows]
        meetings.set_attendance(s, draft, people[0], AttendanceStatus.ABSENT)
        meetings.set_attendance(s, draft, people[1], AttendanceStatus.EXCUSED)
        meetings.set_attendance(s, draft, people[2], AttendanceStatus.LATE)
        meetings.set_attendance(s, draft, people[3], AttendanceStatus.PRESENT, on_behalf_of_id=people[4])
    with db.session() as s:
        ch = meetings.mark_all_present(s, draft)
    assert ch.entities == {"attendance"} and ch.id == draft and len(ch.ids) == 3   # the meeting + 2 changed
    with db.session() as s:
        after = {a.person.id: a for a in meetings.get_meeting(s, draft).attendance}
    assert [after[p].status for p in people[:2]] == [AttendanceStatus.PRESENT] * 2
    assert after[people[2]].status == AttendanceStatus.LATE           # late is present, and says more
    assert after[people[3]].on_behalf_of.id == people[4]              # who stood in for whom is kept
    assert all(a.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE) for a in after.values())
    with db.session() as s, pytest.raises(LockedError):
        meetings.mark_all_present(s, first)                          # the approved meeting is locked


def test_duplicate_is_the_next_draft_with_agenda_attendees_place_and_times(db, first):
    day = dt.date(2026, 12, 9)
    with db.session() as s:
        src = meetings.get_meeting(s, first)
        assert src.status == MeetingStatus.APPROVED and src.resolutions
        assert {a.status for a in src.attendance} > {AttendanceStatus.PRESENT}
        ch = meetings.duplicate_meeting(s, first, date=day)
        new = meetings.get_meeting(s, ch.id)
    assert ch.ids == (new.id, first) and {"meeting", "attendance", "agenda_item"} <= ch.entities
    assert new.committee.id == src.committee.id
    assert new.number == max(m.number for m in _committee_meetings(db, src.committee.id)) \
        and new.number == src.number + 1
    assert new.status == MeetingStatus.DRAFT and new.date == day
    assert (new.title, new.location, new.start, new.end) == (src.title, src.location, src.start, src.end)
    assert [(i.title, i.presenter, i.notes) for i in new.agenda] == \
        [(i.title, i.presenter, i.notes) for i in src.agenda]
    assert [(a.person.id, a.role) for a in new.attendance] == [(a.person.id, a.role) for a in src.attendance]
    assert {a.status for a in new.attendance} == {AttendanceStatus.PRESENT}
    assert all(a.on_behalf_of is None for a in new.attendance)
    assert (new.chair.id, new.secretary.id) == (src.chair.id, src.secretary.id)
    assert new.resolutions == () and new.summary is None
    with db.session() as s:                                          # the source is untouched
        assert meetings.get_meeting(s, first) == src
        # and the copy is a real draft: editable, with its own resolutions
        resolutions.add_resolution(s, new.id, "مصوبه جلسه دوم")
        assert len(meetings.get_meeting(s, new.id).resolutions) == 1
        assert len(meetings.get_meeting(s, first).resolutions) == len(src.resolutions)


def _committee_meetings(db, committee_id):
    with db.session() as s:
        return meetings.list_meetings(s, committee_id=committee_id)
