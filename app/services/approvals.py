"""When an amendment was approved, and what approved amendments had done to resolutions by a given
day (issue 25: minutes, reports and letters of a past day see only what stood then).

Amendments carry no approval date of their own (adding one is a schema change, left for the
combined migration): the day is read from the audit log, the first entry that made the amendment
«approved» (its status update, or, for one that arrived already approved by a merge, its creation
here: the day this file learned of it). The entry's UTC time is taken as a local calendar day, as
`jalali.today()` is. An amendment with no such entry has no known day and is held against no day."""
import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.enums import AmendmentStatus, ChangeKind
from app.storage.models import Amendment, AmendmentChange, AuditEntry, Resolution

APPROVED = AmendmentStatus.APPROVED.value


def _local_day(at: dt.datetime) -> dt.date:
    return at.replace(tzinfo=dt.timezone.utc).astimezone().date()


def approved_on(s: Session, amendment_ids) -> dict[str, dt.date]:
    """The local day each of `amendment_ids` was approved, by the audit log; missing if unknown."""
    ids = list(dict.fromkeys(amendment_ids))
    out: dict[str, dt.date] = {}
    for i in range(0, len(ids), 500):
        q = select(AuditEntry.entity_id, AuditEntry.at, AuditEntry.changes).where(
            AuditEntry.entity == "amendment", AuditEntry.entity_id.in_(ids[i:i + 500]),
            AuditEntry.changes.contains(f'"{APPROVED}"')).order_by(AuditEntry.at, AuditEntry.id)
        for aid, at, changes in s.execute(q):
            if aid in out or at is None:
                continue
            try:
                status = json.loads(changes).get("status")
            except (ValueError, AttributeError):
                continue                       # not an entry Dabir wrote: no day from it
            became = status[-1] if isinstance(status, list) and status else status
            if became == APPROVED:
                out[aid] = _local_day(at)
    return out


@dataclass(frozen=True)
class AmendedBy:
    """What amendments approved by a day had done to one resolution."""
    cancelled: bool = False
    deadline_moved: bool = False
    deadline: dt.date | None = None


def amended_by(s: Session, resolution_ids, day: dt.date) -> dict[str, AmendedBy]:
    """For each of `resolution_ids` that an amendment approved on or before `day` cancelled or gave a
    new deadline: whether it was cancelled, and the deadline standing that day (the latest such
    amendment's, as `resolutions.amended` orders them)."""
    ids = list(dict.fromkeys(resolution_ids))
    kinds = (ChangeKind.RESOLUTION_CANCEL.value, ChangeKind.RESOLUTION_DEADLINE.value)
    rows = []
    for i in range(0, len(ids), 500):
        rows += s.execute(
            select(AmendmentChange.target_id, AmendmentChange.kind, AmendmentChange.new_value, Amendment.id)
            .join(Amendment, Amendment.id == AmendmentChange.amendment_id)
            .join(Resolution, Resolution.id == AmendmentChange.target_id)
            .where(Amendment.status == APPROVED, Amendment.deleted_at.is_(None), AmendmentChange.deleted_at.is_(None),
                   AmendmentChange.kind.in_(kinds), Resolution.meeting_id == Amendment.meeting_id,
                   AmendmentChange.target_id.in_(ids[i:i + 500]))
            .order_by(Amendment.number, AmendmentChange.position, AmendmentChange.created_at, AmendmentChange.id)).all()
    days = approved_on(s, [aid for *_, aid in rows])
    found: dict[str, dict] = {}
    for rid, kind, value, aid in rows:
        if aid not in days or days[aid] > day:
            continue                            # approved later (or on no known day): not yet standing
        f = found.setdefault(rid, {})
        if kind == ChangeKind.RESOLUTION_CANCEL.value:
            f["cancelled"] = True
        else:
            try:
                f.update(deadline=dt.date.fromisoformat(value) if value else None, deadline_moved=True)
            except ValueError:                  # not a date (written outside Dabir): the original stands
                continue
    return {rid: AmendedBy(**f) for rid, f in found.items()}


def added_by(s: Session, resolution_ids) -> dict[str, dt.date | None]:
    """For each of `resolution_ids` that an amendment added, the day that amendment was approved (None
    if the audit log does not say): before it, the resolution did not exist."""
    ids = list(dict.fromkeys(resolution_ids))
    pairs = []
    for i in range(0, len(ids), 500):
        pairs += s.execute(select(Resolution.id, Resolution.amendment_id).where(
            Resolution.id.in_(ids[i:i + 500]), Resolution.amendment_id.is_not(None))).all()
    days = approved_on(s, [aid for _, aid in pairs])
    return {rid: days.get(aid) for rid, aid in pairs}
