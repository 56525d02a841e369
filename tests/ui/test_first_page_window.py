"""The window opened on its first page before the file (issue 28): what it shows is the list the
services give, and once the file is opened after the first paint, the secretary's first actions, even
those taken before it was open, act on it as in any window."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.services import files, lookups, meetings
from app.services.first_page import read_first_page
from tests.app.test_first_page import _build
from tests.ui.helpers import click_row, settle
from ui.main_window import MainWindow
from ui.models.paged import PAGE


def _texts(model, rows: int) -> list[list[str]]:
    return [[model.data(model.index(r, c)) for c in range(model.columnCount())] for r in range(rows)]


def _window_on_first_page(qtbot, path):
    page = read_first_page(path, PAGE)
    assert page is not None
    window = MainWindow(None, first_page=page)
    qtbot.addWidget(window)
    return window, page


def test_the_first_page_shows_what_the_services_list_then_the_file_opens_after_it_painted(qtbot, tmp_path):
    path = tmp_path / "office.dabir"
    _build(path)
    db = files.open_database(path)
    with db.session() as s:
        expected, total, names = (meetings.list_meetings(s, limit=PAGE), meetings.count_meetings(s),
                                  lookups.committee_names(s))
    db.close()                              # a clean close: recorded, so the first page is read ahead

    window, page = _window_on_first_page(qtbot, path)
    opened = []
    window.after_first_paint(lambda: opened.append(files.open_database(path, check_contents=False)))
    screen = window.screen("meetings")
    assert window.db is None and not opened          # nothing opened before the window painted
    assert screen.model.rows == expected and screen.model.total == total == 59
    assert screen.count_label.text() == "۵۹ جلسه"
    assert [screen.committee.itemText(i) for i in range(1, screen.committee.count())] == [n for _, n in names]
    assert window.windowTitle().count("office.dabir") == 1

    # the secretary types in the search box before the file is open: the query waits for it
    screen.search.setFocus()
    QTest.keyClicks(screen.search, "5")
    window.show()
    qtbot.waitUntil(lambda: bool(opened), timeout=10_000)       # after the first paint, not before
    window.attach(opened[0])
    settle(qtbot, window, 300)
    with window.db.session() as s:
        found = meetings.list_meetings(s, search="5", limit=PAGE)
    assert found and all("5" in m.title for m in found)
    assert screen.model.rows == found and screen.model.total == len(found)

    # the list as the services give it once the search is cleared; a double-click opens that meeting
    screen.search.clear()
    settle(qtbot, window, 300)
    assert _texts(screen.model, 3) == [[c.text(m) for c in screen.model.columns] for m in expected[:3]]
    click_row(qtbot, screen.view, 0)
    QTest.mouseDClick(screen.view.viewport(), Qt.MouseButton.LeftButton,
                      pos=screen.view.visualRect(screen.model.index(0, 0)).center())
    settle(qtbot, window)
    assert window.editor.meeting is not None and window.editor.meeting.id == expected[0].id
    window.close()
    window.db.close()


def test_a_window_closed_before_the_file_opened_waits_for_nothing(qtbot, tmp_path):
    """A start ended at once (or a screenshot taken of the first page): closing does not hang on the
    queries the screens asked for, and the file was never opened."""
    path = tmp_path / "office.dabir"
    _build(path)
    files.open_database(path).close()
    window, _ = _window_on_first_page(qtbot, path)
    window.show()
    assert window.runner.pending > 0                 # asked for, held until a database is attached
    window.close()
    assert window.db is None
