import datetime as dt

import pytest

pytestmark = pytest.mark.backends

from app.domain.enums import AttendanceStatus, MeetingStatus, ResolutionStatus, Role
from app.domain.errors import LockedError, NotFoundError, ValidationError
from app.services import committees, directory, meetings, resolutions, settings

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def committee(db):
    """A committee with a chair, a secretary and two members."""
    with db.session() as s:
        org = directory.create_organization(s, "استانداری لرستان").id
        cid = committees.create_committee(s, "کمیته توسعه خوشه‌ها", organization_id=org).id
        people = {}
        for name, role in [("علیرضا کرمی", Role.CHAIR), ("مریم رضایی", Role.SECRETARY),
                           ("فرزاد محمدی", Role.MEMBER), ("زهرا موسوی", Role.MEMBER)]:
            pid = directory.create_person(s, name, post="کارشناس", organization_id=org).id
            committees.add_member(s, cid, pid, role)
            people[name] = pid
    return cid, people, org


def test_meetings_are_numbered_within_their_committee(db, committee):
    cid, _, org = committee
    with db.session() as s:
        other = committees.create_committee(s, "کمیته دیگر").id
        ids = [meetings.create_meeting(s, cid, date=TODAY).id for _ in range(3)]
        other_first = meetings.create_meeting(s, other, date=TODAY).id
        assert [meetings.get_meeting(s, i).number for i in ids] == [1, 2, 3]
        assert meetings.get_meeting(s, other_first).number == 1
        meetings.delete_meeting(s, ids[2])
        assert meetings.get_meeting(s, meetings.create_meeting(s, cid).id).number == 3
        with pytest.raises(ValidationError, match="already exists"):
            meetings.create_meeting(s, cid, number=2)


def test_new_meeting_takes_roster_usual_location_and_today(db, committee):
    cid, people, _ = committee
    with db.session() as s:
        first = meetings.create_meeting(s, cid, date=TODAY - dt.timedelta(days=30), location="سالن جلسات").id
        m = meetings.get_meeting(s, meetings.create_meeting(s, cid).id)
    assert m.date == dt.date.today()
    assert m.location == "سالن جلسات"
    assert [a.person.full_name for a in m.attendance] == ["علیرضا کرمی", "مریم رضایی", "فرزاد محمدی", "زهرا موسوی"]
    assert m.chair.full_name == "علیرضا کرمی" and m.secretary.full_name == "مریم رضایی"
    assert first != m.id


def test_attendance_on_behalf_and_guests(db, committee):
    cid, people, _ = committee
    with db.session() as s:
        mid = meetings.create_meeting(s, cid, date=TODAY).id
        deputy = directory.create_person(s, "امید عبدالهی").id
        meetings.set_attendance(s, mid, people["زهرا موسوی"], AttendanceStatus.ABSENT)
        meetings.set_attendance(s, mid, deputy, AttendanceStatus.PRESENT, on_behalf_of_id=people["زهرا موسوی"])
        m = meetings.get_meeting(s, mid)
        with pytest.raises(ValidationError, match="on_behalf_of"):
            meetings.set_attendance(s, mid, deputy, "present", on_behalf_of_id=deputy)
        with pytest.raises(ValidationError, match="status"):
            meetings.set_attendance(s, mid, deputy, "asleep")
    by_name = {a.person.full_name: a for a in m.attendance}
    assert by_name["زهرا موسوی"].status == AttendanceStatus.ABSENT
    assert by_name["امید عبدالهی"].role == Role.GUEST
    assert by_name["امید عبدالهی"].on_behalf_of.full_name == "زهرا موسوی"


def test_agenda_can_be_reordered(db, committee):
    cid, _, _ = committee
    with db.session() as s:
        mid = meetings.create_meeting(s, cid, date=TODAY).id
        a, b, c = (meetings.add_agenda_item(s, mid, t).id for t in ("الف", "ب", "ج"))
        meetings.move_agenda_item(s, c, 1)
        assert [i.title for i in meetings.get_meeting(s, mid).agenda] == ["ج", "الف", "ب"]
        meetings.delete_agenda_item(s, a)
        assert [(i.position, i.title) for i in meetings.get_meeting(s, mid).agenda] == [(1, "ج"), (2, "ب")]


