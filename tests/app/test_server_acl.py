"""The central server keeps its promise (issue 23), on the suite's real PostgreSQL: a non-superuser
owner and two offices made by `dabir server init` / `add-office` (tests/app/server_province.py).
Every attack of the issue, as SQL and through the CLI, is refused and leaves the rows as the owner
reads them; every normal office action works as that office; `check` and `verify` stay green."""
import json
import subprocess
import time

import pytest

from app.services import meetings
from app.storage.database import open_database
from tests.app.server_province import ADMIN, make_province
from tests.app.test_cli import assert_user_error
from tests.conftest import _run_cli
from tests.documents import pdf

# what the owner reads back before and after each attack: every table an attack aims at
WATCHED = ("committee", "membership", "meeting", "agenda_item", "attendance", "resolution", "resolution_party",
           "resolution_vote", "amendment", "amendment_change", "follow_up", "meeting_seal", "issued_document",
           "search_doc", "audit_entry")


@pytest.fixture(scope="module")
def province(pg_server, tmp_path_factory):
    folder = tmp_path_factory.mktemp("province")
    env = {"DABIR_LOG_DIR": str(folder / "logs"), "DABIR_STATE_DIR": str(folder / "state"),
           "DABIR_BACKUP_DIR": str(folder / "backups"), "DABIR_CONFIG_DIR": str(folder / "config"),
           "DABIR_KEY_DIR": str(folder / "keys")}
    p = make_province(pg_server, lambda *args: _run_cli(*args, env=env))
    # a register entry, as the owner (a document issued before the attacks)
    _psql(pg_server, p, ADMIN, "INSERT INTO issued_document (id, created_at, updated_at, row_version, kind, meeting_id, "
          f"issued_on, sha256) VALUES ('issued-1', now(), now(), 1, 'minutes', '{p.b.meeting}', current_date, "
          f"'{'a' * 64}')")
    return p


def _psql(pg_server, p, role: str, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(pg_server.bin / "psql"), "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h", str(pg_server.socket),
                           "-U", role, "-d", p.name, "-c", sql], capture_output=True, text=True)


def _rows(pg_server, p) -> dict[str, str]:
    """Every watched table as the owner reads it (audit_entry: how many, since a refused write adds none)."""
    out = {}
    for table in WATCHED:
        sql = (f"SELECT count(*) FROM {table}" if table == "audit_entry" else
               f"SELECT coalesce(json_agg(t ORDER BY t::text), '[]') FROM {table} t")
        r = _psql(pg_server, p, ADMIN, sql)
        assert r.returncode == 0, r.stderr
        out[table] = r.stdout
    return out


def _refused(r: subprocess.CompletedProcess) -> None:
    assert r.returncode != 0, r.stdout
    assert "ERROR:" in r.stderr


