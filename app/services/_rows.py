"""Shared helpers for services: fetching live (non-tombstoned) rows and turning rows into DTOs."""
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.errors import NotFoundError, ValidationError
from app.domain.persian import normalize_input
from app.storage.models import Committee, Organization, Person, Row, utcnow

from .dto import CommitteeDTO, OrganizationDTO, PersonDTO

T = TypeVar("T", bound=Row)

_WHAT = {  # Persian names of things, for "not found" messages
    "organization": "دستگاه", "person": "شخص", "committee": "کمیته", "membership": "عضویت",
    "meeting": "جلسه", "agenda_item": "دستور جلسه", "attendance": "حضور", "resolution": "مصوبه",
    "follow_up": "پیگیری", "topic": "موضوع",
}


def get_live(s: Session, model: type[T], id: str | None) -> T:
    """The row with this id, unless missing or tombstoned."""
    row = s.get(model, id) if id else None
    if row is None or row.deleted_at is not None:
        name = model.__tablename__
        raise NotFoundError(f"{_WHAT.get(name, name)} با شناسه «{id}» پیدا نشد",
                            f"{name} '{id}' not found")
    return row


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
