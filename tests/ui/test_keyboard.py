"""The keyboard alone: a whole meeting recorded without the mouse (details, attendance, agenda,
resolutions), read back through the services; Tab leaves tables; Ctrl+Tab moves between the editor's
tabs; Enter adds a row; Alt+Up/Down reorders the agenda; Ctrl+N puts the cursor in «عنوان» (issue 9).

Characters go in as QKeyEvents carrying the text (QTest.keyClicks with Persian text aborts Qt);
special keys and shortcuts through qtbot.keyClick, which also delivers shortcuts."""
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMainWindow, QMessageBox

from app.domain.enums import AttendanceStatus, Role
from app.services import meetings

from .helpers import settle

CTRL, ALT, SHIFT = (Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier,
                    Qt.KeyboardModifier.ShiftModifier)


def focus():
    active = QApplication.activeWindow()
    if (active is None or not active.isVisible()) and QApplication.activePopupWidget() is None:
        # the offscreen platform has no window manager to give the window back the keyboard when a
        # popup or a message box closes (the hidden popup stays "active"); do what one would
        main = [x for x in QApplication.topLevelWidgets() if isinstance(x, QMainWindow) and x.isVisible()]
        if main:
            main[0].activateWindow()
            QApplication.processEvents()
    return QApplication.focusWidget()