def _attacks(a, b) -> list[str]:
    """What office_a tries against office_b's rows (issue 23), as plain SQL."""
    return [
        f"UPDATE resolution SET votes_for = 5 WHERE id = '{b.draft_resolution}'",
        f"UPDATE resolution SET amendment_id = '{b.amendment}' WHERE id = '{b.draft_resolution}'",
        f"UPDATE resolution SET status = 'done' WHERE id = '{b.draft_resolution}'",
        f"UPDATE resolution SET meeting_id = '{a.draft}' WHERE id = '{b.draft_resolution}'",
        f"UPDATE resolution_party SET resolution_id = '{a.draft_resolution}' WHERE id = '{b.draft_party}'",
        f"UPDATE resolution_vote SET resolution_id = '{a.draft_resolution}' WHERE id = '{b.draft_vote}'",
        f"UPDATE committee SET name = 'دزدیده' WHERE id = '{b.committee}'",
        f"UPDATE committee SET deleted_at = now() WHERE id = '{b.committee}'",
        f"UPDATE committee SET agenda_template = 'دستور جعلی' WHERE id = '{b.committee}'",
        f"UPDATE meeting SET title = 'دست‌کاری' WHERE id = '{b.draft}'",
        f"INSERT INTO resolution (id, created_at, updated_at, row_version, meeting_id, number, text, base_status, status, "
        f"amendment_id) VALUES ('slipped', now(), now(), 1, '{b.meeting}', 9, 'مصوبه جعلی', 'pending', 'pending', "
        f"'{b.amendment}')",
        f"INSERT INTO resolution (id, created_at, updated_at, row_version, meeting_id, number, text, base_status, status) "
        f"VALUES ('alien', now(), now(), 1, '{b.draft}', 9, 'مصوبه بیگانه', 'pending', 'pending')",
        f"DELETE FROM meeting_seal WHERE meeting_id = '{b.meeting}'",
        f"DELETE FROM meeting_seal WHERE meeting_id = '{b.amendment}'",
        f"INSERT INTO meeting_seal VALUES ('{b.draft}', '{'0' * 64}', now(), NULL)",
        f"UPDATE meeting_seal SET fingerprint = '{'0' * 64}' WHERE meeting_id = '{b.meeting}'",
        f"SELECT dabir_acl.seal('{b.draft}', '{'0' * 64}', NULL)",
        f"SELECT dabir_acl.seal('{b.meeting}', '{'0' * 64}', NULL)",
        "INSERT INTO issued_document (id, created_at, updated_at, row_version, kind, issued_on, sha256) "
        f"VALUES ('backdated', now(), now(), 1, 'minutes', '2020-01-01', '{'b' * 64}')",
        f"UPDATE issued_document SET sha256 = '{'c' * 64}' WHERE id = 'issued-1'",
        "DELETE FROM issued_document WHERE id = 'issued-1'",
        "UPDATE audit_entry SET actor = 'office_b'",
        "DELETE FROM audit_entry",
        "TRUNCATE audit_entry",
        f"UPDATE follow_up SET note = 'x'",
        f"DELETE FROM search_doc WHERE ref_id = '{b.draft_resolution}'",
        f"INSERT INTO search_doc (kind, ref_id, meeting_id, body) VALUES ('resolution', '{b.draft_resolution}', "
        f"'{b.draft}', 'متن جعلی')",
    ]


def _sealed_attacks(b) -> list[str]:
    """What office_b (or the owner) tries against its own approved minutes and amendment."""
    return [
        f"UPDATE resolution SET text = 'متن دیگر' WHERE id = '{b.resolution}'",
        f"UPDATE resolution SET votes_for = 9 WHERE id = '{b.resolution}'",
        f"UPDATE resolution SET deleted_at = now() WHERE id = '{b.resolution}'",
        f"UPDATE meeting SET title = 'عنوان دیگر' WHERE id = '{b.meeting}'",
        f"UPDATE meeting SET status = 'draft' WHERE id = '{b.meeting}'",
        f"UPDATE meeting SET deleted_at = now() WHERE id = '{b.meeting}'",
        f"DELETE FROM meeting WHERE id = '{b.meeting}'",
        f"UPDATE attendance SET status = 'absent' WHERE meeting_id = '{b.meeting}'",
        f"UPDATE agenda_item SET title = 'دستور دیگر' WHERE id = '{b.agenda}'",
        f"UPDATE resolution_party SET position = 5 WHERE id = '{b.party}'",
        f"UPDATE resolution_vote SET choice = 'against' WHERE id = '{b.vote}'",
        f"INSERT INTO resolution (id, created_at, updated_at, row_version, meeting_id, number, text, base_status, status) "
        f"VALUES ('added-late', now(), now(), 1, '{b.meeting}', 9, 'مصوبه دیرآمده', 'pending', 'pending')",
        f"DELETE FROM resolution WHERE id = '{b.resolution}'",
        f"UPDATE amendment SET text = 'دلیل دیگر' WHERE id = '{b.amendment}'",
        f"UPDATE amendment SET status = 'draft' WHERE id = '{b.amendment}'",
        f"UPDATE amendment_change SET new_value = 'متن دیگر' WHERE amendment_id = '{b.amendment}'",
        f"DELETE FROM meeting_seal WHERE meeting_id = '{b.meeting}'",
        f"INSERT INTO meeting_seal VALUES ('{b.draft}', '{'0' * 64}', now(), NULL)",
    ]


def test_another_offices_rows_seals_register_and_audit_refuse_every_write_as_sql(pg_server, province):
    a, b = province.a, province.b
    before = _rows(pg_server, province)
    for sql in _attacks(a, b):
        r = _psql(pg_server, province, a.role, sql)
        _refused(r)
        assert "CONTEXT" not in r.stderr.split("ERROR:", 1)[1].split("\n", 1)[0]
        assert _rows(pg_server, province) == before, sql


