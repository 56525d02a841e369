"""Per-body figures (issue 26): how many resolutions each responsible body has, and how many of them
are done, done on time, cancelled, open and overdue. `dabir stats`, its chart, the follow-up report's
chart and the dashboard all read `body_stats`, so the figures agree wherever they are shown.

A body is an organisation. A person named responsible counts for their organisation, or, with none
recorded, under their own name. A resolution with several parties counts once for each body among
them; one with no party is not counted (it has no body to report on).

Written as a few flat queries rather than through list_resolutions: that one builds a full DTO per
resolution (follow-ups, topics, voters, attachments), far more than counting needs on a large file."""
import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import Session, aliased

from app.domain import jalali
from app.domain.enums import OPEN_STATUSES, ResolutionStatus
from app.domain.persian import sort_key
from app.storage.models import FollowUp, Meeting, Organization, Person, Resolution, ResolutionParty

from .resolutions import _deadline_now, amended

FIELDS = ("organisation", "total", "done", "done_on_time", "cancelled", "open", "overdue")


@dataclass(frozen=True)
class BodyStats:
    """One body's figures. `key` identifies it for filters: ("organization", id) or ("person", id)."""
    organisation: str
    total: int = 0
    done: int = 0
    done_on_time: int = 0
    cancelled: int = 0
    open: int = 0
    overdue: int = 0
    key: tuple[str, str] = ("", "")

    def as_json(self) -> dict:
        """Exactly FIELDS, in that order (the `--json` output)."""
        d = asdict(self)
        return {k: d[k] for k in FIELDS}


def resolution_bodies(s: Session, committee_id: str | None = None,
                      resolution_ids: list[str] | None = None) -> dict[str, set[tuple[str, str, str]]]:
    """For each live resolution (of the committee, or among `resolution_ids`), its responsible bodies
    as (kind, id, name), as the module docstring counts them. The letters group by the same rule."""
    if resolution_ids is not None:
        out: dict[str, set] = {}
        for i in range(0, len(resolution_ids), 500):
            out.update(_bodies(s, committee_id, resolution_ids[i:i + 500]))
        return out
    return _bodies(s, committee_id, None)


def _bodies(s: Session, committee_id: str | None, ids: list[str] | None) -> dict[str, set[tuple[str, str, str]]]:
    staff_org = aliased(Organization)
    q = select(ResolutionParty.resolution_id, Organization.id, Organization.name, Person.id, Person.full_name,
               staff_org.id, staff_org.name) \
        .join(Resolution, Resolution.id == ResolutionParty.resolution_id) \
        .join(Meeting, Meeting.id == Resolution.meeting_id) \
        .outerjoin(Organization, Organization.id == ResolutionParty.organization_id) \
        .outerjoin(Person, Person.id == ResolutionParty.person_id) \
        .outerjoin(staff_org, (staff_org.id == Person.organization_id) & staff_org.deleted_at.is_(None)) \
        .where(ResolutionParty.deleted_at.is_(None), Resolution.deleted_at.is_(None), Meeting.deleted_at.is_(None))
    if committee_id:
        q = q.where(Meeting.committee_id == committee_id)
    if ids is not None:
        q = q.where(ResolutionParty.resolution_id.in_(ids))
    out: dict[str, set] = {}
    for rid, org_id, org_name, person_id, person_name, staff_id, staff_name in s.execute(q):
        if org_id:
            body = ("organization", org_id, org_name)
        elif staff_id:
            body = ("organization", staff_id, staff_name)
        elif person_id:
            body = ("person", person_id, person_name)
        else:
            continue
        out.setdefault(rid, set()).add(body)
    return out


def _done_since():
    """When a resolution became done, as SQL: the date of the first follow-up of its last unbroken run
    of «done» follow-ups (follow-ups ordered by date, then when recorded, then id, as derive_status
    orders them); NULL when no follow-up says done."""
    f, g = aliased(FollowUp), aliased(FollowUp)
    done = ResolutionStatus.DONE.value
    later_reopened = exists().where(
        g.resolution_id == Resolution.id, g.deleted_at.is_(None), g.status != done,
        or_(g.date > f.date, and_(g.date == f.date, or_(g.created_at > f.created_at,
                                                        and_(g.created_at == f.created_at, g.id > f.id))))) \
        .correlate_except(g)
    return select(func.min(f.date)).where(f.resolution_id == Resolution.id, f.deleted_at.is_(None),
                                          f.status == done, ~later_reopened) \
        .correlate(Resolution).scalar_subquery()


