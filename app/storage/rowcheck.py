"""Could Dabir have written this row? Type, size, enum and NOT NULL checks of one row of a table, from
the SQLAlchemy models' own column declarations, for rows that come from a file we do not trust
(`dabir check --repair` copies only rows that pass; the merge can use the same function).

`problems(table, row)` returns what is wrong, field by field; an empty list means the row is valid.
References between rows (foreign keys) are the caller's to check: they need the other rows."""
import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import Date, DateTime, Integer, LargeBinary, String, Table, Text
from sqlalchemy.types import TypeDecorator

from app.domain.enums import AmendmentStatus, AttendanceStatus, ChangeKind, MeetingStatus, ResolutionStatus, Role, VoteChoice
from . import merge_models  # noqa: F401  (their tables are part of Base.metadata)
from .models import Base, Key
from .search_keys import pack_id, unpack_id, uuid_text
from .timestamps import to_micros

TEXT_LIMIT = 1_000_000          # characters in a Text column (a minutes' summary is a few thousand)
BLOB_LIMIT = 5_000_000          # bytes in a binary column (a signature image)
# columns allowed more: an attached file (issue 14; app/services/attachments.MAX_SIZE)
BLOB_LIMITS = {("attachment", "content"): 25 * 2 ** 20}
INT_RANGE = (-(2 ** 63), 2 ** 63 - 1)
# the integers a moment may be stored as (schema 11): years 1 to 9999, as the text's check allows
_MICROS = (to_micros(dt.datetime.min), to_micros(dt.datetime.max))
KEY_LENGTH = 36                 # characters in an id (schema 9's VARCHAR(36); a UUID is 36)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# (table, column) -> the values Dabir writes there
ENUMS: dict[tuple[str, str], frozenset[str]] = {
    ("meeting", "status"): frozenset(MeetingStatus),
    ("resolution", "status"): frozenset(ResolutionStatus),
    ("resolution", "base_status"): frozenset(ResolutionStatus),
    ("follow_up", "status"): frozenset(ResolutionStatus),
    ("attendance", "status"): frozenset(AttendanceStatus),
    ("attendance", "role"): frozenset(Role),
    ("membership", "role"): frozenset(Role),
    ("amendment", "status"): frozenset(AmendmentStatus),
    ("amendment_change", "kind"): frozenset(ChangeKind),
    ("resolution_vote", "choice"): frozenset(VoteChoice),
    # merge: a received log, summed up; undo, restore: what an undo or the recycle bin did (issue 14)
    ("audit_entry", "action"): frozenset({"create", "update", "delete", "merge", "undo", "restore"}),
}


@dataclass(frozen=True)
class FieldProblem:
    field: str                  # table.column
    en: str
    fa: str

    def __str__(self) -> str:
        return f"{self.field}: {self.en}"


def table(name: str) -> Table | None:
    return Base.metadata.tables.get(name)


def problems(tbl: Table, row: dict) -> list[FieldProblem]:
    """Everything wrong with `row` (column name -> value, as sqlite3 returns it) for `tbl`."""
    out = []
    for col in tbl.columns:
        where = f"{tbl.name}.{col.name}"
        value = row.get(col.name)
        if value is None:
            if not col.nullable:
                out.append(FieldProblem(where, "required value missing", "مقدار لازم خالی است"))
            continue
        if isinstance(col.type, Key):
            bad = None if key_text(value) is not None else (f"{_show(value)} is not an id as Dabir stores one",
                                                            "شناسه به شکلی که دبیر می‌نویسد نیست")
        else:
            bad = _type_problem(_stored_type(col.type), value, BLOB_LIMITS.get((tbl.name, col.name), BLOB_LIMIT))
        if bad is None and (tbl.name, col.name) in ENUMS and value not in ENUMS[(tbl.name, col.name)]:
            bad = (f"{_show(value)} is not one of {', '.join(sorted(ENUMS[(tbl.name, col.name)]))}",
                   f"مقدار {_show(value)} مجاز نیست")
        if bad:
            out.append(FieldProblem(where, *bad))
    return out


