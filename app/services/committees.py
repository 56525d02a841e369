"""Committees and their rosters (who is chair, secretary, member or guest, and for which period)."""
import datetime as dt

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from app.domain.enums import Role, read
from app.domain.errors import ValidationError
from app.domain.persian import name_key, normalize_input, sort_key
from app.storage.models import Committee, Meeting, Membership, Organization, Person

from ._rows import committee_dto, get_live, live, optional_text, person_dto, required_text, tombstone
from .dto import Changes, CommitteeDTO, MemberDTO

_ROLE_ORDER = {Role.CHAIR: 0, Role.SECRETARY: 1, Role.MEMBER: 2, Role.GUEST: 3}


def _role(value) -> Role:
    try:
        return Role(value)
    except ValueError:
        raise ValidationError("role", f"نقش «{value}» نامعتبر است (chair, secretary, member, guest)",
                              f"invalid role '{value}' (chair, secretary, member, guest)") from None


def list_committees(s: Session) -> list[CommitteeDTO]:
    counts = dict(s.execute(select(Meeting.committee_id, func.count()).where(Meeting.deleted_at.is_(None))
                            .group_by(Meeting.committee_id)).all())
    rows = s.scalars(live(Committee))
    # Persian alphabetical order (پ after ب, ک and گ before ل, آ with ا): app/domain/persian.sort_key
    return [committee_dto(c, counts.get(c.id, 0)) for c in sorted(rows, key=lambda c: (sort_key(c.name), c.id))]


def get_committee(s: Session, id: str) -> CommitteeDTO:
    c = get_live(s, Committee, id)
    n = s.scalar(select(func.count()).select_from(Meeting).where(Meeting.committee_id == id,
                                                                 Meeting.deleted_at.is_(None)))
    return committee_dto(c, n or 0)


def letterhead_organization(s: Session, committee_id: str | None = None,
                            committee_ids: list[str] = ()) -> str | None:
    """Whose document this is when the settings name no organisation (the follow-up report, letters,
    the chart): the chosen committee's organisation; else the one whose committees `committee_ids`
    (one per listed resolution) come from, the most of them when several; else the only organisation
    every committee belongs to, if there is one."""
    org = {c.id: c.organization for c in list_committees(s) if c.organization}
    if committee_id is not None:
        return org.get(committee_id)
    counts: dict[str, int] = {}
    for cid in committee_ids:
        if cid in org:
            counts[org[cid]] = counts.get(org[cid], 0) + 1
    if not counts and len(set(org.values())) == 1:
        return next(iter(org.values()))
    return max(counts, key=counts.get) if counts else None


def find_committee(s: Session, name: str) -> CommitteeDTO | None:
    row = s.scalars(live(Committee).where(Committee.name_key == name_key(name))
                    .order_by(Committee.created_at, Committee.id)).first()
    return committee_dto(row) if row else None


def create_committee(s: Session, name: str, organization_id: str | None = None,
                     description: str | None = None) -> Changes:
    name = required_text(name, "name")
    if find_committee(s, name):
        raise ValidationError("name", f"کمیته «{name}» از قبل هست", f"committee '{name}' already exists")
    c = Committee(name=name, name_key=name_key(name), description=optional_text(description),
                  organization_id=get_live(s, Organization, organization_id).id if organization_id else None)
    s.add(c)
    s.flush()
    return Changes(frozenset({"committee"}), (c.id,))


def update_committee(s: Session, id: str, name: str | None = None, organization_id: str | None = None,
                     description: str | None = None) -> Changes:
    c = get_live(s, Committee, id)
    if name is not None:
        c.name = required_text(name, "name")
        c.name_key = name_key(c.name)
    if organization_id is not None:
        c.organization_id = get_live(s, Organization, organization_id).id if organization_id else None
    if description is not None:
        c.description = optional_text(description)
    return Changes(frozenset({"committee"}), (id,))


def delete_committee(s: Session, id: str) -> Changes:
    tombstone(get_live(s, Committee, id))
    return Changes(frozenset({"committee"}), (id,))


def list_members(s: Session, committee_id: str, active_on: dt.date | None = None) -> list[MemberDTO]:
    """The roster, chair first, then secretary, members and guests. With active_on, only memberships
    whose period includes that day."""
    q = live(Membership).join(Person, Membership.person_id == Person.id).where(
        Membership.committee_id == committee_id, Person.deleted_at.is_(None))
    if active_on is not None:
        q = q.where(or_(Membership.start_date.is_(None), Membership.start_date <= active_on),
                    or_(Membership.end_date.is_(None), Membership.end_date >= active_on))
    rows = s.scalars(q).unique().all()
    rows.sort(key=lambda m: (_ROLE_ORDER.get(read(Role, m.role), 9), m.created_at, m.id))
    return [MemberDTO(m.id, m.committee_id, person_dto(m.person), read(Role, m.role), m.start_date, m.end_date)
            for m in rows]


def add_member(s: Session, committee_id: str, person_id: str, role: str = Role.MEMBER,
               start: dt.date | None = None, end: dt.date | None = None) -> Changes:
    get_live(s, Committee, committee_id)
    get_live(s, Person, person_id)
    if start and end and end < start:
        raise ValidationError("end", "پایان عضویت پیش از آغاز آن است", "membership ends before it starts")
    m = Membership(committee_id=committee_id, person_id=person_id, role=_role(role).value,
                   start_date=start, end_date=end)
    s.add(m)
    s.flush()
    return Changes(frozenset({"membership"}), (m.id,))


def update_member(s: Session, membership_id: str, role: str | None = None, start: dt.date | None = None,
                  end: dt.date | None = None) -> Changes:
    m = get_live(s, Membership, membership_id)
    if role is not None:
        m.role = _role(role).value
    if start is not None:
        m.start_date = start
    if end is not None:
        m.end_date = end
    if m.start_date and m.end_date and m.end_date < m.start_date:
        raise ValidationError("end", "پایان عضویت پیش از آغاز آن است", "membership ends before it starts")
    return Changes(frozenset({"membership"}), (membership_id,))


def remove_member(s: Session, membership_id: str) -> Changes:
    tombstone(get_live(s, Membership, membership_id))
    return Changes(frozenset({"membership"}), (membership_id,))


def set_agenda_template(s: Session, committee_id: str, items) -> Changes:
    """The agenda items every new meeting of the committee starts with (e.g. «گزارش دبیر»), in order;
    an empty list clears it. Meetings already made are not changed."""
    c = get_live(s, Committee, committee_id)
    clean = []
    for item in items:
        text = normalize_input(item or "")
        text = " ".join(text.split()) if text else ""
        if text and text not in clean:
            clean.append(text)
    if len(clean) > 50 or any(len(x) > 1000 for x in clean):
        raise ValidationError("agenda_template", "الگوی دستور جلسه بیش از اندازه بلند است",
                              "the agenda template is too long (50 items of 1,000 characters at most)")
    c.agenda_template = "\n".join(clean) or None
    s.flush()
    return Changes(frozenset({"committee"}), (committee_id,))
