"""Search (issue 9): opening a hit selects its row and scrolls to it; the match is highlighted in the
results; more than LIMIT hits say «بیش از ۲۰۰» and a button shows the rest."""
import pytest
from PySide6.QtGui import QColor

from app.services import meetings, resolutions
from ui.screens.search import HIGHLIGHT, LIMIT, snippet_html

from .helpers import open_window, settle, type_text


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path / "demo.dabir")
    with w.db.session() as s:
        m = meetings.list_meetings(s)[-1]
        mid = meetings.create_meeting(s, m.committee_id).id
        for i in range(40):
            text = "بازدید از خوشه فرش دستباف" if i == 34 else f"گزارش شماره {i} درباره خوشه‌ها"
            resolutions.add_resolution(s, mid, text)
        for i in range(12):
            meetings.add_agenda_item(s, mid, "بررسی طرح کاشت زعفران" if i == 10 else f"دستور {i}")
    w.meeting_id = mid
    yield w
    w.runner.wait()
    w.db.close()


def search_for(qtbot, w, text):
    w.focus_search()
    sc = w.screen("search")
    sc.box.clear()
    type_text(sc.box, text)
    settle(qtbot, w, 50)
    return sc


def test_opening_a_hit_selects_and_shows_its_row(qtbot, window):
    w = window
    sc = search_for(qtbot, w, "فرش دستباف")
    assert sc.model.rowCount() == 1 and sc.model.row(0).kind == "resolution"
    sc.view.setCurrentIndex(sc.model.index(0, 0))
    sc.view.activated.emit(sc.model.index(0, 0))
    settle(qtbot, w, 50)
    e = w.editor
    qtbot.waitUntil(lambda: w.stack.currentWidget() is e and e.tabs.currentIndex() == 2)
    qtbot.wait(20)
    view = e.resolution_view
    rows = view.selectionModel().selectedRows()
    assert [r.row() for r in rows] == [34] and e.resolution_model.row(34).text == "بازدید از خوشه فرش دستباف"
    assert view.viewport().rect().intersects(view.visualRect(e.resolution_model.index(34, 1)))

    sc = search_for(qtbot, w, "زعفران")
    hit = next(i for i in range(sc.model.rowCount()) if sc.model.row(i).kind == "agenda")
    sc.view.activated.emit(sc.model.index(hit, 0))
    settle(qtbot, w, 50)
    qtbot.waitUntil(lambda: w.stack.currentWidget() is e and e.tabs.currentIndex() == 1)
    qtbot.wait(20)
    assert [r.row() for r in e.agenda_view.selectionModel().selectedRows()] == [10]
    assert e.agenda_view.viewport().rect().intersects(e.agenda_view.visualRect(e.agenda_model.index(10, 1)))


def test_the_match_is_highlighted(qtbot, window):
    w = window
    sc = search_for(qtbot, w, "دستباف")
    hit = sc.model.row(0)
    html = snippet_html(hit)
    assert f'background-color:{HIGHLIGHT}; font-weight:bold">دستباف</span>' in html
    sc.view.clearSelection()
    image = sc.view.viewport().grab().toImage()
    want = QColor(HIGHLIGHT)
    marked = sum(1 for x in range(0, image.width(), 2) for y in range(0, min(image.height(), 40), 2)
                 if QColor(image.pixel(x, y)) == want)
    assert marked > 20                                  # a yellow ground behind the word on screen


def test_more_than_the_limit_says_so_and_shows_more(qtbot, window):
    w = window
    with w.db.session() as s:
        for i in range(LIMIT + 5):
            resolutions.add_resolution(s, w.meeting_id, f"خرید نهال پسته ردیف {i}")
    sc = search_for(qtbot, w, "نهال پسته")
    assert sc.model.rowCount() == LIMIT
    assert sc.status.text() == "بیش از ۲۰۰ نتیجه" and sc.more_button.isVisible()
    sc.more_button.click()
    settle(qtbot, w, 50)
    qtbot.waitUntil(lambda: sc.model.rowCount() == LIMIT + 5)
    assert sc.status.text() == "۲۰۵ نتیجه" and not sc.more_button.isVisible()
