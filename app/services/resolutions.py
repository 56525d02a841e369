"""Resolutions (مصوبات), their responsible parties, and the append-only follow-ups that drive status."""
import datetime as dt
from collections.abc import Iterable

from sqlalchemy import Date, and_, case, exists, func, literal, null, or_, select
from sqlalchemy.orm import Session, aliased

from app.domain import jalali
from app.domain.enums import OPEN_STATUSES, AmendmentStatus, ChangeKind, ResolutionStatus, read
from app.domain.errors import LockedError, ValidationError
from app.domain.persian import to_persian_digits
from app.domain.rules import FollowUpKey, derive_status, is_overdue, next_number, resolution_code
from app.storage.models import (Amendment, AmendmentChange, Committee, FollowUp, Key, Meeting, Organization,
                                Person, Resolution, ResolutionParty)

from ._order import likely, order_by as ordering, persian
from ._rows import check_version, lock_row, get_live, live, one_of, optional_text, required_text, tombstone
from .directory import find_person, get_or_create_organization
from .dto import Amended, Changes, FollowUpDTO, PartyDTO, ResolutionDTO, Votes
from .guards import cancelled_resolutions, editable_meeting, follow_up_rows, names_by_owner, refresh_status
from .topics import resolution_topics
from .votes import check_tally, tally_of, voters as named_voters

# What a caller may pass as a responsible party: a name (matched to a person, else an organisation,
# created if new), a PartyDTO, or a (kind, id) pair.
PartyInput = str | PartyDTO | tuple[str, str]
STATUS_FILTERS = ("open", "overdue", "done", "all")


def _status(value) -> ResolutionStatus:
    return one_of(ResolutionStatus, value, "status", "وضعیت", "status")


def _party_rows(s: Session, resolution_id: str, parties: Iterable[PartyInput]) -> list[ResolutionParty]:
    rows = []
    seen = set()
    for pos, p in enumerate(parties):
        if isinstance(p, str):
            person = find_person(s, p)
            kind, pid = ("person", person.id) if person else ("organization", get_or_create_organization(s, p).id)
        else:
            kind, pid = (p.kind, p.id) if isinstance(p, PartyDTO) else p
            get_live(s, Person if kind == "person" else Organization, pid)
        if (kind, pid) in seen:
            continue
        seen.add((kind, pid))
        rows.append(ResolutionParty(resolution_id=resolution_id, position=pos,
                                    person_id=pid if kind == "person" else None,
                                    organization_id=pid if kind == "organization" else None))
    return rows


def add_resolution(s: Session, meeting_id: str, text: str, responsible: Iterable[PartyInput] = (),
                   deadline: dt.date | None = None, status: str = ResolutionStatus.PENDING) -> Changes:
    """A new resolution numbered after the meeting's last one."""
    editable_meeting(s, meeting_id)
    status = _status(status)
    numbers = s.scalars(select(Resolution.number).where(Resolution.meeting_id == meeting_id,
                                                        Resolution.deleted_at.is_(None)))
    r = Resolution(meeting_id=meeting_id, number=next_number(numbers), text=required_text(text, "text"),
                   deadline=jalali.check_range(deadline, "deadline"), base_status=status.value, status=status.value)
    s.add(r)
    s.flush()
    s.add_all(_party_rows(s, r.id, responsible))
    s.flush()
    return Changes(frozenset({"resolution", "resolution_party"}), (r.id, meeting_id))


_UNSET = object()


