"""Bringing a secretariat's own Excel tracker in (issue 26): `dabir import-xlsx`.

Two steps, so nothing is written unless the whole workbook reads:
- `read_tracker` reads the workbook (no database): finds the header row by its words wherever it
  starts, spreads merged cells over the rows they cover, skips blank and total rows, parses dates
  and status words, and refuses the first bad row with its number;
- `import_tracker` writes what was read, in one unit of work (the caller's session): one meeting per
  distinct meeting date/number, in order, then each row's resolution, bodies and note. A row whose
  meeting already holds a resolution of the same text is skipped, so a second import adds nothing.

An unknown status word is refused (with the row and the word), not guessed: a wrong status would
put a resolution among the done or the cancelled without anyone noticing."""
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import jalali
from app.domain.enums import ResolutionStatus
from app.domain.errors import DabirFileError, ValidationError
from app.domain.names import split_names
from app.domain.persian import fold_digits, name_key, normalize_input, to_persian_digits
from app.storage.models import Meeting, Resolution

from . import committees, meetings, resolutions
from .directory import find_organization, list_organizations

# Each column's header words, as people write them; compared after _fold (spaces, ZWNJ, ي/ك,
# «مسؤول/مسوول» and punctuation do not matter).
HEADERS = {
    "row": ("ردیف", "رديف", "شماره ردیف", "ر"),
    "meeting_date": ("تاریخ جلسه", "تاریخ برگزاری", "تاریخ برگزاری جلسه", "تاریخ تشکیل جلسه", "تاریخ"),
    "meeting_number": ("شماره جلسه", "جلسه", "شماره نشست", "نشست"),
    "text": ("شرح مصوبه", "شرح مصوبات", "مصوبه", "مصوبات", "متن مصوبه", "عنوان مصوبه", "شرح"),
    "responsible": ("مسئول اجرا", "مسئول پیگیری", "مسئول", "دستگاه مسئول", "دستگاه اجرایی", "مجری",
                    "دستگاه", "مسئولین اجرا", "مسئول اجرای مصوبه"),
    "deadline": ("مهلت", "مهلت اجرا", "مهلت انجام", "زمان اجرا", "سررسید", "تاریخ سررسید", "مهلت اقدام"),
    "status": ("وضعیت", "وضعیت اجرا", "وضعیت پیگیری", "وضعیت مصوبه", "وضعیت انجام"),
    "notes": ("توضیحات", "ملاحظات", "یادداشت", "شرح اقدامات", "آخرین اقدام", "اقدامات انجام شده",
              "توضیحات پیگیری"),
}
REQUIRED = ("meeting_date", "text")
LABELS = {"row": "ردیف", "meeting_date": "تاریخ جلسه", "meeting_number": "شماره جلسه", "text": "شرح مصوبه",
          "responsible": "مسئول اجرا", "deadline": "مهلت", "status": "وضعیت", "notes": "توضیحات"}
ENGLISH = {"meeting_date": "meeting date", "text": "resolution text (description)"}

STATUS_WORDS = {
    ResolutionStatus.DONE: ("انجام شد", "انجام شده", "انجام", "اتمام", "تمام شد", "تکمیل شده", "تکمیل شد",
                            "خاتمه یافته", "اجرا شد", "اجرا شده"),
    ResolutionStatus.IN_PROGRESS: ("در دست اقدام", "در حال پیگیری", "در حال اجرا", "در دست اجرا", "در جریان",
                                   "در حال انجام", "در دست پیگیری"),
    # «معوق» is an open item past its deadline: Dabir works «overdue» out from the deadline itself
    ResolutionStatus.PENDING: ("شروع نشده", "اقدام نشده", "در انتظار اقدام", "در انتظار", "معوق", "معوقه",
                               "انجام نشده", "باز", ""),
    ResolutionStatus.CANCELLED: ("لغو شد", "لغو شده", "لغو", "منتفی", "منتفی شد", "منتفی شده", "ملغی"),
}
NO_DEADLINE = ("مستمر", "دائمی", "دایمی", "-", "—", "ندارد")
# a total row's label, whole: «جمع‌آوری …» or «مجموعه …» begin a resolution, not a total
TOTALS = ("جمع", "جمع کل", "مجموع", "جمع مصوبات", "جمع کل مصوبات", "total")
SEPARATORS = re.compile(r"\s*(?:\n|/|؛|;)\s*")
HEADER_SCAN = 30       # the header row is looked for in the first rows only


