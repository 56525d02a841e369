"""The three-way merge of rows, table by table, matched by UUID. See docs/sharing.md for the rules.

Writes go through SQLAlchemy Core on the merging session's connection, not the ORM: rows taken from
the other office keep their own history (their audit entries are copied in), instead of looking like
fresh local edits that would bounce back on the next merge the other way.
"""
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, UniqueConstraint, func, select

from app.domain.enums import MeetingStatus
from app.storage.audit import plain_value
from app.storage.models import AuditEntry, Base, Meeting, new_id, utcnow

from . import conflicts
from .merge_history import History

# Per-file tables that never travel: settings hold this office's id and letterhead; the audit log is
# merged as history (below), and the merge tables are this office's own.
LOCAL_TABLES = {"setting", "audit_entry", "merge_conflict", "merge_peer", "alembic_version"}
META = {"id", "created_at", "updated_at", "row_version", "changed_in"}
DERIVED = {"resolution": {"status"}}  # recomputed from follow-ups, never merged as a value
# Rows that belong to a meeting, and so are locked with it once it is approved.
MEETING_PARTS = {"meeting": "id", "agenda_item": "meeting_id", "attendance": "meeting_id",
                 "resolution": "meeting_id"}

Progress = Callable[[int, int], None]


def merged_tables() -> list[Table]:
    """Row tables in foreign-key order (parents first), so inserts never point at a missing row."""
    return [t for t in Base.metadata.sorted_tables if t.name not in LOCAL_TABLES and "row_version" in t.c]


def unique_columns(table: Table) -> list[tuple[str, ...]]:
    """Column sets other than the id that must be unique (topic tags: meeting_id + topic_id)."""
    found = [tuple(c.name for c in con.columns) for con in table.constraints
             if isinstance(con, UniqueConstraint)]
    found += [tuple(c.name for c in ix.columns) for ix in table.indexes if ix.unique]
    return [cols for cols in found if cols != ("id",)]


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    conflicting: int = 0
    unchanged: int = 0
    by_table: dict[str, Counter] = field(default_factory=dict)

    def count(self, table: str, what: str, n: int = 1) -> None:
        setattr(self, what, getattr(self, what) + n)
        self.by_table.setdefault(table, Counter())[what] += n


