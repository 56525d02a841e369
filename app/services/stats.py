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


def _parties_with_bodies(*columns):
    """SELECT `columns` plus each live party's body (kind, id) FROM resolution_party joined to its live
    resolution and meeting. The one rule for what a body is: the party's organisation, else (a
    person) their live organisation, else the person themself. Letters and figures both use it."""
    staff_org = aliased(Organization)
    kind = case((ResolutionParty.organization_id.is_not(None), "organization"),
                (staff_org.id.is_not(None), "organization"), else_="person")
    body = func.coalesce(ResolutionParty.organization_id, staff_org.id, ResolutionParty.person_id)
    return select(*columns, kind.label("kind"), body.label("bid")) \
        .select_from(ResolutionParty) \
        .join(Resolution, Resolution.id == ResolutionParty.resolution_id) \
        .join(Meeting, Meeting.id == Resolution.meeting_id) \
        .outerjoin(Person, Person.id == ResolutionParty.person_id) \
        .outerjoin(staff_org, (staff_org.id == Person.organization_id) & staff_org.deleted_at.is_(None)) \
        .where(ResolutionParty.deleted_at.is_(None), Resolution.deleted_at.is_(None), Meeting.deleted_at.is_(None),
               body.is_not(None))


def resolution_bodies(s: Session, committee_id: str | None = None,
                      resolution_ids: list[str] | None = None) -> dict[str, set[tuple[str, str, str]]]:
    """For each live resolution (of the committee, or among `resolution_ids`), its responsible bodies
    as (kind, id, name), as the module docstring counts them. The letters group by the same rule."""
    q = _parties_with_bodies(Resolution.id.label("rid"))
    if committee_id:
        q = q.where(Meeting.committee_id == committee_id)
    chunks = [None] if resolution_ids is None else \
        [resolution_ids[i:i + 500] for i in range(0, len(resolution_ids), 500)]
    pairs = []
    for ids in chunks:
        pairs += s.execute(q if ids is None else q.where(Resolution.id.in_(ids))).all()
    names = _names(s, {(kind, bid) for _, kind, bid in pairs})
    out: dict[str, set] = {}
    for rid, kind, bid in pairs:
        out.setdefault(rid, set()).add((kind, bid, names.get((kind, bid), "?")))
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
    flags. `suspects_only`: only resolutions with a person among their parties, the only ones where
    two parties can be one body (an organisation and its staff member, two of its staff)."""
    deadline = _deadline_now(amended(s))
    status = Resolution.status
    is_open = status.in_([st.value for st in OPEN_STATUSES])
    finished = func.coalesce(_done_since(), Meeting.date)
    # CASE evaluates the follow-up subquery for done resolutions only
    on_time = case((status != ResolutionStatus.DONE.value, 0), (deadline.is_(None), 1),
                   (func.coalesce(finished, deadline) <= deadline, 1), else_=0)   # no date known: on time
    overdue = case((and_(is_open, deadline.is_not(None), deadline < as_of), 1), else_=0)
    q = _parties_with_bodies(
        Resolution.id.label("rid"), case((status == ResolutionStatus.DONE.value, 1), else_=0).label("done"),
        on_time.label("done_on_time"), case((status == ResolutionStatus.CANCELLED.value, 1), else_=0).label("cancelled"),
        case((is_open, 1), else_=0).label("open"), overdue.label("overdue"))
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
