"""Values Dabir did not write itself (another office's file, a file edited with other tools) are checked
here before anything stores them: one place, used by the merge and by repair-by-copy.

Rows are read *raw* (sqlite3's own values: str, int, float, bytes, None), because a typed read already
fails on a date like '1405/13/40'. Only the ids a .dabir file stores packed (schema 10, models.Key) read
as their text, as a server's do, and a value no Dabir packs there as `BadKey`, which every check
refuses. `convert_row` checks every column of one row against the model and returns typed, cleaned
values (dates as `datetime.date`, text without invisible bidi or zero-width characters, name keys
recomputed from the cleaned names) and a list of problems, each naming the table, the row's id and
the field. `Registry` adds what needs more than one row: references resolve to a row of the right
table, and one UUID is never two kinds of row.
"""
import datetime as dt
import re
from collections.abc import Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache

from sqlalchemy import Connection, Date, DateTime, Integer, LargeBinary, String, Table, TextClause, bindparam, text
from sqlalchemy.types import TypeDecorator

from app.domain import file_kinds, jalali
from app.domain.enums import AmendmentStatus, AttendanceStatus, ChangeKind, MeetingStatus, ResolutionStatus, Role, VoteChoice
from app.domain.persian import clean_text, name_key
from app.domain.rules import MAX_NUMBER  # a meeting or resolution number

from .models import Base, Key
from .rowcheck import key_text
from .search_keys import uuid_text
from .timestamps import from_micros

ENUMS = {("meeting", "status"): MeetingStatus, ("attendance", "role"): Role,
         ("attendance", "status"): AttendanceStatus, ("membership", "role"): Role,
         ("resolution", "base_status"): ResolutionStatus, ("resolution", "status"): ResolutionStatus,
         ("follow_up", "status"): ResolutionStatus, ("amendment", "status"): AmendmentStatus,
         ("amendment_change", "kind"): ChangeKind, ("resolution_vote", "choice"): VoteChoice}
TIMES = {("meeting", "start_time"), ("meeting", "end_time")}
POSITIVE = {("meeting", "number"), ("resolution", "number"), ("amendment", "number")}
NAME_KEYS = {"organization": "name", "person": "full_name", "committee": "name", "topic": "name"}
TEXT_LIMIT = 200_000           # characters in a Text column (a long summary is ~20,000)
BLOB_LIMIT = 5 * 2 ** 20       # bytes in a blob (a scanned signature)
BLOB_LIMITS = {("attachment", "content"): 25 * 2 ** 20}   # an attached file (issue 14)
INT_MIN, INT_MAX = -2 ** 63, 2 ** 63 - 1
_ID = re.compile(r"[0-9A-Za-z_-]{1,36}")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
# Tables that are this file's own and never read from another file.
LOCAL = {"setting", "audit_entry"}


def row_tables() -> list[Table]:
    """The tables of shared rows, parents first."""
    return [t for t in Base.metadata.sorted_tables if "deleted_at" in t.c and t.name not in LOCAL]


@dataclass(frozen=True)
class Invalid:
    table: str
    row_id: str | None
    field: str
    fa: str
    en: str

    def one_line(self) -> str:
        return f"{self.table} {self.row_id or '?'} {self.field}: {self.en}"


@dataclass(frozen=True)
class BadKey:
    """What a .dabir file holds in an id column where no Dabir's packing of an id is (text, as schema 9
    spelled ids or a file edited elsewhere has them; a number; a blob that is no id's packing): kept as
    read, but never a str, so no check takes it for an id."""
    stored: object


def read_raw(conn: Connection, table: Table, key: str | None = None, among: Collection = ()) -> Iterator[dict]:
    """The table's rows as the driver returns them, untouched by column types (a textual statement
    with no typed result columns), but for the ids of a .dabir file: stored packed (issue 28, schema
    10), they read as their text, as on a server, or as `BadKey` (see read_key). Only the model's
    columns are read, by name, so an extra column in a foreign file is never looked at. With `key`
    (one of the table's columns), only the rows whose `key` is one of `among` (ids as text, for an id
    column), bound as an expanding IN list: the caller keeps `among` under SQLite's limit of bound
    variables."""
    if key is None:
        result = conn.execute(_raw_select(table, None))
    else:
        stmt = _raw_select(table, key)
        among = list(among)
        if not among:   # no row matches; and an empty untyped list is `IN (CAST(NULL AS INTEGER))` on a server
            return
        result = conn.execute(stmt, {"among": among})
    names = [c.name for c in table.c]
    keys = _key_positions(table) if conn.dialect.name == "sqlite" else ()
    if not keys:
        for row in result:
            yield dict(zip(names, row))
        return
    seen = {}      # an id read once (an office's, a parent's) is not unpacked again
    for row in result:
        row = list(row)
        for i in keys:
            stored = row[i]
            if type(stored) is bytes:
                found = seen.get(stored)
                if found is None:
                    # a UUID's bytes straight to text (key_text's first case, without its checks' two
                    # calls: a merge reads ~800,000)
                    found = seen[stored] = uuid_text(stored) if len(stored) == 16 else read_key(stored)
                row[i] = found
            elif stored is not None:
                row[i] = BadKey(stored)
        yield dict(zip(names, row))


