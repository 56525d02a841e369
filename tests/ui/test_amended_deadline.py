"""Issue 25: after an approved amendment changes a resolution's deadline, the editor and
`dabir list resolutions --json` show the deadline that stands, not the minutes' original."""
import datetime as dt
import json

from app.domain import jalali
from app.domain.enums import ChangeKind
from app.services import amendments, meetings, resolutions

from .helpers import settle

NEW = dt.date(2027, 1, 4)


def _amend(db):
    with db.session() as s:
        mid = meetings.list_meetings(s)[0].id                  # the demo's meeting, approved
        rid = meetings.get_meeting(s, mid).resolutions[0].id
        aid = amendments.create_amendment(s, mid).id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_DEADLINE, rid, NEW)
        amendments.approve_amendment(s, aid)
    return mid, rid


def test_editor_shows_the_amended_deadline(qtbot, window):
    w = window
    mid, rid = _amend(w.db)
    w.show_view(f"meeting:{mid}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == mid)
    e.tabs.setCurrentIndex(2)
    settle(qtbot, w)
    row = next(i for i in range(e.resolution_model.rowCount()) if e.resolution_model.row(i).id == rid)
    assert e.resolution_model.index(row, 3).data() == jalali.format_date(NEW)


def test_cli_lists_the_amended_deadline(cli, tmp_path):
    db_path = tmp_path / "d.dabir"
    assert cli("demo", "--db", db_path).returncode == 0
    from app.services.files import open_database
    db = open_database(db_path)
    try:
        _, rid = _amend(db)
        with db.session() as s:
            original = resolutions.get_resolution(s, rid).deadline
    finally:
        db.close()
    rows = json.loads(cli("list", "resolutions", "--db", db_path, "--json").stdout)
    [row] = [r for r in rows if r["id"] == rid]
    assert row["deadline"] == jalali.format_date(NEW, persian_digits=False) != jalali.format_date(original, persian_digits=False)
