"""Shared helpers for services: fetching live (non-tombstoned) rows and turning rows into DTOs."""
from enum import StrEnum
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import NotFoundError, ValidationError
from app.domain.persian import normalize_input
from app.storage.models import Committee, Organization, Person, Row, utcnow

from .dto import CommitteeDTO, OrganizationDTO, PersonDTO

T = TypeVar("T", bound=Row)
E = TypeVar("E", bound=StrEnum)

_WHAT = {  # Persian names of things, for "not found" messages
    "organization": "دستگاه", "person": "شخص", "committee": "کمیته", "membership": "عضویت",
    "meeting": "جلسه", "agenda_item": "دستور جلسه", "attendance": "حضور", "resolution": "مصوبه",
    "follow_up": "پیگیری", "topic": "موضوع",
}


def one_of(enum: type[E], value, field: str, fa: str = "مقدار", en: str = "value",
           allowed_fa: str | None = None) -> E:
    """`value` as a member of `enum` (a closed vocabulary typed or sent by a user), or a ValidationError
    saying what `field` allows: «{fa} «x» نامعتبر است (…)» / "invalid {en} 'x' (…)"."""
    try:
        return enum(value)
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise ValidationError(field, f"{fa} «{value}» نامعتبر است ({allowed_fa or allowed})",
                              f"invalid {en} '{value}' ({allowed})") from None


def get_live(s: Session, model: type[T], id: str | None) -> T:
    """The row with this id, unless missing or tombstoned."""
    row = s.get(model, id) if id else None
    if row is None or row.deleted_at is not None:
        name = model.__tablename__
        raise NotFoundError(f"{_WHAT.get(name, name)} با شناسه «{id}» پیدا نشد",
                            f"{name} '{id}' not found")
    return row


_FIELDS_FA = {  # what a stale-edit message names
    "title": "عنوان", "date": "تاریخ", "start_time": "ساعت شروع", "end_time": "ساعت پایان",
    "location": "مکان", "summary": "خلاصه", "chair_id": "رئیس جلسه", "secretary_id": "دبیر جلسه",
    "number": "شماره", "status": "وضعیت", "text": "متن", "deadline": "مهلت", "deleted_at": "حذف",
    "name": "نام", "description": "شرح", "note": "یادداشت", "base_status": "وضعیت",
    "votes_for": "آرای موافق", "votes_against": "آرای مخالف", "votes_abstain": "آرای ممتنع",
}


def lock_row(s: Session, model: type[Row], id: str) -> None:
    """Hold the row's lock until commit (SELECT … FOR UPDATE on a server; a .dabir file's writers
    already take the whole file's write lock, and SQLite renders no FOR UPDATE)."""
    s.execute(select(model.id).where(model.id == id).with_for_update())


def check_version(s: Session, row: Row, expected: int | None) -> None:
    """Refuse an edit based on `row` as it was at row_version `expected`, if it has moved on since:
    StaleEditError naming who changed which fields (from the audit log). The row is locked first,
    so two clients checking the same version cannot both pass."""
    if expected is None:
        return
    from app.domain.errors import StaleEditError
    from app.domain.persian import to_persian_digits
    from app.storage.models import AuditEntry
    lock_row(s, type(row), row.id)
    s.refresh(row)
    if row.row_version == expected:
        return
    newer = max(row.row_version - expected, 1)
    entries = s.execute(select(AuditEntry.actor, AuditEntry.changes).where(
        AuditEntry.entity == type(row).__tablename__, AuditEntry.entity_id == row.id,
        AuditEntry.action != "create").order_by(AuditEntry.at.desc()).limit(newer)).all()
    fields, actors = [], []
    for actor, changes in entries:
        import json
        for f in json.loads(changes or "{}"):
            if f not in fields:
                fields.append(f)
        if actor not in actors:
            actors.append(actor)
    what = _WHAT.get(type(row).__tablename__, type(row).__tablename__)
    fa_fields = "، ".join(dict.fromkeys(_FIELDS_FA.get(f, f) for f in fields)) or "—"
    who = "، ".join(actors) or "کاربر دیگری"
    raise StaleEditError(
        f"این {what} پس از آنکه شما آن را باز کردید به دست «{who}» تغییر کرده است "
        f"(نسخه {to_persian_digits(expected)} ← {to_persian_digits(row.row_version)}؛ تغییرها: {fa_fields})؛ "
        f"ویرایش شما ذخیره نشد، دوباره باز کنید و آن را تکرار کنید",
        f"this {type(row).__tablename__} was changed by {', '.join(actors) or 'someone else'} after you "
        f"opened it (version {expected} -> {row.row_version}; changed: {', '.join(fields) or '-'}); "
        f"your edit was not saved, open it again",
        tuple(fields))


def live(model):
    """select(model) without tombstones."""
    return select(model).where(model.deleted_at.is_(None))


def tombstone(row: Row) -> None:
    row.deleted_at = utcnow()


def required_text(value: str | None, field: str) -> str:
    text = normalize_input(value)
    if not text:
        raise ValidationError(field, "نباید خالی باشد", "must not be empty")
    return text


def optional_text(value: str | None) -> str | None:
    return normalize_input(value) or None


def org_dto(o: Organization | None) -> OrganizationDTO | None:
    return OrganizationDTO(o.id, o.name, o.short_name) if o is not None else None


def person_dto(p: Person | None) -> PersonDTO | None:
    if p is None:
        return None
    org = p.organization if p.organization is not None and p.organization.deleted_at is None else None
    return PersonDTO(id=p.id, full_name=p.full_name, post=p.post, organization_id=org.id if org else None,
                     organization=org.name if org else None, phone=p.phone, email=p.email,
                     has_signature=p.signature_png is not None)


def committee_dto(c: Committee, meeting_count: int = 0) -> CommitteeDTO:
    org = c.organization if c.organization is not None and c.organization.deleted_at is None else None
    return CommitteeDTO(id=c.id, name=c.name, organization_id=org.id if org else None,
                        organization=org.name if org else None, description=c.description,
                        meeting_count=meeting_count, agenda_template=template_items(c.agenda_template))


def template_items(text: str | None) -> tuple[str, ...]:
    """A committee's agenda template as its items (stored one per line)."""
    return tuple(line.strip() for line in (text or "").splitlines() if line.strip())
