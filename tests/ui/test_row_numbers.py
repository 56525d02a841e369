"""Issue 25, "doubled row numbers": a table numbered its rows twice, once in its own column («شماره» of
the agenda, «ردیف» of an amendment's changes, a resolution's code) and again in Qt's vertical header
beside it, in Latin digits, and after a header click sorted a list the header's numbers came out of
order (3, 1, 2). No table shows Qt's row header; a row's number, where it has one, is its own column."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from .helpers import settle
from .test_fits_1024 import SCREENS


def _numbered(w) -> list[str]:
    """The visible tables that show Qt's own row numbers, by their screen."""
    return [f"{t.parent().objectName() or type(t.parent()).__name__}:{t.model().rowCount()}"
            for t in w.findChildren(QTableView)
            if t.isVisible() and t.verticalHeader().isVisible() and t.model() is not None and t.model().rowCount()]


def test_no_table_numbers_its_rows_twice(qtbot, window):
    w = window
    w.resize(1024, 768)
    seen = {}
    for key in SCREENS:
        w.show_view(key)
        settle(qtbot, w, 50)
        seen[key] = _numbered(w)
    # the meeting editor, every tab, on the demo's first meeting (agenda, attendance, resolutions …)
    w.open_meeting(w.screen("meetings").model.row(0).id)
    settle(qtbot, w)
    for i in range(w.editor.tabs.count()):
        w.editor.tabs.setCurrentIndex(i)
        settle(qtbot, w)
        seen[f"editor:{w.editor.tabs.tabText(i)}"] = _numbered(w)
    # a sorted list: a click on the directory's name header
    w.show_view("directory")
    settle(qtbot, w)
    people = w.screen("directory").people_view
    header = people.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=header.rect().center().__class__(header.sectionViewportPosition(0) + 5, 5))
    settle(qtbot, w)
    seen["directory sorted"] = _numbered(w)
    assert {k: v for k, v in seen.items() if v} == {}
