

def test_a_long_title_and_place_show_their_beginning_in_the_editor(qtbot, tmp_path):
    """The demo meeting's title is wider than its field: the field shows «نخستین…», not the end of it."""
    from .helpers import open_window, settle
    w = open_window(qtbot, tmp_path / "t.dabir")
    w.open_meeting(w.screen("meetings").model.row(0).id)
    settle(qtbot, w)
    w.resize(w.minimumSizeHint())                       # the narrowest the window goes
    w.open_meeting(w.screen("meetings").model.row(0).id)
    settle(qtbot, w)
    title = w.editor.title
    assert title.fontMetrics().horizontalAdvance(title.text()) > title.width()      # it does not fit
    assert title.text().startswith("نخستین") and title.cursorPosition() == 0
    assert w.editor.location.cursorPosition() == 0
    w.runner.wait()
    w.db.close()