def test_an_approved_meeting_refuses_every_edit_but_follow_ups(db, committee):
    cid, people, org = committee
    with db.session() as s:
        mid = meetings.create_meeting(s, cid, date=TODAY).id
        item = meetings.add_agenda_item(s, mid, "دستور").id
        rid = resolutions.add_resolution(s, mid, "متن مصوبه", responsible=["استانداری لرستان"]).id
        meetings.approve_meeting(s, mid)
    edits = [
        lambda s: meetings.update_meeting(s, mid, title="عنوان تازه"),
        lambda s: meetings.set_attendance(s, mid, people["فرزاد محمدی"], "absent"),
        lambda s: meetings.add_agenda_item(s, mid, "دستور تازه"),
        lambda s: meetings.update_agenda_item(s, item, title="x"),
        lambda s: meetings.delete_agenda_item(s, item),
        lambda s: resolutions.add_resolution(s, mid, "مصوبه تازه"),
        lambda s: resolutions.update_resolution(s, rid, text="متن دیگر"),
        lambda s: resolutions.delete_resolution(s, rid),
        lambda s: meetings.set_meeting_status(s, mid, MeetingStatus.DRAFT),
        lambda s: meetings.delete_meeting(s, mid),
    ]
    for edit in edits:
        with pytest.raises(LockedError) as e:
            with db.session() as s:
                edit(s)
        assert "قفل" in e.value.fa and "locked" in e.value.en
    with db.session() as s:
        resolutions.add_follow_up(s, rid, ResolutionStatus.DONE, note="انجام شد", date=TODAY)
        r = resolutions.get_resolution(s, rid)
        m = meetings.get_meeting(s, mid)
    assert r.status == ResolutionStatus.DONE and r.text == "متن مصوبه"
    assert m.locked and m.title is None


def test_status_is_the_latest_follow_up_and_overdue_is_derived(db, committee):
    cid, people, org = committee
    with db.session() as s:
        mid = meetings.create_meeting(s, cid, date=TODAY - dt.timedelta(days=60)).id
        rid = resolutions.add_resolution(s, mid, "گزارش ارسال شود", responsible=[("organization", org)],
                                         deadline=TODAY - dt.timedelta(days=1)).id
        r = resolutions.get_resolution(s, rid, today=TODAY)
        assert (r.status, r.overdue, r.code) == (ResolutionStatus.PENDING, True, "۱-۱")
        resolutions.add_follow_up(s, rid, "done", date=TODAY - dt.timedelta(days=2))
        resolutions.add_follow_up(s, rid, "in_progress", date=TODAY - dt.timedelta(days=5))  # recorded later, dated earlier
        r = resolutions.get_resolution(s, rid, today=TODAY)
        assert r.status == ResolutionStatus.DONE and not r.overdue
        assert [f.status for f in r.follow_ups] == [ResolutionStatus.IN_PROGRESS, ResolutionStatus.DONE]
        resolutions.add_follow_up(s, rid, "in_progress", note="بازگشایی", date=TODAY)
        r = resolutions.get_resolution(s, rid, today=TODAY)
        assert r.status == ResolutionStatus.IN_PROGRESS and r.overdue


def test_tracker_filters_use_an_approved_amendments_deadline(db, committee):
    """On a file and on a server alike: overdue, the deadline filters and the deadline order use the
    deadline an approved amendment set (issue 14); one cleared by an amendment is never overdue."""
    from app.services import amendments
    cid, _, _ = committee
    with db.session() as s:
        mid = meetings.create_meeting(s, cid, date=TODAY - dt.timedelta(days=40)).id
        moved = resolutions.add_resolution(s, mid, "جابه‌جا", deadline=TODAY - dt.timedelta(days=3)).id
        cleared = resolutions.add_resolution(s, mid, "بی‌مهلت", deadline=TODAY - dt.timedelta(days=2)).id
        late = resolutions.add_resolution(s, mid, "دیرکرد", deadline=TODAY - dt.timedelta(days=1)).id
        meetings.approve_meeting(s, mid)
        aid = amendments.create_amendment(s, mid).id
        amendments.add_change(s, aid, "resolution_deadline", moved, TODAY + dt.timedelta(days=10))
        amendments.add_change(s, aid, "resolution_deadline", cleared, None)
        amendments.approve_amendment(s, aid)

        def ids(**kw):
            return [r.id for r in resolutions.list_resolutions(s, today=TODAY, **kw)]
        assert ids(status="overdue") == [late]
        assert resolutions.count_resolutions(s, status="overdue", today=TODAY) == 1
        assert ids(deadline_to=TODAY) == [late]
        assert ids(deadline_from=TODAY) == [moved]
        # by the deadline that stands (where no deadline sorts is each backend's own: left out)
        assert [i for i in ids(order_by="deadline") if i != cleared] == [late, moved]
        r = resolutions.get_resolution(s, cleared, today=TODAY)
        assert r.current_deadline is None and r.deadline == TODAY - dt.timedelta(days=2) and not r.overdue


