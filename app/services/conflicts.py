"""Merge conflicts: what a merge would not decide alone, listed for the secretary, who keeps the local
value ("mine") or takes the other office's ("theirs"). Deciding writes through the ORM like any edit,
so the decision is audited and travels to the other office with the next merge."""
import base64
import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from app.domain.errors import LockedError, NotFoundError, ValidationError
from app.domain.enums import MeetingStatus
from app.domain.persian import to_persian_digits
from app.domain.rules import next_number, resolution_code
from app.storage.merge_models import MergeConflict
from app.storage.audit import plain_value
from app.storage.models import AuditEntry, Base, Meeting, Resolution, new_id, utcnow

from .guards import cancel_targets, cancelled_resolutions

CHOICES = ("mine", "theirs")


@dataclass(frozen=True)
class ConflictDTO:
    id: str
    kind: str                  # "field" | "locked" | "number"
    entity: str                # table name: "meeting", "resolution", ...
    row_id: str
    field: str | None
    mine: object               # the local value (stays in the row until decided)
    theirs: object             # the other office's value, kept here
    other_row_id: str | None   # for "number": the other office's meeting with the same number
    other_office: str | None
    detected_at: dt.datetime
    resolved_at: dt.datetime | None = None
    resolution: str | None = None
    label: str = ""            # Persian: which thing, e.g. «جلسه ۷ — کمیته توسعه خوشه‌ها: عنوان»

    def to_json(self) -> dict:
        return {k: plain_value(v) for k, v in self.__dict__.items()}




# --- values in the conflict table: JSON, decoded by the column's own type ------------------------

def encode(value) -> str:
    if isinstance(value, bytes):
        value = {"$b64": base64.b64encode(value).decode()}
    elif isinstance(value, (dt.date, dt.datetime)):
        value = value.isoformat()
    return json.dumps(value, ensure_ascii=False)


def decode(entity: str, field: str | None, raw: str | None):
    value = json.loads(raw) if raw is not None else None
    if isinstance(value, dict) and "$b64" in value:
        return base64.b64decode(value["$b64"])
    table = Base.metadata.tables.get(entity)
    if value is None or table is None or field not in table.c:
        return value
    try:
        kind = table.c[field].type.python_type
    except NotImplementedError:
        return value
    if kind is dt.datetime:
        return dt.datetime.fromisoformat(value)
    if kind is dt.date:
        return dt.date.fromisoformat(value)
    return value


def record(conn: Connection, kind: str, entity: str, row_id: str, field: str | None, mine, theirs,
           other_office: str | None, other_row_id: str | None = None) -> bool:
    """Record a conflict unless the same one is already open (then refresh the other office's value).
    Returns True when a new conflict was recorded."""
    t = MergeConflict.__table__
    open_one = conn.execute(select(t.c.id).where(
        t.c.resolved_at.is_(None), t.c.kind == kind, t.c.entity == entity, t.c.row_id == row_id,
        (t.c.field == field) if field is not None else t.c.field.is_(None),
        (t.c.other_row_id == other_row_id) if other_row_id else t.c.other_row_id.is_(None))).scalar()
    if open_one:
        conn.execute(t.update().where(t.c.id == open_one).values(theirs=encode(theirs)))
        return False
    conn.execute(t.insert().values(id=new_id(), kind=kind, entity=entity, row_id=row_id, field=field,
                                   mine=encode(mine), theirs=encode(theirs), other_row_id=other_row_id,
                                   other_office=other_office, detected_at=utcnow()))
    return True


def asked(conn: Connection, entity: str, row_id: str, field: str) -> bool:
    """Whether this file has ever recorded a conflict on this field (open or decided)."""
    t = MergeConflict.__table__
    return conn.execute(select(t.c.id).where(t.c.entity == entity, t.c.row_id == row_id, t.c.field == field)
                        .limit(1)).first() is not None


# --- the service API --------------------------------------------------------------------------------

_ENTITY_FA = {"organization": "دستگاه", "person": "شخص", "committee": "کمیته", "membership": "عضویت",
              "meeting": "جلسه", "agenda_item": "دستور جلسه", "attendance": "حضور", "resolution": "مصوبه",
              "resolution_party": "مسئول مصوبه", "resolution_vote": "رأی مصوبه", "follow_up": "پیگیری", "topic": "موضوع",
              "office_certificate": "گواهی امضای دفتر", "issued_document": "سند صادرشده",
              "attachment": "پیوست از نوع نامجاز (نگه داشته شد، باز نمی‌شود)",
              "amendment": "اصلاحیه", "amendment_change": "بند اصلاحیه"}
