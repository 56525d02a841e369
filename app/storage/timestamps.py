"""How a .dabir file stores a moment (issue 28, schema 11): microseconds since 1970-01-01 (naive UTC,
as `models.utcnow` gives), an INTEGER that SQLite keeps in 6 bytes, where schema 10 kept SQLAlchemy's
26-character text «2026-12-07 21:35:08.123456» in every created_at, updated_at, deleted_at and the
rest. The integer orders exactly as that text did, so ORDER BY and comparisons in SQL keep their
results. A text a file holds from before (schema 10, or SQLite's datetime('now') in a setting row,
which has no microseconds) still reads: migration 0011 converts only the text that reads back to the
same characters, so a downgrade gives the exact text back.

PostgreSQL keeps its timestamp columns (models.DateTime binds them as datetimes there)."""
import datetime as dt

EPOCH = dt.datetime(1970, 1, 1)
_MICRO = dt.timedelta(microseconds=1)
# SQLite's own expression for the current moment in this form (a row written by SQL, not the ORM)
NOW_SQL = "CAST(round((julianday('now') - 2440587.5) * 86400000000) AS INTEGER)"


def to_micros(value: dt.datetime | dt.date) -> int:
    """The integer stored for `value`. An aware datetime keeps its clock time (its zone is dropped, as
    SQLAlchemy's text did); a date is its midnight."""
    if not isinstance(value, dt.datetime):
        if not isinstance(value, dt.date):
            raise TypeError(f"a time must be a datetime, not {type(value).__name__}")
        value = dt.datetime.combine(value, dt.time())
    return (value.replace(tzinfo=None) - EPOCH) // _MICRO


def from_micros(value: int) -> dt.datetime:
    """The moment an integer names; OverflowError past year 9999 or before year 1."""
    return EPOCH + dt.timedelta(microseconds=value)


def canonical_text(value: dt.datetime) -> str:
    """How schema 10 (SQLAlchemy on SQLite) wrote a moment."""
    return (f"{value.year:04d}-{value.month:02d}-{value.day:02d} {value.hour:02d}:{value.minute:02d}:"
            f"{value.second:02d}.{value.microsecond:06d}")


def stored(value):
    """Migration 0011's conversion: a text in exactly schema 10's form becomes its integer; anything
    else (NULL, another form, a number, a blob) stays as it is."""
    if not isinstance(value, str) or len(value) != 26:
        return value
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return value
    return to_micros(moment) if moment.tzinfo is None and canonical_text(moment) == value else value


def as_text(value):
    """The reverse, for a downgrade: an integer back to schema 10's text."""
    if type(value) is not int:
        return value
    try:
        return canonical_text(from_micros(value))
    except OverflowError:
        return value


def read(value) -> dt.datetime | None:
    """A stored value as a moment: an integer, or a text such as SQLite's datetime() writes; None for
    anything else."""
    if type(value) is int:
        try:
            return from_micros(value)
        except OverflowError:
            return None
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return None
        return moment if moment.tzinfo is None else None
    return None
