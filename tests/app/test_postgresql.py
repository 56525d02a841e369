"""Dabir on a PostgreSQL server (issue 13), against the real server the suite starts (tests/pgserver.py):
the CLI contract on a URL, the schema version, an unreachable server, the role as "who", and many
clients at once (meeting numbers, follow-ups, stale edits)."""
import datetime as dt
import json
import subprocess
import sys
import threading
import time

import pytest

from app.domain.errors import DabirFileError, StaleEditError
from app.services import committees, meetings, resolutions, search
from app.storage.database import open_database
from tests.app.test_cli import assert_user_error
from tests.app.test_exchange import MEETING
from tests.conftest import ROOT

pytestmark = pytest.mark.backends


def _strip_ids(value):
    """An exported meeting without its ids (which differ between two databases)."""
    if isinstance(value, dict):
        return {k: _strip_ids(v) for k, v in value.items() if k != "id" and not k.endswith("_id")}
    if isinstance(value, list):
        return [_strip_ids(v) for v in value]
    return value


def test_the_same_commands_give_the_same_exit_codes_and_json_on_a_file_and_a_server(cli, pg_server, tmp_path):
    """The README's CLI contract on a URL: each command's exit code, and its JSON apart from ids."""
    def session(db):
        out = [cli("demo", "--db", db)]
        rid = json.loads(cli("list", "resolutions", "--db", db, "--json").stdout)[1]["id"]
        out += [cli("follow-up", "--db", db, "--resolution", rid, "--status", "done", "--note", "انجام شد",
                    "--date", "۱۴۰۵/۰۹/۱۰"),
                cli("follow-up", "--db", db, "--resolution", "nope", "--status", "done"),
                cli("follow-up", "--db", db, "--resolution", rid, "--status", "finished"),
                cli("export", "--db", db, "--meeting", "no-such-id")]
        out += [cli("list", what, "--db", db, "--json") for what in ("committees", "meetings", "resolutions", "people")]
        out += [cli("search", "--db", db, q, "--json") for q in ("ورشو", "كسب و كار", "مص")]
        out += [cli("export", "--db", db, "--meeting", "all"), cli("conflicts", "--db", db, "--json")]
        return out
    file_, server = session(tmp_path / "a.dabir"), session(pg_server.new_database())
    assert [r.returncode for r in file_] == [r.returncode for r in server] == [0, 0, 2, 2, 2] + [0] * 9
    for i, (a, b) in enumerate(zip(file_[5:], server[5:]), start=5):
        mine, theirs = _strip_ids(json.loads(a.stdout)), _strip_ids(json.loads(b.stdout))
        if i in (9, 10, 11):
            # search: the same hits; the order of equally matching hits is each index's own (FTS5's
            # bm25 rank on a file, newest first on the server; docs/central.md)
            key = lambda h: json.dumps(h, ensure_ascii=False, sort_keys=True)  # noqa: E731
            mine, theirs = sorted(mine, key=key), sorted(theirs, key=key)
        assert mine == theirs
    for a, b in zip(file_[2:5], server[2:5]):       # the same one-line message, but for where
        assert a.stderr.split(": ", 1)[-1] == b.stderr.split(": ", 1)[-1]


def test_export_is_the_same_from_a_file_and_from_the_server(cli, pg_server, tmp_path):
    src = tmp_path / "meeting.json"
    src.write_text(json.dumps(MEETING, ensure_ascii=False), encoding="utf-8")
    out = {}
    for name, db in (("file", tmp_path / "a.dabir"), ("server", pg_server.new_database())):
        r = cli("import", "--db", db, src)
        assert r.returncode == 0, r.stderr
        exported = cli("export", "--db", db, "--meeting", r.stdout.strip().splitlines()[-1])
        assert exported.returncode == 0, exported.stderr
        out[name] = json.loads(exported.stdout)
    assert _strip_ids(out["file"]) == _strip_ids(out["server"])
    assert out["file"]["resolutions"][0]["text"] == MEETING["resolutions"][0]["text"]