_FIELD_FA = {"title": "عنوان", "date": "تاریخ", "start_time": "ساعت شروع", "end_time": "ساعت پایان",
             "location": "مکان", "summary": "خلاصه مذاکرات", "status": "وضعیت", "number": "شماره",
             "text": "متن", "deadline": "مهلت", "base_status": "وضعیت", "name": "نام", "full_name": "نام",
             "post": "سمت", "deleted_at": "حذف", "notes": "یادداشت", "presenter": "ارائه‌دهنده",
             "role": "نقش", "chair_id": "رئیس جلسه", "secretary_id": "دبیر جلسه", "description": "شرح",
             "choice": "رأی", "sha256": "اثر انگشت سند", "fingerprint": "اثر انگشت کلید",
             "certificate_pem": "گواهی", "office_id": "شناسه دفتر", "office_name": "نام دفتر"}


def _label(s: Session, c: MergeConflict) -> str:
    """A Persian name for the thing in conflict, for the GUI's list."""
    what = _ENTITY_FA.get(c.entity, c.entity)
    meeting = None
    if c.entity == "meeting":
        meeting = s.get(Meeting, c.row_id)
    elif c.entity == "resolution":
        r = s.get(Resolution, c.row_id)
        meeting = s.get(Meeting, r.meeting_id) if r else None
        if r and meeting:
            what = f"مصوبه {resolution_code(meeting.number, r.number)}"
    elif c.entity in ("agenda_item", "attendance"):
        row = s.get(_model(c.entity), c.row_id)
        meeting = s.get(Meeting, row.meeting_id) if row else None
    if meeting is not None and c.entity != "resolution":
        what = f"{what} — جلسه {to_persian_digits(meeting.number)}" if c.entity != "meeting" \
            else f"جلسه {to_persian_digits(meeting.number)}"
    if meeting is not None and meeting.committee is not None:
        what = f"{what} — {meeting.committee.name}"
    field = _FIELD_FA.get(c.field or "", c.field or "")
    return f"{what}: {field}" if field else what


def _dto(c: MergeConflict, s: Session | None = None) -> ConflictDTO:
    return ConflictDTO(c.id, c.kind, c.entity, c.row_id, c.field, decode(c.entity, c.field, c.mine),
                       decode(c.entity, c.field, c.theirs), c.other_row_id, c.other_office, c.detected_at,
                       c.resolved_at, c.resolution, _label(s, c) if s is not None else "")


def list_conflicts(s: Session, include_resolved: bool = False) -> list[ConflictDTO]:
    """Conflicts awaiting a decision (oldest first); with include_resolved, the decided ones too."""
    q = select(MergeConflict).order_by(MergeConflict.detected_at, MergeConflict.entity, MergeConflict.row_id,
                                       MergeConflict.field)
    if not include_resolved:
        q = q.where(MergeConflict.resolved_at.is_(None))
    return [_dto(c, s) for c in s.scalars(q)]


def count_conflicts(s: Session) -> int:
    return s.scalar(select(func.count()).select_from(MergeConflict).where(MergeConflict.resolved_at.is_(None)))


def resolve_conflict(s: Session, conflict_id: str, choice: str) -> ConflictDTO:
    """Decide a conflict. "mine" keeps the local value, "theirs" takes the other office's. For a
    meeting-number collision, the chosen side keeps the number and the other meeting gets the
    committee's next free number (the secretary's explicit decision, never done silently)."""
    if choice not in CHOICES:
        raise ValidationError("choice", "باید mine یا theirs باشد", "must be 'mine' or 'theirs'")
    c = s.get(MergeConflict, conflict_id)
    if c is None:
        raise NotFoundError(f"تعارض «{conflict_id}» پیدا نشد", f"conflict '{conflict_id}' not found")
    if c.resolved_at is not None:
        raise ValidationError("conflict", "این تعارض پیش‌تر حل شده است", "this conflict is already resolved")
    if c.kind == "attachment" and choice == "theirs":
        # what `attachment add` refuses, a merge does not let in either (file_kinds)
        raise ValidationError("choice", "این پیوست از نوع‌های مجاز نیست و پذیرفته نمی‌شود؛ فقط mine ممکن است",
                              "this attachment is not an allowed kind of document and cannot be taken; "
                              "only 'mine' is possible")
    if c.kind == "number":
        _renumber(s, c.other_row_id if choice == "mine" else c.row_id)
    else:
        model = _model(c.entity)
        row = s.get(model, c.row_id)
        if row is None:
            raise NotFoundError(f"ردیف «{c.row_id}» پیدا نشد", f"{c.entity} '{c.row_id}' not found")
        if choice == "theirs":
            setattr(row, c.field, decode(c.entity, c.field, c.theirs))
            s.flush()  # the audit hook records the change, so it travels with the next merge
            if c.entity == "resolution" and c.field == "base_status":
                refresh_derived_status(s.connection(), [row.id])
            elif c.entity in ("amendment", "amendment_change"):    # an amendment taken may cancel resolutions
                refresh_derived_status(s.connection(), cancel_targets(s.connection()))
            _reseal(s, c)
        else:
            _reassert(s, c, row)
    c.resolved_at, c.resolution = utcnow(), choice
    s.flush()
    return _dto(c, s)


