"""What the migration tests compare: a file's `dabir export`, `dabir list` and `dabir search` outputs,
captured by the real command line run in this process (the `dabir` fixture, conftest.py), as
tests/data/make_schema*_file.py captured them from the file before its migration."""
import json
import sqlite3
from pathlib import Path

from app.services.resolutions import add_follow_up
from tests.app.sharing_data import edit, fork, merge


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
