"""The register of issued documents and the offices' public signing certificates.

Both live in the .dabir file and travel through merges, but neither is trusted as it arrives (issue 22,
docs/security-trust.md): "issued here" means a register entry that this office's own audit log shows
this office creating, with these very bytes' sha256 (`issued_here`); an entry that came in a merge is
only what another office's file says (`recorded_elsewhere`). A certificate row only proposes a key;
which keys are trusted is kept on this machine (trust.py)."""
import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import bindparam, column, select, text
from sqlalchemy.orm import Session

from app.storage.models import IssuedDocument, Key, OfficeCertificate

from ._rows import live


@dataclass(frozen=True)
class IssuedDTO:
    id: str
    kind: str
    meeting_id: str | None
    number: str | None
    issued_on: dt.date
    sha256: str
    issued_by: str | None
    signed: bool


@dataclass(frozen=True)
class CertificateDTO:
    office_id: str | None
    office_name: str | None
    fingerprint: str
    certificate_pem: str


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _dto(r: IssuedDocument) -> IssuedDTO:
    return IssuedDTO(r.id, r.kind, r.meeting_id, r.number, r.issued_on, r.sha256, r.issued_by, bool(r.signed))


def register(s: Session, kind: str, sha256: str, *, meeting_id: str | None = None, number: str | None = None,
             issued_on: dt.date | None = None, issued_by: str | None = None, signed: bool = False) -> IssuedDTO:
    """Record that this exact file (by its sha256) was issued here. Registering the same bytes twice
    keeps one entry."""
    found = s.scalars(live(IssuedDocument).where(IssuedDocument.sha256 == sha256)).first()
    if found is not None:
        return _dto(found)
    row = IssuedDocument(kind=kind, meeting_id=meeting_id, number=number, issued_on=issued_on or dt.date.today(),
                         sha256=sha256, issued_by=issued_by, signed=int(signed))
    s.add(row)
    s.flush()
    return _dto(row)


def find_issued(s: Session, sha256: str) -> IssuedDTO | None:
    row = s.scalars(live(IssuedDocument).where(IssuedDocument.sha256 == sha256)
                    .order_by(IssuedDocument.created_at)).first()
    return _dto(row) if row is not None else None


def issued_here(s: Session, sha256: str, office_id: str | None) -> IssuedDTO | None:
    """The register entry for these bytes that this office made, by this file's own audit log: its
    `create` entry, written by this office's Dabir (never by a merge, and the log never travels),
    recorded this very sha256. Values are those recorded at issue, whatever the row says now."""
    if not office_id or len(sha256) != 64:
        return None
    rows = s.execute(text(
        "SELECT entity_id, changes FROM audit_entry WHERE entity = 'issued_document' AND action = 'create' "
        "AND changed_in = :office AND actor <> 'merge' AND changes LIKE :sha ORDER BY at, id")
        .bindparams(bindparam("office", type_=Key)).columns(column("entity_id", Key), column("changes")),
        {"office": office_id, "sha": f"%{sha256}%"}).all()   # hex only: no LIKE wildcard in it
    for row_id, changes in rows:
        try:
            v = json.loads(changes)
        except ValueError:
            continue
        if isinstance(v, dict) and v.get("sha256") == sha256:
            try:
                on = dt.date.fromisoformat(v.get("issued_on") or "")
            except ValueError:
                continue
            return IssuedDTO(row_id, str(v.get("kind")), v.get("meeting_id"), v.get("number"), on, sha256,
                             v.get("issued_by"), bool(v.get("signed")))
    return None


def recorded_elsewhere(s: Session, sha256: str) -> IssuedDTO | None:
    """A register row for these bytes, asked for when `issued_here` found none: it came in another
    office's file (or was written outside Dabir), and is evidence only of what that file says.
    `issued_by` names the office the row claims (its `changed_in` when it names none)."""
    row = s.scalars(select(IssuedDocument).where(IssuedDocument.sha256 == sha256)
                    .order_by(IssuedDocument.created_at)).first()
    if row is None:
        return None
    d = _dto(row)
    return d if d.issued_by else IssuedDTO(**{**d.__dict__, "issued_by": row.changed_in})


def issued_for_meeting(s: Session, meeting_id: str) -> list[IssuedDTO]:
    return [_dto(r) for r in s.scalars(live(IssuedDocument).where(IssuedDocument.meeting_id == meeting_id)
                                       .order_by(IssuedDocument.created_at))]


def add_certificate(s: Session, fingerprint: str, certificate_pem: str, office_id: str | None,
                    office_name: str | None) -> CertificateDTO:
    """Make an office's public certificate known in this file (idempotent by fingerprint)."""
    found = s.scalars(live(OfficeCertificate).where(OfficeCertificate.fingerprint == fingerprint)).first()
    if found is None:
        found = OfficeCertificate(fingerprint=fingerprint, certificate_pem=certificate_pem, office_id=office_id,
                                  office_name=office_name)
        s.add(found)
        s.flush()
    return CertificateDTO(found.office_id, found.office_name, found.fingerprint, found.certificate_pem)


def certificates(s: Session) -> list[CertificateDTO]:
    return [CertificateDTO(r.office_id, r.office_name, r.fingerprint, r.certificate_pem)
            for r in s.scalars(live(OfficeCertificate).order_by(OfficeCertificate.created_at))]


def certificate(s: Session, fingerprint: str) -> CertificateDTO | None:
    row = s.scalars(select(OfficeCertificate).where(OfficeCertificate.fingerprint == fingerprint,
                                                    OfficeCertificate.deleted_at.is_(None))).first()
    return CertificateDTO(row.office_id, row.office_name, row.fingerprint, row.certificate_pem) if row else None


def issue_file(s: Session, kind: str, path: Path, meeting_id: str | None = None, signed: bool = False,
               number: str | None = None) -> IssuedDTO:
    """Register a document just written to `path`: its sha256, its number (`number`, a letter's own,
    else the meeting's), and who issued it (this office's name, else the secretary's)."""
    from app.storage.models import Meeting

    from .settings import get_settings
    if number is None and meeting_id:
        m = s.get(Meeting, meeting_id)
        number = str(m.number) if m is not None else None
    st = get_settings(s)
    return register(s, kind, file_sha256(Path(path)), meeting_id=meeting_id, number=number,
                    issued_by=st.office_name or st.secretary_name, signed=signed)
