"""Amendments (اصلاحیه) to approved minutes, issue 14.

An approved meeting stays locked, its rows untouched: its minutes print byte for byte as approved and
`verify` keeps accepting them. A correction is a new record, numbered per meeting («اصلاحیه ۱
صورتجلسه ۷»), that lists its changes against the original (or against the latest approved amendment
of the same thing): a resolution's text or deadline, a new or a cancelled resolution, someone's
attendance, or a passage of the text. It prints as its own document, and its own approval locks it.
Nothing here ever unlocks anything. Every write passes the audit hook; the rows merge like any other.
"""
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain import jalali
from app.domain.enums import AmendmentStatus, AttendanceStatus, ChangeKind, MeetingStatus, ResolutionStatus, read
from app.domain.errors import LockedError, ValidationError
from app.domain.persian import to_persian_digits
from app.domain.rules import next_number, resolution_code
from app.storage.models import Amendment, AmendmentChange, Attendance, Meeting, Person, Resolution

from ._rows import committee_dto, get_live, live, one_of, optional_text, required_text, tombstone
from .dto import Changes, CommitteeDTO
from .guards import refresh_status
from .seals import seal

KIND_FA = {ChangeKind.RESOLUTION_TEXT: "متن مصوبه", ChangeKind.RESOLUTION_DEADLINE: "مهلت اجرای مصوبه",
           ChangeKind.RESOLUTION_NEW: "مصوبه افزوده", ChangeKind.RESOLUTION_CANCEL: "مصوبه حذف‌شده",
           ChangeKind.ATTENDANCE: "حضور", ChangeKind.TEXT: "متن صورتجلسه"}
ATTENDANCE_FA = {AttendanceStatus.PRESENT: "حاضر", AttendanceStatus.ABSENT: "غایب",
                 AttendanceStatus.EXCUSED: "غایب با اطلاع", AttendanceStatus.LATE: "با تأخیر"}
NOT_LISTED = "در فهرست نبود"
MAX_CHANGES = 200


@dataclass(frozen=True)
class ChangeDTO:
    id: str
    position: int
    kind: ChangeKind
    target_id: str | None
    subject: str            # what is changed: «مصوبه ۷-۲», «حضور: علی کرمی», «متن صورتجلسه»
    old: str                # as printed: the value before (Jalali dates, Persian labels)
    new: str


@dataclass(frozen=True)
class AmendmentDTO:
    id: str
    meeting_id: str
    committee: CommitteeDTO
    meeting_number: int
    meeting_date: dt.date | None
    number: int
    text: str | None
    status: AmendmentStatus
    created: dt.date | None
    changes: tuple[ChangeDTO, ...] = ()

    @property
    def locked(self) -> bool:
        return self.status == AmendmentStatus.APPROVED

    @property
    def title(self) -> str:
        """«اصلاحیه ۱ صورتجلسه ۷»."""
        return f"اصلاحیه {to_persian_digits(self.number)} صورتجلسه {to_persian_digits(self.meeting_number)}"


def _approved_meeting(s: Session, meeting_id: str) -> Meeting:
    m = get_live(s, Meeting, meeting_id)
    if read(MeetingStatus, m.status) != MeetingStatus.APPROVED:
        raise ValidationError("meeting", "اصلاحیه فقط برای صورتجلسه تصویب‌شده است؛ این جلسه را خود ویرایش کنید",
                              "amendments are for approved minutes; edit this meeting itself")
    return m


def _editable(s: Session, amendment_id: str) -> Amendment:
    a = get_live(s, Amendment, amendment_id)
    if read(AmendmentStatus, a.status) == AmendmentStatus.APPROVED:
        m = s.get(Meeting, a.meeting_id)
        raise LockedError(f"اصلاحیه {to_persian_digits(a.number)} صورتجلسه {to_persian_digits(m.number)} "
                          "تصویب شده و قفل است",
                          f"amendment {a.number} of meeting {m.number} is approved and locked")
    return a


def create_amendment(s: Session, meeting_id: str, text: str | None = None) -> Changes:
    """A new draft amendment of an approved meeting, numbered after its last one."""
    _approved_meeting(s, meeting_id)
    numbers = s.scalars(select(Amendment.number).where(Amendment.meeting_id == meeting_id,
                                                       Amendment.deleted_at.is_(None)))
    a = Amendment(meeting_id=meeting_id, number=next_number(numbers), text=optional_text(text),
                  status=AmendmentStatus.DRAFT.value)
    s.add(a)
    s.flush()
    return Changes(frozenset({"amendment"}), (a.id, meeting_id))


def update_amendment(s: Session, id: str, text: str | None) -> Changes:
    a = _editable(s, id)
    a.text = optional_text(text)
    return Changes(frozenset({"amendment"}), (id, a.meeting_id))


def delete_amendment(s: Session, id: str) -> Changes:
    """A draft may be thrown away; an approved amendment stays, as approved minutes do."""
    a = _editable(s, id)
    tombstone(a)
    return Changes(frozenset({"amendment"}), (id, a.meeting_id))


