"""Organisations (دستگاه‌ها) and people: the directory every committee draws its members from."""
from sqlalchemy import or_
from sqlalchemy.orm import Session

from app.domain.errors import ValidationError
from app.domain.persian import name_key, normalize_input, sort_key

from ._rows import get_live, live, optional_text, org_dto, person_dto, required_text, tombstone
from .dto import Changes, OrganizationDTO, PersonDTO
from app.storage.models import Organization, Person

_PERSON_FIELDS = {"full_name", "post", "organization_id", "phone", "email"}
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def list_organizations(s: Session) -> list[OrganizationDTO]:
    rows = s.scalars(live(Organization))
    return [org_dto(o) for o in sorted(rows, key=lambda o: (sort_key(o.name), o.id))]      # Persian order


def find_organization(s: Session, name: str) -> OrganizationDTO | None:
    """The organisation whose name or short name matches, spelling variants included."""
    key = name_key(name)
    row = s.scalars(live(Organization).where(
        or_(Organization.name_key == key, Organization.short_name == normalize_input(name)))
        .order_by(Organization.created_at, Organization.id)).first()
    return org_dto(row)


def _org_row(s: Session, name: str) -> Organization:
    found = find_organization(s, name)
    if found:
        return get_live(s, Organization, found.id)
    org = Organization(name=required_text(name, "organization"), name_key=name_key(name))
    s.add(org)
    s.flush()
    return org


def get_or_create_organization(s: Session, name: str) -> OrganizationDTO:
    return org_dto(_org_row(s, name))


def create_organization(s: Session, name: str, short_name: str | None = None) -> Changes:
    name = required_text(name, "name")
    if find_organization(s, name):
        raise ValidationError("name", f"دستگاه «{name}» از قبل هست", f"organisation '{name}' already exists")
    org = Organization(name=name, name_key=name_key(name), short_name=optional_text(short_name))
    s.add(org)
    s.flush()
    return Changes(frozenset({"organization"}), (org.id,))


def update_organization(s: Session, id: str, name: str | None = None, short_name: str | None = None) -> Changes:
    org = get_live(s, Organization, id)
    if name is not None:
        org.name = required_text(name, "name")
        org.name_key = name_key(org.name)
    if short_name is not None:
        org.short_name = optional_text(short_name)
    return Changes(frozenset({"organization"}), (id,))


def delete_organization(s: Session, id: str) -> Changes:
    tombstone(get_live(s, Organization, id))
    return Changes(frozenset({"organization"}), (id,))


def list_people(s: Session, search: str | None = None) -> list[PersonDTO]:
    q = live(Person)
    if search:
        q = q.where(Person.name_key.contains(name_key(search)))
    return [person_dto(p) for p in sorted(s.scalars(q), key=lambda p: (sort_key(p.full_name), p.id))]


def get_person(s: Session, id: str) -> PersonDTO:
    return person_dto(get_live(s, Person, id))


def find_person(s: Session, full_name: str) -> PersonDTO | None:
    row = s.scalars(live(Person).where(Person.name_key == name_key(full_name))
                    .order_by(Person.created_at, Person.id)).first()
    return person_dto(row)


def get_or_create_person(s: Session, full_name: str, post: str | None = None,
                         organization: str | None = None) -> PersonDTO:
    """Match by normalised name; fill in post and organisation only where they were empty."""
    found = find_person(s, full_name)
    if not found:
        p = Person(full_name=required_text(full_name, "name"), name_key=name_key(full_name))
        s.add(p)
        s.flush()
        found = person_dto(p)
    return fill_in_person(s, found.id, post, organization)


def _check_person_fields(s: Session, fields: dict) -> dict:
    unknown = set(fields) - _PERSON_FIELDS
    if unknown:
        raise ValidationError(", ".join(sorted(unknown)), "فیلد ناشناخته", "unknown field")
    out = {}
    for k, v in fields.items():
        if k == "full_name":
            out[k] = required_text(v, "full_name")
        elif k == "organization_id":
            out[k] = get_live(s, Organization, v).id if v else None
        elif k == "email" and v:
            v = normalize_input(v)
            if "@" not in v:
                raise ValidationError("email", f"نشانی «{v}» رایانامه نیست", f"'{v}' is not an e-mail address")
            out[k] = v
        else:
            out[k] = optional_text(v)
    return out