@pytest.mark.parametrize("who", ["office", "owner"])
def test_sealed_minutes_refuse_every_change_even_by_their_own_office_and_the_owner(pg_server, province, who):
    b = province.b
    before = _rows(pg_server, province)
    for sql in _sealed_attacks(b):
        _refused(_psql(pg_server, province, b.role if who == "office" else ADMIN, sql))
        assert _rows(pg_server, province) == before, sql


def test_the_audit_log_names_the_writer_and_takes_positions_from_its_sequence(pg_server, province):
    a = province.a
    top = int(_psql(pg_server, province, ADMIN, "SELECT max(rowid) FROM audit_entry").stdout)
    r = _psql(pg_server, province, a.role,
              "INSERT INTO audit_entry (id, at, actor, action, entity, entity_id, changes, created_at, updated_at, "
              "row_version, rowid) OVERRIDING SYSTEM VALUE VALUES ('planted', '2001-01-01', 'office_b', 'update', "
              "'meeting', 'm', '{}', now(), now(), 1, 1) RETURNING actor, rowid, at > '2020-01-01'")
    assert r.returncode == 0, r.stderr
    actor, rowid, recent = r.stdout.split("\n")[0].split("|")
    assert actor == a.role and int(rowid) > top and recent == "t"


def test_a_follow_up_names_its_recorder_whatever_the_statement_says(pg_server, province):
    a, b = province.a, province.b
    r = _psql(pg_server, province, a.role,
              "INSERT INTO follow_up (id, created_at, updated_at, row_version, resolution_id, date, status, recorded_by) "
              f"VALUES ('claimed', now(), now(), 1, '{b.resolution}', current_date, 'in_progress', '{b.role}') "
              "RETURNING recorded_by")
    assert r.returncode == 0 and r.stdout.split("\n")[0] == a.role, r.stderr
    # and no other office may take it back or change it
    _refused(_psql(pg_server, province, b.role, "UPDATE follow_up SET deleted_at = now() WHERE id = 'claimed'"))
    _refused(_psql(pg_server, province, a.role, "UPDATE follow_up SET note = 'دیگر' WHERE id = 'claimed'"))


def test_the_plain_cli_refuses_another_offices_committee_in_one_line(cli, pg_server, province, tmp_path):
    a, b = province.a, province.b
    letter = tmp_path / "نامه.pdf"                      # a document kind attachments accept (#22)
    letter.write_bytes(pdf())
    before = _rows(pg_server, province)
    for args in (("votes", "--resolution", b.draft_resolution, "--for", "5"),
                 ("agenda-template", "--committee", b.committee, "دستور جعلی"),
                 ("attachment", "add", "--meeting", b.draft, "-f", letter),
                 ("amendment", "new", "--meeting", b.meeting, "--text", "اصلاح بیگانه")):
        r = cli(*args, "--db", a.url)
        assert_user_error(r, "another secretariat")
        assert "CONTEXT" not in r.stderr and "SELECT" not in r.stderr and "UPDATE" not in r.stderr
        assert _rows(pg_server, province) == before, args


def test_the_owner_is_refused_sealed_minutes_through_dabir_in_one_line(cli, pg_server, province):
    b = province.b
    before = _rows(pg_server, province)
    db = open_database(province.admin)
    with pytest.raises(Exception) as e:
        with db.session() as s:
            s.connection().exec_driver_sql(f"UPDATE meeting SET title = 'x' WHERE id = '{b.meeting}'")
    db.close()
    line = e.value.one_line()
    assert "مهر شده" in line and "sealed" in line and "\n" not in line and "CONTEXT" not in line
    assert _rows(pg_server, province) == before


