"""Default file names for every document Dabir writes, safe on Windows.

`صورتجلسه-<committee>-<number>-<date>.pdf` for a meeting's documents, `<document>-<committee>-<date>.xlsx`
for the tracker and the follow-up report. The GUI's save dialogs and the CLI (when -o is omitted) both
call these, so a saved file is named the same way whichever way it was made.
"""
import datetime as dt
import re

from app.domain import jalali
from app.domain.persian import normalize_input, to_persian_digits

# What each document is called in its file name (the kinds of ui/documents.py, plus the exports).
LABELS = {
    "minutes": "صورتجلسه",
    "attendance": "فهرست حضور و غیاب",
    "invitation": "دعوتنامه",
    "report": "گزارش پیگیری مصوبات",
    "tracker": "پیگیری مصوبات",
    "amendment": "اصلاحیه صورتجلسه",
}
EXTENSIONS = {"pdf", "docx", "xlsx", "ics"}
COMMITTEE_MAX = 40          # a committee's name is cut at a word boundary to this many characters
NAME_MAX = 150              # the whole name: well inside Windows' 255 and a deep folder's MAX_PATH

# / \ : * ? " < > | and control characters are refused by Windows (and / by everyone).
_FORBIDDEN = re.compile(r'[/\\:*?"<>|\x00-\x1f\x7f]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_file_name(stem: str, ext: str) -> str:
    """`stem.ext` with characters Windows refuses replaced by '-', spaces collapsed, no trailing dot
    or space, not a reserved device name, and at most NAME_MAX characters. ZWNJ is kept."""
    text = _FORBIDDEN.sub("-", normalize_input(stem) or "")
    text = re.sub(r"[ \t]+", " ", text)
    text = re.sub(r"-{2,}", "-", text).strip(" .-")
    if not text or text.split(".")[0].upper() in _RESERVED:
        text = f"dabir-{text}".rstrip("-")
    ext = ext.lstrip(".").lower()
    return f"{text[:NAME_MAX - len(ext) - 1].rstrip(' .-')}.{ext}"


def short_committee(name: str | None) -> str:
    """The committee's name as it goes into a file name: cut at a word boundary to COMMITTEE_MAX."""
    name = normalize_input(name) or ""
    if len(name) <= COMMITTEE_MAX:
        return name
    cut = name[:COMMITTEE_MAX + 1].rsplit(" ", 1)[0]
    return cut if len(cut) >= COMMITTEE_MAX // 2 else name[:COMMITTEE_MAX]


def file_date(day: dt.date | None) -> str:
    """A Jalali date for a file name: ۱۴۰۵-۰۸-۲۰ (no slashes; sorts in date order)."""
    return jalali.format_date(day).replace("/", "-") if day else ""


def _stem(kind: str, *parts: str) -> str:
    label = LABELS.get(kind, kind)
    return "-".join(p for p in (label, *parts) if p)


def meeting_file_name(kind: str, committee: str | None, number: int | None, date: dt.date | None,
                      ext: str = "pdf") -> str:
    """صورتجلسه-کمیته توسعه خوشه‌های کسب و کار-۱-۱۴۰۵-۰۸-۲۰.pdf (and likewise for the attendance
    sheet and the invitation, in any format)."""
    return safe_file_name(_stem(kind, short_committee(committee),
                                to_persian_digits(number) if number is not None else "", file_date(date)), ext)


def report_file_name(kind: str, committee: str | None = None, today: dt.date | None = None,
                     ext: str = "pdf") -> str:
    """گزارش پیگیری مصوبات-<committee, if filtered>-<today>.pdf; the tracker export likewise (.xlsx)."""
    return safe_file_name(_stem(kind, short_committee(committee), file_date(today or jalali.today())), ext)


def amendment_file_name(committee: str | None, meeting_number: int, amendment_number: int) -> str:
    """اصلاحیه صورتجلسه-<committee>-<meeting>-<amendment>.pdf."""
    return safe_file_name(_stem("amendment", short_committee(committee), to_persian_digits(meeting_number),
                                to_persian_digits(amendment_number)), "pdf")
