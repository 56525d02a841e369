"""Issue 25: the window's search (Ctrl+F) finds a follow-up by its letter's number and resolutions by a
responsible organisation's name; typed with key events, the hits come from the file."""
from PySide6.QtCore import Qt

from app.services import directory, meetings, resolutions

from .helpers import settle, type_text


def test_search_screen_finds_letter_numbers_and_organisations(qtbot, window):
    w = window
    with w.db.session() as s:
        org = directory.create_organization(s, "سازمان صنعت، معدن و تجارت").id
        draft = meetings.duplicate_meeting(s, meetings.list_meetings(s)[0].id).id
        rid = resolutions.add_resolution(s, draft, "گزارش صادرات تهیه شود.", responsible=[("organization", org)]).id
        fid = resolutions.add_follow_up(s, rid, "in_progress", letter_number="۹۸۷۶/۵۴۳").ids[0]
    qtbot.keyClick(w, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    search = w.screen("search")
    qtbot.waitUntil(lambda: search.box.hasFocus())
    type_text(search.box, "۹۸۷۶/۵۴۳")
    settle(qtbot, w, 50)
    assert [(h.kind, h.id) for h in search.model.rows] == [("follow_up", fid)]
    search.box.clear()
    type_text(search.box, "معدن و تجارت")
    settle(qtbot, w, 50)
    assert ("resolution", rid) in [(h.kind, h.id) for h in search.model.rows]
