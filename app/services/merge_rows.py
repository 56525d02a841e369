"""The three-way merge of rows, table by table, matched by UUID. See docs/sharing.md for the rules.

The base of the three-way merge is this file's own record (`merge_base`) of what it last accepted
from the other office, and, for rows never merged with that office, this file's own audit log. The
other file supplies only its rows, each checked and cleaned (app/storage/validate.py) before use.

Writes go through SQLAlchemy Core on the merging session's connection, not the ORM: bookkeeping of a
row taken whole from the other office stays theirs, and each value taken is written to this file's
audit log as a "merge" entry, so that this file's history stays complete and its own.
"""
import datetime as dt
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import Connection, Table, UniqueConstraint, bindparam, func, or_, select, text

from app.domain import json_input
from app.storage.audit import plain_value
from app.storage.merge_models import MergeBase
from app.storage.models import AuditEntry, Base, DateTime, Key, Meeting, new_id, utcnow
from app.storage.validate import convert_row, read_raw, refused_attachment

from . import conflicts, seals
from .guards import cancel_targets, settle
from .merge_guard import MergeGuard
from .merge_history import row_history

# Per-file tables that never travel: settings hold this office's id and letterhead; the audit log and
# the merge tables are this office's own.
LOCAL_TABLES = {"setting", "audit_entry", "merge_conflict", "merge_peer", "merge_base", "meeting_seal",
                "alembic_version"}
META = {"id", "created_at", "updated_at", "row_version", "changed_in"}
DERIVED = {"resolution": {"status"}}  # recomputed from follow-ups, never merged as a value
# Rows under a seal once their record is approved, and the column naming that record: a meeting's
# rows, and an amendment's (issue 14); see seals.py.
MEETING_PARTS = {**{name: "id" for name in seals.SEALED}, **seals.PARTS}
MASS_DELETION = 5  # meetings deleted by one file at once: shown, and applied only when accepted
# the fields of one row that the other office's own edits changed (asked for each row that differs)
_THEIR_EDITS = text("SELECT changes FROM audit_entry WHERE entity = :entity AND entity_id = :row_id "
                    "AND changed_in = :office AND action = 'update'").bindparams(
    bindparam("row_id", type_=Key), bindparam("office", type_=Key))
# rows their file holds aside or kept out (see RowMerger.__init__)
_THEIR_LOCKED = "SELECT row_id FROM merge_conflict WHERE {} AND kind = 'locked' AND field = 'deleted_at'"

Progress = Callable[[int, int], None]


def merged_tables() -> list[Table]:
    """Row tables in foreign-key order (parents first), so inserts never point at a missing row."""
    return [t for t in Base.metadata.sorted_tables if t.name not in LOCAL_TABLES and "deleted_at" in t.c]


def unique_columns(table: Table) -> list[tuple[str, ...]]:
    """Column sets other than the id that must be unique (topic tags: meeting_id + topic_id)."""
    found = [tuple(c.name for c in con.columns) for con in table.constraints
             if isinstance(con, UniqueConstraint)]
    found += [tuple(c.name for c in ix.columns) for ix in table.indexes if ix.unique]
    return [cols for cols in found if cols != ("id",)]


def field_hash(value) -> str:
    return hashlib.blake2b(seals.canon(value).encode(), digest_size=8).hexdigest()


def row_hash(row, fields) -> str:
    text = "\x1f".join(f"{f}={seals.canon(row[f])}" for f in fields)
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def lenient(table: Table, raw) -> dict:
    """This file's own row, typed where its values are valid and as stored where not (a bad value
    already on disk is compared as it is, and replaced if the other office has a valid change)."""
    values, problems = convert_row(table, raw)
    for p in problems:
        values[p.field] = raw.get(p.field)
    return values


