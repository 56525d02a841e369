"""Meetings: numbering, details, attendance, agenda, status and locking."""
import datetime as dt

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from app.domain import jalali
from app.domain.enums import AttendanceStatus, MeetingStatus, Role, read
from app.domain.errors import NotApprovedError, NotFoundError, ValidationError
from app.domain.persian import normalize_input, to_persian_digits
from app.domain.rules import MAX_NUMBER, next_number
from app.storage.models import AgendaItem, Attendance, Committee, Meeting, Person, Resolution

from ._order import order_by as ordering, persian
from ._rows import (check_version, committee_dto, get_live, live, lock_row, one_of, optional_text, person_dto,
                    required_text, template_items, tombstone)
from .committees import list_members
from .dto import AgendaItemDTO, AttendanceDTO, Changes, MeetingDTO, MeetingSummaryDTO
from .guards import editable_meeting, names_by_owner

_MEETING_FIELDS = {"title", "date", "start", "end", "location", "summary", "chair_id", "secretary_id", "number"}


def _live_numbers(s: Session, committee_id: str) -> list[int]:
    return list(s.scalars(select(Meeting.number).where(Meeting.committee_id == committee_id,
                                                       Meeting.deleted_at.is_(None))))


def _check_number(s: Session, committee_id: str, number: int, meeting_id: str | None = None) -> int:
    if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_NUMBER:
        raise ValidationError("number", f"شماره جلسه باید عددی میان ۱ و {to_persian_digits(MAX_NUMBER)} باشد",
                              f"meeting number must be between 1 and {MAX_NUMBER}")
    clash = s.scalar(select(Meeting.id).where(Meeting.committee_id == committee_id, Meeting.number == number,
                                              Meeting.deleted_at.is_(None), Meeting.id != (meeting_id or "")))
    if clash:
        raise ValidationError("number", f"جلسه شماره {number} در این کمیته از قبل هست",
                              f"meeting number {number} already exists in this committee")
    return number


def _check_times(start: str | None, end: str | None) -> None:
    if start and end and end < start:
        raise ValidationError("end", "ساعت پایان پیش از ساعت شروع است", "end time is before start time")


def create_meeting(s: Session, committee_id: str, date: dt.date | None = None, title: str | None = None,
                   start: str | None = None, end: str | None = None, location: str | None = None,
                   number: int | None = None, with_roster: bool = True, with_template: bool = True) -> Changes:
    """A new draft meeting with the committee's next number, today's date by default, the location of
    the committee's last meeting, (with_roster) the active roster as expected attendees, and
    (with_template) the committee's agenda template as its first agenda items."""
    committee = get_live(s, Committee, committee_id)
    # Many secretaries on one server: the committee's row is locked until commit, so two clients
    # never both take the same next number (a .dabir file's writers are serialised already)
    lock_row(s, Committee, committee_id)
    number = _check_number(s, committee_id, number) if number is not None \
        else next_number(_live_numbers(s, committee_id))
    date = jalali.check_range(date or jalali.today(), "date")
    start = jalali.parse_time(start, "start") if start else None
    end = jalali.parse_time(end, "end") if end else None
    _check_times(start, end)
    if location is None:
        location = s.scalar(select(Meeting.location).where(Meeting.committee_id == committee_id,
                                                           Meeting.deleted_at.is_(None),
                                                           Meeting.location.is_not(None))
                            .order_by(Meeting.date.desc(), Meeting.number.desc()).limit(1))
    m = Meeting(committee_id=committee_id, number=number, title=optional_text(title), date=date,
                start_time=start, end_time=end, location=optional_text(location),
                status=MeetingStatus.DRAFT.value)
    s.add(m)
    s.flush()
    if with_template:
        for pos, title in enumerate(template_items(committee.agenda_template), start=1):
            s.add(AgendaItem(meeting_id=m.id, position=pos, title=title))
    if with_roster:
        for pos, member in enumerate(list_members(s, committee_id, active_on=date)):
            s.add(Attendance(meeting_id=m.id, person_id=member.person.id, position=pos, role=member.role.value,
                             status=AttendanceStatus.PRESENT.value))
            if member.role == Role.CHAIR and not m.chair_id:
                m.chair_id = member.person.id
            if member.role == Role.SECRETARY and not m.secretary_id:
                m.secretary_id = member.person.id
        s.flush()
    return Changes(frozenset({"meeting", "attendance"}), (m.id,))


