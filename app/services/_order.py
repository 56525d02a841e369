"""Ordering for paged lists: each list whitelists the columns it sorts by (a name -> SQL expressions),
so a caller can never inject SQL; text sorts in Persian alphabetical order through a collation."""
from functools import lru_cache

from sqlalchemy import Boolean, collate
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from app.domain.errors import ValidationError
from app.domain.persian import sort_key

COLLATION = "persian"


@lru_cache(maxsize=8192)
def _key(text: str) -> str:
    return sort_key(text)


def _compare(a: str, b: str) -> int:
    ka, kb = _key(a), _key(b)
    return (ka > kb) - (ka < kb)


def persian(column) -> ColumnElement:
    """`column` compared in Persian alphabetical order (needs `use_collation` on the session)."""
    return collate(column, COLLATION)


def use_collation(s: Session) -> None:
    """Register the Persian collation on the session's SQLite connection (cheap; idempotent). A
    PostgreSQL server has its own, an ICU collation of the same name (migration 0001)."""
    if s.get_bind().dialect.name != "sqlite":
        return
    s.connection().connection.driver_connection.create_collation(COLLATION, _compare)


def order_by(s: Session, columns: dict[str, tuple], key: str, descending: bool, tie: tuple) -> list:
    """ORDER BY terms for the whitelisted column `key`, then `tie` (which makes the order total)."""
    if key not in columns:
        raise ValidationError("ترتیب", f"ستون «{key}» برای مرتب‌سازی تعریف نشده است",
                              f"cannot sort by '{key}' (one of: {', '.join(columns)})")
    use_collation(s)
    terms = [c.desc() if descending else c.asc() for c in columns[key]]
    return terms + list(tie)


class likely(FunctionElement):
    """A WHERE term the planner should take as mostly true: SQLite's likelihood(x, 0.9); a
    PostgreSQL server estimates from its own statistics, so there it is the bare term."""
    type = Boolean()
    inherit_cache = True


@compiles(likely)
def _likely_sqlite(element, compiler, **kw):
    return f"likelihood({compiler.process(element.clauses, **kw)}, 0.9)"


@compiles(likely, "postgresql")
def _likely_plain(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)
