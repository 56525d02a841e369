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


def test_the_editor_waits_for_its_first_use(qtbot, window):
    """Opening, Ctrl+P, leaving a screen, undo and closing never build the editor; Ctrl+N and opening
    a meeting do, once."""
    w = window
    assert w._editor is None
    w.print_current()                                     # no meeting open: the documents screen
    settle(qtbot, w)
    assert w.stack.currentWidget() is w.screen("documents") and w._editor is None
    w.show_view("tracker")
    w.show_view("meetings")
    w.undo()
    settle(qtbot, w)
    assert w._editor is None
    qtbot.keyClick(w.screen("meetings").view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, w, 50)
    e = w._editor
    assert e is not None
    qtbot.waitUntil(lambda: w.stack.currentWidget() is e and e.meeting is not None)
    first = e.meeting.id
    w.open_meeting(_draft_with_agenda(qtbot, w).id)
    settle(qtbot, w)
    assert w.editor is e and e.meeting.id != first                     # built once
    w.print_current()                                                  # from a meeting: its minutes
    assert w.stack.currentWidget() is w.screen("documents")


def test_a_file_opened_after_another_builds_its_own_editor(qtbot, window, tmp_path):
    """File → Open: the old editor goes with its file; the new file's editor waits for first use."""
    w = window
    w.open_meeting(_draft_with_agenda(qtbot, w).id)
    settle(qtbot, w)
    old = w.editor
    from app.services.files import open_database
    open_database(tmp_path / "other.dabir", create=True).close()
    assert w.open_file(tmp_path / "other.dabir")
    settle(qtbot, w)
    assert w._editor is None
    assert not shiboken6.isValid(old) or w.stack.indexOf(old) == -1        # gone, or going (deleteLater)
    w.close()                                                          # nothing to flush, no error
