"""Undo and the recycle bin (سطل بازیافت), issue 14.

Every local write passes the audit hook (app/storage/audit.py), which records each row's changes as
{field: [old, new]} under the session's `batch`. Undo takes the newest batch back: a created row is
tombstoned, an update or a deletion has its old values put back. A deleted row (a tombstone) is listed
in the recycle bin and restored by clearing `deleted_at`. Both are ordinary edits: they pass the same
hook (so they are audited, with one extra "undo"/"restore" entry naming what was taken back) and they
travel through merges like any other change of a field.

Approved meetings stay locked: nothing under an approved meeting is undone or restored (follow-ups
excepted, which are allowed on approved meetings), and an approval itself is never undone.
"""
import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.enums import MeetingStatus, read
from app.domain.errors import LockedError, NotFoundError, ValidationError
from app.domain.persian import to_persian_digits
from app.domain.rules import ensure_editable, next_number
from app.storage.audit import plain_value
from app.storage.merge_models import MergeConflict
from app.storage.models import (AgendaItem, Amendment, AmendmentChange, Attachment, Attendance, AuditEntry, Committee, FollowUp, Meeting,
                                MeetingTopic, Membership, Organization, Person, Resolution, ResolutionParty,
                                ResolutionTopic, ResolutionVote, Topic, new_id, utcnow)

from .dto import Changes
from .guards import refresh_status

# what undo and the recycle bin may touch: the rows a secretary edits (not settings, the register of
# issued documents, certificates or the merge's own tables)
MODELS = {m.__tablename__: m for m in (Organization, Person, Committee, Membership, Meeting, AgendaItem,
                                       Attendance, Resolution, ResolutionParty, FollowUp, Topic, MeetingTopic,
                                       ResolutionTopic, ResolutionVote, Attachment, Amendment, AmendmentChange)}
# what the recycle bin lists (parties and topic tags are replaced wholesale by edits: not worth listing)
BIN_KINDS = ("meeting", "agenda_item", "attendance", "resolution", "follow_up", "attachment", "committee",
             "person", "organization")
# a resolution's stored status is derived from its follow-ups (seals.IGNORED): recomputed, never put back
DERIVED = {"status"}
KIND_FA = {"meeting": "جلسه", "agenda_item": "دستور جلسه", "attendance": "حضور", "resolution": "مصوبه",
           "follow_up": "پیگیری", "attachment": "پیوست", "committee": "کمیته", "person": "شخص",
           "organization": "دستگاه", "resolution_vote": "رأی"}


class NothingToUndo(ValidationError):
    def __init__(self):
        super().__init__("undo", "کاری برای واگردانی نیست", "nothing to undo")


@dataclass(frozen=True)
class DeletedRowDTO:
    entity: str           # table name
    id: str
    kind: str             # its Persian name
    label: str            # what it was: a title, a text, a name
    where: str            # the meeting it belonged to, if any ("جلسه ۷ — کمیته …")
    deleted_at: dt.datetime | None


# --- which meeting a row belongs to (its lock) -----------------------------------------------------

def _meeting_of(s: Session, row) -> Meeting | None:
    if isinstance(row, Meeting):
        return row
    meeting_id = getattr(row, "meeting_id", None)
    if meeting_id is None:
        resolution_id = getattr(row, "resolution_id", None)
        if resolution_id is None and getattr(row, "follow_up_id", None):
            f = s.get(FollowUp, row.follow_up_id)
            resolution_id = f.resolution_id if f else None
        if resolution_id is not None:
            r = s.get(Resolution, resolution_id)
            meeting_id = r.meeting_id if r else None
    return s.get(Meeting, meeting_id) if meeting_id else None


