"""Migration 0010 (issue 28: every UUID key in 16 bytes) on a file made by the code of schema 9:
tests/data/schema9.dabir, with its `dabir export`, `dabir list` and `dabir search` outputs, seals and
good row signatures captured BEFORE this migration existed (tests/data/make_schema9_file.py). After
migrating, every meeting, resolution, follow-up, seal, signature and search hit (order and snippets too)
is what it was, every id is 16 bytes, and a merge into the migrated file gives what a merge into a file
made by today's code gives."""
import hashlib
import json
import shutil
import sqlite3
from pathlib import Path

from app.storage.database import open_database
from app.storage.migrate import SCHEMA_VERSION
from app.storage.models import Base, Key
from app.storage.search_keys import pack_id, unpack_id
from tests.app.storage.migration_capture import (as_json, assert_merges_alike, assert_queued_row_indexed,
                                                 assert_reads_back, assert_seals_and_signatures,
                                                 assert_smaller_after_vacuum, version)

DATA = Path(__file__).resolve().parents[2] / "data"
FILE = DATA / "schema9.dabir"
EXPECTED = json.loads((DATA / "schema9-expected.json").read_text(encoding="utf-8"))
QUERIES = list(EXPECTED["search"])


def _migrated(tmp_path, name="office.dabir") -> Path:
    path = tmp_path / name
    shutil.copyfile(FILE, path)
    assert version(path) == 9
    open_database(path).close()                  # a writable open migrates the file in place
    assert version(path) == SCHEMA_VERSION >= 10
    return path


def _key_columns(conn) -> dict[str, list[str]]:
    """Every column the file declares VARCHAR(36), by table: schema 9's ids, foreign keys, office ids
    and polymorphic references (what 0010 converts)."""
    out = {}
    for t, in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                           "ORDER BY name"):
        cols = [c[1] for c in conn.execute(f'PRAGMA table_info("{t}")') if (c[2] or "").upper() == "VARCHAR(36)"]
        if cols:
            out[t] = cols
    return out


def test_a_read_command_leaves_the_schema9_file_as_it_was(tmp_path, dabir):
    """A read command upgrades a temporary copy: the output is the one captured, the file is untouched."""
    path = tmp_path / "office.dabir"
    shutil.copyfile(FILE, path)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert as_json(dabir, "export", "--db", path, "--meeting", "all") == EXPECTED["export"]
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_schema9_file_migrates_and_reads_back_the_same(tmp_path, dabir):
    assert_reads_back(dabir, _migrated(tmp_path), EXPECTED)


def test_every_id_is_16_bytes_and_the_file_is_smaller(tmp_path):
    path = _migrated(tmp_path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        columns = _key_columns(conn)
        # what the file declares VARCHAR(36) is exactly what today's models call a Key
        keys = {(t.name, c.name) for t in Base.metadata.sorted_tables for c in t.c if isinstance(c.type, Key)
                and t.name in columns}
        assert {(t, c) for t, cols in columns.items() for c in cols} == keys
        for table in ("row_signature", "merge_base", "audit_entry", "meeting_seal", "issued_document"):
            assert table in columns
        # each value is the schema-9 value packed (search_keys.pack_id): 16 bytes for every UUID, and a
        # marker byte before any other value (the demo's audit entry names its row "scale")
        before = sqlite3.connect(f"file:{FILE}?mode=ro", uri=True)
        values, others = 0, []
        try:
            for table, cols in columns.items():
                for c in cols:
                    rows = f'SELECT "{c}", typeof("{c}") FROM "{table}" WHERE "{c}" IS NOT NULL ORDER BY rowid'
                    was, now = before.execute(rows).fetchall(), conn.execute(rows).fetchall()
                    assert [v for v, _ in now] == [pack_id(v) for v, _ in was], f"{table}.{c}"
                    assert {t for _, t in now} <= {"blob"} and {t for _, t in was} <= {"text"}, f"{table}.{c}"
                    values += len(now)
                    others += [(table, c, unpack_id(v)) for v, _ in now if len(v) != 16]
        finally:
            before.close()
        assert values > 3_000
        assert others == [("audit_entry", "entity_id", "scale")]
        # the row queued for indexing by the writer that bypassed Dabir is queued by its packed id
        queued = conn.execute("SELECT kind, ref_id FROM search_dirty").fetchall()
        assert [(k, unpack_id(r)) for k, r in queued] == [("person", EXPECTED["queued"]["person"])]
    finally:
        conn.close()
    assert_smaller_after_vacuum(FILE, path, tmp_path)


def test_seals_and_row_signatures_still_verify(tmp_path, dabir):
    assert_seals_and_signatures(dabir, _migrated(tmp_path), EXPECTED, tmp_path)


def test_the_queued_row_is_indexed_after_migration(tmp_path, dabir):
    assert_queued_row_indexed(dabir, _migrated(tmp_path), EXPECTED)


def test_merge_into_a_migrated_file_is_a_merge_into_a_new_one(tmp_path, dabir):
    assert_merges_alike(dabir, FILE, _migrated(tmp_path, "migrated.dabir"), tmp_path, EXPECTED)


def test_downgrade_gives_back_the_text_ids(tmp_path):
    """0010's way down (a file taken back by hand) writes every id as the text schema 9 wrote."""
    from alembic import command

    from app.storage.engine import make_engine
    from app.storage.migrate import alembic_config
    path = _migrated(tmp_path)
    engine = make_engine(path)
    try:
        with engine.begin() as c:
            cfg = alembic_config()
            cfg.attributes["connection"] = c
            command.downgrade(cfg, "0009")
    finally:
        engine.dispose()
    old, back = sqlite3.connect(f"file:{FILE}?mode=ro", uri=True), sqlite3.connect(path)
    try:
        for table, cols in _key_columns(old).items():
            select_cols = ", ".join(f'"{c}"' for c in cols)
            rows = f'SELECT {select_cols} FROM "{table}" ORDER BY rowid'
            assert back.execute(rows).fetchall() == old.execute(rows).fetchall(), table
    finally:
        old.close()
        back.close()
