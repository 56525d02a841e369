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

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.domain import jalali
from app.domain.enums import OPEN_STATUSES, ResolutionStatus, read
from app.domain.persian import sort_key
from app.domain.rules import is_overdue
from app.storage.models import FollowUp, Meeting, Organization, Person, Resolution, ResolutionParty

from .resolutions import amended

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


def _done_dates(s: Session, committee_id: str | None) -> dict[str, dt.date]:
    """When each done resolution became done: the date of the first follow-up of its last unbroken run
    of «done» follow-ups. A resolution recorded done with no follow-up has no entry."""
    q = select(FollowUp.resolution_id, FollowUp.date, FollowUp.created_at, FollowUp.id, FollowUp.status) \
        .join(Resolution, Resolution.id == FollowUp.resolution_id) \
        .join(Meeting, Meeting.id == Resolution.meeting_id) \
        .where(FollowUp.deleted_at.is_(None), Resolution.deleted_at.is_(None),
               Resolution.status == ResolutionStatus.DONE.value, Meeting.deleted_at.is_(None))
    if committee_id:
        q = q.where(Meeting.committee_id == committee_id)
    by_resolution: dict[str, list] = {}
    for rid, date, created, fid, status in s.execute(q):
        by_resolution.setdefault(rid, []).append((date or dt.date.min, created or dt.datetime.min, fid, status))
    out = {}
    for rid, rows in by_resolution.items():
        rows.sort()
        since = None
        for date, _created, _fid, status in rows:
            if status == ResolutionStatus.DONE.value:
                since = since or date
            else:
                since = None
        if since is not None and since != dt.date.min:
            out[rid] = since
    return out


def body_stats(s: Session, committee_id: str | None = None, as_of: dt.date | None = None) -> list[BodyStats]:
    """Per body, in Persian alphabetical order: total resolutions (cancelled included), done, done on
    time (done, and done on or before the deadline that stands, an approved amendment's if any; one
    with no deadline is on time; one done with no follow-up counts as done at its meeting), cancelled,
    open (pending or in progress) and overdue (open, past the standing deadline on `as_of`, default
    today). Statuses are the current ones; `as_of` only moves the day overdue is judged on."""
    as_of = as_of or jalali.today()
    q = select(Resolution.id, Resolution.status, Resolution.deadline, Meeting.date) \
        .join(Meeting, Meeting.id == Resolution.meeting_id) \
        .where(Resolution.deleted_at.is_(None), Meeting.deleted_at.is_(None))
    if committee_id:
        q = q.where(Meeting.committee_id == committee_id)
    rows = s.execute(q).all()
    bodies = resolution_bodies(s, committee_id)
    changed = amended(s)
    done_on = _done_dates(s, committee_id)
    counts: dict[tuple[str, str], dict] = {}
    names: dict[tuple[str, str], str] = {}
    for rid, status, deadline, meeting_date in rows:
        if rid not in bodies:
            continue
        st = read(ResolutionStatus, status)
        change = changed.get(rid)
        if change is not None and change.deadline_in is not None:
            deadline = change.deadline
        finished = done_on.get(rid, meeting_date)
        figures = {"total": 1, "done": st == ResolutionStatus.DONE,
                   "done_on_time": st == ResolutionStatus.DONE and (deadline is None or finished is None
                                                                    or finished <= deadline),
                   "cancelled": st == ResolutionStatus.CANCELLED, "open": st in OPEN_STATUSES,
                   "overdue": is_overdue(deadline, st, as_of)}
        for kind, id_, name in bodies[rid]:
            c = counts.setdefault((kind, id_), dict.fromkeys(FIELDS[1:], 0))
            names[(kind, id_)] = name
            for k, v in figures.items():
                c[k] += int(v)
    out = [BodyStats(names[key], key=key, **c) for key, c in counts.items()]
    return sorted(out, key=lambda b: (sort_key(b.organisation), b.key))