def _ensure_unlocked(s: Session, row) -> None:
    """Refuses a row under an approved meeting. Follow-ups (and what is attached to them) may be
    recorded after approval, and so may be taken back."""
    if isinstance(row, FollowUp) or (isinstance(row, Attachment) and row.follow_up_id):
        return
    if isinstance(row, (Amendment, AmendmentChange)):   # under its own approval, not the meeting's
        a = row if isinstance(row, Amendment) else s.get(Amendment, row.amendment_id)
        if a is not None and a.status == "approved":
            raise LockedError(f"اصلاحیه {to_persian_digits(a.number)} تصویب شده و قفل است",
                              f"amendment {a.number} is approved and locked")
        return
    m = _meeting_of(s, row)
    if m is not None:
        ensure_editable(read(MeetingStatus, m.status), m.number)


def _typed(model, f: str, plain):
    """A value from an audit entry back in its column's type."""
    if plain is None:
        return None
    col = model.__table__.c[f]
    try:
        kind = col.type.python_type
    except NotImplementedError:
        return plain
    if kind is dt.datetime and isinstance(plain, str):
        return dt.datetime.fromisoformat(plain)
    if kind is dt.date and isinstance(plain, str):
        return dt.date.fromisoformat(plain)
    return plain


# --- undo ---------------------------------------------------------------------------------------

def _undoable_batches(s: Session, after: int):
    """Batches of local edits, newest first, after audit position `after`, not undone already and not
    themselves an undo. A generator: the log is read from its end only as far as needed."""
    undone = set(s.scalars(select(AuditEntry.entity_id).where(AuditEntry.action == "undo", *_own(s))))
    own_undos = set(s.scalars(select(AuditEntry.batch).where(AuditEntry.action == "undo", *_own(s))))
    seen = set()
    rows = s.execute(select(AuditEntry.batch).where(AuditEntry.batch.is_not(None), _rowid() > after,
                                                    AuditEntry.actor != "merge", *_own(s))
                     .order_by(_rowid().desc()).execution_options(yield_per=500))
    for (batch,) in rows:
        if batch in seen:
            continue
        seen.add(batch)
        if batch not in undone and batch not in own_undos:
            yield batch


def _own(s: Session) -> tuple:
    """On a server, an office undoes only its own batches: entries its role wrote (the server names
    the actor, app/storage/server_acl.py), never a batch someone else planted entries in."""
    if s.get_bind().dialect.name != "postgresql":
        return ()
    return (AuditEntry.actor == s.info.get("actor"),)


def _rowid():
    from sqlalchemy import literal_column
    return literal_column("audit_entry.rowid")


def audit_mark(s: Session) -> int:
    """The audit log's current position: a GUI session undoes only what came after it."""
    return s.scalar(select(func.coalesce(func.max(_rowid()), 0)).select_from(AuditEntry)) or 0


def can_undo(s: Session, after: int = 0) -> bool:
    return any(_batch_entries(s, b) for b in _undoable_batches(s, after))


def _batch_entries(s: Session, batch: str) -> list[AuditEntry]:
    return [e for e in s.scalars(select(AuditEntry).where(AuditEntry.batch == batch, *_own(s)).order_by(_rowid()))
            if e.entity in MODELS and e.action in ("create", "update", "delete")]


def undo_last(s: Session, after: int = 0) -> Changes:
    """Take back the newest batch of local edits made after audit position `after` (0: any). Refused,
    with nothing changed, when a row has changed since (another edit, a merge), or lies under an
    approved meeting. Returns the Changes of what was put back."""
    for batch in _undoable_batches(s, after):
        entries = _batch_entries(s, batch)
        if entries:
            return _undo(s, batch, entries)
    raise NothingToUndo()


