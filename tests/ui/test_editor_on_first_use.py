"""The meeting editor is built on first use (issue 28): what builds it, what copes without it.
(Why it once looked unsafe, selectRow in right-to-left: tests/ui/test_select_row_rtl.py.)"""
import shiboken6
from PySide6.QtCore import Qt

from app.services import committees, meetings

from .helpers import settle


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
