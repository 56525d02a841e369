"""The meeting editor is built on first use (issue 28), and behaves the same whenever it is built.

What once made it look unsafe: QTableView.selectRow in right-to-left selected nothing on a table whose
header had been laid out (ui/widgets/tables.py, Table), and whether the editor's agenda table had been
laid out depended on when the editor was built. Dabir's tables now select the row either way."""
import shiboken6
from PySide6.QtCore import Qt

from app.services import committees, meetings

from .helpers import click_row, settle


def _draft_with_agenda(qtbot, w):
    """A new draft meeting of the demo's first committee with two agenda items, written through the
    window's runner (so its lists hear of it); returns its MeetingDTO."""
    made = []

    def write(s):
        committee = committees.list_committees(s)[0]
        changes = meetings.create_meeting(s, committee.id, title="جلسه آزمون")
        for title in ("گزارش دبیر کمیته", "معرفی خوشه‌های صنعتی استان"):
            meetings.add_agenda_item(s, changes.id, title)
        return changes
    w.runner.write(w, write, made.append)
    settle(qtbot, w)
    assert len(made) == 1
    with w.db.session() as s:
        m = meetings.get_meeting(s, made[0].id)
    assert len(m.agenda) == 2 and not m.locked
    return m


def _selected_rows(view) -> list[int]:
    return sorted(i.row() for i in view.selectionModel().selectedRows())


def test_select_row_on_the_shown_agenda_moves_the_item(qtbot, window):
    """The agenda tab on screen (its header laid out): selectRow picks the row, ▲ moves it up."""
    w = window
    m = _draft_with_agenda(qtbot, w)
    w.show_view(f"meeting:{m.id}:agenda")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.agenda_model.rowCount() == len(m.agenda))
    settle(qtbot, w, 50)
    assert e.agenda_view.isVisible()
    header = e.agenda_view.horizontalHeader()
    assert header.viewport().width() == e.agenda_view.viewport().width()     # laid out, as on screen
    e.agenda_view.selectRow(1)
    assert _selected_rows(e.agenda_view) == [1]
    qtbot.mouseClick(e.agenda_up, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert [e.agenda_model.row(i).title for i in range(2)] == [m.agenda[1].title, m.agenda[0].title]
    assert _selected_rows(e.agenda_view) == [0]                               # the moved item stays chosen


def test_select_row_on_every_list_of_the_window(qtbot, window):
    """The meetings list (Table from list_view) too; a row out of range selects nothing, quietly."""
    _draft_with_agenda(qtbot, window)
    view = window.screen("meetings").view
    qtbot.waitUntil(lambda: view.model().rowCount() >= 2)
    assert view.isVisible() and view.model().rowCount() >= 2
    view.selectRow(1)
    assert _selected_rows(view) == [1]
    view.selectRow(view.model().rowCount() + 5)
    assert _selected_rows(view) == [1]
    click_row(qtbot, view, 0)
    assert _selected_rows(view) == [0]