def test_search_finds_the_same_on_both_backends(pg_server, tmp_path):
    found = {}
    for name, target in (("file", tmp_path / "a.dabir"), ("server", pg_server.new_database())):
        db = open_database(target, create=True)
        with db.session() as s:
            from app.services import demo
            demo.build_demo(s, scale=30)
        with db.session() as s:
            found[name] = {q: sorted((h.kind, h.snippet) for h in search.search(s, q, limit=10_000))
                           for q in ("ورشو", "كسب و كار", "قزل آلا", "۱۲۰۰", "مص", "جلسه ی", "CDA")}
            found[name + " count"] = {q: search.count(s, q) for q in found[name]}
        db.close()
    assert found["file"] == found["server"]
    assert found["file count"] == found["server count"]
    assert all(found["file"][q] for q in ("ورشو", "كسب و كار", "CDA"))


def test_an_unreachable_server_is_one_line_naming_it(cli, tmp_path):
    url = f"postgresql://dabir@/nowhere?host={tmp_path}/no-socket-here"
    r = cli("list", "meetings", "--db", url)
    assert_user_error(r, "nowhere")
    assert "reach" in r.stderr


def test_a_newer_server_schema_is_refused_with_one_line(cli, pg_server):
    url = pg_server.new_database()
    assert cli("demo", "--db", url).returncode == 0
    name = url.split("?")[0].rsplit("/", 1)[1]
    pg_server.psql("UPDATE alembic_version SET version_num = '0099_future'", database=name)
    before = pg_server.psql("SELECT count(*) FROM meeting", database=name)
    for args in (("list", "meetings"), ("demo",), ("follow-up", "--resolution", "x", "--status", "done")):
        r = cli(*args, "--db", url)
        assert_user_error(r, "newer", "0099_future")
    assert pg_server.psql("SELECT version_num FROM alembic_version", database=name).strip() == "0099_future"
    assert pg_server.psql("SELECT count(*) FROM meeting", database=name) == before


def test_a_foreign_or_empty_database_is_refused(cli, pg_server):
    empty = pg_server.new_database()
    assert_user_error(cli("list", "meetings", "--db", empty), "no Dabir schema")
    foreign = pg_server.new_database()
    pg_server.psql("CREATE TABLE payroll (id int)", database=foreign.split("?")[0].rsplit("/", 1)[1])
    assert_user_error(cli("demo", "--db", foreign), "not Dabir")


def test_the_audit_log_records_the_postgresql_role(pg_server, pg_template):
    name = pg_server.new_database(template=pg_template).split("?")[0].rsplit("/", 1)[1]
    pg_server.psql('CREATE ROLE "office_khorramabad" LOGIN')
    pg_server.psql(f'GRANT ALL ON ALL TABLES IN SCHEMA public TO office_khorramabad', database=name)
    db = open_database(pg_server.url(name, user="office_khorramabad"))
    with db.session(actor="someone-else") as s:
        cid = committees.create_committee(s, "کمیته ایمنی").id
    db.close()
    actors = pg_server.psql(f"SELECT DISTINCT actor FROM audit_entry WHERE entity_id = '{cid}'", database=name)
    assert actors.split() == ["office_khorramabad"]


def _committee_with_meeting(url):
    db = open_database(url, create=True)
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته هم‌زمان").id
        mid = meetings.create_meeting(s, cid).id
        rid = resolutions.add_resolution(s, mid, "مصوبه‌ای برای پیگیری").id
    db.close()
    return cid, mid, rid


