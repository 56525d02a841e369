"""Cheap id/name lists for the GUI's filter combos. list_committees() also counts each committee's
meetings, a scan that grows with the file; a combo only needs names, so opening the window stays
as fast on ten thousand meetings as on one."""
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain.persian import alphabetical
from app.storage.models import Committee, Organization


def committee_names(s: Session) -> list[tuple[str, str]]:
    """[(id, name)] of live committees, in name order."""
    q = select(Committee.id, Committee.name).where(Committee.deleted_at.is_(None))
    return _alphabetical(s.execute(q))


def organization_names(s: Session) -> list[tuple[str, str]]:
    """[(id, name)] of live organisations, in name order."""
    q = select(Organization.id, Organization.name).where(Organization.deleted_at.is_(None))
    return _alphabetical(s.execute(q))


def _alphabetical(rows) -> list[tuple[str, str]]:
    return alphabetical((r.id, r.name) for r in rows)