def test_undo_takes_back_only_the_calling_offices_own_entries(cli, pg_server, province):
    a, b = province.a, province.b
    db = open_database(b.url)
    with db.session() as s:
        meetings.update_meeting(s, b.draft, location="سالن ب")
    db.close()
    batch = _psql(pg_server, province, ADMIN, f"SELECT batch FROM audit_entry WHERE entity_id = '{b.draft}' "
                  "ORDER BY rowid DESC LIMIT 1").stdout.strip()
    title = _psql(pg_server, province, ADMIN, f"SELECT title FROM meeting WHERE id = '{b.draft}'").stdout.strip()
    planted = json.dumps({"title": ["عنوان کاشته", title or None]}, ensure_ascii=False)
    r = _psql(pg_server, province, a.role,
              "INSERT INTO audit_entry (id, at, actor, action, entity, entity_id, changes, batch, created_at, updated_at, "
              f"row_version) VALUES ('plant-2', now(), '{b.role}', 'update', 'meeting', '{b.draft}', '{planted}', "
              f"'{batch}', now(), now(), 1)")
    assert r.returncode == 0, r.stderr
    r = cli("undo", "--db", b.url)
    assert r.returncode == 0, r.stderr
    row = _psql(pg_server, province, ADMIN, f"SELECT title, location FROM meeting WHERE id = '{b.draft}'").stdout
    assert row.strip() == f"{title}|", row            # b's own change undone; the planted title not applied


def test_an_office_does_its_normal_work_on_the_server(cli, pg_server, province, tmp_path):
    a, b = province.a, province.b
    letter = tmp_path / "نامه.txt"
    letter.write_text("نامه پیگیری", encoding="utf-8")
    ok = lambda r: r.returncode == 0 or pytest.fail(r.stderr)    # noqa: E731
    ok(cli("attachment", "add", "--db", a.url, "--meeting", a.draft, "-f", letter))
    ok(cli("attachment", "add", "--db", a.url, "--resolution", a.draft_resolution, "-f", letter))
    # a follow-up with its letter on the other office's approved resolution, then taken back
    status = lambda rid: _psql(pg_server, province, ADMIN, f"SELECT status FROM resolution WHERE id = '{rid}'").stdout.strip()  # noqa: E731
    ok(cli("follow-up", "--db", a.url, "--resolution", b.resolution, "--status", "done", "--note", "از دفتر الف",
           "--attach", letter))
    assert status(b.resolution) == "done"
    assert _psql(pg_server, province, ADMIN, "SELECT recorded_by FROM follow_up WHERE note = 'از دفتر الف'").stdout.strip() == a.role
    ok(cli("undo", "--db", a.url))
    derived = _psql(pg_server, province, ADMIN, "SELECT dabir_acl.derived_status(id, base_status) FROM resolution "
                    f"WHERE id = '{b.resolution}'").stdout.strip()
    assert status(b.resolution) == derived != "done"
    ok(cli("votes", "--db", a.url, "--resolution", a.draft_resolution, "--for", "5", "--against", "1"))
    r = cli("amendment", "new", "--db", a.url, "--meeting", a.meeting, "--text", "اصلاح دوم")
    ok(r)
    aid = r.stdout.strip()
    ok(cli("amendment", "change", "--db", a.url, "--id", aid, "--kind", "resolution_new", "--text", "مصوبه افزوده"))
    ok(cli("amendment", "change", "--db", a.url, "--id", aid, "--kind", "resolution_text", "--target", a.resolution,
           "--text", "متن تازه"))
    ok(cli("amendment", "approve", "--db", a.url, "--id", aid))
    assert _psql(pg_server, province, ADMIN, f"SELECT count(*) FROM meeting_seal WHERE meeting_id = '{aid}'").stdout.strip() == "1"
    assert_user_error(cli("undo", "--db", a.url), "locked")      # an approval is never taken back
    assert _psql(pg_server, province, ADMIN, f"SELECT status FROM amendment WHERE id = '{aid}'").stdout.strip() == "approved"
    db = open_database(a.url)
    with db.session() as s:
        meetings.update_meeting(s, a.draft, title="جلسه دفتر الف")
        meetings.approve_meeting(s, a.draft)
    db.close()
    r = cli("check", "--db", province.admin)
    assert r.returncode == 0, r.stdout + r.stderr


def test_check_and_verify_stay_green_after_the_attacks(cli, pg_server, province, tmp_path):
    pdf = tmp_path / "minutes.pdf"
    r = cli("minutes", "--db", province.b.url, "--meeting", province.b.meeting, "-o", pdf)
    assert r.returncode == 0, r.stderr
    for sql in _attacks(province.a, province.b):
        _psql(pg_server, province, province.a.role, sql)
    for sql in _sealed_attacks(province.b):
        _psql(pg_server, province, province.b.role, sql)
    for args in (("check",), ("verify", pdf)):
        r = cli(*args, "--db", province.admin)
        assert r.returncode == 0, r.stdout + r.stderr
    assert cli("server", "check", province.admin).returncode == 0