def test_tracker_filters(db, committee):
    cid, people, org = committee
    with db.session() as s:
        jihad = directory.create_organization(s, "سازمان جهاد کشاورزی").id
        mid = meetings.create_meeting(s, cid, date=TODAY - dt.timedelta(days=40)).id
        late = resolutions.add_resolution(s, mid, "دیرکرد", responsible=["سازمان جهاد کشاورزی"],
                                          deadline=TODAY - dt.timedelta(days=3)).id
        resolutions.add_resolution(s, mid, "آینده", responsible=[("person", people["فرزاد محمدی"])],
                                   deadline=TODAY + dt.timedelta(days=30))
        done = resolutions.add_resolution(s, mid, "انجام‌شده", responsible=["سازمان جهاد کشاورزی"]).id
        resolutions.add_follow_up(s, done, "done", date=TODAY)

        def codes(**kw):
            return [r.text for r in resolutions.list_resolutions(s, today=TODAY, **kw)]
        assert codes(status="overdue") == ["دیرکرد"]
        assert codes(status="open") == ["دیرکرد", "آینده"]
        assert codes(status="done") == ["انجام‌شده"]
        assert codes(organization_id=jihad) == ["دیرکرد", "انجام‌شده"]
        assert codes(organization_id=org) == ["آینده"]  # through the person's organisation
        assert codes(deadline_to=TODAY) == ["دیرکرد"]
        assert resolutions.count_resolutions(s, status="open", today=TODAY) == 2
        assert codes(limit=1, offset=1) == ["آینده"]
        assert codes(committee_id=committees.create_committee(s, "خالی").id) == []
        with pytest.raises(ValidationError, match="status"):
            codes(status="bogus")
        assert late in {r.id for r in resolutions.list_resolutions(s, status="all")}


def test_open_resolutions_of_earlier_meetings(db, committee):
    cid, _, _ = committee
    with db.session() as s:
        m1 = meetings.create_meeting(s, cid, date=TODAY - dt.timedelta(days=30)).id
        still_open = resolutions.add_resolution(s, m1, "باز").id
        closed = resolutions.add_resolution(s, m1, "بسته").id
        resolutions.add_follow_up(s, closed, "done")
        m2 = meetings.create_meeting(s, cid, date=TODAY).id
        resolutions.add_resolution(s, m2, "امروز")
        assert [r.id for r in resolutions.open_resolutions_before(s, m2)] == [still_open]
        assert resolutions.open_resolutions_before(s, m1) == []


def test_lists_page_and_count(db, committee):
    cid, _, _ = committee
    with db.session() as s:
        for k in range(25):
            meetings.create_meeting(s, cid, date=TODAY - dt.timedelta(days=k), with_roster=False)
        page = meetings.list_meetings(s, committee_id=cid, limit=10, offset=10)
        # meeting k is dated k days ago, so newest first means numbers ascending here
        assert [m.number for m in page] == list(range(11, 21))
        assert meetings.count_meetings(s, committee_id=cid) == 25
        assert meetings.count_meetings(s, date_from=TODAY - dt.timedelta(days=4), date_to=TODAY) == 5


def test_roster_roles_and_periods(db, committee):
    cid, people, _ = committee
    with db.session() as s:
        guest = directory.create_person(s, "مهمان").id
        mid = committees.add_member(s, cid, guest, "guest", start=TODAY, end=TODAY + dt.timedelta(days=10)).id
        assert len(committees.list_members(s, cid, active_on=TODAY)) == 5
        assert len(committees.list_members(s, cid, active_on=TODAY + dt.timedelta(days=11))) == 4
        assert [m.role for m in committees.list_members(s, cid)][:2] == [Role.CHAIR, Role.SECRETARY]
        with pytest.raises(ValidationError, match="role"):
            committees.update_member(s, mid, role="boss")
        with pytest.raises(ValidationError, match="end"):
            committees.add_member(s, cid, guest, "guest", start=TODAY, end=TODAY - dt.timedelta(days=1))


def test_directory_matches_names_and_validates(db):
    with db.session() as s:
        p = directory.get_or_create_person(s, "علي كرمي", post="معاون", organization="استانداري لرستان")
        again = directory.get_or_create_person(s, "علی  کرمی")
        assert p.id == again.id and again.organization == "استانداری لرستان"
        with pytest.raises(ValidationError, match="email"):
            directory.update_person(s, p.id, email="not-an-address")
        with pytest.raises(ValidationError, match="signature"):
            directory.set_signature(s, p.id, b"GIF89a")
        with pytest.raises(NotFoundError):
            directory.get_person(s, "no-such-id")
        with pytest.raises(ValidationError, match="name"):
            directory.create_person(s, "   ")


def test_settings_round_trip(db):
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 10
    with db.session() as s:
        settings.update_settings(s, letterhead_org="استانداري لرستان", logo_png=png, secretary_name="مریم رضایی")
    with db.session() as s:
        got = settings.get_settings(s)
    assert got.letterhead_org == "استانداری لرستان" and got.logo_png == png and got.office_id == db.office_id
