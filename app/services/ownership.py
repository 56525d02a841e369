"""Is this row mine? The merge's side of the one definition of ownership (app/domain/ownership.py,
docs/security-trust.md "Ownership"): a committee belongs to its secretariat, a committee's rows reach
it as COMMITTEE_OF says, every other row belongs to the office that created it. The server's
row-level security (app/storage/server_acl.py) is built from the same table.

Where "my committee" is read, per backend:
- **a file**: a committee whose `create` entry this office's Dabir wrote in this file's own audit log
  (`changed_in` = this office's id; a merge never writes `create` entries, and the log never travels),
  so no received file can make one of my rows someone else's, or one of theirs mine;
- **a central server**: a committee that `dabir_acl.committee_secretariat` gives to an office of this
  server (the mapping its row-level security enforces for office roles), or one created on the server
  itself. A file merged into the server (by its owner) is therefore held to the same secretariats
  that refuse another office's role: a tombstone on such a committee's rows is a conflict.

A file's claimed office id proves nothing: the rules apply to every received file alike. Only "mine or
not mine" is decided here; which other office owns a row this office did not create is not known
without signed rows (the later migration)."""
from sqlalchemy import Connection, bindparam, column, text

from app.domain.ownership import ATTACHMENT_OF, COMMITTEE_OF
from app.storage.models import Key
from app.storage.server_acl import secretariats

# ids are Key columns (16 bytes in a file, text on a server): the office bound, the ids read, as such
_CREATED_HERE = text("SELECT entity_id FROM audit_entry WHERE entity = :entity AND action = 'create' "
                     "AND changed_in = :office AND actor <> 'merge'").bindparams(
    bindparam("office", type_=Key)).columns(column("entity_id", Key))


def created_here(conn: Connection, entity: str, office_id: str | None) -> set[str]:
    """Ids of the `entity` rows this office created, by this file's own audit log."""
    if not office_id:
        return set()
    return set(conn.scalars(_CREATED_HERE, {"entity": entity, "office": office_id}))


class Owners:
    """Answers "is this row of this database mine?" for one connection, reading each table's links
    once, the audit log once per table asked about and, on a server, the secretariats once."""

    def __init__(self, conn: Connection, office_id: str | None):
        self.conn, self.office_id = conn, office_id
        self._created: dict[str, set[str]] = {}
        self._links: dict[str, dict[str, str | None]] = {}
        self._kept: set[str] | None = None

    def created(self, entity: str) -> set[str]:
        if entity not in self._created:
            self._created[entity] = created_here(self.conn, entity, self.office_id)
        return self._created[entity]

    def _link(self, table: str, up: str) -> dict[str, str | None]:
        key = f"{table}.{up}"
        if key not in self._links:
            self._links[key] = dict(self.conn.execute(text(f"SELECT id, {up} FROM {table}").columns(
                column("id", Key), column(up, Key))).all())
        return self._links[key]

    def kept_by_secretariat(self) -> set[str]:
        """The committees a server gives to its offices (empty on a file)."""
        if self._kept is None:
            self._kept = set(secretariats(self.conn))
        return self._kept

    def committee_mine(self, committee_id: str | None) -> bool:
        return committee_id is not None and (committee_id in self.created("committee")
                                             or committee_id in self.kept_by_secretariat())

    def committee_of(self, entity: str, row) -> str | None:
        """The committee a row belongs to (COMMITTEE_OF; an attachment through its meeting or
        resolution), followed through this database; None for a row no committee owns."""
        if entity == "attachment":
            column, parent = next(((c, p) for c, p in ATTACHMENT_OF if row[c]), (None, None))
            if column is None:
                return None             # on a follow-up: its recorder's, not a committee's
        elif entity in COMMITTEE_OF:
            column, parent = COMMITTEE_OF[entity]
        else:
            return None
        value = row[column]
        while parent != "committee" and value is not None:
            up, next_parent = COMMITTEE_OF[parent]
            value, parent = self._link(parent, up).get(value), next_parent
        return value

    def meeting_mine(self, meeting_id: str | None) -> bool:
        return self.committee_mine(self._link("meeting", "committee_id").get(meeting_id))

    def is_mine(self, entity: str, row) -> bool:
        """Whether this office owns `row` (a dict with the table's columns; its links are followed in
        this database)."""
        if entity in COMMITTEE_OF or (entity == "attachment" and (row["meeting_id"] or row["resolution_id"])):
            return self.committee_mine(self.committee_of(entity, row))
        return row["id"] in self.created(entity)