def test_check_finds_a_seal_missing_or_on_an_unapproved_record(cli, pg_server, pg_template):
    """What only someone with the server's own rights could do (a superuser bypasses every rule), and
    what `check` must then say."""
    url = pg_server.new_database(template=pg_template)
    assert cli("demo", "--db", url).returncode == 0
    name = url.split("?")[0].rsplit("/", 1)[1]
    approved = pg_server.psql("SELECT id FROM meeting WHERE status = 'approved' ORDER BY number LIMIT 1", database=name).strip()
    draft = pg_server.psql("SELECT id FROM meeting WHERE status <> 'approved' ORDER BY number LIMIT 1", database=name).strip()
    assert cli("check", "--db", url).returncode == 0
    pg_server.psql(f"DELETE FROM meeting_seal WHERE meeting_id = '{approved}'; "
                   f"INSERT INTO meeting_seal VALUES ('{draft}', '{'0' * 64}', now(), NULL)", database=name)
    r = cli("check", "--db", url)
    assert r.returncode == 2
    assert f"meeting {approved}: approved but not sealed" in r.stdout
    assert f"seal {draft}: its meeting is not approved" in r.stdout


def test_server_check_says_what_is_missing_and_init_repairs_it(cli, pg_server, province):
    assert cli("server", "check", province.admin).returncode == 0
    _psql(pg_server, province, ADMIN, "ALTER TABLE resolution NO FORCE ROW LEVEL SECURITY; "
          f"DROP TRIGGER dabir_acl_sealed ON attendance; GRANT dabir_sealer TO {ADMIN}")
    r = cli("server", "check", province.admin)
    assert r.returncode == 2
    assert "row-level security is not enabled and forced on resolution" in r.stdout
    assert "trigger dabir_acl_sealed on attendance is missing or disabled" in r.stdout
    assert f"role {ADMIN} is a member of dabir_sealer (it may write seals)" in r.stdout
    assert cli("server", "init", province.admin).returncode == 0            # idempotent: run again, repaired
    assert cli("server", "check", province.admin).returncode == 0


def test_a_change_by_plain_sql_is_audited_by_the_server(pg_server, province):
    a = province.a
    r = _psql(pg_server, province, a.role, f"UPDATE committee SET description = 'شرح پنهان' WHERE id = '{a.committee}'")
    assert r.returncode == 0, r.stderr
    found = _psql(pg_server, province, ADMIN, "SELECT actor, action, changes, batch IS NULL FROM audit_entry "
                  f"WHERE entity = 'committee' AND entity_id = '{a.committee}' ORDER BY rowid DESC LIMIT 1").stdout.strip()
    actor, action, changes, no_batch = found.split("|")
    assert (actor, action, no_batch) == (a.role, "update", "t")
    assert json.loads(changes) == {"description": [None, "شرح پنهان"]}