def update_resolution(s: Session, id: str, text: str | None = None, deadline=_UNSET,
                      responsible: Iterable[PartyInput] | None = None, status: str | None = None,
                      expected_version: int | None = None) -> Changes:
    """Edit a resolution of an unapproved meeting. deadline=None clears it. `expected_version`: the
    row_version the edit was based on (ResolutionDTO.row_version); if someone changed the resolution
    since, StaleEditError says who changed what, and nothing is written."""
    r = get_live(s, Resolution, id)
    editable_meeting(s, r.meeting_id)
    check_version(s, r, expected_version)
    if text is not None:
        r.text = required_text(text, "text")
    if deadline is not _UNSET:
        r.deadline = jalali.check_range(deadline, "deadline")
    if status is not None:
        r.base_status = _status(status).value
        refresh_status(s, id)
    if responsible is not None:
        for old in s.scalars(live(ResolutionParty).where(ResolutionParty.resolution_id == id)):
            tombstone(old)
        s.add_all(_party_rows(s, id, responsible))
    s.flush()
    return Changes(frozenset({"resolution", "resolution_party"}), (id, r.meeting_id))


def delete_resolution(s: Session, id: str) -> Changes:
    r = get_live(s, Resolution, id)
    editable_meeting(s, r.meeting_id)
    tombstone(r)
    return Changes(frozenset({"resolution"}), (id, r.meeting_id))


def add_follow_up(s: Session, resolution_id: str, status: str, note: str | None = None,
                  date: dt.date | None = None, letter_number: str | None = None,
                  attachment=None) -> Changes:
    """Append a follow-up (allowed on approved meetings: following up is the point). The resolution's
    status becomes that of its latest follow-up by date. `date` defaults to today; `letter_number` is
    the letter's number (شماره نامه); `attachment`, a path or (name, bytes), the letter itself."""
    r = get_live(s, Resolution, resolution_id)
    cancelled = cancelled_resolutions(s.connection(), [resolution_id])
    if cancelled:   # the committee withdrew it: a follow-up would report on work nobody should do
        m, n = s.get(Meeting, r.meeting_id), cancelled[resolution_id]
        fa, en = (resolution_code(m.number, r.number), resolution_code(m.number, r.number, persian=False)) \
            if m and m.number is not None and r.number is not None else ("؟", "?")
        raise LockedError(f"مصوبه {fa} در اصلاحیه {to_persian_digits(n)} لغو شده است و پیگیری ندارد",
                          f"resolution {en} was cancelled by amendment {n}; it takes no follow-ups")
    if attachment is not None and not isinstance(attachment, tuple):
        from .attachments import read_file
        attachment = read_file(attachment)          # before anything is written
    letter = optional_text(letter_number)
    if letter is not None and len(letter) > 100:
        raise ValidationError("letter_number", "شماره نامه بیش از ۱۰۰ نویسه است", "letter number longer than 100")
    # clients recording follow-ups at once queue on the resolution's row, so each one's status is
    # computed with the others' follow-ups in view
    lock_row(s, Resolution, resolution_id)
    f = FollowUp(resolution_id=resolution_id, date=jalali.check_range(date or jalali.today(), "date"), status=_status(status).value,
                 note=optional_text(note), recorded_by=s.info.get("actor"), letter_number=letter)
    s.add(f)
    s.flush()
    if attachment is not None:
        from . import attachments
        attachments.add_attachment(s, "follow_up", f.id, *attachment)
    refresh_status(s, resolution_id)
    return Changes(frozenset({"follow_up", "resolution", "attachment"}), (f.id, resolution_id))


def set_votes(s: Session, id: str, for_: int | None, against: int | None = None,
              abstain: int | None = None, expected_version: int | None = None) -> Changes:
    """Record a resolution's tally (all three, each 0 or more), or clear it (for_=None). Locked once the
    meeting is approved, as the rest of its minutes. `expected_version` as in update_resolution."""
    r = get_live(s, Resolution, id)
    editable_meeting(s, r.meeting_id)
    check_version(s, r, expected_version)
    if for_ is None and against is None and abstain is None:
        check_tally(s, id, None)
        r.votes_for = r.votes_against = r.votes_abstain = None
    else:
        values = []
        for field, v in (("votes_for", for_), ("votes_against", against), ("votes_abstain", abstain)):
            v = 0 if v is None else v
            if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= 100_000:
                raise ValidationError(field, "شمار آرا باید عددی از ۰ تا ۱۰۰٬۰۰۰ باشد",
                                      "a vote count must be a whole number from 0 to 100,000")
            values.append(v)
        check_tally(s, id, Votes(*values))
        r.votes_for, r.votes_against, r.votes_abstain = values
    s.flush()
    return Changes(frozenset({"resolution"}), (id, r.meeting_id))