def _undo(s: Session, batch: str, entries: list[AuditEntry]) -> Changes:
    plan, resolutions = [], set()
    for e in reversed(entries):
        model = MODELS[e.entity]
        row = s.get(model, e.entity_id)
        if row is None:
            continue
        try:
            changes = json.loads(e.changes)
        except ValueError:
            changes = {}
        if isinstance(row, Resolution) and e.action == "update" and isinstance(changes, dict) \
                and set(changes) <= DERIVED:
            # a follow-up's consequence, even on approved minutes: recomputed below, not put back
            resolutions.add(row.id)
            continue
        _ensure_unlocked(s, row)
        if e.action == "create":
            plan.append((row, {"deleted_at": (None, "now")}))
            continue
        fields = {}
        for f, pair in changes.items():
            if f not in model.__table__.c or not isinstance(pair, list) or len(pair) != 2:
                continue
            old, new = pair
            if isinstance(new, str) and new.startswith("<") and new.endswith(" bytes>"):
                raise ValidationError("undo", "این ویرایش (تصویر امضا) واگردانی نمی‌شود",
                                      "this edit (a signature image) cannot be undone")
            fields[f] = (new, old)
        plan.append((row, fields))
    # a later edit (or a merge) changed a row since: its value is not ours to take back
    current = {}
    for row, fields in plan:
        for f, (expected, _) in fields.items():
            key = (id(row), f)
            value = current.get(key, plain_value(getattr(row, f)))
            if value != expected:
                raise ValidationError("undo", "این ویرایش پس از آن دوباره تغییر کرده است و واگردانی نمی‌شود",
                                      "this edit has been changed since and cannot be undone")
            current[key] = fields[f][1]
    now = utcnow()
    tables, ids = set(), []
    for row, fields in plan:
        for f, (_, old) in fields.items():
            if f == "deleted_at" and old is None and isinstance(row, Meeting):
                _check_meeting_number(s, row)
            if f == "deleted_at" and old is None and getattr(row, "deleted_at", None) is None:
                continue
            setattr(row, f, now if old == "now" else _typed(type(row), f, old))
        tables.add(type(row).__tablename__)
        ids.append(row.id)
        if isinstance(row, (Resolution, FollowUp)):
            resolutions.add(row.id if isinstance(row, Resolution) else row.resolution_id)
    s.flush()
    _refresh(s, resolutions)
    _summary(s, "undo", "undo", batch, {"entries": len(entries)})
    return Changes(frozenset(tables | {"undo"}), tuple(ids))


def _refresh(s: Session, resolution_ids) -> None:
    for rid in resolution_ids:
        r = s.get(Resolution, rid)
        if r is not None and r.deleted_at is None:
            refresh_status(s, rid)


def _summary(s: Session, action: str, entity: str, entity_id: str, what: dict) -> None:
    """One entry saying what the batch was (the rows' own entries are written by the hook)."""
    batch = s.info.setdefault("audit_batch", new_id())
    s.add(AuditEntry(at=utcnow(), actor=s.info.get("actor") or "dabir", action=action, entity=entity,
                     entity_id=entity_id, changes=json.dumps(what, ensure_ascii=False, sort_keys=True),
                     changed_in=s.info.get("office_id"), batch=batch))
    s.flush()


def _check_meeting_number(s: Session, m: Meeting) -> None:
    clash = s.scalar(select(Meeting.id).where(Meeting.committee_id == m.committee_id, Meeting.number == m.number,
                                              Meeting.deleted_at.is_(None), Meeting.id != m.id))
    if clash:
        n = to_persian_digits(m.number)
        raise ValidationError("number", f"جلسه شماره {n} اکنون در این کمیته هست؛ نخست شماره آن را عوض کنید",
                              f"meeting number {m.number} is now taken in this committee; renumber it first")


# --- the recycle bin ----------------------------------------------------------------------------

def _held_aside(s: Session) -> set[str]:
    """Rows a merge keeps tombstoned until the secretary decides: they are a question, not a deletion."""
    return set(s.scalars(select(MergeConflict.row_id).where(MergeConflict.resolved_at.is_(None),
                                                           MergeConflict.field == "deleted_at")))


def _meeting_label(m: Meeting | None) -> str:
    if m is None:
        return ""
    name = m.committee.name if m.committee is not None else ""
    return f"جلسه {to_persian_digits(m.number)} — {name}"