def update_meeting(s: Session, id: str, expected_version: int | None = None, **fields) -> Changes:
    """Edit details. Dates are `datetime.date`; times 'HH:MM' in any digits. `expected_version`: the
    row_version the edit was based on (MeetingDTO.row_version); if someone changed the meeting since,
    StaleEditError says who changed what, and nothing is written."""
    unknown = set(fields) - _MEETING_FIELDS
    if unknown:
        raise ValidationError(", ".join(sorted(unknown)), "فیلد ناشناخته", "unknown field")
    m = editable_meeting(s, id)
    check_version(s, m, expected_version)
    for k, v in fields.items():
        if k in ("start", "end"):
            setattr(m, f"{k}_time", jalali.parse_time(v, k) if v else None)
        elif k in ("chair_id", "secretary_id"):
            setattr(m, k, get_live(s, Person, v).id if v else None)
        elif k == "number":
            m.number = _check_number(s, m.committee_id, v, m.id)
        elif k == "date":
            if v is not None and not isinstance(v, dt.date):
                raise ValidationError("date", "تاریخ نامعتبر است", "invalid date")
            m.date = jalali.check_range(v, "date")
        else:
            setattr(m, k, optional_text(v))
    _check_times(m.start_time, m.end_time)
    return Changes(frozenset({"meeting"}), (id,))


def set_meeting_status(s: Session, id: str, status: str) -> Changes:
    status = one_of(MeetingStatus, status, "status")
    if status == MeetingStatus.APPROVED:
        m = editable_meeting(s, id)
        m.status = status.value
        s.flush()
        from .seals import seal
        seal(s.connection(), [id], s.info.get("office_id"))
        return Changes(frozenset({"meeting"}), (id,))
    m = editable_meeting(s, id)
    m.status = status.value
    return Changes(frozenset({"meeting"}), (id,))


def approve_meeting(s: Session, id: str) -> Changes:
    """Approve and lock: from now on the meeting and its contents refuse edits (follow-ups still allowed),
    and its seal (the fingerprint of what was approved) is recorded for merges to hold to."""
    return set_meeting_status(s, id, MeetingStatus.APPROVED)


def delete_meeting(s: Session, id: str) -> Changes:
    tombstone(editable_meeting(s, id))
    return Changes(frozenset({"meeting"}), (id,))


def _attendance(s: Session, meeting_id: str) -> list[Attendance]:
    return list(s.scalars(live(Attendance).where(Attendance.meeting_id == meeting_id)
                          .order_by(Attendance.position, Attendance.created_at, Attendance.id)).unique())


