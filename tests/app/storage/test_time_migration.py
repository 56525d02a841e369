"""Migration 0011 (issue 28: every timestamp an INTEGER of microseconds since 1970) on a file made by the
code of schema 10: tests/data/schema10.dabir, with its `dabir export`, `dabir list` and `dabir search`
outputs, seals and good row signatures captured BEFORE this migration existed
(tests/data/make_schema10_file.py). After migrating, what a user reads is what it was; each DATETIME
value schema 10 wrote (SQLAlchemy's text) is its integer and any other value (SQLite's datetime('now')
in the setting row) is untouched; search_doc.meeting and an unused index are gone, another index keeps
only the rows it is asked for; a merge gives what a merge into a file made by today's code gives; and the
way down gives the file's text back."""
import datetime as dt
import hashlib
import json
import re
import shutil
import sqlite3
from pathlib import Path

from app.storage.database import open_database
from app.storage.migrate import SCHEMA_VERSION
from tests.app.sharing_data import run_sql
from tests.app.storage.migration_capture import (as_json, assert_merges_alike, assert_queued_row_indexed,
                                                 assert_reads_back, assert_seals_and_signatures,
                                                 assert_smaller_after_vacuum, version)

DATA = Path(__file__).resolve().parents[2] / "data"
FILE = DATA / "schema10.dabir"
EXPECTED = json.loads((DATA / "schema10-expected.json").read_text(encoding="utf-8"))
QUERIES = list(EXPECTED["search"])
# schema 10's text for a moment, as SQLAlchemy writes it on SQLite (ASCII digits only)
CANONICAL = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}", re.ASCII)


def _migrated(tmp_path, name="office.dabir", plant=()) -> Path:
    """A copy of the schema-10 file migrated in place by a writable open; `plant` = (sql, params) run
    with plain sqlite3 on the copy before, as a file edited elsewhere."""
    path = tmp_path / name
    shutil.copyfile(FILE, path)
    assert version(path) == 10
    run_sql(path, *plant)
    open_database(path).close()
    assert version(path) == SCHEMA_VERSION >= 11
    return path


def _micros(text: str):
    """The integer 0011 stores for schema 10's text (worked out here, not by the app's converter), or
    None when the text is not in that exact form (another form, or no such day)."""
    if not CANONICAL.fullmatch(text):
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return (moment - dt.datetime(1970, 1, 1)) // dt.timedelta(microseconds=1)


def _datetime_columns(conn) -> dict[str, list[str]]:
    """Every column the file declares DATETIME, by table."""
    out = {}
    for t, in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                           "ORDER BY name").fetchall():
        cols = [c[1] for c in conn.execute(f'PRAGMA table_info("{t}")') if (c[2] or "").upper() == "DATETIME"]
        if cols:
            out[t] = cols
    return out


def _values(conn, table: str, column: str) -> list[tuple]:
    return conn.execute(f'SELECT rowid, "{column}", typeof("{column}") FROM "{table}" ORDER BY rowid').fetchall()