def _fold(text) -> str:
    key = name_key(str(text or "")).replace("ؤ", "ئ").replace("مسوول", "مسئول")
    return re.sub(r"[\s:*().\-_]+", "", key)


_HEADER_KEYS = {_fold(word): col for col, words in HEADERS.items() for word in words}
_STATUS_KEYS = {_fold(word): st for st, words in STATUS_WORDS.items() for word in words}


@dataclass(frozen=True)
class TrackerRow:
    """One resolution as the tracker has it. `row` is the sheet's row number (1-based, as Excel shows)."""
    row: int
    meeting_date: dt.date
    meeting_number: int | None
    text: str
    bodies: str | None                   # the cell as typed; split by match_bodies against the directory
    deadline: dt.date | None
    status: ResolutionStatus
    note: str | None


@dataclass(frozen=True)
class Tracker:
    sheet: str
    header_row: int
    columns: dict                        # column kind -> 1-based column index
    rows: tuple[TrackerRow, ...]
    skipped: tuple[int, ...] = ()        # blank and total rows, by number


@dataclass(frozen=True)
class ImportResult:
    committee_id: str
    meetings_created: tuple[str, ...] = ()
    resolutions_created: tuple[str, ...] = ()
    rows_already_there: tuple[int, ...] = ()
    skipped: tuple[int, ...] = ()
    organisations_created: tuple[str, ...] = field(default=())


def _bad(row: int, fa: str, en: str) -> ValidationError:
    return ValidationError(f"ردیف {to_persian_digits(row)} | row {row}", fa, en)


def _merged_values(ws) -> dict[tuple[int, int], object]:
    """Each cell a merged range covers, with the range's (top-left) value."""
    out = {}
    for rng in ws.merged_cells.ranges:
        value = ws.cell(rng.min_row, rng.min_col).value
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                out[(r, c)] = value
    return out


def _find_header(grid: list[list]) -> tuple[int, dict]:
    """(0-based row, {kind: 0-based column}) of the row naming the most known columns."""
    best = (-1, {})
    for i, cells in enumerate(grid[:HEADER_SCAN]):
        found = {}
        for j, value in enumerate(cells):
            kind = _HEADER_KEYS.get(_fold(value)) if isinstance(value, str) else None
            if kind and kind not in found:
                found[kind] = j
        if len(found) > len(best[1]):
            best = (i, found)
    if len(best[1]) < 2:
        raise ValidationError("header", "سطر عنوان ستون‌ها (ردیف، تاریخ جلسه، شرح مصوبه، …) پیدا نشد",
                              "no header row (ردیف, تاریخ جلسه, شرح مصوبه, …) found")
    return best


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return normalize_input(str(value)) or None


def _date(value, row: int, what: str, allow_words: bool = False) -> dt.date | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (dt.datetime, dt.date)):    # Excel took it for a (Gregorian) date
        day = value.date() if isinstance(value, dt.datetime) else value
        raise _bad(row, f"{what} «{day.isoformat()}» تاریخ میلادی است؛ تاریخ شمسی بنویسید (مثل ۱۴۰۳/۰۵/۰۷)",
                   f"{what} '{day.isoformat()}' is a Gregorian date; write it in Jalali (e.g. 1403/05/07)")
    text = fold_digits(normalize_input(str(value)) or "")
    if allow_words and _fold(text) in {_fold(w) for w in NO_DEADLINE}:
        return None
    if re.fullmatch(r"\d{8}(\.0)?", text):             # 14030507, typed without separators
        text = f"{text[:4]}/{text[4:6]}/{text[6:8]}"
    try:
        return jalali.parse_date(text, what)
    except ValidationError as e:
        raise _bad(row, e.fa, e.en) from None


def _number(value, row: int) -> int | None:
    text = _text(value)
    if text is None:
        return None
    digits = re.findall(r"\d+", fold_digits(text))
    if len(digits) != 1 or not 1 <= int(digits[0]) <= 999_999:
        raise _bad(row, f"شماره جلسه «{text}» عدد نیست", f"meeting number '{text}' is not a number")
    return int(digits[0])


def _status(value, row: int) -> ResolutionStatus:
    text = _text(value) or ""
    st = _STATUS_KEYS.get(_fold(text))
    if st is None:
        known = "، ".join(w for words in STATUS_WORDS.values() for w in words[:2] if w)
        raise _bad(row, f"وضعیت «{text}» شناخته نیست؛ یکی از این‌ها را بنویسید: {known}",
                   f"status word '{text}' is not known; use one of: {known}")
    return st