def test_an_office_has_timeouts_and_cannot_take_locks_that_stall_everyone(cli, pg_server, province):
    a = province.a
    r = _psql(pg_server, province, a.role, "SELECT current_setting('lock_timeout'), current_setting('statement_timeout'), "
              "current_setting('idle_in_transaction_session_timeout')")
    assert r.stdout.strip() == "5s|1min|1min", r.stderr
    for table in ("meeting", "resolution", "follow_up", "committee", "alembic_version", "audit_entry"):
        for mode in ("ACCESS EXCLUSIVE", "EXCLUSIVE", "SHARE"):
            _refused(_psql(pg_server, province, a.role, f"BEGIN; LOCK TABLE {table} IN {mode} MODE; COMMIT"))
    # the upgrade lock is not an advisory lock an office may take: holding that one stalls nobody
    holder = subprocess.Popen([str(pg_server.bin / "psql"), "-X", "-h", str(pg_server.socket), "-U", a.role,
                               "-d", province.name, "-c", "SELECT pg_advisory_lock(7263), pg_sleep(30)"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        r = cli("server", "init", province.admin)
        assert r.returncode == 0, r.stderr
        assert holder.poll() is None            # finished while the office still held it
    finally:
        holder.kill()
        holder.wait()


def test_the_owner_still_imports_merges_and_seals_after_init(cli, pg_server, province, tmp_path):
    """docs/central.md's owner work with the rules installed (issue 23: "permission denied for schema
    dabir_acl" before): import a meeting; take a file away, approve a meeting there, merge it back
    (the server seals it through dabir_acl.seal), and merge the same file again."""
    from tests.app.test_exchange import MEETING
    src = tmp_path / "meeting.json"
    src.write_text(json.dumps(MEETING, ensure_ascii=False), encoding="utf-8")
    r = cli("import", "--db", province.admin, src)
    assert r.returncode == 0, r.stderr
    office = tmp_path / "office.dabir"
    r = cli("backup", "--db", province.admin, "-o", office, "--new-office", "دفتر بیرون")
    assert r.returncode == 0, r.stderr
    db = open_database(office)
    with db.session() as s:
        from app.services import resolutions
        mid = meetings.create_meeting(s, province.a.committee).id
        resolutions.add_resolution(s, mid, "مصوبه‌ای از بیرون")
        meetings.approve_meeting(s, mid)
    db.close()
    for _ in range(2):
        r = cli("merge", "--db", province.admin, "--from", office, "--json")
        assert r.returncode == 0, r.stderr
    assert _psql(pg_server, province, ADMIN, f"SELECT count(*) FROM meeting_seal WHERE meeting_id = '{mid}'").stdout.strip() == "1"
    _refused(_psql(pg_server, province, province.a.role, f"UPDATE meeting SET title = 'x' WHERE id = '{mid}'"))
    r = cli("check", "--db", province.admin)
    assert r.returncode == 0, r.stdout + r.stderr


def test_an_office_waiting_past_its_lock_timeout_gets_one_line(cli, pg_server, province):
    b = province.b
    holder = subprocess.Popen([str(pg_server.bin / "psql"), "-X", "-h", str(pg_server.socket), "-U", ADMIN,
                               "-d", province.name, "-c", f"BEGIN; SELECT 1 FROM resolution WHERE id = "
                               f"'{b.draft_resolution}' FOR UPDATE; SELECT pg_sleep(20); COMMIT"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1)
        r = cli("votes", "--db", b.url, "--resolution", b.draft_resolution, "--for", "3")
        assert_user_error(r, "time limit", "زمان مجاز")
    finally:
        holder.kill()
        holder.wait()


def test_the_owner_upgrades_an_older_schema_and_init_puts_the_rules_back(cli, pg_server, province):
    """An office cannot upgrade (it may not take the upgrade's lock, one line, nothing written); the
    owner's first writing command does; `server check` then names the new table's missing rules and
    `init` installs them. Last in this module: the downgrade takes the province's named votes away."""
    from alembic import command
    from app.storage.migrate import alembic_config, revisions
    from app.storage.server import make_server_engine

    engine = make_server_engine(province.admin)
    before_votes = revisions()[revisions().index("0008_votes") - 1]   # named: later migrations come after it
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, before_votes)               # 0008 takes resolution_vote away (0009 its tables)
    engine.dispose()
    version = lambda: _psql(pg_server, province, ADMIN, "SELECT version_num FROM alembic_version").stdout.strip()  # noqa: E731
    assert version() == before_votes
    r = cli("follow-up", "--db", province.a.url, "--resolution", province.b.resolution, "--status", "done")
    assert_user_error(r, "alembic_version")
    assert version() == before_votes
    r = cli("follow-up", "--db", province.admin, "--resolution", province.b.resolution, "--status", "done")
    assert r.returncode == 0, r.stderr
    assert version() == revisions()[-1]
    r = cli("server", "check", province.admin)
    assert r.returncode == 2 and "row-level security is not enabled and forced on resolution_vote" in r.stdout
    assert cli("server", "init", province.admin).returncode == 0
    assert cli("server", "check", province.admin).returncode == 0
    _refused(_psql(pg_server, province, province.a.role,        # the recreated table is guarded again
                   "INSERT INTO resolution_vote (id, created_at, updated_at, row_version, resolution_id, person_id, "
                   f"choice) VALUES ('v', now(), now(), 1, '{province.b.draft_resolution}', '{province.b.person}', 'for')"))
