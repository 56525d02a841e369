"""The `dabir-meeting/1` exchange format: one meeting as JSON, with names instead of ids so it can be
read into any office's file. Committees, people and organisations are matched by normalised name.

Since issue 14 a meeting, a resolution and a follow-up may carry `attachments` (name, sha256 and the
bytes in base64), a resolution its `votes` (and `voters`, who voted how, by name) and a follow-up its
`letter_number`; each key is left out
when empty, so a meeting without them exports as it did before, and older readers ignore them."""
import base64
import binascii
import hashlib
from contextlib import contextmanager
from typing import Any

from sqlalchemy.orm import Session

from app.domain import jalali
from app.domain.enums import MeetingStatus, Role
from app.domain.errors import ValidationError
from app.domain.persian import fold_digits
from app.storage.models import Meeting

from ._rows import live
from .committees import add_member, create_committee, find_committee, list_members
from .directory import get_or_create_organization, get_or_create_person, person_for_import
from .dto import Changes
from .meetings import create_meeting, get_meeting, set_attendance, set_meeting_status, add_agenda_item, \
    update_meeting
from .resolutions import add_follow_up, add_resolution, set_votes

FORMAT = "dabir-meeting/1"


def _obj(value: Any, field: str) -> dict:
    if not isinstance(value, dict):
        raise ValidationError(field, "باید یک شیء JSON باشد", "must be a JSON object")
    return value


