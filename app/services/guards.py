"""The rules every writer needs, on a session or a connection, kept below the services that use them
(issue 27): may this meeting be edited, which resolutions approved amendments cancelled, a
resolution's derived status, the attachments' names per owner, closing conflicts another office
decided. This module imports no other service, so any service may import it without a circle."""
import datetime as dt

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from app.domain.enums import AmendmentStatus, ChangeKind, MeetingStatus, ResolutionStatus, read
from app.domain.rules import FollowUpKey, derive_status, ensure_editable
from app.storage.merge_models import MergeConflict
from app.storage.models import Amendment, AmendmentChange, Attachment, FollowUp, Meeting, Resolution, utcnow

from ._rows import get_live, live


def editable_meeting(s: Session, meeting_id: str) -> Meeting:
    """The meeting, if it may still be edited (not approved)."""
    m = get_live(s, Meeting, meeting_id)
    ensure_editable(read(MeetingStatus, m.status), m.number)
    return m


def cancelled_resolutions(conn: Connection, resolution_ids=None) -> dict[str, int]:
    """Resolutions an approved amendment of their own meeting cancelled, {id: the first such amendment's
    number}; all of them, or those in `resolution_ids`. On a connection, because the derived status
    is also worked out by merges (conflicts.refresh_derived_status). Amendments are few: one query."""
    a, c, r = Amendment.__table__, AmendmentChange.__table__, Resolution.__table__
    q = select(c.c.target_id, func.min(a.c.number)).join(a, a.c.id == c.c.amendment_id) \
        .join(r, r.c.id == c.c.target_id) \
        .where(a.c.status == AmendmentStatus.APPROVED.value, a.c.deleted_at.is_(None), c.c.deleted_at.is_(None),
               c.c.kind == ChangeKind.RESOLUTION_CANCEL.value, r.c.meeting_id == a.c.meeting_id) \
        .group_by(c.c.target_id)
    found = dict(conn.execute(q).all())
    if resolution_ids is None:
        return found
    return {rid: found[rid] for rid in resolution_ids if rid in found}


def cancel_targets(conn: Connection) -> set[str]:
    """Every resolution any amendment row, live or not, approved or not, names for cancelling: those
    whose derived status a merge or a conflict decision over amendments may have changed."""
    c = AmendmentChange.__table__
    return set(conn.scalars(select(c.c.target_id).where(c.c.kind == ChangeKind.RESOLUTION_CANCEL.value,
                                                        c.c.target_id.is_not(None))))


def follow_up_rows(s: Session, resolution_ids: list[str]) -> dict[str, list[FollowUp]]:
    """The live follow-ups of each resolution, oldest first (date, then when recorded, then id)."""
    out: dict[str, list[FollowUp]] = {}
    for i in range(0, len(resolution_ids), 500):
        for f in s.scalars(live(FollowUp).where(FollowUp.resolution_id.in_(resolution_ids[i:i + 500]))):
            out.setdefault(f.resolution_id, []).append(f)
    for rows in out.values():
        rows.sort(key=lambda f: (f.date or dt.date.min, f.created_at or dt.datetime.min, f.id))
    return out


def refresh_status(s: Session, resolution_id: str) -> ResolutionStatus:
    """Recompute the stored (derived) status from the follow-ups. Merges call this too, so every office
    derives the same status from the same follow-ups."""
    r = get_live(s, Resolution, resolution_id)
    s.flush()
    fus = follow_up_rows(s, [resolution_id]).get(resolution_id, [])
    status = derive_status(read(ResolutionStatus, r.base_status),
                           [FollowUpKey(f.date, f.created_at, f.id, read(ResolutionStatus, f.status)) for f in fus],
                           cancelled=bool(cancelled_resolutions(s.connection(), [resolution_id])))
    if r.status != status.value:
        r.status = status.value
    return status


def names_by_owner(s: Session, col: str, ids: list[str]) -> dict[str, list[str]]:
    """Attachment names per owner id (for the minutes: listed by name), without reading the bytes."""
    out: dict[str, list[str]] = {}
    c = getattr(Attachment, col)
    for i in range(0, len(ids), 500):
        for owner, name in s.execute(select(c, Attachment.name).where(c.in_(ids[i:i + 500]),
                                                                      Attachment.deleted_at.is_(None))
                                     .order_by(Attachment.created_at, Attachment.id)):
            out.setdefault(owner, []).append(name)
    return out


def settle(conn: Connection, entity: str, row_id: str, fields) -> None:
    """The other office decided these fields (its decision arrived in a merge): close our open
    conflicts on them."""
    t = MergeConflict.__table__
    conn.execute(t.update().where(t.c.resolved_at.is_(None), t.c.entity == entity, t.c.row_id == row_id,
                                  t.c.field.in_(list(fields)), t.c.kind != "number")
                 .values(resolved_at=utcnow(), resolution="settled"))