def suspect_where(tbl: Table) -> str:
    """An SQL condition true for every row `problems` would find fault with (and perhaps a few more),
    so that a whole file is checked in SQLite's own loop and only suspects reach Python."""
    conds = []
    for col in tbl.columns:
        c = f'"{col.name}"'
        if not col.nullable:
            conds.append(f"{c} IS NULL")
        t = _stored_type(col.type)
        if isinstance(col.type, Key):
            # an id's 16 UUID bytes, or the text marker and at most 36 characters (key_text)
            conds.append(f"typeof({c}) NOT IN ('blob', 'null') OR (length({c}) != 16 AND "
                         f"(length({c}) > {2 + 4 * KEY_LENGTH} OR substr({c}, 1, 1) != x'ff'))")
        elif isinstance(t, Integer):
            conds.append(f"typeof({c}) NOT IN ('integer', 'null')")
        elif isinstance(t, DateTime):
            # '+0 days' makes SQLite normalise 02-30 to 03-02, so a date that is not real differs
            # microseconds since 1970 (schema 11, timestamps.py) within years 1..9999, or an older text
            conds.append(f"typeof({c}) NOT IN ('integer', 'text', 'null') "
                         f"OR (typeof({c}) = 'integer' AND {c} NOT BETWEEN {_MICROS[0]} AND {_MICROS[1]}) "
                         f"OR (typeof({c}) = 'text' AND (datetime({c}) IS NULL "
                         f"OR date({c}, '+0 days') IS NOT substr({c}, 1, 10) "
                         f"OR {c} NOT GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' OR {c} < '0001'))")
        elif isinstance(t, Date):
            conds.append(f"typeof({c}) NOT IN ('text', 'null') OR ({c} IS NOT NULL AND "
                         f"(length({c}) != 10 OR date({c}, '+0 days') IS NOT {c} OR {c} < '0001'))")
        elif isinstance(t, (String, Text)):
            conds.append(f"typeof({c}) NOT IN ('text', 'null') OR length({c}) > {t.length or TEXT_LIMIT}")
        elif isinstance(t, LargeBinary):
            limit = BLOB_LIMITS.get((tbl.name, col.name), BLOB_LIMIT)
            conds.append(f"typeof({c}) NOT IN ('blob', 'null') OR length({c}) > {limit}")
        if (tbl.name, col.name) in ENUMS:
            allowed = ", ".join(f"'{v}'" for v in sorted(ENUMS[(tbl.name, col.name)]))
            conds.append(f"{c} NOT IN ({allowed})")
    return " OR ".join(f"({x})" for x in conds) or "0"


def key_text(stored) -> str | None:
    """The id an id column's stored value holds (schema 10, models.Key: `search_keys.pack_id(id)`, the
    16 bytes of a UUID or a marker byte and the id's text), or None for a value no Dabir stores there:
    text (schema 9's spelling, a file edited elsewhere), a number, a blob that is no id's packing, an
    id longer than schema 9's 36 characters."""
    if type(stored) is not bytes:
        return None
    if len(stored) == 16:       # every 16 bytes are a UUID's (a packed text is never 16 bytes long)
        return uuid_text(stored)
    try:
        found = unpack_id(stored)
    except (ValueError, UnicodeDecodeError):
        return None
    if not isinstance(found, str) or len(found) > KEY_LENGTH or pack_id(found) != stored:
        return None             # a blob's packing, or bytes that unpack but are not how Dabir packs
    return found


def shown_key(stored) -> str:
    """A stored id as a report names it: the id, or what is there instead."""
    found = key_text(stored)
    return repr(stored) if found is None else found


def _stored_type(t):
    """The type as stored: the models wrap columns in lenient readers (models._Lenient)."""
    while isinstance(t, TypeDecorator):
        t = t.impl
    return t


def _show(value) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _type_problem(type_, value, blob_limit: int = BLOB_LIMIT) -> tuple[str, str] | None:
    if isinstance(type_, Integer):
        if not isinstance(value, int) or isinstance(value, bool):
            return f"{_show(value)} is not a whole number", "عدد صحیح نیست"
        if not INT_RANGE[0] <= value <= INT_RANGE[1]:
            return "number out of range", "عدد خارج از بازه است"
    elif isinstance(type_, DateTime):
        if type(value) is int:
            if not _MICROS[0] <= value <= _MICROS[1]:
                return f"{_show(value)} is not a date and time", "تاریخ و زمان معتبر نیست"
        elif not isinstance(value, str) or not _is_datetime(value):
            return f"{_show(value)} is not a date and time", "تاریخ و زمان معتبر نیست"
    elif isinstance(type_, Date):
        if not isinstance(value, str) or not _DATE.fullmatch(value) or not _is_date(value):
            return f"{_show(value)} is not a date (YYYY-MM-DD)", "تاریخ معتبر نیست"
    elif isinstance(type_, (String, Text)):
        if not isinstance(value, str):
            return f"{_show(value)} is not text", "متن نیست"
        limit = type_.length or TEXT_LIMIT
        if len(value) > limit:
            return f"text of {len(value)} characters, more than {limit}", "متن بیش از اندازه بلند است"
    elif isinstance(type_, LargeBinary):
        if not isinstance(value, bytes):
            return f"{_show(value)} is not binary data", "داده دودویی نیست"
        if len(value) > blob_limit:
            return f"{len(value)} bytes, more than {blob_limit}", "داده بیش از اندازه بزرگ است"
    return None


def _is_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_datetime(text: str) -> bool:
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        return False
    return True
