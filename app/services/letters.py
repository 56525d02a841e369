"""Letters to the responsible bodies (issue 26): after a meeting, a notification (ابلاغیه) to each
body listing its resolutions and deadlines; later, a reminder to each body with open resolutions past
their deadline. Which body a resolution goes to follows the same rule as the figures
(stats.resolution_bodies), so a body's letters and its row in `dabir stats` agree.

Every letter gets the next number of this file's register of outgoing letters, «<Jalali year>/<n>»,
printed on it and recorded with its sha256 in the register of issued documents (`dabir verify`)."""
import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import jalali
from app.domain.enums import ResolutionStatus
from app.domain.persian import fold_digits, sort_key, to_persian_digits
from app.storage.models import IssuedDocument

from . import issued, meetings, naming, resolutions
from .dto import ResolutionDTO
from .stats import resolution_bodies

NOTIFICATION, REMINDER = "letter", "reminder"     # their kinds in the register
KINDS = (NOTIFICATION, REMINDER)
FILE_LABELS = {NOTIFICATION: "ابلاغیه", REMINDER: "یادآوری مصوبات معوق"}


@dataclass(frozen=True)
class LetterItem:
    resolution: ResolutionDTO
    days_overdue: int = 0                 # reminders: days past the standing deadline on the letter's day


@dataclass(frozen=True)
class LetterDTO:
    """One letter's content, before it has a number."""
    kind: str                             # NOTIFICATION | REMINDER
    body: str                             # the organisation (or person) it is addressed to
    body_key: tuple[str, str]
    items: tuple[LetterItem, ...]
    day: dt.date                          # the letter's date; reminders count days overdue to it
    committee: str | None = None          # the meeting's committee, or the one reminders were limited to
    meeting_id: str | None = None
    meeting_number: int | None = None
    meeting_date: dt.date | None = None
    secretary: str | None = None          # who signs
    organization: str | None = None       # the letterhead's, when the settings name none


def _grouped(s: Session, rows: list[ResolutionDTO]) -> list[tuple[tuple[str, str], str, list[ResolutionDTO]]]:
    bodies = resolution_bodies(s, resolution_ids=[r.id for r in rows])
    out: dict[tuple[str, str], tuple[str, list]] = {}
    for r in rows:
        for kind, id_, name in sorted(bodies.get(r.id, ()), key=lambda b: sort_key(b[2])):
            out.setdefault((kind, id_), (name, []))[1].append(r)
    return sorted(((key, name, items) for key, (name, items) in out.items()), key=lambda g: (sort_key(g[1]), g[0]))


def meeting_letters(s: Session, meeting_id: str, day: dt.date | None = None) -> list[LetterDTO]:
    """One notification per body responsible for a resolution of the meeting (its minutes' and those
    its approved amendments added), cancelled resolutions left out, bodies in alphabetical order."""
    from .settings import get_settings
    m = meetings.get_meeting(s, meeting_id)
    day = day or jalali.today()
    rows = [r for r in resolutions.list_resolutions(s, meeting_id=meeting_id, today=day)
            if r.status != ResolutionStatus.CANCELLED]
    secretary = get_settings(s).secretary_name or (m.secretary.full_name if m.secretary else None)
    org = m.committee.organization
    return [LetterDTO(NOTIFICATION, name, key, tuple(LetterItem(r) for r in items), day, m.committee.name, m.id,
                      m.number, m.date, secretary, org)
            for key, name, items in _grouped(s, rows)]


def overdue_letters(s: Session, as_of: dt.date | None = None, committee_id: str | None = None,
                    organization_id: str | None = None, deadline_to: dt.date | None = None) -> list[LetterDTO]:
    """One reminder per body with open resolutions past their standing deadline on `as_of` (default
    today), listing them oldest deadline first with the days overdue. The tracker's filters narrow
    them: `organization_id` writes only that organisation's letter (a resolution it shares with
    another body is not chased at the other body from there), `deadline_to` only deadlines up to it."""
    from .settings import get_settings
    day = as_of or jalali.today()
    rows = resolutions.list_resolutions(s, committee_id=committee_id, status="overdue", today=day,
                                        organization_id=organization_id, deadline_to=deadline_to,
                                        order_by="deadline")
    from .committees import get_committee, letterhead_organization
    committee = get_committee(s, committee_id).name if committee_id else None
    org = letterhead_organization(s, committee_id, [r.committee_id for r in rows])
    secretary = get_settings(s).secretary_name
    return [LetterDTO(REMINDER, name, key, tuple(LetterItem(r, (day - r.current_deadline).days) for r in items),
                      day, committee, secretary=secretary, organization=org)
            for key, name, items in _grouped(s, rows)
            if organization_id is None or key == ("organization", organization_id)]


def next_number(s: Session, day: dt.date | None = None) -> str:
    """The next outgoing letter's number, «1405/7» (ASCII, as stored; printed in Persian digits):
    the Jalali year, then one more than the highest of that year in this file's register."""
    year = jalali.to_jalali(day or jalali.today()).year
    prefix = f"{year}/"
    numbers = s.scalars(select(IssuedDocument.number).where(
        IssuedDocument.kind.in_(KINDS), IssuedDocument.number.like(f"{prefix}%"), IssuedDocument.deleted_at.is_(None)))
    highest = 0
    for n in numbers:
        tail = fold_digits(n or "")[len(prefix):]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1}"


def file_name(letter: LetterDTO, number: str) -> str:
    """ابلاغیه-<committee>-<meeting>-<body>-<number>.pdf, or یادآوری مصوبات معوق-<body>-<number>.pdf."""
    parts = [FILE_LABELS[letter.kind]]
    if letter.kind == NOTIFICATION:
        parts += [naming.short_committee(letter.committee), to_persian_digits(letter.meeting_number)]
    parts += [naming.short_committee(letter.body), to_persian_digits(number).replace("/", "-")]
    return naming.safe_file_name("-".join(p for p in parts if p), "pdf")


def record(s: Session, letter: LetterDTO, number: str, path) -> issued.IssuedDTO:
    """Enter a written letter in the register of issued documents under its number."""
    return issued.issue_file(s, letter.kind, path, letter.meeting_id, number=number)