def typed(table: Table, f: str, plain):
    """A value from an audit entry (JSON-friendly, see audit.plain_value) in the column's type."""
    if plain is None or f not in table.c:
        return plain
    try:
        kind = table.c[f].type.python_type
    except NotImplementedError:
        return plain
    try:
        if kind is dt.datetime and isinstance(plain, str):
            return dt.datetime.fromisoformat(plain)
        if kind is dt.date and isinstance(plain, str):
            return dt.date.fromisoformat(plain)
    except ValueError:
        return plain
    return plain


@dataclass
class BaseRow:
    row_version: int
    seen: str           # a row hash (agreed) or JSON {field: hash} (diverged)
    kept: str | None    # None: my row equalled theirs; else JSON {field: hash}

    @property
    def agreed(self) -> bool:
        return self.kept is None and not self.seen.startswith("{")


@dataclass
class Tally:
    added: int = 0
    updated: int = 0
    conflicting: int = 0
    unchanged: int = 0
    by_table: dict[str, Counter] = field(default_factory=dict)
    deleted_meetings: list[str] = field(default_factory=list)   # tombstones taken from the other file
    possible_duplicates: list[dict] = field(default_factory=list)

    def count(self, table: str, what: str, n: int = 1) -> None:
        setattr(self, what, getattr(self, what) + n)
        self.by_table.setdefault(table, Counter())[what] += n


