"""What the migration tests compare: a file's `dabir export`, `dabir list` and `dabir search` outputs,
captured by the real command line run in this process (the `dabir` fixture, conftest.py), as
tests/data/make_schema*_file.py captured them from the file before its migration."""
import json
import sqlite3
from collections import defaultdict
from pathlib import Path

from sqlalchemy import select

from app.services.resolutions import add_follow_up
from app.services.row_signing import Verifier, signed_register_entries
from app.services.seals import broken_seals, seals
from app.storage.database import open_database
from app.storage.migrate import SCHEMA_VERSION
from app.storage.models import Base, IssuedDocument
from app.storage.repair import repair
from app.storage.signed_models import RowSignature
from tests.app.sharing_data import dump, edit, fork, merge


def as_json(dabir, *args):
    return json.loads(dabir(*args))


def captured(dabir, path: Path, queries) -> dict:
    db = ("--db", path)
    return {
        "export": as_json(dabir, "export", *db, "--meeting", "all"),
        "list": {w: as_json(dabir, "list", *db, w, "--json") for w in ("committees", "meetings", "resolutions", "people")},
        "search": {q: as_json(dabir, "search", *db, "--json", "--limit", "200", q) for q in queries},
    }


def merge_another_office(migrated: Path, new: Path, tmp: Path, resolution_id: str) -> None:
    """The same copy of another office, which added a follow-up on `resolution_id`, merged into both
    the migrated file and a file made by today's code."""
    theirs = fork(migrated, tmp / "theirs.dabir")
    edit(theirs, lambda s: add_follow_up(s, resolution_id, status="in_progress",
                                         note="پیگیری دفتر دیگر درباره زعفرانکاری"))
    merge(migrated, theirs)
    merge(new, theirs)


def version(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def vacuumed_size(path: Path, into: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.execute("VACUUM INTO ?", (str(into),))
    finally:
        conn.close()
    return into.stat().st_size


def assert_seals_and_signatures(dabir, path: Path, expected: dict, tmp: Path) -> None:
    """The migrated file's seals, each signed row's newest signature that checks over the row as it is
    now, and the register's signed entries are what the file held before its migration (`expected`,
    captured by tests/data/make_schema*_file.py)."""
    # this machine trusts the row key of the office that made the file, as `dabir trust add` does
    cert = tmp / "office.crt"
    cert.write_text(expected["row_certificate"]["pem"], encoding="ascii")
    dabir("trust", "add", cert, "--office-id", expected["row_certificate"]["office_id"])
    db = open_database(path, read_only=True)
    try:
        with db.engine.connect() as conn:
            assert seals(conn) == expected["seals"]
            assert broken_seals(conn) == expected["broken_seals"] == []
            verifier, good, signatures = Verifier(), [], defaultdict(list)
            for sig in conn.execute(select(*RowSignature.__table__.c)).mappings():
                signatures[(sig["entity"], sig["row_id"])].append(dict(sig))
            assert sum(len(s) for s in signatures.values()) == expected["row_signatures"]
            for (entity, row_id), sigs in sorted(signatures.items()):
                table = Base.metadata.tables[entity]
                key = table.primary_key.columns.values()[0]
                row = conn.execute(select(table).where(key == row_id)).mappings().first()
                best = verifier.best(sigs, dict(row)) if row is not None else None
                if best is not None:
                    good.append([entity, row_id, best.office_id, best.counter])
            assert good == expected["signatures"]
            assert {e for e, *_ in good} >= {"meeting_seal", "issued_document", "amendment", "attachment", "meeting"}
            # every register entry is "issued by" the office that signed it (what `dabir verify` asks)
            issued = conn.execute(select(IssuedDocument.id, IssuedDocument.sha256)).all()
            assert len(issued) == 7
            for row_id, sha in issued:
                assert [(v["id"], s.office_id) for v, s in signed_register_entries(conn, sha)] == \
                    [(row_id, expected["row_certificate"]["office_id"])]
    finally:
        db.close()


def assert_reads_back(dabir, path: Path, expected: dict) -> None:
    """The migrated file's export, lists and searches (order and snippets too) are the ones captured
    before its migration, and `dabir check` passes."""
    got = captured(dabir, path, list(expected["search"]))
    assert got["export"] == expected["export"]
    assert got["list"] == expected["list"]
    for q in expected["search"]:
        assert got["search"][q] == expected["search"][q], q
    dabir("check", "--db", path)


def assert_merges_alike(dabir, original: Path, migrated: Path, tmp: Path, expected: dict) -> None:
    """The same other office's copy merged into (1) the migrated file and (2) a file made by today's
    code holding the same rows (`dabir check --repair` copies them into a new file): the same rows and
    the same search hits come out."""
    new = tmp / "new.dabir"
    repair(original, new)
    assert version(new) == SCHEMA_VERSION
    rid = next(h["id"] for h in expected["search"]["شهرک"] if h["kind"] == "resolution")
    merge_another_office(migrated, new, tmp, rid)
    assert dump(migrated) == dump(new)
    queries = ["زعفران", "شهرک", "ي", "کمیته", "نامه", "دفتر دیگر"]
    one, two = captured(dabir, migrated, queries), captured(dabir, new, queries)
    # the repair numbered its documents in its own order, so hits of equal rank may come in another
    # order there: the same hits, each the same
    for got in (one, two):
        got["search"] = {q: sorted(hits, key=lambda h: (h["kind"], h["id"])) for q, hits in got["search"].items()}
    assert one == two
    # their follow-up, and the person whose post the old file had queued (indexed by the merge)
    hits = as_json(dabir, "search", "--db", migrated, "--json", "زعفران")
    assert sorted(h["kind"] for h in hits) == ["follow_up", "person"]


def assert_smaller_after_vacuum(original: Path, migrated: Path, tmp: Path) -> None:
    old = vacuumed_size(original, tmp / "before-vacuumed.dabir")
    new = vacuumed_size(migrated, tmp / "after-vacuumed.dabir")
    print(f"VACUUMed: {original.name} {old} bytes, migrated {new} bytes ({new / old:.1%})")
    assert new < old


def assert_queued_row_indexed(dabir, path: Path, expected: dict) -> None:
    """The person another program changed in the old file is found by its new post once a Dabir
    session has run (the index catches up from the queue the migration kept), and other hits stay
    as they were."""
    person, post = expected["queued"]["person"], expected["queued"]["post"]
    word = post.split()[-1]
    assert as_json(dabir, "search", "--db", path, "--json", word) == []    # read-only: the index as written
    edit(path, lambda s: None)
    hits = as_json(dabir, "search", "--db", path, "--json", word)
    assert [(h["kind"], h["id"]) for h in hits] == [("person", person)]
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        assert conn.execute("SELECT count(*) FROM search_dirty").fetchone()[0] == 0
    finally:
        conn.close()
    assert captured(dabir, path, ["کمیته", "مریم"])["search"] == \
        {q: expected["search"][q] for q in ("کمیته", "مریم")}
