import hashlib
import json
import sqlite3

import pytest

from app.storage.migrate import SCHEMA_VERSION
from tests.app.test_exchange import MEETING


def sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def state(cli, db):
    """What must not change: a file's bytes; a server's every meeting, exported."""
    if isinstance(db, str):
        r = cli("export", "--db", db, "--meeting", "all")
        assert r.returncode == 0, r.stderr
        return r.stdout
    return sha(db)


def assert_user_error(result, *words):
    """Exit 2, one line on stderr in Persian and English, no traceback."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert "خطا" in lines[0] and "error" in lines[0]
    for w in words:
        assert w in lines[0]


def test_version(cli):
    r = cli("--version")
    assert r.returncode == 0 and r.stdout.startswith("dabir ")


def test_help_lists_the_commands(cli):
    # (with no command at all, `dabir` opens the desktop application: tests/ui/test_cli_gui.py)
    r = cli("--help")
    assert r.returncode == 0 and "demo" in r.stdout and "follow-up" in r.stdout


@pytest.mark.backends
def test_demo_then_list_resolutions_shows_the_seed(cli, new_db):
    db = new_db("demo")
    assert cli("demo", "--db", db).returncode == 0
    r = cli("list", "resolutions", "--db", db, "--json")
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout)
    assert [x["code"] for x in rows] == ["۱-۱", "۱-۲", "۱-۳"]
    assert "معرفی" in rows[0]["text"] and "عضویت" in rows[0]["text"]
    assert "CDA" in rows[1]["text"] and "آموزشی" in rows[1]["text"]
    assert "ورشو" in rows[2]["text"] and "قزل‌آلا" in rows[2]["text"]
    assert "اداره کل میراث فرهنگی، صنایع‌دستی و گردشگری لرستان" in rows[2]["responsible"]
    assert "سازمان جهاد کشاورزی لرستان" in rows[2]["responsible"]
    assert set(rows[0]) >= {"id", "meeting_id", "code", "text", "responsible", "deadline", "status", "follow_ups"}
    assert rows[0]["follow_ups"][0]["status"] == "in_progress"
    meetings = json.loads(cli("--db", db, "list", "meetings", "--json").stdout)  # global --db works too
    assert [(m["number"], m["status"]) for m in meetings] == [(1, "approved")]
    assert {"id", "committee", "number", "date", "title", "status"} <= set(meetings[0])
    committees = json.loads(cli("list", "committees", "--db", db, "--json").stdout)
    assert committees[0]["name"] == "کمیته توسعه خوشه‌های کسب و کار"
    people = cli("list", "people", "--db", db)
    assert "فرزاد محمدی" in people.stdout


@pytest.mark.backends
def test_db_from_environment(cli, new_db, backend):
    db = new_db("env")
    assert cli("demo", env={"DABIR_DB": str(db)}).returncode == 0
    assert backend != "sqlite" or db.exists()
    assert "کمیته" in cli("list", "committees", env={"DABIR_DB": str(db)}).stdout


@pytest.mark.backends
def test_import_export_follow_up_round_trip(cli, tmp_path, new_db):
    src = tmp_path / "meeting.json"
    src.write_text(json.dumps(MEETING, ensure_ascii=False), encoding="utf-8")
    db = new_db("new")
    r = cli("import", "--db", db, src)
    assert r.returncode == 0, r.stderr
    meeting_id = r.stdout.strip().splitlines()[-1]
    exported = cli("export", "--db", db, "--meeting", meeting_id)
    assert exported.returncode == 0
    data = json.loads(exported.stdout)
    assert data["resolutions"][0]["text"] == MEETING["resolutions"][0]["text"]
    assert cli("export", "--db", db, "--meeting", meeting_id).stdout == exported.stdout  # deterministic
    rid = json.loads(cli("list", "resolutions", "--db", db, "--json").stdout)[1]["id"]
    r = cli("follow-up", "--db", db, "--resolution", rid, "--status", "done", "--note", "انجام شد",
            "--date", "۱۴۰۵/۰۹/۲۵")
    assert r.returncode == 0, r.stderr
    again = json.loads(cli("export", "--db", db, "--meeting", "all").stdout)
    assert again[0]["resolutions"][1]["status"] == "done"
    assert again[0]["resolutions"][1]["follow_ups"] == [{"date": "1405/09/25", "status": "done", "note": "انجام شد"}]


def test_bad_arguments(cli, tmp_path):
    assert_user_error(cli("list", "spaceships"), "spaceships")
    assert_user_error(cli("follow-up", "--db", tmp_path / "x.dabir"), "--resolution")
    assert_user_error(cli("demo", "--scale", "many", "--db", tmp_path / "x.dabir"), "many")


def test_missing_folder_and_missing_file(cli, tmp_path):
    assert_user_error(cli("demo", "--db", tmp_path / "no" / "such" / "x.dabir"), "folder does not exist")
    assert_user_error(cli("list", "meetings", "--db", tmp_path / "absent.dabir"), "does not exist")
    assert not (tmp_path / "absent.dabir").exists()


@pytest.mark.parametrize("content", [b"", b"just some text\n" * 20, b"\x00\xff" * 4096])
def test_not_a_dabir_file_is_untouched(cli, tmp_path, content):
    bad = tmp_path / "bad.dabir"
    bad.write_bytes(content)
    before = sha(bad)
    for args in (("list", "meetings"), ("demo",), ("import", tmp_path / "m.json")):
        (tmp_path / "m.json").write_text(json.dumps(MEETING), encoding="utf-8")
        assert_user_error(cli(*args, "--db", bad), "not a Dabir file", str(bad))
    assert sha(bad) == before


def test_foreign_sqlite_and_newer_schema_are_untouched(cli, tmp_path):
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("create table notes (t)")
    con.commit()
    con.close()
    newer = tmp_path / "newer.dabir"
    assert cli("demo", "--db", newer).returncode == 0
    con = sqlite3.connect(newer)
    con.execute(f"pragma user_version={SCHEMA_VERSION + 5}")
    con.commit()
    con.close()
    before = sha(other), sha(newer)
    assert_user_error(cli("list", "meetings", "--db", other), "not a Dabir file")
    assert_user_error(cli("list", "meetings", "--db", newer), "newer")
    assert_user_error(cli("demo", "--db", newer), "newer")
    assert (sha(other), sha(newer)) == before


def test_invalid_json_and_invalid_content(cli, tmp_path):
    db = tmp_path / "x.dabir"
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": "dabir-meeting/1",', encoding="utf-8")
    assert_user_error(cli("import", "--db", db, broken), "invalid JSON", "broken.json:1")
    assert not db.exists()  # bad input never leaves a new file behind
    bad_date = json.loads(json.dumps(MEETING))
    bad_date["resolutions"][0]["deadline"] = "1405/02/32"
    (tmp_path / "bad.json").write_text(json.dumps(bad_date), encoding="utf-8")
    assert_user_error(cli("import", "--db", db, tmp_path / "bad.json"), "resolutions[0].deadline")
    assert not db.exists()
    assert_user_error(cli("import", "--db", db, tmp_path / "missing.json"), "file not found")


@pytest.mark.backends
def test_bad_ids_statuses_and_dates(cli, new_db):
    db = new_db("demo")
    cli("demo", "--db", db)
    before = state(cli, db)
    rid = json.loads(cli("list", "resolutions", "--db", db, "--json").stdout)[0]["id"]
    assert_user_error(cli("export", "--db", db, "--meeting", "no-such-id"), "meeting", "not found")
    assert_user_error(cli("follow-up", "--db", db, "--resolution", "nope", "--status", "done"), "not found")
    assert_user_error(cli("follow-up", "--db", db, "--resolution", rid, "--status", "finished"), "finished")
    assert_user_error(cli("follow-up", "--db", db, "--resolution", rid, "--status", "done", "--date", "1405/12/31"),
                      "--date")
    assert state(cli, db) == before


def test_unexpected_errors_exit_1_with_a_log(tmp_path, monkeypatch, capsys):
    from app.cli import main as cli_main
    from app.cli.commands import core
    monkeypatch.setenv("DABIR_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setattr(core.committees, "list_committees", lambda s: 1 / 0)
    code = cli_main.main(["list", "committees", "--db", str(tmp_path / "x.dabir")])
    assert code == 2  # the file is missing: a user error comes first
    core.open_database(tmp_path / "x.dabir", create=True).close()
    code = cli_main.main(["list", "committees", "--db", str(tmp_path / "x.dabir")])
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert code == 1 and "Traceback" not in err
    log = next((tmp_path / "logs").glob("crash-*.log"))
    assert str(log) in err and "ZeroDivisionError" in log.read_text()
