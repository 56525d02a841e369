"""Hostile .dabir files (issue 11, the file layer of issue 15): generated from a good file with Python's
sqlite3, as a careful adversary would. Each is refused (exit 2, one bilingual line naming what is
wrong and the file) or handled, nothing planted in it runs, no command hangs, and the user's own
file stays byte-identical or valid."""
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from app.domain.errors import DabirFileError
from app.storage import filecheck, filestate
from app.storage.database import open_database
from app.storage.schema import SchemaRefused
from app.storage.search_keys import pack_id, unpack_id
from tests.app.sharing_data import build, fork, sha256
from tests.app.test_safe_open import assert_refused


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("hostile") / "good.dabir"
    build(path)
    return path


@pytest.fixture
def mine(template, tmp_path):
    path = tmp_path / "mine.dabir"
    shutil.copyfile(template, path)
    return path


def hostile(template, path: Path, *sql: str, writable_schema: bool = False) -> Path:
    fork(template, path)
    conn = sqlite3.connect(path, isolation_level=None)
    if writable_schema:
        version = conn.execute("PRAGMA schema_version").fetchone()[0]
        conn.execute("PRAGMA writable_schema=ON")
    for statement in sql:
        conn.execute(statement)
    if writable_schema:
        conn.execute("PRAGMA writable_schema=OFF")
        conn.execute(f"PRAGMA schema_version={version + 1}")
    conn.close()
    return path


PLANTED = ("CREATE TRIGGER wipe AFTER INSERT ON follow_up BEGIN UPDATE resolution SET text = 'x'; END")
RECURSIVE_VIEW = ("DROP TABLE meeting",
                  "CREATE VIEW meeting AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
                  "SELECT x AS id, x AS committee_id, x AS number FROM r")