def _reseal(s: Session, c: MergeConflict) -> None:
    """Taking the other office's value under an approval is the secretary's explicit decision: the
    seal is recorded again over the decided content (or dropped if the meeting is no longer approved)."""
    from . import seals
    conn = s.connection()
    meeting = seals.meeting_of(conn, c.entity, c.row_id)
    if meeting is None:
        return
    if meeting in seals.approved_meetings(conn):
        seals.seal(conn, [meeting], s.info.get("office_id"))
    else:
        seals.drop_seal(conn, meeting)


def _reassert(s: Session, c: MergeConflict, row) -> None:
    """Keeping mine changes no value, but it is a decision the other office must receive: an audit
    entry for the field makes the next merge there see it as this office's change."""
    now = utcnow()
    mine = getattr(row, c.field)
    s.add(AuditEntry(id=new_id(), at=now, actor=s.info.get("actor") or "dabir", action="update",
                     entity=c.entity, entity_id=c.row_id,
                     changes=json.dumps({c.field: [json.loads(c.theirs), json.loads(encode(mine))]},
                                        ensure_ascii=False),
                     changed_in=s.info.get("office_id"), created_at=now, updated_at=now, row_version=1))


def _renumber(s: Session, meeting_id: str) -> None:
    m = s.get(Meeting, meeting_id)
    if m is None:
        raise NotFoundError(f"جلسه «{meeting_id}» پیدا نشد", f"meeting '{meeting_id}' not found")
    if m.status == MeetingStatus.APPROVED:
        raise LockedError(f"جلسه {to_persian_digits(m.number)} تصویب شده و شماره آن عوض نمی‌شود؛ طرف دیگر را انتخاب کنید",
                          f"meeting {m.number} is approved and cannot be renumbered; choose the other side")
    numbers = s.scalars(select(Meeting.number).where(Meeting.committee_id == m.committee_id))
    m.number = next_number(numbers)
    s.flush()


def _model(entity: str):
    for mapper in Base.registry.mappers:
        if getattr(mapper.class_, "__tablename__", None) == entity:
            return mapper.class_
    raise NotFoundError(f"جدول «{entity}» شناخته نیست", f"unknown table '{entity}'")


def refresh_derived_status(conn: Connection, resolution_ids) -> int:
    """Recompute resolution.status (a cache) from base_status, live follow-ups and approved amendments' cancellations with
    rules.derive_status, the one rule every office uses, so merged files agree. Returns how many
    changed. Written without the audit hook: a derived value is not anyone's edit."""
    from app.domain.enums import ResolutionStatus, is_unknown, read
    from app.domain.rules import FollowUpKey, derive_status
    from app.storage.models import FollowUp
    r, f = Resolution.__table__, FollowUp.__table__
    ids = list(resolution_ids)
    cancelled = cancelled_resolutions(conn, ids) if ids else {}
    changed = 0
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        fus: dict[str, list] = {}
        for rid, date, created, fid, status in conn.execute(
                select(f.c.resolution_id, f.c.date, f.c.created_at, f.c.id, f.c.status)
                .where(f.c.resolution_id.in_(chunk), f.c.deleted_at.is_(None))):
            fus.setdefault(rid, []).append(FollowUpKey(date, created, fid, read(ResolutionStatus, status)))
        for rid, base, cached in conn.execute(select(r.c.id, r.c.base_status, r.c.status).where(r.c.id.in_(chunk))):
            derived = derive_status(read(ResolutionStatus, base), fus.get(rid, []), cancelled=rid in cancelled)
            status = derived.value
            if status != cached and not is_unknown(derived):  # never store a placeholder
                conn.execute(r.update().where(r.c.id == rid).values(status=status))
                changed += 1
    return changed


def settle_numbers(conn: Connection) -> None:
    """Close number conflicts whose two meetings no longer share a number (renumbered or deleted,
    here or in the other office)."""
    t, m = MergeConflict.__table__, Meeting.__table__
    for cid, a, b in conn.execute(select(t.c.id, t.c.row_id, t.c.other_row_id)
                                  .where(t.c.kind == "number", t.c.resolved_at.is_(None))).all():
        rows = conn.execute(select(m.c.committee_id, m.c.number).where(m.c.id.in_([a, b]),
                                                                       m.c.deleted_at.is_(None))).all()
        if len(rows) < 2 or rows[0] != rows[1]:
            conn.execute(t.update().where(t.c.id == cid).values(resolved_at=utcnow(), resolution="settled"))
