"""Opening files safely: every bad file is refused with one line and exit 2, and is never modified;
an older schema is backed up and upgraded; a crashed transaction's journal is rolled back."""
import random
import sqlite3
import subprocess
import sys

import pytest
from alembic import command

from app.domain.errors import DabirFileError
from app.storage.database import open_database
from app.storage.fileformat import APPLICATION_ID
from app.storage.migrate import SCHEMA_VERSION, alembic_config
from app.storage.engine import make_engine
from tests.app.sharing_data import build, sha256

BAD_KINDS = ["truncated", "truncated-odd", "bit-flipped", "empty", "random-bytes", "other-app-sqlite",
             "newer-schema", "locked"]


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


@pytest.fixture(scope="module")
def good_template(tmp_path_factory):
    path = tmp_path_factory.mktemp("tpl") / "good.dabir"
    build(path)
    return path


def make_bad(kind: str, good, path):
    data = good.read_bytes()
    if kind == "truncated":
        path.write_bytes(data[: len(data) // 2 // 4096 * 4096])
    elif kind == "truncated-odd":
        path.write_bytes(data[:-1000])
    elif kind == "bit-flipped":
        b = bytearray(data)
        b[4096 * 2] ^= 0xFF  # the b-tree page header of page 3
        path.write_bytes(bytes(b))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "random-bytes":
        path.write_bytes(random.Random(7).randbytes(16384))
    elif kind == "other-app-sqlite":
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        conn.execute("INSERT INTO notes (body) VALUES ('hello')")
        conn.commit()
        conn.close()
    elif kind in ("newer-schema", "locked", "read-only"):
        path.write_bytes(data)
        if kind == "newer-schema":
            conn = sqlite3.connect(path)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
            conn.commit()
            conn.close()
        if kind == "read-only":
            path.chmod(0o444)
    return path


def hold_lock(path):
    """Another process holding an exclusive lock on the file until killed."""
    code = ("import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN EXCLUSIVE'); c.execute('UPDATE setting SET value=value')\n"
            "print('locked', flush=True); time.sleep(120)\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "locked"
    return child


def assert_refused(result):
    assert result.returncode == 2, (result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert lines[0].startswith("خطا:") and "| error:" in lines[0]
    return lines[0]


@pytest.mark.parametrize("kind", BAD_KINDS)
def test_bad_file_is_refused_by_every_command_and_left_untouched(kind, good_template, tmp_path, cli):
    bad = make_bad(kind, good_template, tmp_path / f"{kind}.dabir")
    good = tmp_path / "mine.dabir"
    good.write_bytes(good_template.read_bytes())
    before, good_before = sha256(bad), sha256(good)
    child = hold_lock(bad) if kind == "locked" else None
    env = {"DABIR_BUSY_TIMEOUT_MS": "300", "DABIR_BACKUP_DIR": str(tmp_path / "backups")}
    try:
        reasons = [assert_refused(cli("merge", "--db", bad, "--from", good, env=env)),
                   assert_refused(cli("merge", "--db", good, "--from", bad, env=env))]
        if kind == "newer-schema":
            # reading a newer file is harmless: it can be checked and copied, just not used or merged
            assert cli("check", "--db", bad, env=env).returncode == 0
        else:
            reasons += [assert_refused(cli("check", "--db", bad, env=env)),
                        assert_refused(cli("backup", "--db", bad, "-o", tmp_path / "copy.dabir", env=env))]
    finally:
        if child:
            child.kill()
            child.wait()
            child.stdout.close()
    assert sha256(bad) == before
    assert sha256(good) == good_before  # refused before anything was written to this file either
    assert not (tmp_path / "copy.dabir").exists()
    assert not (tmp_path / "backups").exists() or not any((tmp_path / "backups").rglob("*.dabir"))
    expected = {"truncated": "truncated", "truncated-odd": "truncated", "bit-flipped": "damaged",
                "empty": "not an SQLite", "random-bytes": "not an SQLite", "other-app-sqlite": "not a Dabir",
                "newer-schema": "newer", "locked": "locked"}[kind]
    assert all(expected in r for r in reasons), reasons


def test_read_only_file_is_not_written_to(good_template, tmp_path, cli):
    ro = make_bad("read-only", good_template, tmp_path / "ro.dabir")
    other = tmp_path / "other.dabir"
    other.write_bytes(good_template.read_bytes())
    before = sha256(ro)
    assert "read-only" in assert_refused(cli("merge", "--db", ro, "--from", other))
    assert sha256(ro) == before
    # reading it is fine: checking, backing up, and merging *from* it
    assert cli("check", "--db", ro).returncode == 0
    assert cli("backup", "--db", ro, "-o", tmp_path / "copy.dabir").returncode == 0
    assert sha256(ro) == before
    assert not (tmp_path / "ro.dabir-journal").exists()


def test_bad_file_raises_dabir_file_error_in_process(good_template, tmp_path):
    for kind in ["truncated", "bit-flipped", "empty", "other-app-sqlite", "newer-schema"]:
        bad = make_bad(kind, good_template, tmp_path / f"{kind}.dabir")
        before = sha256(bad)
        with pytest.raises(DabirFileError):
            open_database(bad)
        assert sha256(bad) == before


def _old_schema_file(path):
    engine = make_engine(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        conn.exec_driver_sql("PRAGMA user_version=1")
        conn.exec_driver_sql("INSERT INTO setting (id, key, value, created_at, updated_at, row_version) "
                             "VALUES ('s1', 'office.id', 'office-old', datetime('now'), datetime('now'), 1)")
    engine.dispose()


def test_older_schema_is_backed_up_then_upgraded(tmp_path):
    old = tmp_path / "old.dabir"
    old.touch()
    _old_schema_file(old)
    before = sha256(old)
    db = open_database(old)
    assert db.office_id == "office-old"
    db.close()
    backups = list(tmp_path.glob("old.schema1-*.dabir"))
    assert len(backups) == 1
    kept = sqlite3.connect(backups[0])  # the old file, as it was: schema 1, same rows
    assert kept.execute("PRAGMA user_version").fetchone()[0] == 1
    assert kept.execute("SELECT value FROM setting").fetchall() == [("office-old",)]
    assert not kept.execute("SELECT name FROM sqlite_master WHERE name='merge_conflict'").fetchall()
    kept.close()
    assert sha256(old) != before
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM merge_conflict").fetchone()[0] == 0
    conn.close()
    assert not (tmp_path / "old.dabir-journal").exists()


def test_crashed_transaction_is_rolled_back_on_open(good_template, tmp_path):
    path = tmp_path / "crashed.dabir"
    path.write_bytes(good_template.read_bytes())
    code = ("import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA cache_size=1'); c.execute('BEGIN IMMEDIATE')\n"
            "c.execute(\"UPDATE meeting SET title = 'half-written' || hex(randomblob(400))\")\n"
            "print('ready', flush=True); time.sleep(120)\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready"
    child.kill()
    child.wait()
    child.stdout.close()
    assert (tmp_path / "crashed.dabir-journal").exists()
    db = open_database(path)
    db.close()
    assert not (tmp_path / "crashed.dabir-journal").exists()
    conn = sqlite3.connect(path)
    titles = [r[0] for r in conn.execute("SELECT title FROM meeting")]
    conn.close()
    assert titles and not any(t.startswith("half-written") for t in titles)


def test_crash_mid_commit_is_recovered_not_called_truncated(good_template, tmp_path):
    """A commit writes page 1 (with the new page count) before the pages that extend the file; a
    crash in between leaves a header promising more pages than the file has, and a journal that
    restores the old page 1. That file must be recovered, not refused as truncated."""
    path = tmp_path / "midcommit.dabir"
    path.write_bytes(good_template.read_bytes())
    rows = ("INSERT INTO topic (id, name, name_key, created_at, updated_at, row_version) "
            "SELECT hex(randomblob(16)), hex(randomblob(1500)), 'k', '2026-01-01', '2026-01-01', 1 "
            "FROM (WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM n WHERE x < 200) SELECT x FROM n)")
    code = ("import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA cache_size=1'); c.execute('BEGIN IMMEDIATE')\n"
            f"c.execute({rows!r}); c.execute('PRAGMA user_version=1'); c.execute({rows!r})\n"
            "print('ready', flush=True); time.sleep(120)\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready"
    child.kill()
    child.wait()
    child.stdout.close()
    data = bytearray(path.read_bytes())
    data[28:32] = (len(data) // 4096 + 50).to_bytes(4, "big")  # page 1 as the commit writes it
    path.write_bytes(bytes(data))
    assert (tmp_path / "midcommit.dabir-journal").exists()
    db = open_database(path)
    db.close()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM topic").fetchone()[0] == 0
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    conn.close()
    assert not (tmp_path / "midcommit.dabir-journal").exists()


def test_a_file_from_before_named_votes_is_upgraded_and_takes_them(tmp_path):
    """A 0006_workflow file (the tally, no resolution_vote) opens, is backed up, upgraded by 0007, 0008_votes and 0009,
    and its resolutions take named votes."""
    from app.services import demo, meetings, resolutions, votes
    old = tmp_path / "six.dabir"
    old.touch()
    engine = make_engine(old)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006_workflow")
        conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
        conn.exec_driver_sql("PRAGMA user_version=6")
    engine.dispose()
    db = open_database(old)
    with db.session() as s:
        demo.build_demo(s)
        draft = meetings.duplicate_meeting(s, meetings.list_meetings(s)[-1].id).id
        person = meetings.get_meeting(s, draft).attendance[0].person.id
        meetings.set_attendance(s, draft, person, "present", role="member")
        rid = resolutions.add_resolution(s, draft, "با رأی").id
        votes.set_named_votes(s, rid, {person: "for"})
    db.close()
    assert len(list(tmp_path.glob("six.schema6-*.dabir"))) == 1
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 11
    assert conn.execute("SELECT choice FROM resolution_vote").fetchall() == [("for",)]
    conn.close()
