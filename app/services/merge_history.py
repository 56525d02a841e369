"""The history a merge may rely on, and the history it only reports.

*This* file's audit log is trusted: only this Dabir writes it (local edits, decisions, and the values a
merge took, each as an entry). A merge asks it what this office changed in a row, and which values a
field has had here. The other file's audit log is information only: it is summarised (how many
entries, which tables, from when to when) with bounded SQL aggregates, never copied entry by entry and
never used to decide a value. See docs/sharing.md, "The merge base".
"""
import json
from dataclasses import dataclass, field

from sqlalchemy import Connection, bindparam, text

from app.domain.persian import strip_invisible
from app.storage import timestamps
from app.storage.models import Key


@dataclass
class RowHistory:
    """What this file's audit log says about one row: per field, the values it had before each change
    (oldest first) and whether an update ever touched it."""
    before: dict[str, list] = field(default_factory=dict)   # field -> old values, oldest first
    created: dict[str, object] = field(default_factory=dict)  # field -> value at creation
    touched: set[str] = field(default_factory=set)           # fields some update changed

    def past_values(self, f: str) -> list:
        out = list(self.before.get(f, []))
        if f in self.created:
            out.append(self.created[f])
        return out


_ROW_HISTORY = text("SELECT action, changes FROM audit_entry WHERE entity = :entity AND entity_id = :row_id "
                    "AND rowid > :after ORDER BY rowid").bindparams(bindparam("row_id", type_=Key))


def row_history(mine: Connection, entity: str, row_id: str, after: int = 0) -> RowHistory:
    """This file's audit entries for one row, after audit position `after` (its rowid). Uses the
    ix_audit_entity index: a merge asks only for rows that differ."""
    h = RowHistory()
    for action, changes in mine.execute(_ROW_HISTORY, {"entity": entity, "row_id": row_id, "after": after}):
        try:
            value = json.loads(changes)
        except (TypeError, ValueError):
            continue
        if not isinstance(value, dict):
            continue
        for f, v in value.items():
            if action == "create":
                h.created.setdefault(f, v)
            elif isinstance(v, list) and len(v) == 2:
                h.before.setdefault(f, []).append(v[0])
                h.touched.add(f)
    return h


def audit_position(mine: Connection) -> int:
    return mine.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM audit_entry").scalar() or 0


MAX_ENTITIES = 20  # tables named in the summary of a received log


def summarise_received(theirs: Connection) -> dict:
    """The other file's audit log in a few numbers. Bounded in memory whatever its size: aggregates
    computed by SQLite, at most MAX_ENTITIES rows read back."""
    total, first, last = theirs.exec_driver_sql(
        "SELECT count(*), min(at), max(at) FROM audit_entry").one()
    by_entity = {}
    for entity, n in theirs.execute(text(
            "SELECT entity, count(*) AS n FROM audit_entry GROUP BY entity ORDER BY n DESC, entity LIMIT :n"),
            {"n": MAX_ENTITIES}):
        name = strip_invisible(str(entity))[:50] if entity is not None else "?"
        by_entity[name] = n
    # a moment as schema 10 spelled it, whether the file stores microseconds (schema 11) or text
    clip = lambda v: str(timestamps.as_text(v))[:32] if v is not None else None  # noqa: E731
    return {"entries": total, "first": clip(first), "last": clip(last), "by_entity": by_entity}