class RowMerger:
    def __init__(self, mine: Connection, theirs: Connection, my_office: str | None, their_office: str | None,
                 audit_mark: int | None):
        self.mine, self.theirs = mine, theirs
        self.my_office, self.their_office = my_office, their_office
        self.peer = their_office or "?"
        self.audit_mark = audit_mark or 0
        self.now = utcnow()
        self.tally = Tally()
        self.touched_resolutions: set[str] = set()
        self.hidden: set[str] = set()  # rows of theirs inserted as tombstones (sealed meeting)
        self.pending_base: list[dict] = []
        m = Meeting.__table__
        # Sealed: approved in this file. Their fingerprints are taken now and again at the end.
        stored = seals.seals(mine)
        self.sealed = seals.ensure_seals(mine, my_office)
        # those ensure_seals has just sealed were fingerprinted as they are now: not read again (a first
        # merge into a file of 2,000 meetings approved unsealed took a third of its time in fingerprints)
        fresh = {m: fp for m, fp in self.sealed.items() if m not in stored}
        self.sealed_before = {**seals.fingerprints(mine, set(self.sealed) - set(fresh)), **fresh}
        theirs_approved = seals.approved_meetings(theirs)  # meetings and amendments
        # approved there, not here: what they approved is compared with what is here, field by field
        self.approved_there = theirs_approved - set(self.sealed)
        # approved in both: a difference that I made is one they approved otherwise, and is asked too
        self.approved_both = theirs_approved & set(self.sealed)
        # what no received file may do, whatever its rows say (ownership, the register, replays)
        self.guard = MergeGuard(mine, theirs, my_office, self.sealed, self.approved_there)
        self.approved_there -= self.guard.foreign_approvals  # asked, as additions to my minutes
        self.mine_meetings = set(mine.scalars(select(m.c.id)))
        self.resolution_meeting: dict[str, str] = {}
        ct = conflicts.MergeConflict.__table__
        self.open_conflicts: dict[tuple, set] = {}
        # Rows they hold aside, tombstoned, until their secretary decides (mine, added under a meeting
        # approved there too): their tombstone is a question, not a deletion. Skipping it only keeps mine.
        self.held_there = set(theirs.scalars(seals.keyed(_THEIR_LOCKED.format("resolved_at IS NULL"))))
        # My tombstones on their rows that they refused (their owner kept the row: "mine" on a locked
        # conflict, merge_guard.py): asked here once, so that the two files can come to agree.
        self.refused_there = set(theirs.scalars(seals.keyed(_THEIR_LOCKED.format("resolution = 'mine'"))))
        # Only this office's agreement settles a question asked of it: with three offices, a third
        # file holding my value is no answer to the tombstone or change the second one sent (hypothesis
        # found it: the secretariat's question on B's tombstone was settled by C's copy, and B and the
        # secretariat then disagreed on deleted_at with nothing asked anywhere).
        for entity, row_id, f in mine.execute(select(ct.c.entity, ct.c.row_id, ct.c.field).where(
                ct.c.resolved_at.is_(None), ct.c.kind != "number",
                or_(ct.c.other_office.is_(None), ct.c.other_office == self.peer))):
            self.open_conflicts.setdefault((entity, row_id), set()).add(f)

    def run(self, progress: Progress | None = None) -> Tally:
        tables = merged_tables()
        for i, table in enumerate(tables):
            self._merge_table(table)
            self._flush_base()
            if progress:
                progress(i + 1, len(tables) + 1)
        self._not_in_approved_minutes()
        self._number_collisions()
        conflicts.settle_numbers(self.mine)
        # an amendment approved in either office may have cancelled resolutions (few: all are looked at)
        self.touched_resolutions.update(cancel_targets(self.mine))
        conflicts.refresh_derived_status(self.mine, self.touched_resolutions)
        from .votes import recount_tallies
        recount_tallies(self.mine, self.sealed)    # a tally follows its named votes, merged from both
        after = seals.fingerprints(self.mine, self.sealed)
        broken = sorted(m for m in self.sealed if after[m] != self.sealed_before[m])
        if broken:  # never expected: the rules above never take a change under a seal
            raise RuntimeError(f"merge would change sealed meetings {broken}")
        seals.ensure_seals(self.mine, self.my_office)  # meetings approved in this merge
        self.guard.received.copy_good()   # their signatures that check, kept as proof of what was taken
        return self.tally

    # --- one table -----------------------------------------------------------------------------
    def _merge_table(self, table: Table) -> None:
        name = table.name
        fields = [c.name for c in table.c if c.name not in META and c.name not in DERIVED.get(name, ())]
        # my rows raw; typed only where they differ from theirs (most rows are the same in both)
        mine_raw = {r["id"]: r for r in read_raw(self.mine, table)}
        self.base = self._load_base(name)
        uniques = unique_columns(table)
        self.unique_keys = {cols: {tuple(r[c] for c in cols): lenient(table, r) for r in mine_raw.values()}
                            for cols in uniques}
        if name == "resolution":
            self.resolution_meeting = {i: self._meeting_of(name, r) for i, r in mine_raw.items()}
        if name == "person":
            self.name_keys = {}
            for r in mine_raw.values():
                if r["deleted_at"] is None:
                    r = lenient(table, r)
                    self.name_keys.setdefault(r["name_key"], r)
        for raw in read_raw(self.theirs, table):
            t, problems = convert_row(table, raw)
            if problems:  # checked before the merge began; a change since is refused, not stored
                raise ValueError(problems[0].one_line())
            if name == "resolution":
                self.resolution_meeting.setdefault(t["id"], self._meeting_of(name, t))
            mr = mine_raw.get(t["id"])
            m = None if mr is None else t if mr == raw else lenient(table, mr)
            if m is None:
                self._insert(table, fields, t)
            else:
                self._merge_row(table, fields, m, t)

    def _meeting_of(self, name: str, row) -> str | None:
        if name == "resolution" and row["amendment_id"]:
            # one an approved amendment added is under that amendment's seal; naming an amendment not
            # approved in either file, it is an addition to the meeting's minutes, asked as such
            a = row["amendment_id"]
            return a if a in self.sealed or a in self.approved_there else row["meeting_id"]
        if name in MEETING_PARTS:
            return row[MEETING_PARTS[name]]
        if name in seals.RESOLUTION_PARTS:
            return self.resolution_meeting.get(row["resolution_id"])
        if name == "attachment":  # a meeting's or a resolution's files are part of its minutes
            return row["meeting_id"] or self.resolution_meeting.get(row["resolution_id"])
        return None

    def _insert(self, table: Table, fields: list[str], t) -> None:
        values = dict(t)
        name = table.name
        for cols, rows in self.unique_keys.items():
            twin = rows.get(tuple(t[c] for c in cols))
            if twin is not None:
                self._merge_twin(table, twin, t)
                return
        parent_hidden = name in (*seals.RESOLUTION_PARTS, "attachment") and t["resolution_id"] in self.hidden
        foreign_approval = name == "amendment" and t["id"] in self.guard.foreign_approvals
        if (self._meeting_of(name, t) in self.sealed or foreign_approval) and t["deleted_at"] is None \
                and not parent_hidden:
            # Adding to an approved meeting is editing it (approving an amendment of it too, when the
            # minutes are mine): keep the row, hidden, and ask.
            values["deleted_at"] = self.now
            self.hidden.add(t["id"])
            self._audit(name, t["id"], "delete", {"deleted_at": [None, self.now.isoformat()]}, self.my_office)
            self.tally.count(name, "conflicting", self._conflict("locked", name, t["id"], "deleted_at", self.now, None))
        elif name == "attachment" and refused_attachment(values):
            # a program or a file that lies about its kind (file_kinds): kept, tombstoned, and asked
            # about; never live, so nothing can hand it to the operating system
            values["deleted_at"] = self.now
            self.hidden.add(t["id"])
            self._audit(name, t["id"], "delete", {"deleted_at": [None, self.now.isoformat()]}, self.my_office)
            self.tally.count(name, "conflicting", self._conflict("attachment", name, t["id"], "name", t["name"], t["name"]))
        self.mine.execute(table.insert().values(**values))
        self._remember(name, fields, values, t)
        if name == "resolution":
            self.touched_resolutions.add(t["id"])
        elif name == "follow_up":
            self.touched_resolutions.add(t["resolution_id"])
        elif name == "person" and t["deleted_at"] is None:
            twin = self.name_keys.get(t["name_key"])
            if twin is not None:
                self.tally.possible_duplicates.append(
                    {"name": t["full_name"], "theirs": t["id"], "mine": twin["id"], "mine_name": twin["full_name"]})
        self.tally.count(name, "added")

    def _merge_row(self, table: Table, fields: list[str], m, t) -> None:
        name, row_id = table.name, t["id"]
        b = self.base.get(row_id)
        diffs = [f for f in fields if m[f] != t[f]]
        replayed = self.guard.replayed(name, t, b.row_version if b else None)
        if not diffs:
            self._settle_agreed(name, row_id, fields, m, t)
            if not replayed:  # an older copy that happens to agree: the base stays the newer one
                self._remember(name, fields, m, t, b)
            self.tally.count(name, "unchanged")
            return
        meetings = {self._meeting_of(name, m), self._meeting_of(name, t)}  # a row moved counts for both
        sealed = any(x in self.sealed for x in meetings)
        approved_there = not sealed and any(x in self.approved_there for x in meetings)
        approved_both = any(x in self.approved_both for x in meetings)
        changed = self._who_changed(table, fields, diffs, m, t, b)
        if replayed:  # an older copy than the one taken before: nothing in it is news, and the base stays
            changed = {f: (False, mine_changed) for f, (_, mine_changed) in changed.items()}
        updates, n_conflicts, held = {}, 0, False
        for f in diffs:
            theirs_changed, mine_changed = changed[f]
            if f == "deleted_at" and m[f] is None and row_id in self.held_there:
                # theirs holds my row aside until its secretary decides (approved there; here too, or
                # deleted here while that is asked): their tombstone is a question, not a deletion. Not
                # remembered as their state: if they keep it out, the next merge asks here.
                held = True
                continue
            if f == "deleted_at" and m[f] is not None and t[f] is None and row_id in self.refused_there:
                if not conflicts.asked(self.mine, name, row_id, f):
                    n_conflicts += self._conflict("locked", name, row_id, f, m[f], t[f])
                continue
            if f == "deleted_at" and m[f] is not None and t[f] is not None:
                # deleted on both sides: both keep the earlier moment, unless the office that signed both
                # tombstones says which is newer (its counter)
                if not sealed and not replayed and (t[f] < m[f] or self.guard.newer_signed(name, t)):
                    updates[f] = t[f]
                continue
            if not theirs_changed and not ((approved_there or approved_both) and mine_changed):
                continue  # nothing new from them: their value is older, or a difference already decided
            if theirs_changed and not mine_changed and not sealed and not self.guard.held(name, m, t, f):
                updates[f] = t[f]
                continue
            # both changed it differently, or the other office changed an approved meeting, or what
            # it approved differs from what is here, or it is not theirs to change (merge_guard.py): ask
            # the secretary; the local value stays
            kind = "locked" if sealed or approved_there or theirs_changed and not mine_changed else "field"
            n_conflicts += self._conflict(kind, name, row_id, f, m[f], t[f])
        if name == "attachment" and updates and refused_attachment({**m, **updates}):
            # renamed or refilled into a kind Dabir does not take: mine stays, theirs is asked about
            for f in ("name", "content", "sha256", "size"):
                updates.pop(f, None)
            n_conflicts += self._conflict("attachment", name, row_id, "name", m["name"], t["name"])
        after = dict(m)
        if updates:
            if set(updates) == set(diffs):  # now identical to theirs: take their bookkeeping too
                updates.update(row_version=t["row_version"], updated_at=t["updated_at"], changed_in=t["changed_in"])
            else:
                updates.update(row_version=max(m["row_version"], t["row_version"]) + 1, updated_at=self.now,
                               changed_in=self.my_office)
            taken = [f for f in updates if f in diffs]
            self.mine.execute(table.update().where(table.c.id == row_id).values(**updates))
            after.update(updates)
            deleting = "deleted_at" in taken and m["deleted_at"] is None
            self._audit(name, row_id, "delete" if deleting else "update",
                        {f: [plain_value(m[f]), plain_value(t[f])] for f in taken}, self.their_office)
            if deleting and name == "meeting":
                self.tally.deleted_meetings.append(row_id)
            self.tally.count(name, "updated")
            if name == "resolution":
                self.touched_resolutions.add(row_id)
            elif name == "follow_up":  # a follow-up withdrawn (tombstoned) elsewhere
                self.touched_resolutions.add(t["resolution_id"])
        self._settle_agreed(name, row_id, fields, after, t)
        if not held and not replayed:
            self._remember(name, fields, after, t, b)
        if n_conflicts:
            self.tally.count(name, "conflicting", n_conflicts)
        if not updates and not n_conflicts:
            self.tally.count(name, "unchanged")

    def _their_own_edits(self, name: str, row_id: str) -> set[str]:
        """Fields of a row that the other office's own audit entries changed (none for a same-office copy)."""
        if not self.their_office or self.their_office == self.my_office:
            return set()
        fields = set()
        for (changes,) in self.theirs.execute(_THEIR_EDITS, {"entity": name, "row_id": row_id,
                                                             "office": self.their_office}):
            try:
                value = json_input.loads(changes)   # their log: within limits (JSONLimitError is a ValueError)
            except (TypeError, ValueError):
                continue
            if isinstance(value, dict):
                fields.update(value)
        return fields

    def _who_changed(self, table: Table, fields, diffs, m, t, b: BaseRow | None) -> dict[str, tuple[bool, bool]]:
        """For each differing field: (changed in their file, changed in mine) since the base."""
        name = table.name
        if b is None:
            # Never merged with this office: my own audit log is the base. Their value that this row
            # has had here before is an older copy of mine; a field I never changed differs because
            # they changed it; a field both changed is a conflict.
            h = row_history(self.mine, name, t["id"])
            out = {}
            for f in diffs:
                past = [seals.canon(typed(table, f, v)) for v in h.past_values(f)]
                if seals.canon(t[f]) in past:
                    # an older copy of mine, unless their own log says they set it themselves (then
                    # both changed it: asked, never taken; a forged entry can only add a question)
                    out[f] = (f in self._their_own_edits(name, t["id"]), True)
                elif f not in h.touched:
                    out[f] = (True, False)
                else:
                    out[f] = (True, True)
            return out
        if b.agreed:
            theirs_same, mine_same = row_hash(t, fields) == b.seen, row_hash(m, fields) == b.seen
            if theirs_same or mine_same:
                return {f: (not theirs_same, not mine_same) for f in diffs}
            # both changed the row: the base values are mine, undone by my audit entries since then
            h = row_history(self.mine, name, t["id"], after=self.audit_mark)
            base = dict(m)
            for f, olds in h.before.items():
                if f in base:
                    base[f] = typed(table, f, olds[0])
            if row_hash(base, fields) != b.seen:  # changed outside Dabir: nothing to go on
                return {f: (True, True) for f in diffs}
            return {f: (t[f] != base[f], m[f] != base[f]) for f in diffs}
        seen = json.loads(b.seen)
        kept = json.loads(b.kept) if b.kept else seen
        return {f: (field_hash(t[f]) != seen.get(f), field_hash(m[f]) != kept.get(f, seen.get(f))) for f in diffs}

    def _merge_twin(self, table: Table, m, t) -> None:
        """Both offices made the same link (a topic tag, a named vote) under two ids; a unique key keeps
        one row. The later change of the two wins (its tombstone, and a vote's choice), and the smaller
        id is kept, so both offices end with the same row. (Such tables are leaves: no foreign key
        points at them.) Under an approved meeting's seal mine stays as it is, and a difference is
        asked as a locked conflict, like any change to approved minutes."""
        content = [c for c in table.c.keys() if c not in META and c != "deleted_at"
                   and not any(c in cols for cols in self.unique_keys)]
        later = t["updated_at"] > m["updated_at"]
        values = {}
        if m["deleted_at"] != t["deleted_at"] and later:
            values.update(deleted_at=t["deleted_at"], updated_at=t["updated_at"])
        if later and t["deleted_at"] is None:
            values.update({c: t[c] for c in content if m[c] != t[c]})
            if len(values) > ("updated_at" in values):
                values["updated_at"] = t["updated_at"]
        if t["id"] < m["id"]:
            values["id"] = t["id"]
        if self._meeting_of(table.name, m) in self.sealed:
            differs = [c for c in (*content, "deleted_at") if m[c] != t[c] and c in values]
            for c in differs:
                self.tally.count(table.name, "conflicting",
                                 self._conflict("locked", table.name, m["id"], c, m[c], t[c]))
            if not differs:
                self.tally.count(table.name, "unchanged")
            return
        if values:
            self.mine.execute(table.update().where(table.c.id == m["id"]).values(**values))
        self.tally.count(table.name, "updated" if values else "unchanged")

    # --- the record of what was accepted ------------------------------------------------------------
    def _load_base(self, entity: str) -> dict[str, BaseRow]:
        t = MergeBase.__table__
        return {r.row_id: BaseRow(r.row_version, r.seen, r.kept) for r in self.mine.execute(
            select(t.c.row_id, t.c.row_version, t.c.seen, t.c.kept).where(t.c.office_id == self.peer,
                                                                          t.c.entity == entity))}

    def _remember(self, name: str, fields, mine_after, t, b: BaseRow | None = None) -> None:
        """Record the base for the next merge with this office: their row as read now, and mine as it
        is after this merge. Rows that agree keep one hash; rows that differ keep a hash per field."""
        if all(mine_after[f] == t[f] for f in fields):
            seen, kept = row_hash(t, fields), None
        else:
            seen = json.dumps({f: field_hash(t[f]) for f in fields}, sort_keys=True)
            kept = json.dumps({f: field_hash(mine_after[f]) for f in fields}, sort_keys=True)
        if b is not None and (b.seen, b.kept, b.row_version) == (seen, kept, t["row_version"]):
            return
        self.pending_base.append(dict(office_id=self.peer, entity=name, row_id=t["id"], row_version=t["row_version"],
                                      seen=seen, kept=kept, merged_at=self.now))
        if len(self.pending_base) >= 1000:
            self._flush_base()

    def _flush_base(self) -> None:
        if self.pending_base:
            if self.mine.dialect.name == "sqlite":
                stmt = text(
                    "INSERT OR REPLACE INTO merge_base (office_id, entity, row_id, row_version, seen, kept, merged_at) "
                    "VALUES (:office_id, :entity, :row_id, :row_version, :seen, :kept, :merged_at)")
            else:       # a central database on a server: the same upsert in PostgreSQL's words
                stmt = text(
                    "INSERT INTO merge_base (office_id, entity, row_id, row_version, seen, kept, merged_at) "
                    "VALUES (:office_id, :entity, :row_id, :row_version, :seen, :kept, CAST(:merged_at AS timestamp)) "
                    "ON CONFLICT (office_id, entity, row_id) DO UPDATE SET row_version = excluded.row_version, "
                    "seen = excluded.seen, kept = excluded.kept, merged_at = excluded.merged_at")
            # the office and the row are Keys: packed in a file, text on a server
            stmt = stmt.bindparams(bindparam("office_id", type_=Key), bindparam("row_id", type_=Key),
                                   bindparam("merged_at", type_=DateTime))   # microseconds in a file (schema 11)
            self.mine.execute(stmt, self.pending_base)
            self.pending_base = []

    def _settle_agreed(self, name: str, row_id: str, fields, mine_after, t) -> None:
        """Open conflicts on fields whose two values now agree are settled (decided in the other office
        the same way, or there the same value was chosen)."""
        open_fields = self.open_conflicts.get((name, row_id))
        if open_fields:
            agreed = [f for f in open_fields if f in fields and mine_after[f] == t[f]]
            if agreed:
                settle(self.mine, name, row_id, agreed)
                open_fields.difference_update(agreed)

    # --- after the rows --------------------------------------------------------------------------
    def _not_in_approved_minutes(self) -> None:
        """A meeting approved there, not here: a live row here that the approved minutes lack (added
        here, or kept here while deleted there) is a conflict; taking theirs deletes it here."""
        if not self.approved_there:
            return
        ids = sorted(self.approved_there)
        for name, key in seals.PARTS.items():
            t = Base.metadata.tables[name]
            under = select(t.c.id, t.c.deleted_at).where(t.c[key].in_(ids))
            # their tombstone's own moment, so that taking theirs leaves both files alike
            theirs = dict(self.theirs.execute(under).all())
            for (row_id,) in self.mine.execute(under.with_only_columns(t.c.id).where(t.c.deleted_at.is_(None))):
                if row_id not in theirs or theirs[row_id] is not None:
                    gone = theirs.get(row_id) or self.now
                    self.tally.count(name, "conflicting",
                                     self._conflict("locked", name, row_id, "deleted_at", None, gone))

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

    def _conflict(self, kind, entity, row_id, field, mine, theirs) -> int:
        return int(conflicts.record(self.mine, kind, entity, row_id, field, mine, theirs, self.their_office))

    def _audit(self, entity: str, row_id: str, action: str, changes: dict, office: str | None) -> None:
        self.mine.execute(AuditEntry.__table__.insert().values(
            id=new_id(), at=self.now, actor="merge", action=action, entity=entity, entity_id=row_id,
            changes=json.dumps(changes, ensure_ascii=False, sort_keys=True), created_at=self.now,
            updated_at=self.now, row_version=1, changed_in=office))

    def record_summary(self, received: dict) -> None:
        """One audit entry for the whole merge: counts, and the other log summarised."""
        t = self.tally
        self._audit("merge", self.peer, "merge", {
            "added": t.added, "updated": t.updated, "conflicting": t.conflicting,
            "deleted_meetings": len(t.deleted_meetings), "received_audit": received}, self.their_office)
