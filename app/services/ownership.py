"""Who owns a row: the one definition that decides who may change or delete it (docs/security-trust.md,
"Ownership"). The central server says the same with `dabir_acl.committee_secretariat` (docs/central.md).

- A **committee** belongs to its secretariat: the office that created it.
- A committee's **memberships**, its **meetings** and everything in a meeting's minutes (agenda items,
  attendance, resolutions with their parties, votes and topic tags, the meeting's topic tags, its and
  its resolutions' attachments, amendments and their changes) belong to the committee's owner.
- Every other row (organisations, people, topics, follow-ups and their attachments, the register of
  issued documents, certificates) belongs to the office that created it.

"Created by this office" is read from this file's own audit log only: a `create` entry that this
office's Dabir wrote (`changed_in` = this office's id; a merge never writes `create` entries). The audit
log never travels in a merge and nothing a received file holds is consulted, so no file can make one of
my rows someone else's, or one of theirs mine. A file's claimed office id proves nothing either: the
rules apply to every received file alike. Only "mine or not mine" is decided here; which other office
owns a row this office did not create is not known without signed rows (the later migration)."""
from sqlalchemy import Connection, text

# tables reached through a meeting (by this column), and through a resolution
_BY_MEETING = {"meeting": "id", "agenda_item": "meeting_id", "attendance": "meeting_id", "resolution": "meeting_id",
               "meeting_topic": "meeting_id", "amendment": "meeting_id"}
_BY_RESOLUTION = ("resolution_party", "resolution_vote", "resolution_topic")

_CREATED_HERE = text("SELECT entity_id FROM audit_entry WHERE entity = :entity AND action = 'create' "
                     "AND changed_in = :office AND actor <> 'merge'")


def created_here(conn: Connection, entity: str, office_id: str | None) -> set[str]:
    """Ids of the `entity` rows this office created, by this file's own audit log."""
    if not office_id:
        return set()
    return set(conn.scalars(_CREATED_HERE, {"entity": entity, "office": office_id}))


class Owners:
    """Answers "is this row of this file mine?" for one connection, reading each table's links once
    and the audit log once per table asked about."""

    def __init__(self, conn: Connection, office_id: str | None):
        self.conn, self.office_id = conn, office_id
        self._created: dict[str, set[str]] = {}
        self._links: dict[str, dict[str, str | None]] = {}

    def created(self, entity: str) -> set[str]:
        if entity not in self._created:
            self._created[entity] = created_here(self.conn, entity, self.office_id)
        return self._created[entity]

    def _link(self, table: str, column: str) -> dict[str, str | None]:
        key = f"{table}.{column}"
        if key not in self._links:
            self._links[key] = dict(self.conn.execute(text(f"SELECT id, {column} FROM {table}")).all())
        return self._links[key]

    def committee_mine(self, committee_id: str | None) -> bool:
        return committee_id is not None and committee_id in self.created("committee")

    def meeting_mine(self, meeting_id: str | None) -> bool:
        return self.committee_mine(self._link("meeting", "committee_id").get(meeting_id))

    def is_mine(self, entity: str, row) -> bool:
        """Whether this office owns `row` (a dict with the table's columns; its links are followed in
        this file)."""
        if entity == "committee":
            return self.committee_mine(row["id"])
        if entity == "membership":
            return self.committee_mine(row["committee_id"])
        if entity == "meeting":
            return self.committee_mine(row["committee_id"])
        if entity in _BY_MEETING:
            return self.meeting_mine(row[_BY_MEETING[entity]])
        if entity == "amendment_change":
            return self.meeting_mine(self._link("amendment", "meeting_id").get(row["amendment_id"]))
        if entity in _BY_RESOLUTION:
            return self.meeting_mine(self._link("resolution", "meeting_id").get(row["resolution_id"]))
        if entity == "attachment" and (row["meeting_id"] or row["resolution_id"]):
            meeting = row["meeting_id"] or self._link("resolution", "meeting_id").get(row["resolution_id"])
            return self.meeting_mine(meeting)
        return row["id"] in self.created(entity)
