"""QTableView.selectRow in right-to-left (Qt 6.11) selects nothing once the table's header is laid out:
it asks for the column one pixel past the last one. Whether a hidden tab's table had been laid out
depended on when it was built, which is what made the meeting editor built on first use (issue 28)
fail tests/ui/test_secretary.py. Dabir's tables (ui/widgets/tables.py, Table) and the trust dialog's
key list select the row themselves; each test here selects nothing with Qt's own selectRow."""
from PySide6.QtCore import Qt

from .helpers import click_row, open_window, settle
from .test_editor_on_first_use import _draft_with_agenda


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




def test_the_trust_dialog_keeps_the_chosen_key_when_it_reloads(qtbot, tmp_path, monkeypatch):
    """File ▸ trusted keys: after every action the list is read again, and the key that was chosen
    stays chosen (QTableWidget.selectRow lost it)."""
    from app.services import signing_keys, trust
    from ui.trust_keys import TrustKeysDialog
    monkeypatch.setenv("DABIR_KEY_PASSPHRASE", "گذرواژه آزمون")
    w = open_window(qtbot, tmp_path / "a.dabir")
    try:
        signing_keys.office_key(w.db.office_id, "استانداری لرستان")
        trust.trust_own_key(w.db.office_id, "استانداری لرستان")
        w.trust_action.trigger()
        dialog = w.findChild(TrustKeysDialog)
        qtbot.waitExposed(dialog)
        settle(qtbot, w)
        last = dialog.table.rowCount() - 1
        assert last >= 0
        click_row(qtbot, dialog.table, last)
        chosen = dialog.selected_key()
        assert chosen is not None
        dialog.refresh()
        settle(qtbot, w)
        assert dialog.selected_key() is not None and dialog.selected_key()[1].fingerprint == chosen[1].fingerprint
        assert _selected_rows(dialog.table) == [last]
        dialog.accept()
    finally:
        w.runner.wait()
        w.db.close()
