"""How values read on screen: Jalali dates and numbers in Persian digits, enum labels."""
import datetime as dt

from app.domain import jalali
from app.domain.persian import to_persian_digits
from ui import strings as S


def date(day: dt.date | None) -> str:
    return jalali.format_date(day) if day else S.NONE


def num(value) -> str:
    return to_persian_digits(value) if value is not None else ""


def time(value: str | None) -> str:
    return to_persian_digits(value) if value else ""


def parties(resolution) -> str:
    return S.LIST_SEPARATOR.join(p.name for p in resolution.responsible)