def set_attendance(s: Session, meeting_id: str, person_id: str, status: str = AttendanceStatus.PRESENT,
                   role: str | None = None, on_behalf_of_id: str | None = None) -> Changes:
    """Record one person's attendance (adding them if they were not expected)."""
    m = editable_meeting(s, meeting_id)
    status = one_of(AttendanceStatus, status, "status")
    get_live(s, Person, person_id)
    if on_behalf_of_id:
        get_live(s, Person, on_behalf_of_id)
        if on_behalf_of_id == person_id:
            raise ValidationError("on_behalf_of", "کسی نمی‌تواند به نمایندگی از خودش حاضر شود",
                                  "a person cannot attend on behalf of themselves")
    # this person's row and the next position, by index: reading the whole list at every call made
    # an import of n attendees quadratic
    row = s.scalars(live(Attendance).where(Attendance.meeting_id == meeting_id, Attendance.person_id == person_id)
                    .order_by(Attendance.position, Attendance.created_at, Attendance.id).limit(1)).first()
    if row is None:
        if role is None:
            member = next((mb for mb in list_members(s, m.committee_id) if mb.person.id == person_id), None)
            role = member.role if member else Role.GUEST
        count = s.scalar(select(func.count()).select_from(Attendance).where(
            Attendance.meeting_id == meeting_id, Attendance.deleted_at.is_(None)))
        row = Attendance(meeting_id=meeting_id, person_id=person_id, position=count)
        s.add(row)
    if role is not None:
        row.role = one_of(Role, role, "role").value
    row.status = status.value
    row.on_behalf_of_id = on_behalf_of_id or None
    if row.role == Role.CHAIR and not m.chair_id:
        m.chair_id = person_id
    if row.role == Role.SECRETARY and not m.secretary_id:
        m.secretary_id = person_id
    s.flush()
    return Changes(frozenset({"attendance"}), (row.id, meeting_id))


def remove_attendance(s: Session, attendance_id: str) -> Changes:
    a = get_live(s, Attendance, attendance_id)
    editable_meeting(s, a.meeting_id)
    tombstone(a)
    return Changes(frozenset({"attendance"}), (attendance_id, a.meeting_id))


