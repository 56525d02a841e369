"""Jalali (Solar Hijri) dates for everything a user sees or types; ISO Gregorian for storage.

Conversion is jdatetime's; this module only parses and formats.
"""
import datetime as dt
import re

import jdatetime

from .errors import ValidationError
from .persian import fold_digits, to_persian_digits

MONTHS = jdatetime.date.j_months_fa
WEEKDAYS = jdatetime.date.j_weekdays_fa  # Saturday first, as jdatetime's weekday() counts
FRIDAY = 6  # jdatetime weekday() index of جمعه, the Iranian weekend

_DATE = re.compile(r"^\s*(\d{4})\s*[/\-.]\s*(\d{1,2})\s*[/\-.]\s*(\d{1,2})\s*$")
# The years a Dabir date may have: anything outside is a typing slip or a Gregorian date read as Jalali
# (2026/11/11 would be Jalali year 2026, that is 2648 AD).
MIN_YEAR, MAX_YEAR = 1300, 1500
# ...and never more than this many years after today, by this machine's clock: a deadline of a
# long-term plan is years ahead, but a follow-up dated 1499 (the year 2120) is no one's typing. 30
# years leave every real plan room (a 20-year horizon, as Iran's 1404 vision was) and no more.
MAX_YEARS_AHEAD = 30
UNREADABLE = "؟"  # shown for a stored date no calendar can print
_TIME = re.compile(r"^\s*(\d{1,2})\s*:\s*(\d{2})\s*$")


def parse_date(text: str, field: str = "date") -> dt.date:
    """Parse a Jalali YYYY/MM/DD in Persian, Arabic-Indic or ASCII digits into a Gregorian date."""
    m = _DATE.match(fold_digits(text or ""))
    if not m:
        raise ValidationError(field, f"تاریخ «{text}» به شکل سال/ماه/روز شمسی نیست (مثل ۱۴۰۵/۰۹/۰۵)",
                              f"'{text}' is not a Jalali date YYYY/MM/DD (e.g. 1405/09/05)")
    y, mo, d = (int(g) for g in m.groups())
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise _out_of_range(text, field, y, mo, d)
    try:
        day = jdatetime.date(y, mo, d).togregorian()
    except ValueError:
        raise ValidationError(field, f"تاریخ «{text}» در تقویم شمسی وجود ندارد",
                              f"'{text}' does not exist in the Jalali calendar") from None
    return check_range(day, field)


def _out_of_range(text: str, field: str, y: int, mo: int, d: int) -> ValidationError:
    fa = f"سال تاریخ «{text}» باید میان {to_persian_digits(MIN_YEAR)} و {to_persian_digits(MAX_YEAR)} شمسی باشد"
    en = f"the year of '{text}' must be between {MIN_YEAR} and {MAX_YEAR} (Jalali)"
    try:
        as_gregorian = dt.date(y, mo, d)
    except ValueError:
        as_gregorian = None
    if as_gregorian is not None and in_range(as_gregorian):
        suggestion = format_date(as_gregorian, persian_digits=False)
        fa += f"؛ اگر تاریخ میلادی است، به شمسی می‌شود {to_persian_digits(suggestion)}"
        en += f"; if it is a Gregorian date, in Jalali it is {suggestion}"
    return ValidationError(field, fa, en)


def latest() -> dt.date:
    """The last date Dabir takes: MAX_YEARS_AHEAD years from today (this machine's clock), and never
    past the Jalali year MAX_YEAR."""
    t = dt.date.today()
    try:
        ahead = t.replace(year=t.year + MAX_YEARS_AHEAD)
    except ValueError:                               # 29 February
        ahead = t.replace(year=t.year + MAX_YEARS_AHEAD, day=28)
    return min(ahead, GREGORIAN_MAX)


def in_range(day: dt.date) -> bool:
    """A Gregorian date whose Jalali year is within MIN_YEAR..MAX_YEAR and at most MAX_YEARS_AHEAD
    years from today: the one rule for typed, imported and received dates."""
    return range_problem(day) is None


def range_problem(day: dt.date) -> tuple[str, str] | None:
    """(fa, en) saying why `day` is not a date Dabir takes, or None."""
    if not GREGORIAN_MIN <= day <= GREGORIAN_MAX:
        return (f"تاریخ {day.isoformat()} بیرون از سال‌های {to_persian_digits(MIN_YEAR)} تا "
                f"{to_persian_digits(MAX_YEAR)} شمسی است",
                f"{day.isoformat()} is outside the Jalali years {MIN_YEAR}-{MAX_YEAR}")
    if day > latest():
        return (f"تاریخ {format_date(day)} بیش از {to_persian_digits(MAX_YEARS_AHEAD)} سال پس از امروز است",
                f"{format_date(day, persian_digits=False)} is more than {MAX_YEARS_AHEAD} years from today")
    return None


def check_range(day: dt.date | None, field: str = "date") -> dt.date | None:
    """A date from a picker or another program: refused outside the Jalali years MIN_YEAR..MAX_YEAR or
    more than MAX_YEARS_AHEAD years ahead."""
    problem = None if day is None else range_problem(day)
    if problem is not None:
        raise ValidationError(field, *problem)
    return day


def parse_time(text: str, field: str = "time") -> str:
    """Parse HH:MM in any digits; returns canonical ASCII 'HH:MM'."""
    m = _TIME.match(fold_digits(text or ""))
    if not m or int(m.group(1)) > 23 or int(m.group(2)) > 59:
        raise ValidationError(field, f"ساعت «{text}» به شکل ساعت:دقیقه نیست (مثل ۱۰:۳۰)",
                              f"'{text}' is not a time HH:MM (e.g. 10:30)")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


GREGORIAN_MIN = jdatetime.date(MIN_YEAR, 1, 1).togregorian()
GREGORIAN_MAX = jdatetime.date(MAX_YEAR + 1, 1, 1).togregorian() - dt.timedelta(days=1)


def to_jalali(day: dt.date) -> jdatetime.date:
    return jdatetime.date.fromgregorian(date=day)


def format_date(day: dt.date | None, persian_digits: bool = True) -> str:
    """'۱۴۰۵/۰۹/۰۵' (or '1405/09/05' with persian_digits=False); '' for None."""
    if day is None:
        return ""
    try:
        j = to_jalali(day)
    except ValueError:  # a date beyond the Jalali calendar's range, stored by another program
        return UNREADABLE
    text = f"{j.year:04d}/{j.month:02d}/{j.day:02d}"
    return to_persian_digits(text) if persian_digits else text


def weekday_name(day: dt.date) -> str:
    try:
        return WEEKDAYS[to_jalali(day).weekday()]
    except ValueError:
        return UNREADABLE


def format_long(day: dt.date | None) -> str:
    """'پنج‌شنبه ۵ آذر ۱۴۰۵': the weekday, day, month name and year."""
    if day is None:
        return ""
    try:
        j = to_jalali(day)
    except ValueError:
        return UNREADABLE
    return to_persian_digits(f"{WEEKDAYS[j.weekday()]} {j.day} {MONTHS[j.month - 1]} {j.year}")


def is_weekend(day: dt.date) -> bool:
    try:
        return to_jalali(day).weekday() == FRIDAY
    except ValueError:
        return False


def today() -> dt.date:
    return dt.date.today()