def _is_total(cells: list, text_col: int) -> bool:
    totals = {_fold(t) for t in TOTALS}
    text = _fold(cells[text_col]) if isinstance(cells[text_col], str) else ""
    return any(isinstance(c, str) and _fold(c) in totals for c in cells) and (not text or text in totals)


def read_tracker(source: Path | bytes, sheet: str | None = None) -> Tracker:
    """Read a tracker workbook (path or bytes). Raises a DabirError naming the file, the sheet, a
    missing column, or the first bad row."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException
    name = str(source) if isinstance(source, Path) else "xlsx"
    try:
        wb = openpyxl.load_workbook(io.BytesIO(source) if isinstance(source, bytes) else source, data_only=True)
    except FileNotFoundError:
        raise DabirFileError(name, "پرونده پیدا نشد", "file not found") from None
    except (InvalidFileException, OSError, KeyError, ValueError) as e:
        raise DabirFileError(name, f"پرونده اکسل (xlsx) خوانده نمی‌شود ({type(e).__name__})",
                             f"not a readable Excel (.xlsx) workbook ({type(e).__name__})") from None
    if sheet is not None and sheet not in wb.sheetnames:
        raise ValidationError("--sheet", f"برگه «{sheet}» در این پرونده نیست ({'، '.join(wb.sheetnames)})",
                              f"no sheet '{sheet}' in this workbook ({', '.join(wb.sheetnames)})")
    ws = wb[sheet] if sheet is not None else wb.worksheets[0]
    merged = _merged_values(ws)
    width = ws.max_column
    grid = [[merged.get((r, c), ws.cell(r, c).value) for c in range(1, width + 1)]
            for r in range(1, ws.max_row + 1)]
    header, columns = _find_header(grid)
    for kind in REQUIRED:
        if kind not in columns:
            raise ValidationError("header", f"ستون «{LABELS[kind]}» در سطر عنوان‌ها (ردیف {to_persian_digits(header + 1)}) نیست",
                                  f"the tracker has no «{LABELS[kind]}» ({ENGLISH[kind]}) column "
                                  f"(header row {header + 1})")
    rows, skipped = [], []
    for i in range(header + 1, len(grid)):
        cells, n = grid[i], i + 1
        get = {kind: cells[j] for kind, j in columns.items()}
        text = _text(get["text"])
        if not any(_text(v) for v in cells) or _is_total(cells, columns["text"]):
            skipped.append(n)
            continue
        if text is None:
            if any(_text(get.get(k)) for k in ("responsible", "deadline", "status", "notes")):
                raise _bad(n, "شرح مصوبه خالی است", "the resolution text is empty")
            skipped.append(n)                  # only a merged date running past the last resolution
            continue
        meeting_date = _date(get["meeting_date"], n, "تاریخ جلسه")
        if meeting_date is None:
            raise _bad(n, "تاریخ جلسه خالی است", "the meeting date is empty")
        rows.append(TrackerRow(
            row=n, meeting_date=meeting_date, meeting_number=_number(get.get("meeting_number"), n), text=text,
            bodies=_text(get.get("responsible")), deadline=_date(get.get("deadline"), n, "مهلت", allow_words=True),
            status=_status(get.get("status"), n), note=_text(get.get("notes"))))
    return Tracker(ws.title, header + 1, {k: j + 1 for k, j in columns.items()}, tuple(rows), tuple(skipped))


def match_bodies(s: Session, cell: str | None) -> list:
    """The responsible bodies a cell names. The whole cell is first matched against the directory's
    organisations by folded name, so «سازمان صنعت، معدن و تجارت» stays one body; otherwise it is split
    at line breaks, «/» and «؛», and at «،» only between known names (app/domain/names, the window's
    rule); each part is a known organisation (folded name), a known person, or a new organisation.
    Returns what add_resolution takes."""
    if not cell:
        return []
    whole = find_organization(s, cell)
    if whole is not None:
        return [("organization", whole.id)]
    out = []
    known = [o.name for o in list_organizations(s)]
    # the window's rule for «،» (app/domain/names): it separates only between known names
    for part in split_names(cell, known, breaks=SEPARATORS):
        org = find_organization(s, part)
        # else the name as typed: add_resolution matches a person by it, or creates the organisation
        out.append(("organization", org.id) if org is not None else part)
    return out


def _meeting_for(s: Session, committee_id: str, day: dt.date, number: int | None, row: int) -> tuple[str, bool]:
    """The committee's meeting of this date (and number, if the tracker has one): (id, created)."""
    q = select(Meeting.id, Meeting.date, Meeting.number).where(Meeting.committee_id == committee_id,
                                                               Meeting.deleted_at.is_(None))
    if number is not None:
        found = s.execute(q.where(Meeting.number == number)).first()
        if found is not None:
            if found.date != day:
                raise _bad(row, f"جلسه شماره {to_persian_digits(number)} این کمیته در تاریخ "
                                f"{jalali.format_date(found.date)} ثبت است، نه {jalali.format_date(day)}",
                           f"meeting {number} of this committee is dated {found.date}, not {day}")
            return found.id, False
    else:
        found = s.execute(q.where(Meeting.date == day).order_by(Meeting.number)).first()
        if found is not None:
            return found.id, False
    created = meetings.create_meeting(s, committee_id, date=day, number=number, with_roster=False,
                                      with_template=False)
    meetings.set_meeting_status(s, created.id, "held")   # history: held, not a draft to be filled in
    return created.id, True


