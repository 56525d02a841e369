"""A province on the suite's real PostgreSQL server, as docs/central.md sets one up (issue 23): a
database owned by the non-superuser `dabir_admin` (CREATEROLE), the schema made by its first import,
`dabir server init` and two offices by `dabir server add-office`, each keeping one committee with an
approved meeting (its resolution with a responsible party and a named vote), a sealed amendment of it,
and a draft meeting with a resolution."""
import dataclasses
import uuid

from app.services import amendments, committees, directory, meetings, resolutions, votes
from app.storage.database import open_database

ADMIN = "dabir_admin"


@dataclasses.dataclass
class Office:
    role: str
    url: str
    committee: str
    meeting: str             # approved and sealed
    resolution: str          # in the approved meeting
    party: str
    vote: str
    person: str
    amendment: str           # approved and sealed, of the approved meeting
    draft: str               # a draft meeting
    draft_resolution: str    # no votes, no parties
    voted: str               # a draft resolution with a responsible party and a named vote
    draft_party: str
    draft_vote: str
    agenda: str              # an agenda item of the approved meeting


@dataclasses.dataclass
class Province:
    name: str                # the database
    admin: str               # the owner's URL
    a: Office
    b: Office


def _committee(s, label: str) -> dict:
    cid = committees.create_committee(s, f"کمیته دفتر {label}").id
    pid = directory.create_person(s, f"عضو دفتر {label}").ids[0]
    committees.add_member(s, cid, pid)
    mid = meetings.create_meeting(s, cid).ids[0]
    agenda = meetings.add_agenda_item(s, mid, f"دستور دفتر {label}").ids[0]
    org = directory.get_or_create_organization(s, f"دستگاه {label}").id
    rid = resolutions.add_resolution(s, mid, f"مصوبه دفتر {label}", responsible=[("organization", org)]).ids[0]
    votes.set_named_votes(s, rid, {pid: "for"})
    meetings.approve_meeting(s, mid)
    aid = amendments.create_amendment(s, mid, "اصلاح نخست").ids[0]
    amendments.add_change(s, aid, "resolution_text", rid, "متن اصلاح‌شده")
    amendments.approve_amendment(s, aid)
    draft = meetings.create_meeting(s, cid).ids[0]
    draft_rid = resolutions.add_resolution(s, draft, f"مصوبه پیش‌نویس {label}").ids[0]
    voted = resolutions.add_resolution(s, draft, f"مصوبه با رأی {label}", responsible=[("organization", org)]).ids[0]
    votes.set_named_votes(s, voted, {pid: "against"})
    return dict(committee=cid, meeting=mid, resolution=rid, person=pid, amendment=aid, draft=draft,
                draft_resolution=draft_rid, voted=voted, agenda=agenda)


def make_province(pg_server, cli) -> Province:
    """`cli(*args)` runs the real `dabir`."""
    pg_server.psql(f"DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ADMIN}') THEN "
                   f"CREATE ROLE {ADMIN} LOGIN CREATEROLE; END IF; END $$")
    name = f"province_{uuid.uuid4().hex[:8]}"
    pg_server.psql(f'CREATE DATABASE "{name}" OWNER {ADMIN}')
    admin = pg_server.url(name, user=ADMIN)
    db = open_database(admin, create=True)
    with db.session() as s:
        made = {label: _committee(s, label) for label in ("a", "b")}
    db.close()
    r = cli("server", "init", admin)
    assert r.returncode == 0, r.stderr
    offices = {}
    for label, ids in made.items():
        role = f"office_{label}_{name[-8:]}"
        r = cli("server", "add-office", admin, "--office", role, "--committee", ids["committee"])
        assert r.returncode == 0, r.stderr
        one = lambda table, rid: pg_server.psql(  # noqa: E731
            f"SELECT id FROM {table} WHERE resolution_id = '{rid}'", database=name).strip()
        offices[label] = Office(role=role, url=pg_server.url(name, user=role), party=one("resolution_party", ids["resolution"]),
                                vote=one("resolution_vote", ids["resolution"]), draft_party=one("resolution_party", ids["voted"]),
                                draft_vote=one("resolution_vote", ids["voted"]), **ids)
    return Province(name, admin, offices["a"], offices["b"])