def _label(row) -> str:
    for f in ("title", "text", "full_name", "name", "note"):
        value = getattr(row, f, None)
        if isinstance(value, str) and value:
            return value if len(value) <= 120 else value[:117] + "…"
    if isinstance(row, Attendance) and row.person is not None:
        return row.person.full_name
    if isinstance(row, FollowUp):
        return row.letter_number or ""
    return ""


def list_deleted(s: Session, limit: int = 500) -> list[DeletedRowDTO]:
    """Deleted rows, newest deletion first, at most `limit` (the newest are what one looks for)."""
    held = _held_aside(s)
    found = []
    for entity in BIN_KINDS:
        model = MODELS[entity]
        q = select(model).where(model.deleted_at.is_not(None)).order_by(model.deleted_at.desc()).limit(limit)
        for row in s.scalars(q).unique():
            if row.id in held:
                continue
            found.append(DeletedRowDTO(entity, row.id, KIND_FA[entity], _label(row),
                                       "" if isinstance(row, Meeting) else _meeting_label(_meeting_of(s, row)),
                                       row.deleted_at))
    found.sort(key=lambda d: d.deleted_at or dt.datetime.min, reverse=True)
    return found[:limit]


_PARENTS = {"agenda_item": ("meeting_id",), "attendance": ("meeting_id", "person_id"),
            "resolution": ("meeting_id",), "follow_up": ("resolution_id",), "meeting": ("committee_id",),
            "membership": ("committee_id", "person_id"),
            "attachment": ("meeting_id", "resolution_id", "follow_up_id")}


def restore(s: Session, entity: str, id: str) -> Changes:
    """Bring a deleted row back (clear its tombstone). Refused if what it belongs to is itself deleted
    (restore that first), if it lies under an approved meeting, or if a merge holds it aside."""
    model = MODELS.get(entity)
    row = s.get(model, id) if model is not None and entity in BIN_KINDS else None
    if row is None or row.deleted_at is None:
        raise NotFoundError(f"ردیف حذف‌شده‌ای با شناسه «{id}» پیدا نشد", f"no deleted {entity} '{id}'")
    if id in _held_aside(s):
        raise ValidationError("deleted_at", "این ردیف در انتظار تصمیم ادغام است؛ از «ادغام» تصمیم بگیرید",
                              "this row awaits a merge decision; decide it under Sharing")
    for col in _PARENTS.get(entity, ()):
        parent_id = getattr(row, col)
        if parent_id is None:
            continue
        fk = next(iter(model.__table__.c[col].foreign_keys))
        parent = s.get(MODELS[fk.column.table.name], parent_id)
        if parent is not None and parent.deleted_at is not None:
            kind = KIND_FA.get(fk.column.table.name, fk.column.table.name)
            raise ValidationError("deleted_at", f"این ردیف از آنِ یک {kind} حذف‌شده است؛ نخست آن را بازگردانید",
                                  f"it belongs to a deleted {fk.column.table.name}; restore that first")
    _ensure_unlocked(s, row)
    if isinstance(row, Meeting):
        _check_meeting_number(s, row)
    if isinstance(row, Resolution):
        taken = set(s.scalars(select(Resolution.number).where(Resolution.meeting_id == row.meeting_id,
                                                              Resolution.deleted_at.is_(None))))
        if row.number in taken:
            row.number = next_number(taken)
    if isinstance(row, AgendaItem):
        row.position = s.scalar(select(func.count()).select_from(AgendaItem).where(
            AgendaItem.meeting_id == row.meeting_id, AgendaItem.deleted_at.is_(None))) + 1
    row.deleted_at = None
    s.flush()
    if isinstance(row, (Resolution, FollowUp)):
        _refresh(s, {row.id if isinstance(row, Resolution) else row.resolution_id})
    _summary(s, "restore", entity, id, {"deleted_at": "restored"})
    return Changes(frozenset({entity, "restore"}), (id,))
