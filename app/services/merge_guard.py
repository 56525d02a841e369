"""What another office's file can never do in a merge, whatever its rows say (issue 22; the design is
docs/security-trust.md). The row merge (merge_rows.py) asks here before it takes a value of theirs:

- **The register and the certificates are append-only.** A received `issued_document` or
  `office_certificate` row is kept as a record of what the other file says; a difference in one this
  file already holds (a rewritten sha256, key, office, or a tombstone) is a `locked` conflict, never
  applied. `verify` trusts neither table anyway (the register entries this office's own audit log
  created, and the keys in this machine's trust store; see issued.py and trust.py).
- **Ownership** (ownership.py): another file's tombstone on a row this office owns is a `locked`
  conflict, never applied. An amendment of a meeting this office owns and has approved, approved only
  in the other file, arrives hidden with a `locked` conflict: approving changes to my minutes is mine.
- **What sealed minutes print**: the committee, people and organisations a meeting approved here
  names are printed in its minutes and hashed into their fingerprint (reports/fingerprint.py), but
  are not rows of the seal. A rename or tombstone of one from elsewhere would make the printed minutes
  fail `verify`, so it is a `locked` conflict. (The seal's own fingerprints are unchanged.)
- **No rollback by replay**: a row whose `row_version` is lower than the one this file recorded from
  the same office at the last merge is an older copy: nothing in it is news. So is a signed row whose
  signature's counter is lower than one this file holds for that row from the same office.
- **Signed rows** (row_signing.py): another office's tombstone, or approval of an amendment, is taken
  only when the row as it arrives carries a good signature by a key this machine trusts for the office
  the signature names (and never on a row this office owns); anything else is held as a `locked`
  conflict, or arrives hidden, as before.
"""
from sqlalchemy import Connection

from app.domain.enums import AmendmentStatus
from app.storage.models import Amendment
from app.storage.validate import convert_row, read_raw

from .ownership import Owners
from .row_signing import Received
from .seals import keyed

APPEND_ONLY = {"issued_document", "office_certificate"}
# The fields of rows named by sealed minutes that their fingerprint hashes (reports/fingerprint.py drops
# contact details, descriptions and the agenda template), plus the name keys that go with the names.
PRINTED = {"organization": {"name", "short_name", "name_key", "deleted_at"},
           "person": {"full_name", "name_key", "post", "organization_id", "deleted_at"},
           "committee": {"name", "name_key", "organization_id", "deleted_at"}}


class MergeGuard:
    def __init__(self, mine: Connection, theirs: Connection, my_office: str | None, sealed, approved_there: set):
        self.mine = mine
        self.owners = Owners(mine, my_office)
        self.sealed = set(sealed)
        self._printed: dict[str, set[str]] | None = None
        self.received = Received(mine, theirs)
        a = Amendment.__table__
        approved = [r for r, problems in (convert_row(a, raw) for raw in read_raw(theirs, a))
                    if not problems and r["status"] == AmendmentStatus.APPROVED.value and r["deleted_at"] is None]
        # amendments that only the other file approved: of my approved minutes (mine to approve), or
        # with no good signature by a trusted office
        self.foreign_approvals = {r["id"] for r in approved if r["id"] in approved_there and (
            r["meeting_id"] in self.sealed and self.owners.meeting_mine(r["meeting_id"])
            or self.received.signed("amendment", r) is None)}

    def replayed(self, entity: str, t, base_version: int | None) -> bool:
        """Their row is older than the one this file already took: by the counter of the office that
        signed both states, else by the row version recorded from the same office at the last merge."""
        order = self.received.order(entity, t)
        if order is not None:
            return order == "older"
        return base_version is not None and (t["row_version"] or 0) < base_version

    def newer_signed(self, entity: str, t) -> bool:
        """Their row is a newer signed state than one this file holds from the same office."""
        return self.received.order(entity, t) == "newer"

    def held(self, entity: str, m, t, f: str) -> bool:
        """Whether their value of field `f`, changed only by them, must still be asked, not taken."""
        if entity in APPEND_ONLY:
            return True
        if f == "deleted_at" and m["deleted_at"] is None and t["deleted_at"] is not None \
                and (self.owners.is_mine(entity, m) or self.received.signed(entity, t) is None):
            return True
        if entity == "amendment" and f == "status" and t["status"] == AmendmentStatus.APPROVED.value \
                and (m["meeting_id"] in self.sealed and self.owners.meeting_mine(m["meeting_id"])
                     or self.received.signed(entity, t) is None):
            return True
        return f in PRINTED.get(entity, ()) and m["id"] in self.printed(entity)

    def printed(self, entity: str) -> set[str]:
        if self._printed is None:
            self._printed = printed_references(self.mine, self.sealed)
        return self._printed.get(entity, set())


def printed_references(conn: Connection, sealed) -> dict[str, set[str]]:
    """The committees, people and organisations that the live minutes of the meetings in `sealed`
    name (chair, secretary, attendees and whom they stand for, responsible parties, voters, and their
    organisations), read from this file."""
    sealed = set(sealed)
    committees, people, orgs = set(), set(), set()
    for mid, committee, chair, secretary in conn.execute(keyed(
            "SELECT id, committee_id, chair_id, secretary_id FROM meeting WHERE status = 'approved'", 4)):
        if mid in sealed:
            committees.add(committee)
            people.update((chair, secretary))
    for meeting, person, behalf in conn.execute(keyed(
            "SELECT meeting_id, person_id, on_behalf_of_id FROM attendance WHERE deleted_at IS NULL", 3)):
        if meeting in sealed:
            people.update((person, behalf))
    resolutions = {rid for rid, meeting in conn.execute(keyed(
        "SELECT id, meeting_id FROM resolution WHERE deleted_at IS NULL", 2)) if meeting in sealed}
    for resolution, person, org in conn.execute(keyed(
            "SELECT resolution_id, person_id, organization_id FROM resolution_party WHERE deleted_at IS NULL", 3)):
        if resolution in resolutions:
            people.add(person)
            orgs.add(org)
    for resolution, person in conn.execute(keyed(
            "SELECT resolution_id, person_id FROM resolution_vote WHERE deleted_at IS NULL", 2)):
        if resolution in resolutions:
            people.add(person)
    for cid, org in conn.execute(keyed("SELECT id, organization_id FROM committee", 2)):
        if cid in committees:
            orgs.add(org)
    for pid, org in conn.execute(keyed("SELECT id, organization_id FROM person", 2)):
        if pid in people:
            orgs.add(org)
    return {"committee": committees - {None}, "person": people - {None}, "organization": orgs - {None}}