def approve_amendment(s: Session, id: str) -> Changes:
    """Approve and lock. An amendment without a change is refused: there would be nothing to sign.
    Its seal (the fingerprint of the amendment and its changes, app/services/seals.py) is recorded, so
    that a merge never changes an approved amendment without a conflict, as for approved minutes."""
    a = _editable(s, id)
    if not s.scalar(select(func.count()).select_from(AmendmentChange).where(
            AmendmentChange.amendment_id == id, AmendmentChange.deleted_at.is_(None))):
        raise ValidationError("changes", "این اصلاحیه هنوز هیچ تغییری ندارد", "this amendment has no change yet")
    a.status = AmendmentStatus.APPROVED.value
    added = _add_resolutions(s, a)
    s.flush()
    seal(s.connection(), [id], s.info.get("office_id"))
    cancelled = s.scalars(select(AmendmentChange.target_id).where(
        AmendmentChange.amendment_id == id, AmendmentChange.deleted_at.is_(None),
        AmendmentChange.kind == ChangeKind.RESOLUTION_CANCEL.value)).all()
    if cancelled:   # they leave the tracker's open list: their derived status is now «لغو شده»
        for rid in cancelled:
            refresh_status(s, rid)
    return Changes(frozenset({"amendment", "resolution"} if cancelled or added else {"amendment"}), (id, a.meeting_id))


def _add_resolutions(s: Session, a: Amendment) -> int:
    """The resolutions the amendment adds become real ones, numbered after the meeting's last, so the
    tracker follows them up like any other. They carry the amendment's id: its minutes list them and
    its seal covers them; the meeting's own minutes and seal do not. The change names its resolution."""
    changes = s.scalars(live(AmendmentChange).where(
        AmendmentChange.amendment_id == a.id, AmendmentChange.kind == ChangeKind.RESOLUTION_NEW.value,
        AmendmentChange.target_id.is_(None)).order_by(AmendmentChange.position, AmendmentChange.id)).all()
    for c in changes:
        numbers = s.scalars(select(Resolution.number).where(Resolution.meeting_id == a.meeting_id,
                                                            Resolution.deleted_at.is_(None)))
        r = Resolution(meeting_id=a.meeting_id, amendment_id=a.id, number=next_number(numbers), text=c.new_value,
                       base_status=ResolutionStatus.PENDING.value, status=ResolutionStatus.PENDING.value)
        s.add(r)
        s.flush()
        c.target_id = r.id
    return len(changes)


# --- what is changed, and its value before ---------------------------------------------------------

def _resolution(s: Session, meeting_id: str, resolution_id: str) -> Resolution:
    r = get_live(s, Resolution, resolution_id)
    if r.meeting_id != meeting_id:
        raise ValidationError("target", "این مصوبه از آنِ این جلسه نیست", "this resolution is not of this meeting")
    return r


def _earlier_value(s: Session, a: Amendment, kind: ChangeKind, target_id: str | None) -> str | None:
    """The value as the latest approved amendment of this meeting (before `a`) left it, if any changed it."""
    q = select(AmendmentChange.new_value).join(Amendment, Amendment.id == AmendmentChange.amendment_id).where(
        Amendment.meeting_id == a.meeting_id, Amendment.deleted_at.is_(None), AmendmentChange.deleted_at.is_(None),
        Amendment.status == AmendmentStatus.APPROVED.value, Amendment.number < a.number,
        AmendmentChange.kind == kind.value, AmendmentChange.target_id == target_id
    ).order_by(Amendment.number.desc(), AmendmentChange.position.desc()).limit(1)
    return s.scalar(q)