def _flags(s: Session, committee_id: str | None, as_of: dt.date, suspects_only: bool = False):
    """One row per (resolution, party) with the party's body and the resolution's figures as 0/1
    flags. The body is the party's organisation, else (a person) their live organisation, else the
    person. `suspects_only`: only resolutions with a person among their parties, the only ones where
    two parties can be one body (an organisation and its staff member, two of its staff)."""
    staff_org = aliased(Organization)
    kind = case((ResolutionParty.organization_id.is_not(None), "organization"),
                (staff_org.id.is_not(None), "organization"), else_="person")
    body = func.coalesce(ResolutionParty.organization_id, staff_org.id, ResolutionParty.person_id)
    deadline = _deadline_now(amended(s))
    status = Resolution.status
    is_open = status.in_([st.value for st in OPEN_STATUSES])
    finished = func.coalesce(_done_since(), Meeting.date)
    # CASE evaluates the follow-up subquery for done resolutions only
    on_time = case((status != ResolutionStatus.DONE.value, 0), (deadline.is_(None), 1),
                   (func.coalesce(finished, deadline) <= deadline, 1), else_=0)   # no date known: on time
    overdue = case((and_(is_open, deadline.is_not(None), deadline < as_of), 1), else_=0)
    q = select(Resolution.id.label("rid"), kind.label("kind"), body.label("bid"),
               case((status == ResolutionStatus.DONE.value, 1), else_=0).label("done"), on_time.label("done_on_time"),
               case((status == ResolutionStatus.CANCELLED.value, 1), else_=0).label("cancelled"),
               case((is_open, 1), else_=0).label("open"), overdue.label("overdue")) \
        .select_from(ResolutionParty) \
        .join(Resolution, Resolution.id == ResolutionParty.resolution_id) \
        .join(Meeting, Meeting.id == Resolution.meeting_id) \
        .outerjoin(Person, Person.id == ResolutionParty.person_id) \
        .outerjoin(staff_org, (staff_org.id == Person.organization_id) & staff_org.deleted_at.is_(None)) \
        .where(ResolutionParty.deleted_at.is_(None), Resolution.deleted_at.is_(None), Meeting.deleted_at.is_(None),
               body.is_not(None))
    if committee_id:
        q = q.where(Meeting.committee_id == committee_id)
    if suspects_only:
        q = q.where(Resolution.id.in_(select(ResolutionParty.resolution_id).where(
            ResolutionParty.person_id.is_not(None), ResolutionParty.deleted_at.is_(None))))
    return q.subquery()


COUNTED = ("done", "done_on_time", "cancelled", "open", "overdue")


def _names(s: Session, keys) -> dict[tuple[str, str], str]:
    out = {}
    for kind, model, column in (("organization", Organization, Organization.name), ("person", Person, Person.full_name)):
        ids = [id_ for k, id_ in keys if k == kind]
        for i in range(0, len(ids), 500):
            out.update({(kind, id_): name for id_, name in s.execute(
                select(model.id, column).where(model.id.in_(ids[i:i + 500])))})
    return out


def body_stats(s: Session, committee_id: str | None = None, as_of: dt.date | None = None) -> list[BodyStats]:
    """Per body, in Persian alphabetical order: total resolutions (cancelled included), done, done on
    time (done, and done on or before the deadline that stands, an approved amendment's if any; one
    with no deadline is on time; one done with no follow-up counts as done at its meeting), cancelled,
    open (pending or in progress) and overdue (open, past the standing deadline on `as_of`, default
    today). Statuses are the current ones; `as_of` only moves the day overdue is judged on.

    Counted by the database (GROUP BY body): reading the 10,000-meeting demo's 100,000 resolutions
    into Python took seconds. A resolution is counted once per body even when two of its parties are
    one body: such pairs are looked for among the few resolutions with a person as party, and the
    extra rows taken off, rather than making the database deduplicate every row (twice as slow)."""
    as_of = as_of or jalali.today()
    rows = _flags(s, committee_id, as_of)
    q = select(rows.c.kind, rows.c.bid, func.count(), *(func.sum(rows.c[k]) for k in COUNTED)) \
        .group_by(rows.c.kind, rows.c.bid)
    counts = {(kind, bid): dict(total=total, **{k: int(v or 0) for k, v in zip(COUNTED, figures)})
              for kind, bid, total, *figures in s.execute(q)}
    seen = set()
    suspects = _flags(s, committee_id, as_of, suspects_only=True)
    for rid, kind, bid, *figures in s.execute(select(suspects.c.rid, suspects.c.kind, suspects.c.bid,
                                                     *(suspects.c[k] for k in COUNTED))):
        if (rid, kind, bid) in seen:          # this resolution was counted for this body already
            c = counts[(kind, bid)]
            c["total"] -= 1
            for k, v in zip(COUNTED, figures):
                c[k] -= int(v)
        seen.add((rid, kind, bid))
    names = _names(s, list(counts))
    out = [BodyStats(names.get(key, "?"), key=key, **c) for key, c in counts.items()]
    return sorted(out, key=lambda b: (sort_key(b.organisation), b.key))