def _ro(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def _compare_times(before: sqlite3.Connection, after: sqlite3.Connection) -> tuple[int, list]:
    """Asserts every DATETIME value in `after` is its `before` value converted by 0011's rule; returns
    how many were converted and the (table, column, value) of those left as they were (not NULL)."""
    converted, kept = 0, []
    columns = _datetime_columns(before)
    assert _datetime_columns(after) == columns          # the declared types stay; only values change
    for table, cols in columns.items():
        for c in cols:
            was, now = _values(before, table, c), _values(after, table, c)
            assert [r for r, *_ in now] == [r for r, *_ in was], f"{table}.{c}: the same rows"
            for (_, old, _), (rowid, new, kind) in zip(was, now):
                micros = _micros(old) if isinstance(old, str) else None
                if micros is not None:
                    assert (new, kind) == (micros, "integer"), f"{table}.{c} row {rowid}: {old!r}"
                    converted += 1
                else:
                    assert new == old and type(new) is type(old), f"{table}.{c} row {rowid}: {old!r} kept"
                    if old is not None:
                        kept.append((table, c, old))
    return converted, kept


def test_a_read_command_leaves_the_schema10_file_as_it_was(tmp_path, dabir):
    """A read command upgrades a temporary copy: the output is the one captured, the file is untouched."""
    path = tmp_path / "office.dabir"
    shutil.copyfile(FILE, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert as_json(dabir, "list", "--db", path, "meetings", "--json") == EXPECTED["list"]["meetings"]
    assert as_json(dabir, "export", "--db", path, "--meeting", "all") == EXPECTED["export"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
    assert version(path) == 10


def test_the_schema10_file_migrates_and_reads_back_the_same(tmp_path, dabir):
    assert_reads_back(dabir, _migrated(tmp_path), EXPECTED)


def test_every_timestamp_schema10_wrote_is_its_integer(tmp_path):
    path = _migrated(tmp_path)
    before, after = _ro(FILE), _ro(path)
    try:
        converted, kept = _compare_times(before, after)
        for table in ("audit_entry", "merge_base", "meeting_seal", "row_signature", "merge_peer", "meeting"):
            assert table in _datetime_columns(after)
    finally:
        before.close()
        after.close()
    assert converted == 2035
    # the office id's setting row, written by SQL with datetime('now') (no microseconds): left as text
    assert [(t, c) for t, c, _ in kept] == [("setting", "created_at"), ("setting", "updated_at")]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", v) for *_, v in kept)


def test_values_schema10_did_not_write_stay_as_they_are(tmp_path, dabir):
    """A file edited elsewhere: an ISO 'T', a moment without microseconds, a day that does not exist, a
    number and a blob are left exactly as they were; schema 10's text before 1970 becomes a negative
    integer. The file still migrates and reads."""
    odd = ["2026-12-07T10:00:00.000000", "2026-12-07 10:00:00", "2026-02-30 10:00:00.000000",
           "2026-12-07 10:00:00.000000+00:00", "۲۰۲۶-12-07 10:00:00.000000", 1765101600, 1.5, b"\x01\x02"]
    plant = [(f"UPDATE merge_base SET merged_at = ? WHERE rowid = (SELECT rowid FROM merge_base "
              f"ORDER BY rowid LIMIT 1 OFFSET {i})", (v,)) for i, v in enumerate(odd)]
    plant.append(("UPDATE merge_base SET merged_at = '1969-12-31 23:59:59.999999' WHERE rowid = (SELECT rowid "
                  "FROM merge_base ORDER BY rowid LIMIT 1 OFFSET 20)", ()))
    path = _migrated(tmp_path, plant=plant)
    planted = tmp_path / "planted.dabir"            # the same edits on a copy left at schema 10
    shutil.copyfile(FILE, planted)
    run_sql(planted, *plant)
    before, after = _ro(planted), _ro(path)
    try:
        converted, kept = _compare_times(before, after)
        assert after.execute("SELECT count(*) FROM merge_base WHERE merged_at = -1").fetchone()[0] == 1
    finally:
        before.close()
        after.close()
    assert converted == 2035 - len(odd)
    assert [v for t, c, v in kept if t == "merge_base"] == odd
    assert as_json(dabir, "list", "--db", path, "meetings", "--json") == EXPECTED["list"]["meetings"]


def _indexes(conn) -> dict[str, str | None]:
    return dict(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index'").fetchall())


def test_an_unused_index_and_the_meeting_of_search_documents_are_gone(tmp_path, dabir):
    """No query looks responsible parties up by person; the amendment index's one query asks for the
    rows an amendment added, so it keeps those alone (docs/storage-plan.md). Every other index stays."""
    path = _migrated(tmp_path)
    old, conn = _ro(FILE), _ro(path)
    try:
        was, now = _indexes(old), _indexes(conn)
        assert set(was) - set(now) == {"ix_resolution_party_person_id"} and set(now) <= set(was)
        assert now.pop("ix_resolution_amendment_id") == \
            was.pop("ix_resolution_amendment_id") + " WHERE amendment_id IS NOT NULL"
        assert now == {n: s for n, s in was.items() if n in now}
        plan = conn.execute("EXPLAIN QUERY PLAN SELECT id FROM resolution WHERE amendment_id = ?", (b"x",)).fetchall()
        assert "USING INDEX ix_resolution_amendment_id" in plan[0][-1]
        assert [c[1] for c in conn.execute("PRAGMA table_info(search_doc)")] == ["doc_id", "ref", "body"]
        # each document keeps its number (the full-text index's rowid) and text
        docs = "SELECT doc_id, ref, body FROM search_doc ORDER BY doc_id"
        assert conn.execute(docs).fetchall() == old.execute(docs).fetchall()
    finally:
        old.close()
        conn.close()
    assert as_json(dabir, "search", "--db", path, "--json", "--limit", "200", "جلسه") == EXPECTED["search"]["جلسه"]
    assert_smaller_after_vacuum(FILE, path, tmp_path)


def test_seals_and_row_signatures_still_verify(tmp_path, dabir):
    """A signature covers the row's timestamps: they read back as the moments schema 10 signed."""
    assert_seals_and_signatures(dabir, _migrated(tmp_path), EXPECTED, tmp_path)


def test_the_queued_row_is_indexed_after_migration(tmp_path, dabir):
    assert_queued_row_indexed(dabir, _migrated(tmp_path), EXPECTED)


def test_merge_into_a_migrated_file_is_a_merge_into_a_new_one(tmp_path, dabir):
    migrated = _migrated(tmp_path, "migrated.dabir")
    assert_merges_alike(dabir, FILE, migrated, tmp_path, EXPECTED)
    # what the merge wrote (their follow-up, its signatures, merge bases, the peer) is in integers too:
    # the only text left is the setting row's, as before
    conn = _ro(migrated)
    try:
        text = [(t, c) for t, cols in _datetime_columns(conn).items() for c in cols
                for _ in conn.execute(f"""SELECT 1 FROM "{t}" WHERE typeof("{c}") NOT IN ('integer', 'null')""")]
    finally:
        conn.close()
    assert text == [("setting", "created_at"), ("setting", "updated_at")]


def test_downgrade_gives_back_the_text_the_indexes_and_the_meeting_column(tmp_path):
    """0011's way down (a file taken back by hand) gives schema 10's file back: the same text in every
    DATETIME column, the same indexes, and each search document's meeting (16 bytes)."""
    from alembic import command

    from app.storage.engine import make_engine
    from app.storage.migrate import alembic_config
    path = _migrated(tmp_path)
    conn = _ro(path)
    try:      # what the way down undoes is there to undo
        assert "meeting" not in [c[1] for c in conn.execute("PRAGMA table_info(search_doc)")]
        assert conn.execute("SELECT typeof(created_at) FROM meeting LIMIT 1").fetchone() == ("integer",)
    finally:
        conn.close()
    engine = make_engine(path)
    try:
        with engine.begin() as c:
            cfg = alembic_config()
            cfg.attributes["connection"] = c
            command.downgrade(cfg, "0010")
    finally:
        engine.dispose()
    old, back = _ro(FILE), _ro(path)
    try:
        columns = _datetime_columns(old)
        assert _datetime_columns(back) == columns
        for table, cols in columns.items():
            for c in cols:
                assert _values(back, table, c) == _values(old, table, c), f"{table}.{c}"
        assert _indexes(back) == _indexes(old)
        assert "ix_resolution_party_person_id" in _indexes(back)
        tables = "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name = 'search_doc'"
        assert back.execute(tables).fetchall() == old.execute(tables).fetchall()
        docs = "SELECT doc_id, ref, meeting, typeof(meeting), body FROM search_doc ORDER BY doc_id"
        assert back.execute(docs).fetchall() == old.execute(docs).fetchall()
        assert {len(m) for _, _, m, kind, _ in old.execute(docs) if kind == "blob"} == {16}
    finally:
        old.close()
        back.close()