def person_for_import(s: Session, full_name: str, post: str | None = None,
                      organization: str | None = None) -> tuple[PersonDTO, tuple[PersonDTO, ...]]:
    """The person an imported name stands for, and the namesakes left aside. Two people may share a
    name (two مریم رضایی are two people): a namesake is this person only if neither the title nor the
    organisation says otherwise (an empty one, on either side, says nothing), the one agreeing on more
    first, and what it lacks is filled in. Otherwise a new person is created with the imported title and
    organisation, and the namesakes are returned so the user can look at them (and merge if need be)."""
    post, organization = optional_text(post), optional_text(organization)
    org = find_organization(s, organization) if organization else None

    def agreement(p: PersonDTO) -> int | None:
        score = 0
        if post and p.post:
            if name_key(post) != name_key(p.post):
                return None
            score += 1
        if organization and p.organization_id:
            if org is None or org.id != p.organization_id:
                return None
            score += 1
        return score
    namesakes = possible_duplicates(s, full_name)
    ranked = sorted(((agreement(p), i, p) for i, p in enumerate(namesakes) if agreement(p) is not None),
                    key=lambda t: (-t[0], t[1]))
    if ranked:
        return fill_in_person(s, ranked[0][2].id, post, organization), ()
    p = Person(full_name=required_text(full_name, "name"), name_key=name_key(full_name), post=post)
    if organization:
        p.organization_id = _org_row(s, organization).id
    s.add(p)
    s.flush()
    s.refresh(p)
    return person_dto(p), tuple(namesakes)


def fill_in_person(s: Session, id: str, post: str | None, organization: str | None) -> PersonDTO:
    """This person, with the title and organisation filled in where they were empty."""
    p = get_live(s, Person, id)
    if post and not p.post:
        p.post = optional_text(post)
    if organization and not p.organization_id:
        p.organization_id = _org_row(s, organization).id
    s.flush()
    s.refresh(p)
    return person_dto(p)


def possible_duplicates(s: Session, full_name: str, exclude_id: str | None = None) -> list[PersonDTO]:
    """Live people whose name, once cleaned (invisible characters, ي/ك, spacing, harakat), is the same
    as this one: a second entry for the same person, or a name dressed up to pass for someone else's."""
    q = live(Person).where(Person.name_key == name_key(full_name))
    if exclude_id:
        q = q.where(Person.id != exclude_id)
    return [person_dto(p) for p in s.scalars(q.order_by(Person.created_at, Person.id))]


def _duplicate_warnings(s: Session, full_name: str, person_id: str) -> tuple[str, ...]:
    return tuple(f"possible_duplicate:{p.id}" for p in possible_duplicates(s, full_name, person_id))


def create_person(s: Session, full_name: str, post: str | None = None, organization_id: str | None = None,
                  phone: str | None = None, email: str | None = None) -> Changes:
    fields = _check_person_fields(s, dict(full_name=full_name, post=post, organization_id=organization_id,
                                          phone=phone, email=email))
    p = Person(name_key=name_key(fields["full_name"]), **fields)
    s.add(p)
    s.flush()
    return Changes(frozenset({"person"}), (p.id,), warnings=_duplicate_warnings(s, p.full_name, p.id))


def update_person(s: Session, id: str, **fields) -> Changes:
    p = get_live(s, Person, id)
    for k, v in _check_person_fields(s, fields).items():
        setattr(p, k, v)
    p.name_key = name_key(p.full_name)
    warnings = _duplicate_warnings(s, p.full_name, id) if "full_name" in fields else ()
    return Changes(frozenset({"person"}), (id,), warnings=warnings)


def delete_person(s: Session, id: str) -> Changes:
    tombstone(get_live(s, Person, id))
    return Changes(frozenset({"person"}), (id,))


def set_signature(s: Session, person_id: str, png: bytes | None) -> Changes:
    """Store a scanned signature (PNG) for the minutes' signature table; None removes it."""
    if png is not None and not png.startswith(PNG_MAGIC):
        raise ValidationError("signature", "تصویر امضا باید PNG باشد", "signature image must be a PNG")
    get_live(s, Person, person_id).signature_png = png
    return Changes(frozenset({"person"}), (person_id,))


def get_signature(s: Session, person_id: str) -> bytes | None:
    return get_live(s, Person, person_id).signature_png