def write(text: str) -> None:
    """Type into whatever has the focus, one key event per character."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(focus(), QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def key(qtbot, k, modifiers=Qt.KeyboardModifier.NoModifier, times: int = 1) -> None:
    for _ in range(times):
        # as the real keyboard: an open completer popup gets the keys first (it passes on the rest)
        target = QApplication.activePopupWidget() or focus()
        assert target is not None, "no widget has the keyboard focus"    # QTest would abort
        qtbot.keyClick(target, k, modifiers)


def answer_by_keyboard(qtbot, button_text: str, seen: list) -> None:
    """When the next box comes up, Tab to the button whose text contains `button_text`, press Space."""
    def act():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, act)
            return
        seen.append(box.text())
        current = box.focusWidget() or box.defaultButton()
        for _ in range(len(box.buttons()) + 1):
            if button_text in current.text():
                break
            qtbot.keyClick(current, Qt.Key.Key_Tab)
            current = box.focusWidget()
        qtbot.keyClick(current, Qt.Key.Key_Space)
        if box.isVisible():                      # never hang: the test fails on what was not added
            box.escapeButton().click()
    QTimer.singleShot(0, act)


def tab_until(qtbot, widget, limit: int = 6) -> int:
    for n in range(limit + 1):
        if focus() is widget or (widget.isAncestorOf(focus()) if focus() else False):
            return n
        key(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {widget!r} (focus on {focus()!r})")


def test_ctrl_n_puts_the_cursor_in_the_title(qtbot, window):
    w = window
    w.screen("meetings").view.setFocus()
    key(qtbot, Qt.Key.Key_N, CTRL)
    settle(qtbot, w, 50)
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and focus() is e.title)


def test_tab_leaves_every_table_with_rows(qtbot, window):
    w = window
    for name in ("meetings", "tracker", "committees", "directory", "search", "sharing"):
        w.show_view(name)
    settle(qtbot, w, 100)
    w.open_meeting(w.screen("meetings").model.row(0).id)
    settle(qtbot, w)
    views = [v for v in w.findChildren(QAbstractItemView) if type(v).__name__ == "QTableView"]
    assert len(views) >= 8
    assert all(not v.tabKeyNavigation() for v in views)
    e = w.editor
    e.tabs.setCurrentIndex(0)
    settle(qtbot, w)
    view = e.attendance_view
    assert view.model().rowCount() > 1
    view.setFocus()
    view.setCurrentIndex(view.model().index(0, 0))
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is not view
    view.setFocus()
    key(qtbot, Qt.Key.Key_Backtab, SHIFT)
    assert focus() is not view


def test_a_whole_meeting_recorded_from_the_keyboard(qtbot, window):
    w = window
    e = w.editor
    w.screen("meetings").view.setFocus()

    # --- Ctrl+N, and the details -------------------------------------------------------------------
    key(qtbot, Qt.Key.Key_N, CTRL)
    settle(qtbot, w, 50)
    qtbot.waitUntil(lambda: e.meeting is not None and focus() is e.title)
    write("جلسه هماهنگی خوشه‌ها")
    tab_until(qtbot, e.start)
    write("۱۰:۳۰")
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is e.end
    write("12:15")
    tab_until(qtbot, e.location)
    write("سالن شهید بهشتی")
    tab_until(qtbot, e.summary, limit=8)
    write("گزارش دبیر ارائه شد.")
    settle(qtbot, w)

    # --- Ctrl+Tab: attendance; a member marked absent, a new guest added -----------------------------
    key(qtbot, Qt.Key.Key_Tab, CTRL)
    assert e.tabs.currentIndex() == 0 and focus() is e.attendee_picker
    expected = e.attendance_model.rowCount()
    write("امید عبدالهی")                               # in the directory, not yet expected
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.attendance_model.rowCount() == expected + 1)
    write("کاوه مهمان")                                 # nobody of that name: offered as a new person
    seen = []
    answer_by_keyboard(qtbot, "شخص جدید", seen)
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.attendance_model.rowCount() == expected + 2)
    assert seen and "«کاوه مهمان» در فهرست نیست" in seen[0]
    # Shift+Tab into the table, the third row's status: F2 opens it, Down picks «غایب», Enter keeps it
    e.attendee_picker.setFocus()
    key(qtbot, Qt.Key.Key_Backtab, SHIFT)
    view = e.attendance_view
    assert focus() is view
    key(qtbot, Qt.Key.Key_Down, times=2)
    key(qtbot, Qt.Key.Key_End)                          # the last column, «به نمایندگی از»
    back = Qt.Key.Key_Right if view.isRightToLeft() else Qt.Key.Key_Left
    key(qtbot, back)                                    # one column back: «وضعیت»
    assert (view.currentIndex().row(), view.currentIndex().column()) == (2, 3)
    absent_name = e.attendance_model.row(2).person.full_name
    key(qtbot, Qt.Key.Key_F2)
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, w)

    # --- Ctrl+Tab: agenda; Enter adds, Alt+Up moves ----------------------------------------------------
    key(qtbot, Qt.Key.Key_Tab, CTRL)
    assert e.tabs.currentIndex() == 1 and focus() is e.agenda_title
    write("گزارش دبیر کمیته")
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is e.agenda_presenter
    write("مریم رضایی")
    key(qtbot, Qt.Key.Key_Return)                       # Enter in the presenter adds the row
    settle(qtbot, w)
    assert focus() is e.agenda_title
    write("معرفی خوشه‌های صنعتی استان")
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.agenda_model.rowCount() == 2)
    key(qtbot, Qt.Key.Key_Backtab, SHIFT)
    assert focus() is e.agenda_view
    key(qtbot, Qt.Key.Key_End, CTRL)                    # the last item
    key(qtbot, Qt.Key.Key_Up, ALT)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.agenda_model.row(0).title == "معرفی خوشه‌های صنعتی استان")
    key(qtbot, Qt.Key.Key_Down, ALT)                    # and back down: still the selected one
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.agenda_model.row(1).title == "معرفی خوشه‌های صنعتی استان")
    key(qtbot, Qt.Key.Key_Up, ALT)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.agenda_model.row(0).title == "معرفی خوشه‌های صنعتی استان")

    # --- Ctrl+Tab: resolutions; Enter adds from the text or from «مسئول اجرا» -----------------------
    key(qtbot, Qt.Key.Key_Tab, CTRL)
    assert e.tabs.currentIndex() == 2 and focus() is e.res_text
    write("تهیه فهرست دستگاه‌های عضو")
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is e.res_parties
    write("استانداری لرستان")
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.resolution_model.rowCount() == 1)
    assert focus() is e.res_text
    write("برگزاری دوره آموزشی")
    key(qtbot, Qt.Key.Key_Tab)
    write("مريم رضا")                                   # part of a name: pick it from the list
    key(qtbot, Qt.Key.Key_Down)
    key(qtbot, Qt.Key.Key_Return)                       # picks «مریم رضایی», does not add yet
    assert e.res_parties.names() == ["مریم رضایی"] and e.resolution_model.rowCount() == 1
    key(qtbot, Qt.Key.Key_Return)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.resolution_model.rowCount() == 2)
    key(qtbot, Qt.Key.Key_Tab, CTRL)
    assert e.tabs.currentIndex() == 3 and focus() is e.previous_view
    key(qtbot, Qt.Key.Key_Tab, CTRL)                    # issue 14's tabs: attachments, amendments
    assert e.tabs.currentIndex() == 4 and focus() is e.meeting_files.view
    key(qtbot, Qt.Key.Key_Tab, CTRL)
    assert e.tabs.currentIndex() == 5 and focus() is e.amendments.list_view
    key(qtbot, Qt.Key.Key_Tab, CTRL)                    # round again: the details
    assert focus() is e.title
    key(qtbot, Qt.Key.Key_Backtab, CTRL | SHIFT)        # and back: the last tab
    assert e.tabs.currentIndex() == 5
    settle(qtbot, w)

    # --- read back through the services -----------------------------------------------------------
    with w.db.session() as s:
        m = meetings.get_meeting(s, e.meeting.id)
    assert m.title == "جلسه هماهنگی خوشه‌ها" and m.start == "10:30" and m.end == "12:15"
    assert m.location == "سالن شهید بهشتی" and m.summary == "گزارش دبیر ارائه شد."
    by_name = {a.person.full_name: a for a in m.attendance}
    assert by_name["امید عبدالهی"].status == AttendanceStatus.PRESENT
    assert by_name["کاوه مهمان"].role == Role.GUEST
    assert by_name[absent_name].status == AttendanceStatus.ABSENT
    assert [(i.title, i.presenter) for i in m.agenda] == [("معرفی خوشه‌های صنعتی استان", None),
                                                         ("گزارش دبیر کمیته", "مریم رضایی")]
    assert [r.text for r in m.resolutions] == ["تهیه فهرست دستگاه‌های عضو", "برگزاری دوره آموزشی"]
    assert [[(p.kind, p.name) for p in r.responsible] for r in m.resolutions] == [
        [("organization", "استانداری لرستان")], [("person", "مریم رضایی")]]


def test_enter_in_any_field_of_a_row_form_adds_the_row(qtbot, window):
    from app.services import directory
    w = window
    w.show_view("directory")
    d = w.screen("directory")
    settle(qtbot, w)
    d.p_name.setFocus()
    write("سیما افشار")
    key(qtbot, Qt.Key.Key_Tab)
    assert focus() is d.p_post
    write("کارشناس")
    key(qtbot, Qt.Key.Key_Return)                      # Enter in «سمت», not only in the name
    settle(qtbot, w)
    with w.db.session() as s:
        person = directory.find_person(s, "سیما افشار")
    assert person is not None and person.post == "کارشناس"
