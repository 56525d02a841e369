"""The window's first page read without SQLAlchemy (app/services/first_page.py, issue 28) is exactly what
the services give, and only a file as Dabir last closed it is read that way; nothing is written."""
import datetime as dt
import shutil
import sqlite3

from app.services import committees, files, lookups, meetings
from app.services.first_page import read_first_page
from app.storage import filestate
from app.storage.search_keys import pack_id
from tests.app.sharing_data import sha256

PAGE = 50


def _build(path):
    """Two committees whose names sort differently by code point and in Persian; 60 meetings with dates
    shared, several a day, one deleted, one with a resolution deleted."""
    db = files.open_database(path, create=True)
    with db.session() as s:
        late = committees.create_committee(s, "کمیته گچساران").id         # گ after ک, before ل in Persian
        early = committees.create_committee(s, "کمیته کوهدشت").id
        committees.create_committee(s, "کمیته لرستان")
        gone = committees.create_committee(s, "کمیته منحل").id
        day = dt.date(2026, 10, 1)
        ids = []
        for i in range(60):
            cid = late if i % 2 else early
            ids.append(meetings.create_meeting(s, cid, date=day + dt.timedelta(days=i // 3),
                                               title=None if i % 7 == 0 else f"جلسه {i}",
                                               with_roster=False, with_template=False).id)
        meetings.delete_meeting(s, ids[-1])                 # the newest: deleted, never listed
        committees.delete_committee(s, gone)
    db.close()
    return ids


def _services(path):
    db = files.open_database(path)
    try:
        with db.session() as s:
            return (meetings.list_meetings(s, limit=PAGE), meetings.count_meetings(s),
                    lookups.committee_names(s))
    finally:
        db.close()


def test_the_first_page_is_what_the_services_list(tmp_path):
    path = tmp_path / "office.dabir"
    _build(path)
    expected = _services(path)              # a clean close: the file is recorded as Dabir left it
    before = sha256(path)
    page = read_first_page(path, PAGE)
    assert page is not None and page.path == path.resolve()
    assert (page.meetings, page.total, page.committees) == expected
    assert len(page.meetings) == PAGE and page.total == 59
    assert [name for _, name in page.committees] == ["کمیته کوهدشت", "کمیته گچساران", "کمیته لرستان"]
    assert any(m.title is None for m in page.meetings)
    assert sha256(path) == before


def test_values_read_as_the_services_read_them(tmp_path):
    """A status no Dabir writes, an undated meeting and resolutions counted, after Dabir recorded the file."""
    path = tmp_path / "odd.dabir"
    ids = _build(path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE meeting SET status = 'postponed-by-hand' WHERE id = ?", (pack_id(ids[0]),))
        con.execute("UPDATE meeting SET date = NULL WHERE id = ?", (pack_id(ids[1]),))
        for n in range(3):
            con.execute("INSERT INTO resolution (id, meeting_id, number, text, base_status, status, created_at, "
                        "updated_at, row_version, deleted_at) VALUES (?, ?, ?, 'مصوبه', 'pending', 'pending', "
                        "'2026-10-01', '2026-10-01', 1, ?)",
                        (pack_id(f"r{n}"), pack_id(ids[58]), n + 1, "2026-10-02" if n else None))
    con.close()
    assert read_first_page(path, PAGE) is None          # changed outside Dabir: the full open first
    expected = _services(path)                          # which checks it and records it
    page = read_first_page(path, 60)
    assert page is not None
    db = files.open_database(path)
    with db.session() as s:
        assert page.meetings == meetings.list_meetings(s, limit=60)
    db.close()
    assert page.meetings[:PAGE] == expected[0]
    counts = {m.id: m.resolution_count for m in page.meetings}
    assert counts[ids[58]] == 1
    assert page.meetings[-1].date is None                # undated last, as SQL's DESC puts NULL
    assert str(next(m.status for m in page.meetings if m.id == ids[0])) == "?"


def test_any_file_not_as_dabir_left_it_waits_for_the_full_open(tmp_path):
    path = tmp_path / "office.dabir"
    _build(path)
    _services(path)
    assert read_first_page(path, PAGE) is not None
    copy = tmp_path / "copy.dabir"                        # a copy (USB, another office): no record
    shutil.copyfile(path, copy)
    assert read_first_page(copy, PAGE) is None
    journal = path.with_name(path.name + "-journal")      # a crash's journal beside it
    journal.write_bytes(b"")
    assert read_first_page(path, PAGE) is None
    journal.unlink()
    con = sqlite3.connect(path)                           # another program wrote to it
    with con:
        con.execute("UPDATE committee SET name = 'نام دیگر'")
    con.close()
    assert read_first_page(path, PAGE) is None
    foreign = tmp_path / "notes.dabir"
    foreign.write_bytes(b"not a database at all" * 100)
    assert read_first_page(foreign, PAGE) is None
    assert read_first_page(tmp_path / "missing.dabir", PAGE) is None
    assert read_first_page("postgresql://office@localhost/dabir", PAGE) is None


def test_an_older_schema_waits_for_the_migration(tmp_path):
    from pathlib import Path
    old = tmp_path / "old.dabir"
    shutil.copyfile(Path(__file__).parents[1] / "data" / "schema8.dabir", old)
    filestate.record(old)                                 # even recorded as sound, it needs upgrading
    before = sha256(old)
    assert read_first_page(old, PAGE) is None
    assert sha256(old) == before
