"""Issue 22, "one ownership, two places": who owns a committee's rows is defined once
(app/domain/ownership.py). The server's row-level security is built from that table and the merge's
ownership (app/services/ownership.py) follows the same table, reading the committee's secretariat
where each backend records it. Shown on real files and the suite's real PostgreSQL (a province made
by `dabir server init` / `add-office`, tests/app/server_province.py):

- every owned row of the server names the same committee by the server's SQL and by the merge's
  reading of the same table;
- the same act (another office deleting a meeting of a committee whose secretariat is office A) gets
  the same decision everywhere: refused to office B's role on the server, held as a conflict when B's
  file is merged into A's file, and held when B's file is merged into the server (for a committee that
  came to the server in a file and that `add-office` gave to A). A committee the server gives to no
  office and did not create is not the server's: B's deletion of its meeting is taken (the control)."""
import pytest
from sqlalchemy import bindparam, text

from app.domain.errors import DabirError
from app.domain.ownership import COMMITTEE_OF
from app.services import committees, meetings
from app.services.ownership import Owners
from app.storage.database import open_database
from app.storage.models import Key
from app.storage.server_acl import OWNED
from tests.app.server_province import make_province
from tests.app.sharing_data import fork
from tests.conftest import _run_cli


@pytest.fixture(scope="module")
def province(pg_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("province")
    env = {"DABIR_LOG_DIR": str(folder / "logs"), "DABIR_STATE_DIR": str(folder / "state"),
           "DABIR_BACKUP_DIR": str(folder / "backups"), "DABIR_CONFIG_DIR": str(folder / "config"),
           "DABIR_KEY_DIR": str(folder / "keys")}
    return make_province(pg_server, lambda *args: _run_cli(*args, env=env))


def test_the_server_and_the_merge_follow_one_table_to_a_rows_committee(province):
    db = open_database(province.admin)
    try:
        with db.session() as s:
            conn = s.connection()
            owners = Owners(conn, db.office_id)
            compared = {}
            for table in [*COMMITTEE_OF, "attachment"]:
                expr = OWNED.get(table, "coalesce(dabir_acl.meeting_committee(meeting_id), "
                                        "dabir_acl.resolution_committee(resolution_id))")
                for row in conn.execute(text(f"SELECT *, {expr} AS by_server FROM {table}")).mappings():
                    assert owners.committee_of(table, row) == row["by_server"], (table, dict(row))
                    compared[table] = compared.get(table, 0) + 1
            assert set(compared) >= set(COMMITTEE_OF) - {"meeting_topic", "resolution_topic"}, compared
            # both offices' committees are the server's: its secretariats give them to its offices
            assert owners.committee_mine(province.a.committee) and owners.committee_mine(province.b.committee)
    finally:
        db.close()


def _live(url_or_path, meeting_id) -> bool:
    db = open_database(url_or_path)
    try:
        with db.session() as s:
            # a file and the server alike: the id is bound as the column stores it (packed in a file)
            live = text("SELECT deleted_at IS NULL FROM meeting WHERE id = :m").bindparams(bindparam("m", type_=Key))
            return s.execute(live, {"m": meeting_id}).scalar()
    finally:
        db.close()


def _new_committee(path, name) -> tuple[str, str]:
    """A committee with a draft meeting, made in the file at `path` by its office's Dabir."""
    db = open_database(path)
    with db.session() as s:
        cid = committees.create_committee(s, name).id
        mid = meetings.create_meeting(s, cid).ids[0]
    db.close()
    return cid, mid


def _delete_meeting(path, meeting_id) -> None:
    db = open_database(path)
    with db.session() as s:
        meetings.delete_meeting(s, meeting_id)
    db.close()


def test_another_office_deleting_my_meeting_gets_the_same_answer_in_a_file_and_on_the_server(
        cli, province, tmp_path):
    # --- files: A's committee; B's copy deletes A's draft meeting; merged into A's file: held
    a, b = tmp_path / "a.dabir", tmp_path / "b.dabir"
    open_database(a, create=True).close()
    cid, mid = _new_committee(a, "کمیته دفتر الف")
    fork(a, b)
    _delete_meeting(b, mid)
    r = cli("merge", "--db", a, "--from", b)
    assert r.returncode == 0, r.stderr
    assert _live(a, mid)
    listed = cli("conflicts", "--db", a).stdout
    assert "meeting.deleted_at" in listed and "locked" in listed

    # --- the server: a committee made in an office's file, merged in, then given to office A
    outside = tmp_path / "outside.dabir"
    assert cli("backup", "--db", province.admin, "-o", outside, "--new-office", "دفتر بیرون").returncode == 0
    kept, kept_meeting = _new_committee(outside, "کمیته آمده از پرونده")
    loose, loose_meeting = _new_committee(outside, "کمیته بی‌دبیرخانه")
    r = cli("merge", "--db", province.admin, "--from", outside)
    assert r.returncode == 0, r.stderr
    r = cli("server", "add-office", province.admin, "--office", province.a.role, "--committee", kept)
    assert r.returncode == 0, r.stderr

    # office B's role deletes A's meeting: refused by the server's rule
    office_b = open_database(province.b.url)
    try:
        with pytest.raises(DabirError):
            with office_b.session() as s:
                meetings.delete_meeting(s, kept_meeting)
    finally:
        office_b.close()
    assert _live(province.admin, kept_meeting)

    # office B's file deletes the same meeting (and the unowned committee's); the owner merges it in
    theirs = tmp_path / "office-b.dabir"
    assert cli("backup", "--db", province.admin, "-o", theirs, "--new-office", "دفتر ب").returncode == 0
    _delete_meeting(theirs, kept_meeting)
    _delete_meeting(theirs, loose_meeting)
    r = cli("merge", "--db", province.admin, "--from", theirs)
    assert r.returncode == 0, r.stderr
    assert _live(province.admin, kept_meeting)                 # held, as in the file and for B's role
    listed = cli("conflicts", "--db", province.admin, "--json").stdout
    assert kept_meeting in listed and "deleted_at" in listed
    assert not _live(province.admin, loose_meeting)            # no secretariat, not made here: taken
    assert loose_meeting not in listed
