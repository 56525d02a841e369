"""`dabir check` never writes (issue 22, items 7 and 9): with a hot journal beside the file it used to
roll the journal back (file and journal changed); now it reads a private copy and leaves both byte-
identical. It also runs FTS5's own integrity-check of the search index: a crafted structure record
made `search` crash (exit 1) while `check` passed. `search` now rebuilds a damaged index when the
file is writable, and refuses with one line when it is not."""
import shutil
import sqlite3

import pytest

from app.domain import errors
from app.services.search import search
from app.storage.database import open_database
from app.storage.search_keys import unpack_id
from tests.app.sharing_data import build, sha256
from tests.app.test_hostile_files import _crash_with_journal
from tests.app.test_safe_open import assert_refused


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("check") / "good.dabir"
    build(path, committees=1, meetings=3, resolutions=2)
    return path


@pytest.fixture
def mine(template, tmp_path):
    path = tmp_path / "mine.dabir"
    shutil.copyfile(template, path)
    return path


def test_check_leaves_a_hot_journal_and_its_file_byte_identical(mine, tmp_path, cli):
    _crash_with_journal(mine)
    journal = tmp_path / "mine.dabir-journal"
    before, journal_before = sha256(mine), sha256(journal)
    result = cli("check", "--db", mine)
    assert result.returncode == 0, result.stderr
    assert "unfinished transaction" in result.stdout and f"ok: {mine}" in result.stdout
    assert sha256(mine) == before and sha256(journal) == journal_before
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").rglob("*before-recovery*"))
    # the next open still recovers it, as before
    listed = cli("list", "meetings", "--db", mine)
    assert listed.returncode == 0 and "half" not in listed.stdout
    assert not journal.exists()


def test_check_leaves_a_foreign_journal_where_it_is(mine, tmp_path, cli):
    other = tmp_path / "other.dabir"
    build(other, committees=1, meetings=1, resolutions=1)
    _crash_with_journal(other)
    shutil.copyfile(tmp_path / "other.dabir-journal", tmp_path / "mine.dabir-journal")
    before, journal_before = sha256(mine), sha256(tmp_path / "mine.dabir-journal")
    result = cli("check", "--db", mine)
    assert result.returncode == 0, result.stderr
    assert "is not its own" in result.stdout
    assert sha256(mine) == before and sha256(tmp_path / "mine.dabir-journal") == journal_before
    assert not list(tmp_path.glob("mine.dabir-journal.not-this-file-*"))


STRUCTURES = {
    "junk": "UPDATE search_fts_data SET block = x'ffffffffffffffffffffffffffffff' WHERE id = 10",
    "levels": "UPDATE search_fts_data SET block = x'0000000001ff7f0101' WHERE id = 10",
    "missing": "DELETE FROM search_fts_data WHERE id = 10",
    # FTS5 answers an insert with "constraint failed" and SQLite rolls the whole transaction back
    "constraint": "UPDATE search_fts_data SET block = x'0000000000000001ff010101' WHERE id = 10",
}


def _craft(path, sql):
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute(sql)
    conn.close()


@pytest.mark.parametrize("kind", sorted(STRUCTURES))
def test_a_crafted_search_index_is_named_by_check_and_refused_by_search(kind, mine, cli):
    _craft(mine, STRUCTURES[kind])
    before = sha256(mine)
    checked = cli("check", "--db", mine)
    assert checked.returncode == 2 and "search index:" in checked.stdout, (checked.stdout, checked.stderr)
    found = cli("search", "مصوبه", "--db", mine)
    if kind == "constraint":
        # reads see an empty index (no hit, no crash); it is the next write that fails on it
        assert found.returncode == 0 and found.stderr == "", found.stderr
    else:
        assert "the file's search index is damaged" in assert_refused(found)
    assert sha256(mine) == before


def test_a_writable_search_rebuilds_a_damaged_index(mine, cli):
    _craft(mine, STRUCTURES["junk"])
    db = open_database(mine)
    try:
        with db.session() as s:
            hits = search(s, "مصوبه ۲-۱")
        assert [h.snippet for h in hits] == ["مصوبه 2-1"]          # as written, ASCII digits
    finally:
        db.close()
    assert cli("check", "--db", mine).returncode == 0
    assert "مصوبه 3-2" in cli("search", "مصوبه ۳-۲", "--db", mine).stdout


@pytest.mark.parametrize("kind", sorted(STRUCTURES))
def test_a_damaged_index_never_stops_a_write(kind, mine, cli):
    """Every commit refreshes the index. A file changed elsewhere has its index checked at open, and
    a damaged one rebuilt there (a crafted structure record made the next write fail: SQLite rolled
    the whole transaction back)."""
    _craft(mine, STRUCTURES[kind])
    conn = sqlite3.connect(mine)
    resolution = unpack_id(conn.execute("SELECT id FROM resolution LIMIT 1").fetchone()[0])
    conn.close()
    added = cli("follow-up", "--resolution", resolution, "--status", "done", "--note", "بودجه ویژه", "--db", mine)
    assert added.returncode == 0 and "search index" in added.stderr, added.stderr
    assert cli("check", "--db", mine).returncode == 0
    assert "«بودجه» ویژه" in cli("search", "بودجه", "--db", mine).stdout


@pytest.mark.parametrize("kind", sorted(STRUCTURES))
def test_the_windows_deferred_check_rebuilds_a_damaged_index(kind, mine):
    """The GUI opens without reading the pages and checks them beside its first screen
    (verify_contents, then mark_verified): the index is checked and rebuilt there, before any write."""
    from app.services.committees import create_committee
    from app.storage.database import verify_contents
    _craft(mine, STRUCTURES[kind])
    db = open_database(mine, check_contents=False)
    try:
        assert db.needs_check
        verify_contents(mine)
        db.mark_verified()
        with db.session() as s:
            create_committee(s, "کمیته بودجه")
        with db.session() as s:
            assert [h.kind for h in search(s, "بودجه")] == ["committee"]
    finally:
        db.close()


def test_read_only_search_of_a_damaged_index_raises_the_users_error(mine):
    _craft(mine, STRUCTURES["junk"])
    db = open_database(mine, read_only=True)
    try:
        with pytest.raises(errors.SearchIndexDamaged), db.session() as s:
            search(s, "مصوبه")
    finally:
        db.close()
