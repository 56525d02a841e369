"""Migration 0009 (issue 28) on a file made by the code of schema 8: tests/data/schema8.dabir, with the
`dabir export`, `dabir list` and `dabir search` outputs captured from it BEFORE any change of this
migration (tests/data/make_schema8_file.py). After migrating, every meeting, resolution, follow-up, seal,
register entry and search hit (order and snippets too) is what it was, and a merge into the migrated
file gives what a merge into a file made by today's code gives."""
import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from app.storage.database import open_database
from app.storage.migrate import SCHEMA_VERSION
from app.storage.repair import repair
from app.storage.search_keys import unpack_id, unpack_ref
from app.storage.timestamps import as_text
from tests.app.sharing_data import dump, edit
from tests.app.storage.migration_capture import as_json, captured, merge_another_office, version

DATA = Path(__file__).resolve().parents[2] / "data"
FILE = DATA / "schema8.dabir"
EXPECTED = json.loads((DATA / "schema8-expected.json").read_text(encoding="utf-8"))
QUERIES = list(EXPECTED["search"])


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


def _seals(path: Path) -> list:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        out = []
        for table in ("meeting_seal", "issued_document"):
            times = {c[0] for c in conn.execute(f"PRAGMA table_info({table})") if c[2].upper() == "DATETIME"}
            # schema 10 keeps the ids in 16 bytes (which sort as their text), schema 11 the moments in
            # microseconds: compared as the text they stand for
            out += [tuple(as_text(v) if i in times else unpack_id(v) if isinstance(v, bytes) else v
                          for i, v in enumerate(row))
                    for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1")]
        return out
    finally:
        conn.close()


def test_the_schema8_file_migrates_and_reads_back_the_same(tmp_path, cli, dabir):
    path = tmp_path / "office.dabir"
    shutil.copyfile(FILE, path)
    seals = _seals(path)
    assert version(path) == 8
    open_database(path).close()                  # a writable open migrates the file in place
    assert version(path) == SCHEMA_VERSION >= 10   # and on through 0010 (16-byte keys) and 0011
    assert captured(dabir, path, QUERIES) == EXPECTED
    assert _seals(path) == seals
    check = cli("check", "--db", path)
    assert check.returncode == 0, check.stdout + check.stderr
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("INSERT INTO search_fts (search_fts) VALUES ('integrity-check')").fetchall() == []
        # every document is named by its packed key, and the kind and id read back as they were
        refs = [unpack_ref(r) for r, in conn.execute("SELECT ref FROM search_doc")]
        assert {k for k, _ in refs} == {"resolution", "follow_up", "agenda", "meeting", "committee", "person"}
        assert all(len(r) == 17 for r, in conn.execute("SELECT ref FROM search_doc"))
        # and no meeting since schema 11 (search reads a hit's meeting from its row)
        assert [c[1] for c in conn.execute("PRAGMA table_info(search_doc)")] == ["doc_id", "ref", "body"]
    finally:
        conn.close()


def test_migrated_file_is_smaller(tmp_path):
    path = tmp_path / "office.dabir"
    shutil.copyfile(FILE, path)
    open_database(path).close()
    assert path.stat().st_size < FILE.stat().st_size


def test_edits_after_migration_are_found(tmp_path, dabir):
    """The index goes on from the migrated documents: an edited text is found by its new words only."""
    path = tmp_path / "office.dabir"
    shutil.copyfile(FILE, path)
    rid = next(h["id"] for h in EXPECTED["search"]["شهرک"] if h["kind"] == "resolution")


    def change(s):   # the row itself: the services lock approved minutes (amendments change them)
        from app.storage.models import Resolution
        s.get(Resolution, rid).text = "واژه‌ای تازه: زعفرانکاری"
    edit(path, change)
    hits = as_json(dabir, "search", "--db", path, "--json", "زعفران")
    assert [h["id"] for h in hits] == [rid]
    # still found by the name of the organisation responsible for it, no longer by its old text
    again = [h for h in as_json(dabir, "search", "--db", path, "--json", "--limit", "200", "شهرک") if h["id"] == rid]
    assert [h["snippet"].startswith("مسئول اجرا") for h in again] in ([], [True])


def test_merge_into_a_migrated_file_is_a_merge_into_a_new_one(tmp_path, dabir):
    """The same other office's copy merged into (1) the migrated file and (2) a file made by today's
    code holding the same rows (`dabir check --repair` copies them into a new file): the same rows and
    the same search hits come out."""
    migrated = tmp_path / "migrated.dabir"
    shutil.copyfile(FILE, migrated)
    open_database(migrated).close()
    new = tmp_path / "new.dabir"
    repair(FILE, new)
    assert version(new) == SCHEMA_VERSION
    rid = next(h["id"] for h in EXPECTED["search"]["شهرک"] if h["kind"] == "resolution")
    merge_another_office(migrated, new, tmp_path, rid)
    a, b = dump(migrated), dump(new)
    assert a == b
    queries = ["زعفران", "شهرک", "ي", "کمیته", "نامه"]
    one, two = captured(dabir, migrated, queries), captured(dabir, new, queries)
    # the repair numbered its documents in its own order, so hits of equal rank may come in another
    # order there: the same hits, each the same
    for got in (one, two):
        got["search"] = {q: sorted(hits, key=lambda h: (h["kind"], h["id"])) for q, hits in got["search"].items()}
    assert one == two
    assert len(as_json(dabir, "search", "--db", migrated, "--json", "زعفران")) == 1


def test_downgrade_and_upgrade_again_give_the_same_documents(tmp_path):
    from alembic import command

    from app.storage.engine import make_engine
    from app.storage.migrate import alembic_config

    path = tmp_path / "office.dabir"
    shutil.copyfile(FILE, path)
    open_database(path).close()
    conn = sqlite3.connect(path)
    before = conn.execute("SELECT doc_id, ref, body FROM search_doc ORDER BY doc_id").fetchall()
    conn.close()
    engine = make_engine(path)
    try:
        for target in ("0008_votes", "head"):
            with engine.begin() as c:
                cfg = alembic_config()
                cfg.attributes["connection"] = c
                (command.downgrade if target != "head" else command.upgrade)(cfg, target)
            if target != "head":
                with engine.connect() as c:
                    old = c.exec_driver_sql("SELECT kind, ref_id FROM search_doc ORDER BY doc_id").all()
                assert [tuple(r) for r in old] == [unpack_ref(r) for _, r, _ in before]
    finally:
        engine.dispose()
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT doc_id, ref, body FROM search_doc ORDER BY doc_id").fetchall() == before
    conn.close()