def _votes(r: Resolution) -> Votes | None:
    if r.votes_for is None and r.votes_against is None and r.votes_abstain is None:
        return None
    return Votes(r.votes_for or 0, r.votes_against or 0, r.votes_abstain or 0)


def _parties(s: Session, resolution_ids: list[str]) -> dict[str, list[PartyDTO]]:
    out: dict[str, list[PartyDTO]] = {}
    for i in range(0, len(resolution_ids), 500):
        rows = s.execute(select(ResolutionParty.resolution_id, ResolutionParty.organization_id,
                                ResolutionParty.person_id, Organization.name, Person.full_name)
                         .outerjoin(Organization, Organization.id == ResolutionParty.organization_id)
                         .outerjoin(Person, Person.id == ResolutionParty.person_id)
                         .where(ResolutionParty.resolution_id.in_(resolution_ids[i:i + 500]),
                                ResolutionParty.deleted_at.is_(None))
                         .order_by(ResolutionParty.position, ResolutionParty.id))
        for rid, org_id, person_id, org_name, person_name in rows:
            party = PartyDTO("organization", org_id, org_name) if org_id else PartyDTO("person", person_id,
                                                                                     person_name)
            out.setdefault(rid, []).append(party)
    return out


def amended(s: Session, resolution_ids: list[str] | None = None) -> dict[str, Amended]:
    """What approved amendments changed in resolutions' text and deadline, or that they cancelled, by resolution id (all
    amended resolutions, or those in `resolution_ids`). Per field the latest approved amendment of the
    resolution's meeting wins (highest number, then last change in it). Amendments are few: one query."""
    kinds = (ChangeKind.RESOLUTION_TEXT.value, ChangeKind.RESOLUTION_DEADLINE.value,
             ChangeKind.RESOLUTION_CANCEL.value)
    q = select(AmendmentChange.target_id, AmendmentChange.kind, AmendmentChange.new_value, Amendment.number) \
        .join(Amendment, Amendment.id == AmendmentChange.amendment_id) \
        .join(Resolution, Resolution.id == AmendmentChange.target_id) \
        .where(Amendment.status == AmendmentStatus.APPROVED.value, Amendment.deleted_at.is_(None),
               AmendmentChange.deleted_at.is_(None), AmendmentChange.kind.in_(kinds),
               Resolution.meeting_id == Amendment.meeting_id) \
        .order_by(Amendment.number, AmendmentChange.position, AmendmentChange.created_at, AmendmentChange.id)
    if resolution_ids is not None:
        if not resolution_ids:
            return {}
        if len(resolution_ids) <= 500:
            q = q.where(AmendmentChange.target_id.in_(resolution_ids))
    found: dict[str, dict] = {}
    for rid, kind, value, number in s.execute(q):
        f = found.setdefault(rid, {})
        if kind == ChangeKind.RESOLUTION_TEXT.value:
            f.update(text=value, text_in=number)
        elif kind == ChangeKind.RESOLUTION_CANCEL.value:
            f.setdefault("cancelled_in", number)    # the first cancellation: nothing undoes it
        else:
            try:
                f.update(deadline=dt.date.fromisoformat(value) if value else None, deadline_in=number)
            except ValueError:   # not a date (written outside Dabir): the original deadline stands
                continue
    added = select(Resolution.id, Amendment.number).join(Amendment, Amendment.id == Resolution.amendment_id) \
        .where(Resolution.amendment_id.is_not(None), Resolution.deleted_at.is_(None))
    if resolution_ids is not None and len(resolution_ids) <= 500:
        added = added.where(Resolution.id.in_(resolution_ids))
    for rid, number in s.execute(added):
        found.setdefault(rid, {})["added_in"] = number
    wanted = None if resolution_ids is None else set(resolution_ids)
    return {rid: Amended(**f) for rid, f in found.items() if f and (wanted is None or rid in wanted)}


