"""What each side changed since the two files last shared history, read from their audit logs.

Every write goes through the audit hook (app/storage/audit.py), which appends an entry with a UUID
naming the row and the fields changed. Two copies of a file share the entries made before they were
separated, whether Dabir or the file manager made the copy, and a merge copies the other side's
entries in. So for any row, the entries only one side has are exactly that side's changes since the
common ancestor: no stored snapshot of the base is needed, and it cannot go stale.
"""
import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Connection, select

from app.storage.models import AuditEntry

Key = tuple[str, str]  # (table, row id)


@dataclass
class History:
    mine_fields: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))
    theirs_fields: dict[Key, set[str]] = field(default_factory=lambda: defaultdict(set))
    theirs_only: list[dict] = field(default_factory=list)  # their entries to copy into mine


def _fields(changes: str) -> set[str]:
    try:
        value = json.loads(changes)
    except ValueError:
        return set()
    return set(value) if isinstance(value, dict) else set()


def read_history(mine: Connection, theirs: Connection) -> History:
    t = AuditEntry.__table__
    h = History()
    mine_ids = set(mine.scalars(select(t.c.id)))
    theirs_ids = set()
    for row in theirs.execute(select(t)).mappings():
        theirs_ids.add(row["id"])
        if row["id"] not in mine_ids:
            h.theirs_only.append(dict(row))
            h.theirs_fields[(row["entity"], row["entity_id"])] |= _fields(row["changes"])
    for id_, entity, entity_id, changes in mine.execute(select(t.c.id, t.c.entity, t.c.entity_id, t.c.changes)):
        if id_ not in theirs_ids:
            h.mine_fields[(entity, entity_id)] |= _fields(changes)
    return h