def read_key(stored):
    """An id column's value as a .dabir file holds it (models.Key: the id's 16 UUID bytes, or a marker
    byte and the id's text): the id's text, None for NULL, else `BadKey(stored)`."""
    if stored is None:
        return None
    found = key_text(stored)
    return BadKey(stored) if found is None else found


@lru_cache(maxsize=None)
def _key_positions(table: Table) -> tuple[int, ...]:
    return tuple(i for i, c in enumerate(table.c) if isinstance(c.type, Key))


@lru_cache(maxsize=None)
def _raw_select(table: Table, key: str | None) -> TextClause:
    """read_raw's statement, built once per table and key (building a textual statement costs as much
    as running a small one)."""
    sql = "SELECT " + ", ".join(f'"{c.name}"' for c in table.c) + f' FROM "{table.name}"'
    if key is None:
        return text(sql)
    column = table.c[key]           # KeyError for a column the model lacks: never SQL from a caller
    # ids bind as a file stores them (packed) or a server does (text); other values as they are
    among = bindparam("among", type_=Key, expanding=True) if isinstance(column.type, Key) else \
        bindparam("among", expanding=True)
    return text(f'{sql} WHERE "{column.name}" IN :among').bindparams(among)


def _problem(table: Table, row_id, field: str, fa: str, en: str) -> Invalid:
    return Invalid(table.name, row_id if isinstance(row_id, str) else None, field, fa, en)


def _describe(value) -> str:
    if isinstance(value, BadKey):
        value = value.stored
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def convert_value(table: Table, column: str, value):
    """(typed value, None) or (None, (fa, en)) for one column's raw value."""
    return _converter(table, column)(value)


_CONVERTERS: dict[tuple, object] = {}