def test_meeting_numbers_under_concurrent_clients_never_collide(db_path, backend):
    cid, _, _ = _committee_with_meeting(db_path)
    errors, start = [], threading.Barrier(8)

    def client():
        db = open_database(db_path)
        try:
            start.wait()
            for _ in range(5):
                with db.session() as s:
                    meetings.create_meeting(s, cid, with_roster=False)
        except Exception as e:      # noqa: BLE001 — reported below
            errors.append(e)
        finally:
            db.close()
    threads = [threading.Thread(target=client) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    db = open_database(db_path)
    with db.session() as s:
        numbers = sorted(m.number for m in meetings.list_meetings(s) if m.committee == "کمیته هم‌زمان")
    db.close()
    assert numbers == list(range(1, 42))


FOLLOW_UPS = """
import sys, time
from app.services import resolutions
from app.storage.database import open_database
url, rid, n, start_at = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
db = open_database(url)
while time.time() < start_at:
    time.sleep(0.001)
for i in range(n):
    with db.session() as s:
        resolutions.add_follow_up(s, rid, "in_progress", note=f"{sys.argv[5]} {i}")
db.close()
"""


def test_eight_processes_ten_follow_ups_each_store_exactly_80(db_path, backend):
    _, _, rid = _committee_with_meeting(db_path)
    start_at = time.time() + 3
    procs = [subprocess.Popen([sys.executable, "-c", FOLLOW_UPS, str(db_path), rid, "10", str(start_at), f"p{i}"],
                              cwd=ROOT, env={"PYTHONPATH": str(ROOT)}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for i in range(8)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert p.returncode == 0, err
    db = open_database(db_path)
    with db.session() as s:
        notes = [f.note for f in resolutions.get_resolution(s, rid).follow_ups]
    db.close()
    assert len(notes) == 80 and len(set(notes)) == 80
    assert set(notes) == {f"p{i} {j}" for i in range(8) for j in range(10)}


def test_an_edit_on_a_stale_row_version_is_refused_saying_what_changed(db_path, backend):
    _, mid, _ = _committee_with_meeting(db_path)
    mine, theirs = open_database(db_path), open_database(db_path)
    with mine.session() as s:
        seen = meetings.get_meeting(s, mid)          # the secretary opens the meeting
    with theirs.session(actor="دبیر دوم") as s:      # someone else saves first
        meetings.update_meeting(s, mid, expected_version=seen.row_version, title="عنوان دیگری",
                                location="سالن شهرداری")
    with pytest.raises(StaleEditError) as e:
        with mine.session() as s:
            meetings.update_meeting(s, mid, expected_version=seen.row_version, title="عنوان من")
    assert "عنوان" in e.value.fa and "مکان" in e.value.fa and "ذخیره نشد" in e.value.fa
    assert set(e.value.changes) == {"title", "location"}
    with mine.session() as s:
        now = meetings.get_meeting(s, mid)
        assert now.title == "عنوان دیگری" and now.row_version == seen.row_version + 1
        meetings.update_meeting(s, mid, expected_version=now.row_version, title="عنوان من")
    with mine.session() as s:
        assert meetings.get_meeting(s, mid).title == "عنوان من"
    mine.close()
    theirs.close()


def test_a_resolution_edit_on_a_stale_row_version_is_refused_saying_what_changed(db_path, backend):
    _, _, rid = _committee_with_meeting(db_path)
    mine, theirs = open_database(db_path), open_database(db_path)
    with mine.session() as s:
        seen = resolutions.get_resolution(s, rid)       # the secretary opens the meeting's resolutions
    with theirs.session(actor="دبیر دوم") as s:         # someone else saves first
        resolutions.update_resolution(s, rid, expected_version=seen.row_version, text="متن دیگری",
                                      deadline=dt.date(2026, 12, 20))
    for edit in (lambda s: resolutions.update_resolution(s, rid, expected_version=seen.row_version, text="متن من"),
                 lambda s: resolutions.set_votes(s, rid, 5, 1, 0, expected_version=seen.row_version)):
        with pytest.raises(StaleEditError) as e:
            with mine.session() as s:
                edit(s)
        assert "مصوبه" in e.value.fa and "متن" in e.value.fa and "مهلت" in e.value.fa
        assert "ذخیره نشد" in e.value.fa and "\n" not in e.value.fa
        assert set(e.value.changes) == {"text", "deadline"}
        if backend == "sqlite":                          # who: the actor named (a server records its role)
            assert "دبیر دوم" in e.value.fa
    with mine.session() as s:
        now = resolutions.get_resolution(s, rid)
        assert (now.text, now.votes, now.row_version) == ("متن دیگری", None, seen.row_version + 1)
        resolutions.update_resolution(s, rid, expected_version=now.row_version, text="متن من")
        resolutions.set_votes(s, rid, 5, 1, 0, expected_version=now.row_version + 1)
    with mine.session() as s:
        now = resolutions.get_resolution(s, rid)
        assert now.text == "متن من" and now.votes.for_ == 5 and now.row_version == seen.row_version + 3
    mine.close()
    theirs.close()


def test_two_clients_checking_the_same_resolution_version_cannot_both_write(db_path, backend):
    """Both read version v; each writes based on v at the same moment: exactly one wins, the other is
    refused (the row is locked before the check), and the stored text is the winner's."""
    _, _, rid = _committee_with_meeting(db_path)
    db = open_database(db_path)
    with db.session() as s:
        v = resolutions.get_resolution(s, rid).row_version
    results, start = {}, threading.Barrier(4)

    def client(i):
        db = open_database(db_path)
        start.wait()
        try:
            with db.session(actor=f"c{i}") as s:
                resolutions.update_resolution(s, rid, expected_version=v, text=f"متن {i}")
            results[i] = "ok"
        except StaleEditError:
            results[i] = "stale"
        finally:
            db.close()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == ["ok", "stale", "stale", "stale"], results
    winner = next(i for i, r in results.items() if r == "ok")
    with db.session() as s:
        now = resolutions.get_resolution(s, rid)
    db.close()
    assert now.text == f"متن {winner}" and now.row_version == v + 1


def test_a_server_error_in_a_session_is_one_line(pg_server, pg_template):
    url = pg_server.new_database(template=pg_template)
    db = open_database(url)
    with pytest.raises(DabirFileError) as e:
        with db.session() as s:
            s.connection().exec_driver_sql("SELECT no_such_column FROM meeting")
    db.close()
    assert "\n" not in e.value.one_line() and "dabir_" in e.value.one_line()


def test_an_office_takes_a_file_away_and_merges_it_back_once(cli, pg_server, tmp_path):
    url = pg_server.new_database()
    assert cli("demo", "--db", url).returncode == 0
    office = tmp_path / "office.dabir"
    r = cli("backup", "--db", url, "-o", office, "--new-office", "فرمانداری بروجرد")
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(office) and office.exists()
    assert cli("check", "--db", office).returncode == 0
    central = json.loads(cli("export", "--db", url, "--meeting", "all").stdout)
    assert json.loads(cli("export", "--db", office, "--meeting", "all").stdout) == central
    rid = json.loads(cli("list", "resolutions", "--db", office, "--json").stdout)[0]["id"]
    assert cli("follow-up", "--db", office, "--resolution", rid, "--status", "done",
               "--note", "پیگیری در بروجرد").returncode == 0
    first = cli("merge", "--db", url, "--from", office, "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert summary["added"] >= 1 and summary["conflicting"] == 0
    assert summary["other_office_name"] == "فرمانداری بروجرد" and summary["backup"] is None
    notes = [f["note"] for f in json.loads(cli("list", "resolutions", "--db", url, "--json").stdout)[0]["follow_ups"]]
    assert "پیگیری در بروجرد" in notes
    again = json.loads(cli("merge", "--db", url, "--from", office, "--json").stdout)
    assert again["added"] == again["updated"] == again["conflicting"] == 0
    assert json.loads(cli("export", "--db", url, "--meeting", "all").stdout) == \
        json.loads(cli("export", "--db", office, "--meeting", "all").stdout)


def test_a_backup_of_the_server_is_a_sound_file_with_the_same_search(cli, pg_server, tmp_path):
    url = pg_server.new_database()
    assert cli("demo", "--db", url, "--scale", "20").returncode == 0
    out = cli("backup", "--db", url, "-o", tmp_path)
    assert out.returncode == 0, out.stderr
    copy = out.stdout.strip()
    assert copy.endswith(".dabir") and cli("check", "--db", copy).returncode == 0
    for q in ("ورشو", "كسب و كار"):
        a = json.loads(cli("search", "--db", url, q, "--json", "--limit", "500").stdout)
        b = json.loads(cli("search", "--db", copy, q, "--json", "--limit", "500").stdout)
        assert sorted(h["id"] for h in a) == sorted(h["id"] for h in b) and a


def test_the_documented_commands_let_an_office_follow_up_everywhere_but_write_only_its_own_meetings(
        cli, pg_server, pg_template):
    url = pg_server.new_database(template=pg_template)
    name = url.split("?")[0].rsplit("/", 1)[1]
    admin = open_database(url)
    with admin.session() as s:
        ids = {}
        for office in ("a", "b"):
            cid = committees.create_committee(s, f"کمیته دفتر {office}").id
            mid = meetings.create_meeting(s, cid).id
            rid = resolutions.add_resolution(s, mid, f"مصوبه دفتر {office}").id
            draft = meetings.create_meeting(s, cid).id
            ids[office] = (cid, mid, rid, draft)
        meetings.approve_meeting(s, ids["b"][1])       # b's minutes are locked
    admin.close()
    assert cli("server", "init", url).returncode == 0          # docs/central.md's commands
    for office in ("a", "b"):
        role = f"office_{office}_{name[-6:]}"
        r = cli("server", "add-office", url, "--office", role, "--committee", ids[office][0])
        assert r.returncode == 0, r.stderr
    office_a = pg_server.url(name, user=f"office_a_{name[-6:]}")
    # a follow-up on the other secretariat's (approved) resolution: every office records them
    r = cli("follow-up", "--db", office_a, "--resolution", ids["b"][2], "--status", "done", "--note", "از دفتر الف")
    assert r.returncode == 0, r.stderr
    db = open_database(office_a)
    with db.session() as s:                            # its own committee's meetings
        meetings.update_meeting(s, ids["a"][1], title="جلسه دفتر الف", location="سالن الف")
        resolutions.update_resolution(s, ids["a"][2], text="متن تازه")
        meetings.create_meeting(s, ids["a"][0])
    for write in (lambda s: meetings.update_meeting(s, ids["b"][3], title="دست‌کاری"),
                  lambda s: resolutions.add_resolution(s, ids["b"][3], "مصوبه بیگانه"),
                  lambda s: meetings.create_meeting(s, ids["b"][0])):
        with pytest.raises(DabirFileError) as e:
            with db.session() as s:
                write(s)
        assert "permission denied" in e.value.one_line() and "دبیرخانه دیگری" in e.value.one_line()
    db.close()
    # not even a hand-written statement changes the locked minutes of another secretariat
    with pytest.raises(subprocess.CalledProcessError) as e:
        subprocess.run([str(pg_server.bin / "psql"), "-X", "-v", "ON_ERROR_STOP=1", "-h", str(pg_server.socket),
                        "-U", f"office_a_{name[-6:]}", "-d", name, "-c",
                        f"UPDATE resolution SET text = 'جعلی' WHERE id = '{ids['b'][2]}'"],
                       check=True, capture_output=True, text=True)
    assert "approved and sealed" in e.value.stderr      # its seal refuses it before its committee does
    assert pg_server.psql(f"SELECT text FROM resolution WHERE id = '{ids['b'][2]}'", database=name).strip() \
        == "مصوبه دفتر b"
    who = pg_server.psql(f"SELECT DISTINCT actor FROM audit_entry WHERE entity = 'follow_up'", database=name)
    assert who.split() == [f"office_a_{name[-6:]}"]
    assert cli("check", "--db", url).returncode == 0


def test_an_older_server_schema_is_upgraded_by_the_same_migrations(cli, pg_server):
    from alembic import command
    from app.storage.migrate import alembic_config, revisions
    from app.storage.server import make_server_engine
    url = pg_server.new_database()
    assert cli("demo", "--db", url).returncode == 0
    engine = make_server_engine(url)
    with engine.begin() as conn:
        cfg = alembic_config()
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, revisions()[-2])
    engine.dispose()
    name = url.split("?")[0].rsplit("/", 1)[1]
    assert pg_server.psql("SELECT version_num FROM alembic_version", database=name).strip() == revisions()[-2]
    assert_user_error(cli("list", "meetings", "--db", url), "older")        # a read command writes nothing
    rid = pg_server.psql("SELECT id FROM resolution ORDER BY number LIMIT 1", database=name).strip()
    r = cli("follow-up", "--db", url, "--resolution", rid, "--status", "done")   # a writing command upgrades
    assert r.returncode == 0, r.stderr
    assert pg_server.psql("SELECT version_num FROM alembic_version", database=name).strip() == revisions()[-1]
    rows = json.loads(cli("list", "resolutions", "--db", url, "--json").stdout)
    assert [x["status"] for x in rows if x["id"] == rid] == ["done"]


def test_the_window_opens_on_a_server(cli, pg_server, tmp_path):
    """The GUI on a URL: the tracker, read from the server, rendered offscreen (looked at by eye
    once: docs/central.md); here its pixels must differ from an empty database's."""
    url, empty = pg_server.new_database(), pg_server.new_database()
    assert cli("demo", "--db", url).returncode == 0
    shots = {}
    for name, target in (("demo", url), ("empty", empty)):
        out = tmp_path / f"{name}.png"
        r = cli("--db", target, "--view", "tracker", "--screenshot", out, env={"QT_QPA_PLATFORM": "offscreen"})
        assert r.returncode == 0, r.stderr
        shots[name] = out.read_bytes()
        assert shots[name].startswith(b"\x89PNG") and len(shots[name]) > 10_000
    assert shots["demo"] != shots["empty"]


def test_check_on_a_server_names_what_is_not_dabirs(cli, pg_server):
    url = pg_server.new_database()
    assert cli("demo", "--db", url).returncode == 0
    assert cli("check", "--db", url).stdout.startswith("ok: ")
    name = url.split("?")[0].rsplit("/", 1)[1]
    pg_server.psql("ALTER TABLE meeting ADD COLUMN secret text; CREATE FUNCTION f() RETURNS trigger LANGUAGE "
                   "plpgsql AS $$ BEGIN RETURN NEW; END $$; CREATE TRIGGER spy AFTER INSERT ON follow_up "
                   "FOR EACH ROW EXECUTE FUNCTION f()", database=name)
    r = cli("check", "--db", url)
    assert r.returncode == 2 and "column meeting.secret is not Dabir's" in r.stdout
    assert "trigger spy on follow_up is not Dabir's" in r.stdout
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_a_field_changed_both_centrally_and_in_an_office_is_a_conflict_decided_on_the_server(cli, pg_server,
                                                                                             tmp_path):
    url = pg_server.new_database()
    _, mid, rid = _committee_with_meeting(url)
    office = tmp_path / "office.dabir"
    assert cli("backup", "--db", url, "-o", office, "--new-office", "دفتر الیگودرز").returncode == 0
    for target, text_ in ((url, "متن ستاد مرکزی"), (office, "متن دفتر الیگودرز")):
        db = open_database(target)
        with db.session() as s:
            resolutions.update_resolution(s, rid, text=text_)
        db.close()
    merged = json.loads(cli("merge", "--db", url, "--from", office, "--json").stdout)
    assert merged["conflicting"] == 1 and merged["open_conflicts"] == 1
    conflicts = json.loads(cli("conflicts", "--db", url, "--json").stdout)
    assert [(c["entity"], c["field"], c["mine"], c["theirs"]) for c in conflicts] == \
        [("resolution", "text", "متن ستاد مرکزی", "متن دفتر الیگودرز")]
    r = cli("resolve", "--db", url, conflicts[0]["id"], "theirs")
    assert r.returncode == 0, r.stderr
    texts = [x["text"] for x in json.loads(cli("list", "resolutions", "--db", url, "--json").stdout) if x["id"] == rid]
    assert texts == ["متن دفتر الیگودرز"]
    again = json.loads(cli("merge", "--db", url, "--from", office, "--json").stdout)
    assert again["conflicting"] == again["added"] == again["updated"] == 0 and again["open_conflicts"] == 0