def add_change(s: Session, amendment_id: str, kind: str, target_id: str | None = None,
               new_value=None, old_value: str | None = None) -> Changes:
    """Add one change to a draft amendment. `new_value`: the new text (resolution_text, resolution_new,
    text), a date (resolution_deadline; None clears it), an AttendanceStatus (attendance); nothing for
    resolution_cancel. `old_value` is only for `text`: the passage being replaced, quoted."""
    a = _editable(s, amendment_id)
    kind = one_of(ChangeKind, kind, "kind", "نوع تغییر", "change kind")
    old = new = None
    if kind in (ChangeKind.RESOLUTION_TEXT, ChangeKind.RESOLUTION_DEADLINE, ChangeKind.RESOLUTION_CANCEL):
        if not target_id:
            raise ValidationError("target", "مصوبه را انتخاب کنید", "choose the resolution")
        r = _resolution(s, a.meeting_id, target_id)
        earlier = _earlier_value(s, a, kind, target_id)
        if kind == ChangeKind.RESOLUTION_TEXT:
            old, new = earlier if earlier is not None else r.text, required_text(new_value, "text")
        elif kind == ChangeKind.RESOLUTION_DEADLINE:
            if new_value is not None and not isinstance(new_value, dt.date):
                raise ValidationError("deadline", "تاریخ نامعتبر است", "invalid date")
            old = earlier if earlier is not None else (r.deadline.isoformat() if r.deadline else None)
            new = jalali.check_range(new_value, "deadline").isoformat() if new_value else None
        else:
            old, new = r.text, None
    elif kind == ChangeKind.RESOLUTION_NEW:
        target_id, new = None, required_text(new_value, "text")
    elif kind == ChangeKind.ATTENDANCE:
        person = get_live(s, Person, target_id)
        status = one_of(AttendanceStatus, new_value, "status", "وضعیت حضور", "attendance status")
        row = s.scalars(live(Attendance).where(Attendance.meeting_id == a.meeting_id,
                                               Attendance.person_id == person.id)).first()
        earlier = _earlier_value(s, a, kind, person.id)
        old = earlier if earlier is not None else (row.status if row is not None else None)
        new = status.value
    else:
        target_id, old, new = None, optional_text(old_value), required_text(new_value, "text")
    if old == new:
        raise ValidationError("new_value", "مقدار تازه همان مقدار پیشین است", "the new value is the same as before")
    count = s.scalar(select(func.count()).select_from(AmendmentChange).where(
        AmendmentChange.amendment_id == amendment_id, AmendmentChange.deleted_at.is_(None))) or 0
    if count >= MAX_CHANGES:
        raise ValidationError("changes", "این اصلاحیه تغییر بیش از اندازه دارد", "too many changes in one amendment")
    c = AmendmentChange(amendment_id=amendment_id, position=count + 1, kind=kind.value, target_id=target_id,
                        old_value=old, new_value=new)
    s.add(c)
    s.flush()
    return Changes(frozenset({"amendment_change"}), (c.id, amendment_id))


def remove_change(s: Session, change_id: str) -> Changes:
    c = get_live(s, AmendmentChange, change_id)
    _editable(s, c.amendment_id)
    tombstone(c)
    return Changes(frozenset({"amendment_change"}), (change_id, c.amendment_id))


# --- reading ---------------------------------------------------------------------------------------

def _shown(kind: ChangeKind, value: str | None) -> str:
    if value is None:
        return NOT_LISTED if kind == ChangeKind.ATTENDANCE else "—"
    if kind == ChangeKind.RESOLUTION_DEADLINE:
        try:
            return jalali.format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    if kind == ChangeKind.ATTENDANCE:
        return ATTENDANCE_FA.get(read(AttendanceStatus, value), value)
    return value


def _changes(s: Session, a: Amendment, meeting_number: int) -> tuple[ChangeDTO, ...]:
    rows = list(s.scalars(live(AmendmentChange).where(AmendmentChange.amendment_id == a.id)
                          .order_by(AmendmentChange.position, AmendmentChange.created_at, AmendmentChange.id)))
    out = []
    for pos, c in enumerate(rows, start=1):
        kind = read(ChangeKind, c.kind)
        if kind in (ChangeKind.RESOLUTION_TEXT, ChangeKind.RESOLUTION_DEADLINE, ChangeKind.RESOLUTION_CANCEL):
            r = s.get(Resolution, c.target_id) if c.target_id else None
            code = resolution_code(meeting_number, r.number) if r is not None else "؟"
            subject = f"{KIND_FA[kind]} {code}"
        elif kind == ChangeKind.RESOLUTION_NEW and c.target_id:     # numbered when the amendment was approved
            r = s.get(Resolution, c.target_id)
            subject = f"{KIND_FA[kind]} {resolution_code(meeting_number, r.number)}" if r is not None \
                else KIND_FA[kind]
        elif kind == ChangeKind.ATTENDANCE:
            p = s.get(Person, c.target_id) if c.target_id else None
            subject = f"{KIND_FA[kind]}: {p.full_name if p is not None else '؟'}"
        else:
            subject = KIND_FA.get(kind, "؟")
        new = "حذف شد" if kind == ChangeKind.RESOLUTION_CANCEL else _shown(kind, c.new_value)
        out.append(ChangeDTO(c.id, pos, kind, c.target_id, subject, _shown(kind, c.old_value), new))
    return tuple(out)


def _dto(s: Session, a: Amendment) -> AmendmentDTO:
    m = s.get(Meeting, a.meeting_id)
    return AmendmentDTO(a.id, a.meeting_id, committee_dto(m.committee), m.number, m.date, a.number, a.text,
                        read(AmendmentStatus, a.status), a.created_at.date() if a.created_at else None,
                        _changes(s, a, m.number))


def list_amendments(s: Session, meeting_id: str) -> list[AmendmentDTO]:
    get_live(s, Meeting, meeting_id)
    return [_dto(s, a) for a in s.scalars(live(Amendment).where(Amendment.meeting_id == meeting_id)
                                          .order_by(Amendment.number, Amendment.id))]


def get_amendment(s: Session, id: str) -> AmendmentDTO:
    return _dto(s, get_live(s, Amendment, id))