def _converter(table: Table, column: str):
    """One column's check, decided once per column (a merge calls it for every value of two files)."""
    key = (table.name, column)
    found = _CONVERTERS.get(key)
    if found is not None and found[0] is table:
        return found[1]
    col = table.c[column]
    is_key = isinstance(col.type, Key)
    kind = col.type.impl if isinstance(col.type, TypeDecorator) else col.type  # models' lenient readers
    missing = (None, ("مقدار لازم است و خالی است", "required value is missing")) if not col.nullable else (None, None)

    def bad(fa, en, value):
        return None, (f"{fa} {_describe(value)}", f"{en} {_describe(value)}")

    if isinstance(kind, DateTime):
        def convert(value):
            if value is None:
                return missing
            if isinstance(value, str):
                try:
                    day = dt.datetime.fromisoformat(value)
                except ValueError:
                    return bad("زمان نامعتبر", "invalid timestamp", value)
            elif isinstance(value, dt.datetime):
                day = value
            elif type(value) is int:           # schema 11 stores microseconds since 1970 (timestamps.py)
                try:
                    day = from_micros(value)
                except OverflowError:
                    return bad("زمان نامعتبر", "invalid timestamp", value)
            else:
                return bad("زمان نامعتبر", "invalid timestamp", value)
            if day.tzinfo is not None:
                return bad("زمان بیرون از بازه", "timestamp out of range", value)
            problem = jalali.range_problem(day.date())
            return (None, problem) if problem else (day, None)
    elif isinstance(kind, Date):
        def convert(value):
            if value is None:
                return missing
            if isinstance(value, str) and len(value) == 10:
                try:
                    day = dt.date.fromisoformat(value)
                except ValueError:
                    return bad("تاریخ نامعتبر", "invalid date", value)
            elif isinstance(value, dt.date) and not isinstance(value, dt.datetime):
                day = value
            else:
                return bad("تاریخ نامعتبر", "invalid date", value)
            problem = jalali.range_problem(day)     # the typed dates' rule: 1300-1500, not far ahead
            return (None, problem) if problem else (day, None)
    elif isinstance(kind, Integer):
        low, high = (1, MAX_NUMBER) if key in POSITIVE else (0, INT_MAX) if column in ("position", "row_version",
                                                                                          "merges") else (INT_MIN, INT_MAX)

        def convert(value):
            if value is None:
                return missing
            if type(value) is not int:
                return bad("باید عدد صحیح باشد، نه", "must be an integer, not", value)
            if not low <= value <= high:
                return None, (f"عدد {value} بیرون از بازه است", f"number {value} out of range {low}..{high}")
            return value, None
    elif isinstance(kind, LargeBinary):
        blob_limit = BLOB_LIMITS.get(key, BLOB_LIMIT)

        def convert(value):
            if value is None:
                return missing
            if not isinstance(value, bytes):
                return bad("باید داده دودویی باشد، نه", "must be binary, not", value)
            if len(value) > blob_limit:
                return None, ("داده بیش از اندازه بزرگ است", f"blob larger than {blob_limit} bytes")
            return value, None
    elif is_key:     # read_raw gives an id's text; a value no Dabir stores there, as BadKey
        def convert(value):
            if value is None:
                return missing
            if not isinstance(value, str) or not _ID.fullmatch(value):     # '$' would let 'x\n' pass
                return bad("شناسه نامعتبر", "invalid id", value)
            return value, None
    elif isinstance(kind, String):  # Text included
        limit = kind.length or TEXT_LIMIT
        allowed = {e.value for e in ENUMS[key]} if key in ENUMS else None
        listed = ", ".join(sorted(allowed)) if allowed else ""
        is_time, required = key in TIMES, not col.nullable
        multiline = kind.length is None             # a Text column keeps its line breaks

        def convert(value):
            if value is None:
                return missing
            if not isinstance(value, str):
                return bad("باید متن باشد، نه", "must be text, not", value)
            value = clean_text(value, multiline)     # the one cleaner every road in uses
            if len(value) > limit:
                return None, (f"متن بلندتر از {limit} نویسه است", f"text longer than {limit} characters")
            if allowed is not None and value not in allowed:
                return None, (f"مقدار {_describe(value)} مجاز نیست", f"{_describe(value)} is not one of {listed}")
            if is_time and not _TIME.fullmatch(value):
                return bad("ساعت نامعتبر", "invalid time", value)
            if required and not value.strip():
                return None, ("مقدار لازم است و خالی است", "required value is empty")
            return value, None
    else:
        def convert(value):
            return (missing if value is None else (value, None))
    _CONVERTERS[key] = (table, convert)
    return convert


_ROWS: dict[str, tuple] = {}


def _row_converters(table: Table) -> list:
    found = _ROWS.get(table.name)
    if found is None or found[0] is not table:
        found = _ROWS[table.name] = (table, [(c.name, _converter(table, c.name)) for c in table.c])
    return found[1]


def convert_row(table: Table, raw: Mapping) -> tuple[dict, list[Invalid]]:
    """Check and convert one raw row of `table`. Returns (typed values, problems); with problems the
    values must not be stored."""
    row_id = raw.get("id")
    values, problems = {}, []
    for name, convert in _row_converters(table):
        value, error = convert(raw.get(name))
        if error:
            problems.append(_problem(table, row_id, name, *error))
        values[name] = value
    if table.name in NAME_KEYS and values.get(NAME_KEYS[table.name]):
        # the key is derived: recomputed from the cleaned name, never trusted from the file
        values["name_key"] = name_key(values[NAME_KEYS[table.name]])[:table.c.name_key.type.length]
    if table.name == "resolution_party" and not problems and \
            (values["organization_id"] is None) == (values["person_id"] is None):
        problems.append(_problem(table, row_id, "person_id", "دقیقاً یکی از شخص یا دستگاه لازم است",
                                 "exactly one of person_id and organization_id is required"))
    if table.name == "attachment" and not problems:
        problems += _attachment_problems(table, row_id, values)
    return values, problems


_UNSAFE_NAME = re.compile(r"[/\\:*?\"<>|]")