def _list(value: Any, field: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise ValidationError(field, "باید یک فهرست JSON باشد", "must be a JSON list")
    return value


def _str(d: dict, key: str, field: str, required: bool = False) -> str | None:
    value = d.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(f"{field}.{key}", "لازم است", "is required")
        return None
    if not isinstance(value, (str, int)):
        raise ValidationError(f"{field}.{key}", "باید متن باشد", "must be a string")
    return str(value)


def _date(d: dict, key: str, field: str, required: bool = False):
    text = _str(d, key, field, required)
    return jalali.parse_date(text, f"{field}.{key}") if text else None


@contextmanager
def _within(prefix: str):
    """Name a service's validation error by its place in the document: status -> resolutions[2].status."""
    try:
        yield
    except ValidationError as e:
        if e.field.startswith(prefix):
            raise
        raise ValidationError(f"{prefix}.{e.field}", e.fa.split(": ", 1)[-1], e.en.split(": ", 1)[-1]) from None


def _attachments(s: Session, owner_kind: str, owner_id: str, value: Any, field: str) -> None:
    """Attach what the document carries; its bytes must be base64 and match their sha256."""
    from .attachments import add_attachment
    for i, a in enumerate(_list(value, f"{field}.attachments")):
        af = f"{field}.attachments[{i}]"
        a = _obj(a, af)
        name = _str(a, "name", af, required=True)
        try:
            content = base64.b64decode(_str(a, "content", af, required=True), validate=True)
        except (binascii.Error, ValueError):
            raise ValidationError(f"{af}.content", "base64 نیست", "is not base64") from None
        digest = a.get("sha256")
        if digest is not None and digest != hashlib.sha256(content).hexdigest():
            raise ValidationError(f"{af}.sha256", "با محتوای پیوست نمی‌خواند", "does not match the content")
        with _within(af):
            add_attachment(s, owner_kind, owner_id, name, content)


def _votes(s: Session, resolution_id: str, value: Any, field: str) -> None:
    if value is None:
        return
    v = _obj(value, f"{field}.votes")
    counts = []
    for key in ("for", "against", "abstain"):
        n = v.get(key, 0)
        try:
            counts.append(int(fold_digits(str(n))))
        except ValueError:
            raise ValidationError(f"{field}.votes.{key}", "باید عدد باشد", "must be a number") from None
    with _within(f"{field}.votes"):
        set_votes(s, resolution_id, *counts)


def _voters(s: Session, resolution_id: str, value: Any, field: str) -> None:
    """Who voted how, by name: each must be one of the meeting's present attendees (read above)."""
    if value is None:
        return
    from .directory import find_person
    from .votes import set_named_votes
    wanted = {}
    for i, v in enumerate(_list(value, f"{field}.voters")):
        vf = f"{field}.voters[{i}]"
        v = _obj(v, vf)
        name = _str(v, "name", vf, required=True)
        person = find_person(s, name)
        if person is None:
            raise ValidationError(f"{vf}.name", f"«{name}» در میان حاضران جلسه نیست",
                                  f"'{name}' is not among the meeting's attendees")
        wanted[person.id] = _str(v, "choice", vf, required=True)
    with _within(f"{field}.voters"):
        set_named_votes(s, resolution_id, wanted)


def import_meeting(s: Session, data: Any) -> Changes:
    """Create one meeting (and whatever committee, people and organisations it names that this file
    lacks). All or nothing: the caller's transaction rolls back on any error, which names the field."""
    data = _obj(data, "$")
    if data.get("format") != FORMAT:
        raise ValidationError("format", f"قالب باید «{FORMAT}» باشد", f"must be '{FORMAT}'")
    c = _obj(data.get("committee"), "committee")
    m = _obj(data.get("meeting"), "meeting")
    name = _str(c, "name", "committee", required=True)
    committee = find_committee(s, name)
    if committee is None:
        org = _str(c, "organization", "committee")
        org_id = get_or_create_organization(s, org).id if org else None
        committee_id = create_committee(s, name, organization_id=org_id).id
    else:
        committee_id = committee.id
    number = m.get("number")
    if number is not None:
        try:
            number = int(fold_digits(str(number)))
        except ValueError:
            raise ValidationError("meeting.number", "باید عدد باشد", "must be a number") from None
    date = _date(m, "date", "meeting", required=True)
    with _within("meeting"):
        meeting_id = create_meeting(
            s, committee_id, date=date, title=_str(m, "title", "meeting"),
            start=_str(m, "start", "meeting"), end=_str(m, "end", "meeting"), location=_str(m, "location", "meeting"),
            number=number, with_roster=False).id
    if m.get("summary"):
        update_meeting(s, meeting_id, summary=_str(m, "summary", "meeting"))
    _attachments(s, "meeting", meeting_id, m.get("attachments"), "meeting")
    roster = {mb.person.id for mb in list_members(s, committee_id)}
    namesakes: list[str] = []
    for i, a in enumerate(_list(data.get("attendees"), "attendees")):
        field = f"attendees[{i}]"
        a = _obj(a, field)
        # by name AND title/organisation: a namesake with another title is another person
        person, others = person_for_import(s, _str(a, "name", field, required=True), post=_str(a, "title", field),
                                           organization=_str(a, "organization", field))
        namesakes += [f"namesake:{person.id}:{p.id}" for p in others]
        role = _str(a, "role", field) or Role.MEMBER.value
        if role not in {r.value for r in Role}:
            raise ValidationError(f"{field}.role", f"نقش «{role}» نامعتبر است", f"invalid role '{role}'")
        if role != Role.GUEST and person.id not in roster:
            add_member(s, committee_id, person.id, role)
            roster.add(person.id)
        behalf = _str(a, "on_behalf_of", field)
        behalf_id = get_or_create_person(s, behalf).id if behalf else None
        with _within(field):
            set_attendance(s, meeting_id, person.id, _str(a, "status", field) or "present", role=role,
                           on_behalf_of_id=behalf_id)
    for i, item in enumerate(_list(data.get("agenda"), "agenda")):
        field = f"agenda[{i}]"
        item = _obj(item, field)
        add_agenda_item(s, meeting_id, _str(item, "title", field, required=True),
                        presenter=_str(item, "presenter", field), notes=_str(item, "notes", field))
    for i, r in enumerate(_list(data.get("resolutions"), "resolutions")):
        field = f"resolutions[{i}]"
        r = _obj(r, field)
        names = [str(n) for n in _list(r.get("responsible"), f"{field}.responsible") if str(n).strip()]
        with _within(field):
            rid = add_resolution(s, meeting_id, _str(r, "text", field, required=True), responsible=names,
                                 deadline=_date(r, "deadline", field), status=_str(r, "status", field) or "pending").id
        _votes(s, rid, r.get("votes"), field)
        _voters(s, rid, r.get("voters"), field)
        _attachments(s, "resolution", rid, r.get("attachments"), field)
        for j, f in enumerate(_list(r.get("follow_ups"), f"{field}.follow_ups")):
            ff = f"{field}.follow_ups[{j}]"
            f = _obj(f, ff)
            with _within(ff):
                fid = add_follow_up(s, rid, _str(f, "status", ff, required=True), note=_str(f, "note", ff),
                                    date=_date(f, "date", ff, required=True),
                                    letter_number=_str(f, "letter_number", ff)).ids[0]
            _attachments(s, "follow_up", fid, f.get("attachments"), ff)
    status = _str(m, "status", "meeting")
    if status and status != MeetingStatus.DRAFT:
        try:
            set_meeting_status(s, meeting_id, status)
        except ValidationError:
            raise ValidationError("meeting.status", f"وضعیت «{status}» نامعتبر است",
                                  f"invalid status '{status}'") from None
    return Changes(frozenset({"meeting", "attendance", "agenda_item", "resolution", "follow_up", "attachment"}),
                   (meeting_id,), warnings=tuple(namesakes))


def _clean(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None and v != ""}


def _files(s: Session, owner_kind: str, owner_id: str, names: tuple) -> list[dict] | None:
    """The owner's attachments, bytes in base64; None (left out) when it has none."""
    if not names:
        return None
    from .attachments import contents_by_owner
    return [{"name": n, "sha256": h, "content": base64.b64encode(c).decode("ascii")}
            for n, h, c in contents_by_owner(s, owner_kind, owner_id)]


def export_meeting(s: Session, meeting_id: str) -> dict:
    """One meeting in `dabir-meeting/1`. Deterministic: stable order, no time of export, ASCII digits in
    dates so any program can read them."""
    m = get_meeting(s, meeting_id)
    day = lambda d: jalali.format_date(d, persian_digits=False) if d else None  # noqa: E731
    return {
        "format": FORMAT,
        "committee": _clean({"name": m.committee.name, "organization": m.committee.organization}),
        "meeting": _clean({"number": m.number, "title": m.title, "date": day(m.date), "start": m.start,
                           "end": m.end, "location": m.location, "summary": m.summary,
                           "status": m.status.value, "attachments": _files(s, "meeting", m.id, m.attachments)}),
        "attendees": [_clean({"name": a.person.full_name, "title": a.person.post,
                              "organization": a.person.organization, "role": a.role.value,
                              "status": a.status.value,
                              "on_behalf_of": a.on_behalf_of.full_name if a.on_behalf_of else None})
                      for a in m.attendance],
        "agenda": [_clean({"title": i.title, "presenter": i.presenter, "notes": i.notes}) for i in m.agenda],
        "resolutions": [_clean({"text": r.text, "responsible": [p.name for p in r.responsible],
                                "deadline": day(r.deadline), "status": r.status.value,
                                "votes": {"for": r.votes.for_, "against": r.votes.against,
                                          "abstain": r.votes.abstain} if r.votes else None,
                                "voters": [{"name": v.name, "choice": v.choice.value} for v in r.voters] or None,
                                "attachments": _files(s, "resolution", r.id, r.attachments),
                                "follow_ups": [_clean({"date": day(f.date), "status": f.status.value,
                                                       "note": f.note, "letter_number": f.letter_number,
                                                       "attachments": _files(s, "follow_up", f.id, f.attachments)})
                                               for f in r.follow_ups]})
                        for r in m.resolutions],
    }


def export_all(s: Session) -> list[dict]:
    """Every meeting, by committee name then meeting number."""
    from app.storage.models import Committee
    ids = s.scalars(live(Meeting).join(Committee, Committee.id == Meeting.committee_id)
                    .order_by(Committee.name_key, Meeting.number, Meeting.id).with_only_columns(Meeting.id))
    return [export_meeting(s, i) for i in ids]