def import_tracker(s: Session, committee: str, tracker: Tracker, today: dt.date | None = None) -> ImportResult:
    """Write a read tracker into `committee` (a name; created if new). Meetings are taken in order of
    date, then number; a row's note becomes a follow-up (searchable) with the row's status, dated
    `today` (the tracker does not say when it was written). Raises on the first row that cannot be
    written; the caller's transaction then writes nothing."""
    found = committees.find_committee(s, committee)
    cid = found.id if found else committees.create_committee(s, committee).id
    before_orgs = set(_org_ids(s))
    order = sorted({(r.meeting_date, r.meeting_number or 0) for r in tracker.rows})
    created_meetings = []
    by_key = {}
    for r in tracker.rows:
        by_key.setdefault((r.meeting_date, r.meeting_number or 0), []).append(r)
    created, already = [], []
    for key in order:
        rows = by_key[key]
        mid, new = _meeting_for(s, cid, rows[0].meeting_date, rows[0].meeting_number, rows[0].row)
        if new:
            created_meetings.append(mid)
        existing = {name_key(t) for t in s.scalars(select(Resolution.text).where(
            Resolution.meeting_id == mid, Resolution.deleted_at.is_(None)))}
        for r in rows:
            if name_key(r.text) in existing:
                already.append(r.row)
                continue
            existing.add(name_key(r.text))
            try:
                rid = resolutions.add_resolution(s, mid, r.text, match_bodies(s, r.bodies), r.deadline,
                                                 status=r.status).id
                if r.note:
                    resolutions.add_follow_up(s, rid, r.status, note=r.note, date=today)
            except ValidationError as e:
                raise _bad(r.row, e.fa, e.en) from None
            created.append(rid)
    new_orgs = tuple(sorted(set(_org_ids(s)) - before_orgs))
    return ImportResult(cid, tuple(created_meetings), tuple(created), tuple(already), tracker.skipped, new_orgs)


def _org_ids(s: Session) -> list[str]:
    from app.storage.models import Organization
    return list(s.scalars(select(Organization.id).where(Organization.deleted_at.is_(None))))


class _Preview(Exception):
    """Ends a preview's unit of work, so that all of it is rolled back (as merge's dry run does)."""

    def __init__(self, result: ImportResult):
        super().__init__("preview")
        self.result = result


def preview_import(db, committee: str, tracker: Tracker) -> ImportResult:
    """What import_tracker would do to `db` (a Database: meetings and resolutions it would add, rows
    already there, new organisations), worked out by doing it in a unit of work that is then rolled
    back whole: the preview and the import cannot disagree, and the file stays byte-identical."""
    try:
        with db.session() as s:
            raise _Preview(import_tracker(s, committee, tracker))
    except _Preview as done:
        return done.result


def import_changes(s: Session, committee: str, tracker: Tracker):
    """import_tracker as a GUI write: its Changes (what views reload on), ids of the new resolutions."""
    from .dto import Changes
    result = import_tracker(s, committee, tracker)
    return Changes(frozenset({"committee", "meeting", "resolution", "resolution_party", "follow_up", "organization"}),
                   (result.committee_id, *result.resolutions_created))
