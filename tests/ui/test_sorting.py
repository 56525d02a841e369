"""Header arrows really sort: a click on any column's header in the meetings list, the tracker, the
directory and search orders the rows by that column (paged lists through SQL, page after page), and
a second click reverses it."""
import pytest
from PySide6.QtCore import QPoint, Qt

from app.services import demo, meetings, resolutions
from app.services.files import open_database
from ui.main_window import MainWindow
from ui.models.table import text_order

from .helpers import settle, type_text


@pytest.fixture
def window(qtbot, tmp_path):
    db = open_database(tmp_path / "sorted.dabir", create=True)
    with db.session() as s:
        demo.build_demo(s, scale=30)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    settle(qtbot, w)
    yield w
    w.runner.wait()
    db.close()


def click_header(qtbot, view, column):
    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))
    assert header.sortIndicatorSection() == column
    return header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder


def shown_ids(model):
    return [model.row(i).id for i in range(model.rowCount())]


@pytest.mark.parametrize("screen, service", [("meetings", "meetings"), ("tracker", "resolutions")])
def test_paged_lists_sort_in_sql_by_every_column(qtbot, window, screen, service):
    w = window
    w.show_view(screen)
    sc = w.screen(screen)
    settle(qtbot, w)
    model = sc.model
    if screen == "tracker":
        sc.status.setCurrentIndex(sc.status.findData("all"))
        settle(qtbot, w)
    for column, col in enumerate(model.columns):
        for _ in range(2):                                   # ascending, then the other way
            descending = click_header(qtbot, sc.view, column)
            settle(qtbot, w)
            sc.view.scrollToBottom()                         # a second page, from SQL in the same order
            settle(qtbot, w)
            with w.db.session() as s:
                if service == "meetings":
                    want = meetings.list_meetings(s, order_by=col.order, descending=descending,
                                                  limit=model.rowCount(), **model.filters)
                else:
                    want = resolutions.list_resolutions(s, status=sc.status.currentData(), order_by=col.order,
                                                        descending=descending, limit=model.rowCount())
            assert model.rowCount() > 50 or model.rowCount() == model.total
            assert shown_ids(model) == [r.id for r in want], (screen, col.header, descending)
        if col.order != "status":                            # the first pages may share one status
            assert len({col.text(model.row(i)) for i in range(model.rowCount())}) > 1, col.header


def _assert_sorted(model, column, descending):
    col = model.columns[column]
    keys = [text_order(col.text(model.row(i))) for i in range(model.rowCount())]
    assert keys == sorted(keys, reverse=descending), col.header
    return keys


def test_directory_and_search_sort_by_every_column(qtbot, window):
    w = window
    w.show_view("directory")
    d = w.screen("directory")
    settle(qtbot, w)
    for view, model in ((d.people_view, d.people), (d.orgs_view, d.organizations)):
        view.window().show()
        for column in range(model.columnCount()):
            first = _assert_sorted(model, column, click_header(qtbot, view, column))
            second = _assert_sorted(model, column, click_header(qtbot, view, column))
            assert first == second[::-1] or len(set(first)) == 1
        d.findChild(type(w.editor.tabs)).setCurrentIndex(1)
        qtbot.wait(0)

    w.show_view("search")
    sr = w.screen("search")
    type_text(sr.box, "خوشه")
    sr.run_search()
    settle(qtbot, w)
    relevance = shown_ids(sr.model)
    assert len(relevance) > 5
    for column in range(sr.model.columnCount()):
        _assert_sorted(sr.model, column, click_header(qtbot, sr.view, column))
        _assert_sorted(sr.model, column, click_header(qtbot, sr.view, column))
        click_header_clears = sr.view.horizontalHeader()
        x = click_header_clears.sectionViewportPosition(column) + click_header_clears.sectionSize(column) // 2
        qtbot.mouseClick(click_header_clears.viewport(), Qt.MouseButton.LeftButton,
                         pos=QPoint(x, click_header_clears.height() // 2))
        assert shown_ids(sr.model) == relevance                 # a third click: by relevance again