def _deadline_now(changed: dict[str, Amended]):
    """The deadline that stands (an approved amendment's, else the minutes'), as SQL for filters."""
    moved = {rid: a for rid, a in changed.items() if a.deadline_in is not None}
    if not moved:
        return Resolution.deadline
    # the ids bound as the column stores them (models.Key: packed in a file), or no WHEN matches
    return case({literal(rid, Key): (literal(a.deadline, Date) if a.deadline else null())
                 for rid, a in moved.items()}, value=Resolution.id, else_=Resolution.deadline)


def _text_now(changed: dict[str, Amended]):
    """The text that stands (an approved amendment's, else the minutes'), as SQL for sorting."""
    reworded = {rid: a for rid, a in changed.items() if a.text_in is not None}
    if not reworded:
        return Resolution.text
    return case({literal(rid, Key): literal(a.text) for rid, a in reworded.items()}, value=Resolution.id,
                else_=Resolution.text)


def _filtered(q, committee_id=None, meeting_id=None, status=None, organization_id=None, deadline_from=None,
              deadline_to=None, date_from=None, date_to=None, today=None, deadline=Resolution.deadline):
    q = q.where(Resolution.deleted_at.is_(None), Meeting.deleted_at.is_(None))
    if committee_id:
        q = q.where(Meeting.committee_id == committee_id)
    if meeting_id:
        q = q.where(Resolution.meeting_id == meeting_id)
    open_values = [st.value for st in OPEN_STATUSES]
    if status in (None, "all"):
        pass
    elif status == "open":
        q = q.where(Resolution.status.in_(open_values))
    elif status == "overdue":
        # likelihood: most open resolutions of a long-kept file are past their deadline; without the hint
        # SQLite sorts them all through the deadline index instead of walking meetings in date order.
        q = q.where(Resolution.status.in_(open_values), likely(deadline < (today or jalali.today())))
    else:
        q = q.where(Resolution.status == _status(status).value)
    if organization_id:
        staff = aliased(Person)
        q = q.where(exists().where(
            ResolutionParty.resolution_id == Resolution.id, ResolutionParty.deleted_at.is_(None),
            or_(ResolutionParty.organization_id == organization_id,
                ResolutionParty.person_id.in_(select(staff.id).where(staff.organization_id == organization_id)))))
    if deadline_from:
        q = q.where(deadline >= deadline_from)
    if deadline_to:
        q = q.where(deadline <= deadline_to)
    if date_from:
        q = q.where(Meeting.date >= date_from)
    if date_to:
        q = q.where(Meeting.date <= date_to)
    return q


def _first_party():
    return select(func.coalesce(Organization.name, Person.full_name)).select_from(ResolutionParty) \
        .outerjoin(Organization, Organization.id == ResolutionParty.organization_id) \
        .outerjoin(Person, Person.id == ResolutionParty.person_id) \
        .where(ResolutionParty.resolution_id == Resolution.id, ResolutionParty.deleted_at.is_(None)) \
        .order_by(ResolutionParty.position, ResolutionParty.id).limit(1).correlate(Resolution).scalar_subquery()


def _latest_follow_up():
    return select(func.max(FollowUp.date)).where(FollowUp.resolution_id == Resolution.id,
                                                 FollowUp.deleted_at.is_(None)) \
        .correlate(Resolution).scalar_subquery()


# the columns a resolutions list can be sorted by, each as SQL; statuses in their workflow order
RESOLUTION_ORDER = {
    "code": (Meeting.number, Resolution.number), "committee": (persian(Committee.name),),
    "date": (Meeting.date, Meeting.number), "text": (persian(Resolution.text),),
    "responsible": (persian(func.coalesce(_first_party(), "")),), "deadline": (Resolution.deadline,),
    "status": (case({st.value: i for i, st in enumerate(ResolutionStatus)}, value=Resolution.status, else_=99),),
    "latest_follow_up": (_latest_follow_up(),),
}