class RowMerger:
    def __init__(self, mine: Connection, theirs: Connection, history: History, my_office: str | None,
                 their_office: str | None):
        self.mine, self.theirs, self.h = mine, theirs, history
        self.my_office, self.their_office = my_office, their_office
        self.now = utcnow()
        self.tally = Tally()
        self.touched_resolutions: set[str] = set()
        self.hidden: set[str] = set()  # rows of theirs inserted as tombstones (locked meeting)
        m = Meeting.__table__
        # Locked: approved here, by a change the other office has not seen. Its edits were made without
        # knowing the minutes were signed. Once the approval is shared history, a later change from
        # there is a deliberate one (a conflict decided there) and is taken like any other.
        approved = mine.scalars(select(m.c.id).where(m.c.status == MeetingStatus.APPROVED.value))
        self.locked = {i for i in approved if "status" in history.mine_fields.get(("meeting", i), ())}
        self.mine_meetings = set(mine.scalars(select(m.c.id)))
        self.resolution_meeting: dict[str, str] = {}

    def run(self, progress: Progress | None = None) -> Tally:
        tables = merged_tables()
        for i, table in enumerate(tables):
            self._merge_table(table)
            if progress:
                progress(i + 1, len(tables) + 1)
        self._number_collisions()
        conflicts.settle_numbers(self.mine)
        conflicts.refresh_derived_status(self.mine, self.touched_resolutions)
        self._copy_history()
        return self.tally

    # --- one table -----------------------------------------------------------------------------
    def _merge_table(self, table: Table) -> None:
        name = table.name
        fields = [c.name for c in table.c if c.name not in META and c.name not in DERIVED.get(name, ())]
        mine_rows = {r["id"]: r for r in self.mine.execute(select(table)).mappings()}
        self.unique_keys = {cols: {tuple(r[c] for c in cols): r for r in mine_rows.values()}
                            for cols in unique_columns(table)}
        if name == "resolution":
            self.resolution_meeting = {i: r["meeting_id"] for i, r in mine_rows.items()}
        for t in self.theirs.execute(select(table)).mappings():
            if name == "resolution":
                self.resolution_meeting.setdefault(t["id"], t["meeting_id"])
            m = mine_rows.get(t["id"])
            if m is None:
                self._insert(table, t)
            else:
                self._merge_row(table, fields, m, t)

    def _meeting_of(self, name: str, row) -> str | None:
        if name in MEETING_PARTS:
            return row[MEETING_PARTS[name]]
        if name == "resolution_party":
            return self.resolution_meeting.get(row["resolution_id"])
        return None

    def _is_locked(self, name: str, row) -> bool:
        return self._meeting_of(name, row) in self.locked

    def _insert(self, table: Table, t) -> None:
        values = dict(t)
        name = table.name
        for cols, rows in self.unique_keys.items():
            twin = rows.get(tuple(t[c] for c in cols))
            if twin is not None:
                self._merge_twin(table, twin, t)
                return
        parent_hidden = name == "resolution_party" and t["resolution_id"] in self.hidden
        if self._is_locked(name, t) and t["deleted_at"] is None and not parent_hidden:
            # Adding to an approved meeting is editing it: keep the row, hidden, and ask.
            values["deleted_at"] = self.now
            self.hidden.add(t["id"])
            self._audit(name, t["id"], "delete", {"deleted_at": [None, self.now.isoformat()]})
            self.tally.count(name, "conflicting", self._conflict("locked", name, t["id"], "deleted_at", self.now, None))
        self.mine.execute(table.insert().values(**values))
        if name == "resolution":
            self.touched_resolutions.add(t["id"])
        elif name == "follow_up":
            self.touched_resolutions.add(t["resolution_id"])
        self.tally.count(name, "added")

    def _merge_row(self, table: Table, fields: list[str], m, t) -> None:
        name, key = table.name, (table.name, t["id"])
        diffs = [f for f in fields if m[f] != t[f]]
        if not diffs:
            self.tally.count(name, "unchanged")
            return
        mine_changed, theirs_changed = self.h.mine_fields.get(key, set()), self.h.theirs_fields.get(key, set())
        locked = self._is_locked(name, m)
        updates, n_conflicts = {}, 0
        for f in diffs:
            cm, ct = f in mine_changed, f in theirs_changed
            if f == "deleted_at" and m[f] is not None and t[f] is not None:
                if t[f] < m[f]:  # deleted on both sides: both keep the earlier moment, so they agree
                    updates[f] = t[f]
                continue
            if cm and not ct:
                continue  # only mine changed: keep it
            if ct and not cm and not locked:
                updates[f] = t[f]
                continue
            # both changed it differently, or neither log explains the difference (an edit made
            # outside Dabir), or the other office edited an approved meeting: ask the secretary
            n_conflicts += self._conflict("locked" if locked and not cm else "field", name, t["id"], f, m[f], t[f])
            if not cm:
                # Keeping the local value is a decision the other office must receive, or the two
                # copies would disagree; an audit entry makes it this office's change of the field.
                self._audit(name, t["id"], "update", {f: [plain_value(t[f]), plain_value(m[f])]})
        if updates:
            if set(updates) == set(diffs):  # now identical to theirs: take their bookkeeping too
                updates.update(row_version=t["row_version"], updated_at=t["updated_at"], changed_in=t["changed_in"])
            else:
                updates.update(row_version=max(m["row_version"], t["row_version"]) + 1, updated_at=self.now,
                               changed_in=self.my_office)
            conflicts.settle(self.mine, name, t["id"], [f for f in updates if f in diffs])
            self.mine.execute(table.update().where(table.c.id == t["id"]).values(**updates))
            self.tally.count(name, "updated")
            if name == "resolution":
                self.touched_resolutions.add(t["id"])
            elif name == "follow_up":  # a follow-up withdrawn (tombstoned) elsewhere
                self.touched_resolutions.add(t["resolution_id"])
        if n_conflicts:
            self.tally.count(name, "conflicting", n_conflicts)
        if not updates and not n_conflicts:
            self.tally.count(name, "unchanged")

    def _merge_twin(self, table: Table, m, t) -> None:
        """Both offices made the same link (a topic tag) under two ids; a unique key keeps one row.
        A tag has no content beyond being there or not: the later change of the two wins, and the
        smaller id is kept, so both offices end with the same row. (Such tables are leaves: no
        foreign key points at them.)"""
        values = {}
        if m["deleted_at"] != t["deleted_at"] and t["updated_at"] > m["updated_at"]:
            values.update(deleted_at=t["deleted_at"], updated_at=t["updated_at"])
        if t["id"] < m["id"]:
            values["id"] = t["id"]
        if values:
            self.mine.execute(table.update().where(table.c.id == m["id"]).values(**values))
        self.tally.count(table.name, "updated" if values else "unchanged")

    # --- after the rows --------------------------------------------------------------------------
    def _number_collisions(self) -> None:
        """Two live meetings of one committee with the same number: both stay, the secretary renumbers."""
        m = Meeting.__table__
        dup = (select(m.c.committee_id, m.c.number).where(m.c.deleted_at.is_(None))
               .group_by(m.c.committee_id, m.c.number).having(func.count() > 1)).subquery()
        rows = self.mine.execute(select(m.c.id, m.c.committee_id, m.c.number, m.c.created_at)
                                 .join(dup, (m.c.committee_id == dup.c.committee_id) & (m.c.number == dup.c.number))
                                 .where(m.c.deleted_at.is_(None))
                                 .order_by(m.c.committee_id, m.c.number, m.c.created_at, m.c.id)).all()
        groups: dict[tuple, list[str]] = {}
        for id_, committee, number, _ in rows:
            groups.setdefault((committee, number), []).append(id_)
        ct = conflicts.MergeConflict.__table__
        known = {frozenset((a, b)) for a, b in self.mine.execute(
            select(ct.c.row_id, ct.c.other_row_id).where(ct.c.kind == "number"))}
        for (_, number), ids in groups.items():
            mine_first = sorted(ids, key=lambda i: i not in self.mine_meetings)
            keeper = mine_first[0]
            for other in mine_first[1:]:
                if frozenset((keeper, other)) not in known:
                    conflicts.record(self.mine, "number", "meeting", keeper, "number", number, number,
                                     self.their_office, other_row_id=other)
                    self.tally.count("meeting", "conflicting")

    def _copy_history(self) -> None:
        if self.h.theirs_only:
            t = AuditEntry.__table__
            for i in range(0, len(self.h.theirs_only), 500):
                self.mine.execute(t.insert(), self.h.theirs_only[i:i + 500])

    def _conflict(self, kind, entity, row_id, field, mine, theirs) -> int:
        return int(conflicts.record(self.mine, kind, entity, row_id, field, mine, theirs, self.their_office))

    def _audit(self, entity: str, row_id: str, action: str, changes: dict) -> None:
        self.mine.execute(AuditEntry.__table__.insert().values(
            id=new_id(), at=self.now, actor="merge", action=action, entity=entity, entity_id=row_id,
            changes=json.dumps(changes, ensure_ascii=False), created_at=self.now, updated_at=self.now,
            row_version=1, changed_in=self.my_office))