# kind -> (statements, writable_schema, what the refusal names)
KINDS = {
    "planted-trigger": ((PLANTED,), False, "trigger wipe on follow_up is not Dabir's"),
    "dabir-trigger-rewritten": (("DROP TRIGGER search_q_follow_up_ins",
                                 "CREATE TRIGGER search_q_follow_up_ins AFTER INSERT ON follow_up BEGIN "
                                 "UPDATE resolution SET text = 'x'; END"), False, "trigger search_q_follow_up_ins"),
    "recursive-view": (RECURSIVE_VIEW, False, "meeting is a view; Dabir's is a table"),
    "extra-table": (("CREATE TABLE notes (x)",), False, "table notes is not Dabir's"),
    "extra-view": (("CREATE VIEW v AS SELECT 1",), False, "view v is not Dabir's"),
    "dropped-index": (("DROP INDEX ix_meeting_date",), False, "index ix_meeting_date is missing"),
    "extra-column": (("ALTER TABLE meeting ADD COLUMN evil TEXT",), False, "column meeting.evil is not Dabir's"),
    "dropped-column": (("ALTER TABLE meeting DROP COLUMN location",), False, "column meeting.location is missing"),
    "column-type": (("UPDATE sqlite_master SET sql = replace(sql, 'number INTEGER NOT NULL', 'number TEXT NOT NULL')"
                     " WHERE name = 'meeting'",), True, "column meeting.number is declared TEXT"),
    "changed-check": (("UPDATE sqlite_master SET sql = replace(sql, '<>', '=') WHERE name = 'resolution_party'",),
                      True, "table resolution_party differs"),
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_hostile_schema_is_refused_by_every_command(kind, template, mine, tmp_path, cli):
    statements, writable, names = KINDS[kind]
    bad = hostile(template, tmp_path / f"{kind}.dabir", *statements, writable_schema=writable)
    before, mine_before = sha256(bad), sha256(mine)
    commands = [("list", "meetings", "--db", bad), ("merge", "--db", mine, "--from", bad)]
    if kind in ("planted-trigger", "recursive-view"):     # every command, for the two that do harm
        commands += [("search", "جلسه", "--db", bad), ("export", "--meeting", "all", "--db", bad),
                     ("conflicts", "--db", bad), ("backup", "--db", bad, "-o", tmp_path / "copy.dabir"),
                     ("follow-up", "--resolution", "x", "--status", "done", "--db", bad)]
    for args in commands:
        t = time.monotonic()
        line = assert_refused(cli(*args))
        assert time.monotonic() - t < 30, args                    # refused at once, never hangs
        assert names in line and str(bad) in line, (args, line)   # names the object, and *their* file
    check = cli("check", "--db", bad)
    assert check.returncode == 2 and names in check.stdout, check
    assert sha256(bad) == before
    assert sha256(mine) == mine_before                            # refused before anything was written
    assert not (tmp_path / "copy.dabir").exists()


def test_planted_trigger_never_runs(template, tmp_path):
    bad = hostile(template, tmp_path / "bad.dabir", PLANTED)
    before = sha256(bad)
    with pytest.raises(SchemaRefused) as e:
        open_database(bad)
    assert "wipe" in e.value.en
    conn = sqlite3.connect(bad)
    assert conn.execute("SELECT count(*) FROM resolution WHERE text = 'x'").fetchone()[0] == 0
    conn.close()
    assert sha256(bad) == before


def test_check_lists_every_foreign_or_missing_object(template, tmp_path, cli):
    bad = hostile(template, tmp_path / "many.dabir", PLANTED, "CREATE TABLE notes (x)",
                  "DROP INDEX ix_meeting_date", "ALTER TABLE person ADD COLUMN evil")
    result = cli("check", "--db", bad)
    assert result.returncode == 2
    out = result.stdout
    for name in ("trigger wipe on follow_up", "table notes", "index ix_meeting_date is missing", "person.evil"):
        assert name in out, out
    assert "4 problem" in result.stderr


def test_healthy_file_passes_check_and_schema_is_derived_from_migrations(mine, cli):
    result = cli("check", "--db", mine)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(mine)  # Dabir's own FTS5 shadow tables and triggers are Dabir's
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    conn.close()
    assert {"search_fts_data", "search_fts_idx", "search_q_follow_up_ins"} <= names


def test_check_lists_values_no_dabir_could_write(template, tmp_path, cli):
    bad = hostile(template, tmp_path / "values.dabir", "UPDATE meeting SET status = 'hacked' WHERE number = 1",
                  "UPDATE resolution SET deadline = '1405/13/40' WHERE number = 1",
                  # ids as schema 9 spelled them, in a schema-10 file (issue 28: models.Key packs them)
                  "INSERT INTO topic (id, name, name_key, created_at, updated_at, row_version) "
                  "VALUES ('t-text', 'x', 'x', '2026-04-01 10:00:00', '2026-04-01 10:00:00', 1)",
                  "UPDATE topic SET changed_in = x'0102' WHERE id = 't-text'")
    result = cli("check", "--db", bad)
    assert result.returncode == 2
    assert "meeting.status: 'hacked' is not one of" in result.stdout
    assert "resolution.deadline: '1405/13/40' is not a date" in result.stdout
    assert "topic 't-text': topic.id: 't-text' is not an id as Dabir stores one" in result.stdout
    assert "topic.changed_in: b'\\x01\\x02' is not an id as Dabir stores one" in result.stdout


def test_statistics_from_analyze_are_allowed(mine, cli):
    conn = sqlite3.connect(mine)
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    assert cli("list", "meetings", "--db", mine).returncode == 0


# --- repair by copy ----------------------------------------------------------------------------------

def test_repair_builds_a_clean_file_and_reports_what_it_left_out(template, tmp_path, cli):
    bad = hostile(template, tmp_path / "bad.dabir", PLANTED, "ALTER TABLE meeting ADD COLUMN evil TEXT",
                  "UPDATE meeting SET status = 'hacked' WHERE number = 1",
                  "UPDATE resolution SET number = 'seven' WHERE number = 2")
    before = sha256(bad)
    out = tmp_path / "clean.dabir"
    result = cli("check", "--db", bad, "--repair", out)
    assert result.returncode == 0, result.stderr
    assert sha256(bad) == before
    assert "meeting.status" in result.stdout and "resolution.number" in result.stdout, result.stdout
    assert cli("check", "--db", out).returncode == 0
    assert cli("list", "meetings", "--db", out).returncode == 0
    conn = sqlite3.connect(out)
    assert conn.execute("SELECT count(*) FROM meeting WHERE status = 'hacked'").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM meeting").fetchone()[0] == 4      # 6 less the two 'hacked'
    # the resolutions of a meeting left out go too: nothing points at a row that is not there
    assert conn.execute("SELECT count(*) FROM resolution r LEFT JOIN meeting m ON m.id = r.meeting_id "
                        "WHERE m.id IS NULL").fetchone()[0] == 0
    office = conn.execute("SELECT value FROM setting WHERE key = 'office.id'").fetchall()
    conn.close()
    src = sqlite3.connect(bad)
    assert office == src.execute("SELECT value FROM setting WHERE key = 'office.id'").fetchall()
    src.close()
    # it will not overwrite
    assert "exists" in assert_refused(cli("check", "--db", bad, "--repair", out))


def test_repair_of_a_schema9_file_packs_its_ids_and_leaves_out_a_blob_where_text_was(tmp_path, cli):
    """Schema 9 spelled ids as text (issue 28): a repair packs them as migration 0010 does; a blob
    there, which no Dabir wrote, is left out (packed it would pass for a UUID)."""
    old = tmp_path / "nine.dabir"
    shutil.copyfile(Path(__file__).resolve().parents[1] / "data" / "schema9.dabir", old)
    conn = sqlite3.connect(old)
    with conn:
        topic = conn.execute("SELECT id FROM topic ORDER BY id LIMIT 1").fetchone()[0]
        conn.execute("UPDATE topic SET changed_in = zeroblob(16) WHERE id = ?", (topic,))
    meetings = {r[0] for r in conn.execute("SELECT id FROM meeting")}
    conn.close()
    out = tmp_path / "clean.dabir"
    result = cli("check", "--db", old, "--repair", out)
    assert result.returncode == 0, result.stderr
    left_out = [line for line in result.stdout.splitlines() if line.startswith("left out: ")]
    assert f"left out: topic {topic}: topic.changed_in: {bytes(16)!r} is not text" in left_out
    # and the rows naming that topic, whose reference no longer resolves
    assert all("refers to a topic row" in line for line in left_out if "topic.changed_in" not in line)
    assert cli("check", "--db", out).returncode == 0
    conn = sqlite3.connect(out)
    assert {unpack_id(r[0]) for r in conn.execute("SELECT id FROM meeting")} == meetings
    assert conn.execute("SELECT count(*) FROM topic WHERE id = ?", (pack_id(topic),)).fetchone()[0] == 0
    assert conn.execute("SELECT DISTINCT typeof(committee_id), length(committee_id) FROM meeting").fetchall() \
        == [("blob", 16)]
    conn.close()


# --- budgets -----------------------------------------------------------------------------------------

AUDIT_ROWS = ("INSERT INTO audit_entry (id, at, actor, action, entity, entity_id, changes, created_at, "
              "updated_at, row_version) WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
              "WHERE x < 3000) SELECT hex(randomblob(16)), '2026-01-01', 'a', 'update', 'meeting', 'm', "
              "'{}', '2026-01-01', '2026-01-01', 1 FROM n")


def test_merge_over_the_row_budget_is_refused_without_reading(template, mine, tmp_path, cli):
    big = hostile(template, tmp_path / "big.dabir", AUDIT_ROWS)
    before, mine_before = sha256(big), sha256(mine)
    line = assert_refused(cli("merge", "--db", mine, "--from", big, env={"DABIR_BUDGET_ROWS": "2000"}))
    assert "audit_entry" in line and "budget of 2000" in line and str(big) in line
    assert sha256(big) == before and sha256(mine) == mine_before


def test_merge_over_the_time_budget_stops_and_leaves_both_files(template, mine, tmp_path, cli):
    theirs = hostile(template, tmp_path / "theirs.dabir", AUDIT_ROWS)
    before, mine_before = sha256(theirs), sha256(mine)
    line = assert_refused(cli("merge", "--db", mine, "--from", theirs, env={"DABIR_BUDGET_SECONDS": "0.0001"}))
    assert "budget of 0.0001 s" in line and str(theirs) in line
    assert sha256(theirs) == before and sha256(mine) == mine_before


# --- journals ----------------------------------------------------------------------------------------

def _crash_with_journal(path: Path) -> None:
    """A writer killed mid-transaction, after its journal was synced (a hot journal)."""
    code = ("import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA cache_size=1'); c.execute('BEGIN IMMEDIATE')\n"
            "c.execute(\"UPDATE meeting SET title = 'half' || hex(randomblob(2000))\")\n"
            "print('ready', flush=True); time.sleep(120)\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready"
    child.kill()
    child.wait()
    child.stdout.close()        # else a ResourceWarning, an error under filterwarnings=error


def test_stray_journal_of_another_database_is_moved_aside_never_played(template, mine, tmp_path, cli):
    other = tmp_path / "other.dabir"
    build(other, committees=1, meetings=1, resolutions=1)         # a smaller database, same page size
    _crash_with_journal(other)
    stray = tmp_path / "other.dabir-journal"
    assert stray.read_bytes()[:8] == bytes.fromhex("d9d505f920a163d7")   # hot: SQLite would play it
    shutil.copyfile(stray, tmp_path / "mine.dabir-journal")
    before = sha256(mine)
    result = cli("list", "meetings", "--db", mine)
    assert result.returncode == 0, result.stderr
    assert sha256(mine) == before                                  # not a byte played into my file
    assert "not its own" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "mine.dabir-journal").exists()
    assert list(tmp_path.glob("mine.dabir-journal.not-this-file-*"))
    assert cli("check", "--db", mine).returncode == 0


def test_journal_with_another_page_size_is_moved_aside(mine, tmp_path, cli):
    other = tmp_path / "p1024.db"
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute("PRAGMA page_size=1024")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("INSERT INTO t VALUES (randomblob(5000))")
    conn.close()
    code = ("import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA cache_size=1'); c.execute('BEGIN IMMEDIATE')\n"
            "c.execute('UPDATE t SET x = randomblob(9000)')\n"
            "print('ready', flush=True); time.sleep(120)\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(other)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready"
    child.kill()
    child.wait()
    child.stdout.close()
    shutil.copyfile(tmp_path / "p1024.db-journal", tmp_path / "mine.dabir-journal")
    before = sha256(mine)
    result = cli("list", "meetings", "--db", mine)
    assert result.returncode == 0 and "journal page size 1024, file page size 4096" in result.stderr, result.stderr
    assert sha256(mine) == before
    assert list(tmp_path.glob("mine.dabir-journal.not-this-file-*"))


def test_own_journal_is_rolled_back_after_a_backup(mine, tmp_path, cli):
    _crash_with_journal(mine)
    result = cli("list", "meetings", "--db", mine)
    assert result.returncode == 0, result.stderr
    assert "half" not in result.stdout
    saved = list((tmp_path / "backups").rglob("*-before-recovery.dabir"))
    assert len(saved) == 1 and Path(f"{saved[0]}-journal").exists()


# --- paths -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["x%41.dabir", "a#b.dabir", "c?d.dabir", "جلسه‌های ۱۴۰۵.dabir", "s p a c e.dabir"])
def test_any_legal_file_name_is_that_file(name, template, tmp_path, cli):
    path = tmp_path / name
    shutil.copyfile(template, path)
    result = cli("list", "meetings", "--db", path)
    assert result.returncode == 0, result.stderr
    assert len(result.stdout.splitlines()) == 6
    new = tmp_path / f"new-{name}"
    assert cli("demo", "--db", new).returncode == 0                     # created under its own name
    assert cli("list", "committees", "--db", new).stdout.strip()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == sorted([name, f"new-{name}"])


def test_fifo_device_and_folder_are_refused_at_once(mine, tmp_path, cli):
    fifo = tmp_path / "pipe.dabir"
    os.mkfifo(fifo)
    t = time.monotonic()
    assert "not a regular file" in assert_refused(cli("merge", "--db", mine, "--from", fifo))
    assert "not a regular file" in assert_refused(cli("list", "meetings", "--db", fifo))
    assert "not a regular file" in assert_refused(cli("list", "meetings", "--db", "/dev/zero"))
    assert "folder" in assert_refused(cli("merge", "--db", mine, "--from", tmp_path))
    assert time.monotonic() - t < 30
    assert cli("check", "--db", mine).returncode == 0


# --- read commands read only -------------------------------------------------------------------------

def test_read_commands_leave_a_received_file_byte_identical(template, tmp_path, cli):
    theirs = fork(template, tmp_path / "theirs.dabir")
    os.utime(theirs, (1_000_000_000, 1_000_000_000))
    before, stat_before = sha256(theirs), theirs.stat()
    conn = sqlite3.connect(theirs)
    meeting = unpack_id(conn.execute("SELECT id FROM meeting LIMIT 1").fetchone()[0])
    conn.close()
    os.utime(theirs, (1_000_000_000, 1_000_000_000))
    for args in [("list", "meetings"), ("list", "resolutions"), ("export", "--meeting", "all"),
                 ("search", "مصوبه"), ("conflicts",), ("check",), ("backups",)]:
        result = cli(*args, "--db", theirs)
        assert result.returncode == 0, (args, result.stderr)
    assert sha256(theirs) == before
    assert theirs.stat().st_mtime_ns == stat_before.st_mtime_ns
    assert not (tmp_path / "theirs.dabir-journal").exists()
    # printing is not a read: it enters the document in the file's register of issued documents (verify)
    assert cli("minutes", "--meeting", meeting, "-o", tmp_path / "m.pdf", "--db", theirs).returncode == 0
    assert cli("verify", "--db", theirs, tmp_path / "m.pdf").returncode == 0


def test_read_commands_work_while_another_program_writes(mine, cli):
    code = ("import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('BEGIN IMMEDIATE'); c.execute('UPDATE setting SET value=value')\n"
            "print('locked', flush=True); time.sleep(120)\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(mine)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "locked"
        result = cli("list", "meetings", "--db", mine, env={"DABIR_BUSY_TIMEOUT_MS": "300"})
        assert result.returncode == 0, result.stderr
    finally:
        child.kill()
        child.wait()
        child.stdout.close()


def test_an_older_file_is_read_from_an_upgraded_temporary_copy(tmp_path, cli):
    from tests.app.test_safe_open import _old_schema_file
    old = tmp_path / "old.dabir"
    old.touch()
    _old_schema_file(old)
    before = sha256(old)
    assert cli("list", "meetings", "--db", old).returncode == 0
    assert sha256(old) == before
    assert not list(tmp_path.glob("old.schema*"))


# --- merge temporary copies --------------------------------------------------------------------------

def test_a_killed_merge_leaves_no_temporary_copy_for_long(template, mine, tmp_path, cli):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = Path(tempfile.gettempdir()) / f"dabir-merge-{dead.pid}-test"
    stale.mkdir(exist_ok=True)
    (stale / "theirs.dabir").write_bytes(b"x")
    theirs = fork(template, tmp_path / "theirs.dabir")
    assert cli("merge", "--db", mine, "--from", theirs).returncode == 0
    assert not stale.exists()
    assert not [p for p in Path(tempfile.gettempdir()).glob("dabir-merge-*")
                if p.is_dir() and any(p.iterdir()) and str(p).endswith("-test")]


def test_a_terminated_merge_removes_its_temporary_copy(template, mine, tmp_path):
    theirs = fork(template, tmp_path / "theirs.dabir")
    code = ("import sys, time, app.services.merge as m\n"
            "from app.storage.database import open_database\n"
            "real = m._local_copy\n"
            "def slow(*a):\n"
            "    db = real(*a); print(db.path.parent, flush=True); time.sleep(60); return db\n"
            "m._local_copy = slow\n"
            "from app.cli.main import main; sys.exit(main(sys.argv[1:]))\n")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    child = subprocess.Popen([sys.executable, "-c", code, "merge", "--db", str(mine), "--from", str(theirs)],
                             stdout=subprocess.PIPE, text=True, env=env)
    folder = Path(child.stdout.readline().strip())
    assert folder.is_dir()
    child.terminate()
    child.wait(timeout=30)
    child.stdout.close()
    assert not folder.exists()


# --- opening my own file: the whole-file check only when it may have changed -------------------------

def _quick_checks(monkeypatch) -> list:
    calls = []
    real = filecheck.quick_check

    def counting(path, budget=None):
        calls.append(path)
        return real(path, budget)
    monkeypatch.setattr("app.storage.database.quick_check", counting)
    return calls


def test_my_own_file_is_read_in_full_only_when_it_may_have_changed(mine, tmp_path, monkeypatch):
    calls = _quick_checks(monkeypatch)
    open_database(mine).close()                  # no record yet: it came from elsewhere
    assert len(calls) == 1
    db = open_database(mine)                     # unchanged since the clean close
    with db.session() as s:                      # Dabir's own write
        s.execute(__import__("sqlalchemy").text("UPDATE setting SET value = value WHERE key = 'office.id'"))
    db.close()
    open_database(mine).close()
    assert len(calls) == 1
    conn = sqlite3.connect(mine)                 # a write from outside Dabir
    conn.execute("UPDATE meeting SET title = 'outside'")
    conn.commit()
    conn.close()
    open_database(mine).close()
    assert len(calls) == 2
    copy = tmp_path / "copy.dabir"               # a copy has no record, wherever it goes
    shutil.copyfile(mine, copy)
    open_database(copy).close()
    assert len(calls) == 3
    _crash_with_journal(mine)                    # a hot journal recovered
    open_database(mine).close()
    assert len(calls) == 4
    open_database(mine).close()
    assert len(calls) == 4


def test_a_damaged_copy_over_my_file_is_caught(template, mine, tmp_path, monkeypatch):
    open_database(mine).close()
    data = bytearray(mine.read_bytes())
    data[4096 * 2] ^= 0xFF
    with open(mine, "r+b") as fh:                 # same inode, same size, same change counter
        fh.write(bytes(data))
    with pytest.raises(DabirFileError, match="damaged"):
        open_database(mine)


def test_state_record_is_kept_outside_the_file(mine, tmp_path):
    open_database(mine).close()
    assert filestate.unchanged_since_recorded(mine)
    assert list((tmp_path / "state").glob("*.json"))


def test_the_sql_prefilter_flags_every_row_the_validator_faults(tmp_path):
    """`dabir check` scans values in SQL (rowcheck.suspect_where) and validates only suspects in Python;
    no row the validator faults may slip past the SQL."""
    from app.storage import rowcheck
    values = [None, 7, -2 ** 63, "7", 7.5, b"x", "1405/13/40", "2026-02-30", "2026-02-28", "now", "0000-01-01",
              "x" * 600, "draft", "hacked", "2026-01-01 10:00:00.000000", "2026-01-01T10:00:00", "9999-12-31", "",
              "2026-01-01 24:00:00", "2026-13-01", " 2026-01-01", "2026-01-01 10:00", "2026-1-1", 2 ** 40]
    tbl = rowcheck.table("meeting")
    cols = [c.name for c in tbl.columns]
    conn = sqlite3.connect(":memory:")
    conn.execute(f"CREATE TABLE meeting ({', '.join(cols)})")     # no affinity: values stay as given
    base = {"id": "m", "committee_id": "c", "number": 1, "status": "draft", "created_at": "2026-01-01 10:00:00",
            "updated_at": "2026-01-01 10:00:00", "row_version": 1}
    n = 0
    for col in cols:
        for v in values:
            row = {**base, col: v, "id": f"m{n}"}
            n += 1
            conn.execute(f"INSERT INTO meeting ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                         [row.get(c) for c in cols])
    suspects = {r[0] for r in conn.execute(f"SELECT id FROM meeting WHERE {rowcheck.suspect_where(tbl)}")}
    faulted = set()
    for values_ in conn.execute(f"SELECT {', '.join(cols)} FROM meeting"):
        row = dict(zip(cols, values_))
        if rowcheck.problems(tbl, row):
            faulted.add(row["id"])
    assert faulted and faulted <= suspects, faulted - suspects