def list_resolutions(s: Session, committee_id: str | None = None, meeting_id: str | None = None,
                     status: str | None = None, organization_id: str | None = None,
                     deadline_from: dt.date | None = None, deadline_to: dt.date | None = None,
                     date_from: dt.date | None = None, date_to: dt.date | None = None,
                     limit: int | None = None, offset: int = 0, today: dt.date | None = None,
                     ids: list[str] | None = None, order_by: str | None = None,
                     descending: bool = False, in_minutes: bool = False) -> list[ResolutionDTO]:
    """Resolutions in meeting order (date, number), then by number, unless `order_by` (a
    RESOLUTION_ORDER key) says otherwise. status: 'open', 'overdue', 'done', 'all' or a ResolutionStatus
    value. Overdue is worked out against `today` (default: the real today) and the deadline that
    stands: an approved amendment's (see `amended`; the DTO keeps the minutes' own text and deadline,
    and carries the amended ones in `amended`), so filters and the deadline order use it too.
    in_minutes: only those the meeting's own minutes hold, not those its amendments added."""
    today = today or jalali.today()
    changed = amended(s)
    deadline = _deadline_now(changed)
    q = select(Resolution, Meeting.committee_id, Committee.name, Meeting.number, Meeting.date) \
        .join(Meeting, Meeting.id == Resolution.meeting_id).join(Committee, Committee.id == Meeting.committee_id)
    q = _filtered(q, committee_id, meeting_id, status, organization_id, deadline_from, deadline_to, date_from,
                  date_to, today, deadline)
    if ids is not None:
        q = q.where(Resolution.id.in_(ids))
    if in_minutes:
        q = q.where(Resolution.amendment_id.is_(None))
    meeting_order = (Meeting.date, Meeting.number, Committee.name, Resolution.number, Resolution.id)
    columns = {**RESOLUTION_ORDER, "deadline": (deadline,), "text": (persian(_text_now(changed)),)}
    terms = meeting_order if order_by is None else ordering(s, columns, order_by, descending, meeting_order)
    q = q.order_by(*terms).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    rows = s.execute(q).all()
    ids = [r.Resolution.id for r in rows]
    parties, follow_ups, topics = _parties(s, ids), follow_up_rows(s, ids), resolution_topics(s, ids)
    voters = named_voters(s, ids)
    files = names_by_owner(s, "resolution_id", ids)
    letters = names_by_owner(s, "follow_up_id", [f.id for rows in follow_ups.values() for f in rows])
    out = []
    for r, committee_id_, committee_name, meeting_number, meeting_date in rows:
        st = read(ResolutionStatus, r.status)
        change = changed.get(r.id)
        standing = change.deadline if change and change.deadline_in is not None else r.deadline
        out.append(ResolutionDTO(
            id=r.id, meeting_id=r.meeting_id, committee_id=committee_id_, committee=committee_name,
            meeting_number=meeting_number, meeting_date=meeting_date, number=r.number, text=r.text,
            responsible=tuple(parties.get(r.id, ())), deadline=r.deadline, status=st,
            overdue=is_overdue(standing, st, today),
            follow_ups=tuple(FollowUpDTO(f.id, f.date, read(ResolutionStatus, f.status), f.note, f.created_at,
                                         f.recorded_by, f.letter_number, tuple(letters.get(f.id, ())))
                             for f in follow_ups.get(r.id, ())),
            topics=tuple(topics.get(r.id, ())), attachments=tuple(files.get(r.id, ())),
            votes=tally_of(voters[r.id]) if r.id in voters else _votes(r), voters=tuple(voters.get(r.id, ())),
            row_version=r.row_version, amended=change))
    return out