def _agenda(s: Session, meeting_id: str) -> list[AgendaItem]:
    return list(s.scalars(live(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                          .order_by(AgendaItem.position, AgendaItem.created_at, AgendaItem.id)))


def add_agenda_item(s: Session, meeting_id: str, title: str, presenter: str | None = None,
                    notes: str | None = None) -> Changes:
    editable_meeting(s, meeting_id)
    item = AgendaItem(meeting_id=meeting_id, position=len(_agenda(s, meeting_id)) + 1,
                      title=required_text(title, "title"), presenter=optional_text(presenter),
                      notes=optional_text(notes))
    s.add(item)
    s.flush()
    return Changes(frozenset({"agenda_item"}), (item.id, meeting_id))


def update_agenda_item(s: Session, id: str, title: str | None = None, presenter: str | None = None,
                       notes: str | None = None) -> Changes:
    item = get_live(s, AgendaItem, id)
    editable_meeting(s, item.meeting_id)
    if title is not None:
        item.title = required_text(title, "title")
    if presenter is not None:
        item.presenter = optional_text(presenter)
    if notes is not None:
        item.notes = optional_text(notes)
    return Changes(frozenset({"agenda_item"}), (id, item.meeting_id))


def move_agenda_item(s: Session, id: str, new_position: int) -> Changes:
    """Move an item to 1-based new_position; the others close up around it."""
    item = get_live(s, AgendaItem, id)
    editable_meeting(s, item.meeting_id)
    items = [i for i in _agenda(s, item.meeting_id) if i.id != id]
    new_position = max(1, min(new_position, len(items) + 1))
    items.insert(new_position - 1, item)
    for pos, i in enumerate(items, start=1):
        if i.position != pos:
            i.position = pos
    return Changes(frozenset({"agenda_item"}), (id, item.meeting_id))


def delete_agenda_item(s: Session, id: str) -> Changes:
    item = get_live(s, AgendaItem, id)
    editable_meeting(s, item.meeting_id)
    tombstone(item)
    for pos, i in enumerate(_agenda(s, item.meeting_id), start=1):
        if i.id != id and i.position != pos:
            i.position = pos
    return Changes(frozenset({"agenda_item"}), (id, item.meeting_id))


def row_versions(s: Session, id: str) -> dict[str, int]:
    """The row_version of a meeting and of each of its live resolutions, by id, as this session sees
    them (pending changes flushed first): what an editor bases its next expected_version on after its
    own write. Empty if the meeting is gone."""
    s.flush()
    out = dict(s.execute(select(Meeting.id, Meeting.row_version).where(
        Meeting.id == id, Meeting.deleted_at.is_(None))).all())
    if out:
        out.update(s.execute(select(Resolution.id, Resolution.row_version).where(
            Resolution.meeting_id == id, Resolution.deleted_at.is_(None))).all())
    return out


def refuse_draft_signature(s: Session, meeting_id: str) -> None:
    """Raise NotApprovedError unless the meeting is approved: a draft's minutes are never signed, so
    that nothing signed and verified can pass for minutes the committee has not approved. Minutes of
    a meeting this file does not hold are not judged here."""
    try:
        m = get_live(s, Meeting, meeting_id)
    except NotFoundError:
        return
    if m.status != MeetingStatus.APPROVED.value:
        raise NotApprovedError("این صورتجلسه پیش‌نویس است و امضا نمی‌شود؛ نخست جلسه را تأیید کنید",
                               "these minutes are a draft and cannot be signed; approve the meeting first")


def get_meeting(s: Session, id: str) -> MeetingDTO:
    """Everything about one meeting: attendance in order, agenda, resolutions with follow-ups."""
    from .resolutions import list_resolutions
    from .topics import meeting_topics
    m = get_live(s, Meeting, id)
    attendance = tuple(AttendanceDTO(a.id, person_dto(a.person), read(Role, a.role), read(AttendanceStatus, a.status),
                                     person_dto(a.on_behalf_of)) for a in _attendance(s, id))
    agenda = tuple(AgendaItemDTO(i.id, pos, i.title, i.presenter, i.notes)
                   for pos, i in enumerate(_agenda(s, id), start=1))
    chair = s.get(Person, m.chair_id) if m.chair_id else None
    secretary = s.get(Person, m.secretary_id) if m.secretary_id else None
    return MeetingDTO(id=m.id, committee=committee_dto(m.committee), number=m.number, title=m.title,
                      date=m.date, start=m.start_time, end=m.end_time, location=m.location,
                      chair=person_dto(chair), secretary=person_dto(secretary), summary=m.summary,
                      status=read(MeetingStatus, m.status), attendance=attendance, agenda=agenda,
                      resolutions=tuple(list_resolutions(s, meeting_id=id, in_minutes=True)),
                      topics=tuple(meeting_topics(s, id)), updated_at=m.updated_at, row_version=m.row_version,
                      attachments=tuple(_attachment_names(s, id)))


def _attachment_names(s: Session, meeting_id: str) -> list[str]:
    return names_by_owner(s, "meeting_id", [meeting_id]).get(meeting_id, [])


def _meeting_filter(q, committee_id=None, status=None, date_from=None, date_to=None, search=None):
    q = q.where(Meeting.deleted_at.is_(None))
    if committee_id:
        q = q.where(Meeting.committee_id == committee_id)
    if status:
        q = q.where(Meeting.status == one_of(MeetingStatus, status, "status").value)
    if date_from:
        q = q.where(Meeting.date >= date_from)
    if date_to:
        q = q.where(Meeting.date <= date_to)
    if search:
        q = q.where(Meeting.title.contains(normalize_input(search)))
    return q


def _resolution_count():
    return select(func.count()).where(Resolution.meeting_id == Meeting.id, Resolution.deleted_at.is_(None)) \
        .correlate(Meeting).scalar_subquery()


# the columns a meetings list can be sorted by (MEETING_ORDER keys), each as SQL; the workflow order
# of statuses rather than their codes' spelling
MEETING_ORDER = {
    "number": (Meeting.number,), "date": (Meeting.date, Meeting.number), "committee": (persian(Committee.name),),
    "title": (persian(func.coalesce(Meeting.title, "")),), "location": (persian(func.coalesce(Meeting.location, "")),),
    "status": (case({st.value: i for i, st in enumerate(MeetingStatus)}, value=Meeting.status, else_=99),),
    "resolutions": (_resolution_count(),),
}


def list_meetings(s: Session, committee_id: str | None = None, status: str | None = None,
                  date_from: dt.date | None = None, date_to: dt.date | None = None, search: str | None = None,
                  limit: int | None = None, offset: int = 0, order_by: str = "date",
                  descending: bool = True) -> list[MeetingSummaryDTO]:
    """Meetings, newest first unless `order_by` (a MEETING_ORDER key) says otherwise, one page at a
    time (limit/offset) for lazy lists."""
    q = _meeting_filter(select(Meeting.id, Meeting.committee_id, Committee.name, Meeting.number, Meeting.title,
                               Meeting.date, Meeting.status, Meeting.location)
                        .join(Committee, Committee.id == Meeting.committee_id),
                        committee_id, status, date_from, date_to, search)
    q = q.order_by(*ordering(s, MEETING_ORDER, order_by, descending,
                             tie=(Meeting.date.desc(), Meeting.number.desc(), Meeting.id))).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    rows = s.execute(q).all()
    ids = [r.id for r in rows]
    counts: dict[str, int] = {}
    for chunk in range(0, len(ids), 500):
        part = ids[chunk:chunk + 500]
        counts.update(s.execute(select(Resolution.meeting_id, func.count())
                                .where(Resolution.meeting_id.in_(part), Resolution.deleted_at.is_(None))
                                .group_by(Resolution.meeting_id)).all())
    return [MeetingSummaryDTO(r.id, r.committee_id, r.name, r.number, r.title, r.date, read(MeetingStatus, r.status),
                              r.location, counts.get(r.id, 0)) for r in rows]


def count_meetings(s: Session, committee_id: str | None = None, status: str | None = None,
                   date_from: dt.date | None = None, date_to: dt.date | None = None,
                   search: str | None = None) -> int:
    q = _meeting_filter(select(func.count()).select_from(Meeting), committee_id, status, date_from, date_to,
                        search)
    return s.scalar(q) or 0


# --- issue 14: everyone present at once, and a meeting copied as the next draft ------------------

def mark_all_present(s: Session, meeting_id: str) -> Changes:
    """«همه حاضر»: every expected attendee of a draft meeting is marked present in one write. Someone
    marked late stays late (late is present, with more said); «به نمایندگی از» is kept."""
    editable_meeting(s, meeting_id)
    changed = []
    for row in _attendance(s, meeting_id):
        if row.status not in (AttendanceStatus.PRESENT.value, AttendanceStatus.LATE.value):
            row.status = AttendanceStatus.PRESENT.value
            changed.append(row.id)
    s.flush()
    return Changes(frozenset({"attendance"}), (meeting_id, *changed))


def duplicate_meeting(s: Session, meeting_id: str, date: dt.date | None = None) -> Changes:
    """A new draft of the same committee with its next number, `date` (default today), and the
    source's title, location, times, chair, secretary, expected attendees (each expected present) and
    agenda. Resolutions, the discussion summary and attendance marks are not copied. The source may
    be approved: it is only read."""
    src = get_live(s, Meeting, meeting_id)
    created = create_meeting(s, src.committee_id, date=date, title=src.title, start=src.start_time,
                             end=src.end_time, location=src.location or "", with_roster=False,
                             with_template=False)
    m = s.get(Meeting, created.id)
    alive = {a.person_id for a in _attendance(s, src.id) if a.person.deleted_at is None}
    for key in ("chair_id", "secretary_id"):
        person = s.get(Person, getattr(src, key)) if getattr(src, key) else None
        setattr(m, key, person.id if person is not None and person.deleted_at is None else None)
    for pos, a in enumerate(a for a in _attendance(s, src.id) if a.person_id in alive):
        s.add(Attendance(meeting_id=m.id, person_id=a.person_id, position=pos, role=a.role,
                         status=AttendanceStatus.PRESENT.value))
    for pos, item in enumerate(_agenda(s, src.id), start=1):
        s.add(AgendaItem(meeting_id=m.id, position=pos, title=item.title, presenter=item.presenter,
                         notes=item.notes))
    s.flush()
    return Changes(frozenset({"meeting", "attendance", "agenda_item"}), (m.id, src.id))