def _attachment_problems(table: Table, row_id, values: dict) -> list[Invalid]:
    """An attached file is what its row says: one owner, its size and sha256 those of its bytes, and a
    plain file name (no folders, nothing hidden), since opening it writes it under that name."""
    import hashlib
    out = []
    owners = [values[c] for c in ("meeting_id", "resolution_id", "follow_up_id") if values.get(c) is not None]
    if len(owners) != 1:
        out.append(_problem(table, row_id, "meeting_id", "پیوست باید دقیقاً از آنِ یک جلسه، مصوبه یا پیگیری باشد",
                            "an attachment belongs to exactly one meeting, resolution or follow-up"))
    content = values.get("content") or b""
    if values.get("size") != len(content):
        out.append(_problem(table, row_id, "size", "اندازه پیوست با داده آن نمی‌خواند",
                            "the attachment's size does not match its bytes"))
    if values.get("sha256") != hashlib.sha256(content).hexdigest():
        out.append(_problem(table, row_id, "sha256", "چکیده پیوست با داده آن نمی‌خواند",
                            "the attachment's sha256 does not match its bytes"))
    name = values.get("name") or ""
    if _UNSAFE_NAME.search(name) or name.strip(" .") == "" or name.startswith("."):
        out.append(_problem(table, row_id, "name", f"نام پیوست نامعتبر است {_describe(name)}",
                            f"unsafe attachment name {_describe(name)}"))
    return out


def refused_attachment(values: Mapping) -> tuple[str, str] | None:
    """(fa, en) if a received attachment row, live, is not a document Dabir takes (file_kinds: an
    .exe, .lnk, .hta, a content that is not what its name says): the merge holds it, tombstoned, as a
    conflict the secretary sees, rather than refusing the whole file for it. None if it may be taken."""
    if values.get("deleted_at") is not None:
        return None
    name = values.get("name") or ""
    return file_kinds.problem(file_kinds.clean_name(name), values.get("content") or b"")


# references kept as plain columns, checked like foreign keys: (table, column) -> the table referred to
REFERENCES = {("resolution", "amendment_id"): "amendment"}


class Registry:
    """Which table each id belongs to, over every file being combined."""

    def __init__(self):
        self.kind: dict[str, str] = {}

    def add(self, table_name: str, ids: Iterable) -> list[tuple[str, str]]:
        """Register ids; returns (id, other table) for ids already registered as another kind of row."""
        clashes = []
        for i in ids:
            if not isinstance(i, str):
                continue
            seen = self.kind.setdefault(i, table_name)
            if seen != table_name:
                clashes.append((i, seen))
        return clashes

    def add_connection(self, conn: Connection, tables: Iterable[Table] | None = None) -> list[Invalid]:
        problems = []
        packed = conn.dialect.name == "sqlite"     # a file's ids are stored packed (models.Key)
        for t in tables or row_tables():
            ids = (read_key(r[0]) if packed else r[0] for r in conn.exec_driver_sql(f'SELECT id FROM "{t.name}"'))
            for i, other in self.add(t.name, ids):
                problems.append(Invalid(t.name, i, "id", f"همین شناسه یک {other} است",
                                        f"the same id is already a {other} row"))
        return problems

    def check(self, table: Table, values: Mapping) -> list[Invalid]:
        """References resolve to a row of the right table, and the row's own id is of its kind."""
        problems = []
        row_id = values.get("id")
        if self.kind.get(row_id, table.name) != table.name:
            problems.append(_problem(table, row_id, "id", f"همین شناسه یک {self.kind[row_id]} است",
                                     f"the same id is already a {self.kind[row_id]} row"))
        refs = [(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys]
        refs += [(col, target) for (name, col), target in REFERENCES.items() if name == table.name]
        for column, target in refs:
            value = values.get(column)
            if value is None:
                continue
            if self.kind.get(value) != target:
                problems.append(_problem(table, row_id, column, f"به {target} ناموجود «{value}» اشاره می‌کند",
                                         f"refers to a missing {target} '{value}'"))
        return problems


def check_connection(conn: Connection, tables: Iterable[Table] | None = None) -> list[Invalid]:
    """Every problem in the shared rows of one file (for `check`, and before a repair copies rows)."""
    tables = list(tables or row_tables())
    registry = Registry()
    problems = registry.add_connection(conn, tables)
    for t in tables:
        for raw in read_raw(conn, t):
            values, found = convert_row(t, raw)
            problems += found or registry.check(t, values)
    return problems