def count_resolutions(s: Session, committee_id: str | None = None, meeting_id: str | None = None,
                      status: str | None = None, organization_id: str | None = None,
                      deadline_from: dt.date | None = None, deadline_to: dt.date | None = None,
                      date_from: dt.date | None = None, date_to: dt.date | None = None,
                      today: dt.date | None = None) -> int:
    q = select(func.count()).select_from(Resolution).join(Meeting, Meeting.id == Resolution.meeting_id)
    q = _filtered(q, committee_id, meeting_id, status, organization_id, deadline_from, deadline_to, date_from,
                  date_to, today, _deadline_now(amended(s)))
    return s.scalar(q) or 0


def get_resolution(s: Session, id: str, today: dt.date | None = None) -> ResolutionDTO:
    get_live(s, Resolution, id)
    return list_resolutions(s, ids=[id], today=today)[0]


def open_resolutions_before(s: Session, meeting_id: str, today: dt.date | None = None,
                            as_of: dt.date | None = None) -> list[ResolutionDTO]:
    """Open resolutions of the committee's earlier meetings, for this meeting's follow-up section.
    Without `as_of`, as they stand now (the editor's tab, to follow them up). With `as_of` (the minutes:
    the meeting's date; reports and letters of a past day alike), each as it stood at the end of that
    day (`state_as_of`), listed if it was open then or closed that very day (done in that meeting)."""
    m = get_live(s, Meeting, meeting_id)
    # a number or date unreadable on disk (None) compares with nothing
    before = [Meeting.number < m.number] if m.number is not None else []
    if m.date is not None:
        before.append(and_(Meeting.date.is_not(None), Meeting.date < m.date))
    earlier = select(Meeting.id).where(Meeting.committee_id == m.committee_id, Meeting.deleted_at.is_(None),
                                       or_(*before) if before else False, Meeting.id != m.id)
    earlier_ids = set(s.scalars(earlier))
    if as_of is None:
        return [r for r in list_resolutions(s, committee_id=m.committee_id, status="open", today=today)
                if r.meeting_id in earlier_ids]
    rows = [r for r in list_resolutions(s, committee_id=m.committee_id, status="all", today=as_of)
            if r.meeting_id in earlier_ids]
    from .approvals import added_by
    added = added_by(s, [r.id for r in rows])
    # one an amendment added did not exist before that amendment was approved (on an unknown day: shown)
    rows = [r for r in rows if r.id not in added or added[r.id] is None or added[r.id] <= as_of]
    out = []
    for r in state_as_of(s, rows, as_of):
        latest = r.latest_follow_up
        if r.status in OPEN_STATUSES or (latest is not None and latest.date == as_of):
            out.append(r)
    return out


def state_as_of(s: Session, rows: list[ResolutionDTO], as_of: dt.date) -> list[ResolutionDTO]:
    """The resolutions as they stood at the end of `as_of`: follow-ups dated after it left out, the
    status derived from those left (else the resolution's own status), cancelled if an amendment
    approved by then cancelled it, overdue against the deadline standing that day (an amendment's
    approved by then, else the minutes'). Amendments approved later are not held against that day
    (app/services/approvals.py: their day comes from the audit log)."""
    from dataclasses import replace

    from .approvals import amended_by
    base = {}
    ids = [r.id for r in rows]
    for i in range(0, len(ids), 500):
        base.update(s.execute(select(Resolution.id, Resolution.base_status).where(Resolution.id.in_(ids[i:i + 500]))).all())
    by_then = amended_by(s, ids, as_of)
    out = []
    for r in rows:
        kept = tuple(f for f in r.follow_ups if f.date is not None and f.date <= as_of)
        then = by_then.get(r.id)
        status = derive_status(read(ResolutionStatus, base.get(r.id)),
                               [FollowUpKey(f.date, f.recorded_at, f.id, f.status) for f in kept],
                               cancelled=bool(then and then.cancelled))
        standing = then.deadline if then and then.deadline_moved else r.deadline
        out.append(replace(r, follow_ups=kept, status=status, overdue=is_overdue(standing, status, as_of)))
    return out
