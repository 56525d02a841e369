"""The date field cannot lie: whole dates typed from the keyboard (three digit sets, with or without
slashes, wherever the cursor was) are exactly what is stored; clicks and the wheel over an unfocused
field change nothing; impossible dates are refused in Persian; a deadline before its meeting asks.
The secretary's flow at the end reads every typed date back from the file through the services."""
import datetime as dt

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from app.domain import jalali
from app.domain.persian import to_persian_digits
from app.services import meetings, resolutions
from ui.widgets.jalali_date import JalaliDateEdit, jalali_qdate, parse_typed
from ui.widgets.tables import select_row

from .helpers import answer_next_box, error_boxes, open_window, settle

ARABIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def in_digits(text: str, digits: str) -> str:
    return {"ascii": text, "persian": to_persian_digits(text), "arabic": text.translate(ARABIC)}[digits]


def key(widget, k, text="", mods=Qt.KeyboardModifier.NoModifier):
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, k, mods, text))


def type_keys(widget, text: str) -> None:
    """Key events carrying each character, to whatever has focus (QTest.keyClicks aborts on Persian)."""
    for ch in text:
        key(widget, Qt.Key.Key_unknown, ch)


def wheel(widget, up=True):
    delta = QPoint(0, 120 if up else -120)
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(widget.rect().center())), QPoint(), delta,
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


@pytest.fixture
def form(qtbot):
    """A field between two others, as in the meeting form, in a shown window."""
    w = QWidget()
    before, field, after = QLineEdit(w), JalaliDateEdit(dt.date(2020, 1, 1), w), QLineEdit(w)
    for i, x in enumerate((before, field, after)):
        x.move(10, 10 + 40 * i)
    w.resize(400, 200)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    changed = []
    field.dateChanged.connect(changed.append)
    yield before, field, after, changed
    w.close()


CASES = [("1405/12/29", dt.date(2027, 3, 20)), ("1403/12/30", dt.date(2025, 3, 20)),
         ("14030101", dt.date(2024, 3, 20)), ("1405/9/5", dt.date(2026, 11, 26)),
         ("1404/11/25", dt.date(2026, 2, 14))]


@pytest.mark.parametrize("digits", ["ascii", "persian", "arabic"])
@pytest.mark.parametrize("cursor", ["tab", "start", "middle", "end"])
def test_a_whole_typed_date_is_exactly_that_date_wherever_the_cursor_was(qtbot, form, digits, cursor):
    before, field, after, changed = form
    for typed, expected in CASES:
        if cursor == "tab":
            before.setFocus()
            key(before, Qt.Key.Key_Tab)
            assert field.hasFocus()
        else:
            field.setFocus()
            field.setCursorPosition({"start": 0, "middle": 6, "end": len(field.text())}[cursor])
        type_keys(field, in_digits(typed, digits))
        key(field, Qt.Key.Key_Tab)                         # leaving the field commits
        assert after.hasFocus()
        assert field.date_value() == expected, (typed, digits, cursor)
        assert field.text() == jalali.format_date(expected)
    assert changed[-1] == CASES[-1][1]


def test_a_click_places_the_cursor_and_never_changes_the_value(qtbot, form):
    before, field, after, changed = form
    for x in range(5, field.width() - 5, 7):
        qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(x, field.height() // 2))
        qtbot.mouseDClick(field, Qt.MouseButton.LeftButton, pos=QPoint(x, field.height() // 2))
    after.setFocus()                                       # leaving after the clicks saves nothing new
    assert field.date_value() == dt.date(2020, 1, 1) and changed == []
    assert field.text() == "۱۳۹۸/۱۰/۱۱"


def test_the_wheel_acts_only_on_a_focused_field(qtbot, form):
    before, field, after, changed = form
    before.setFocus()
    for _ in range(5):
        wheel(field, up=True)
        wheel(field, up=False)
        wheel(field, up=False)
    assert field.date_value() == dt.date(2020, 1, 1) and changed == []
    field.setFocus()
    wheel(field, up=True)
    assert field.date_value() == dt.date(2020, 1, 2)
    key(field, Qt.Key.Key_Down)
    key(field, Qt.Key.Key_Down)
    assert field.date_value() == dt.date(2019, 12, 31)


@pytest.mark.parametrize("typed", ["1405/12/30", "۱۴۰۵/۱۳/۰۱", "١٤٠٥٠٠١٠", "1405/1", "14"])
def test_an_impossible_date_is_refused_in_persian_and_the_old_value_stays(qtbot, form, typed):
    before, field, after, changed = form
    field.setFocus()
    type_keys(field, typed)
    key(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(error_boxes(field)))
    box = error_boxes(field)[0]
    assert f"«{typed}»" in box.text().replace("/", "").replace(typed.replace("/", ""), typed) \
        or f"«{typed}»" in box.text()                   # echoed as typed (slashes added to 8 digits)
    assert "تاریخ" in box.text() and not any("a" <= c.lower() <= "z" for c in box.text())
    box.accept()
    assert field.date_value() == dt.date(2020, 1, 1) and changed == []
    assert field.text() == "۱۳۹۸/۱۰/۱۱"


def test_the_calendar_picks_a_date_and_f4_opens_it(qtbot, form):
    before, field, after, changed = form
    field.setFocus()
    key(field, Qt.Key.Key_F4)
    cal = field.calendarWidget()
    qtbot.waitUntil(cal.isVisible)
    assert (cal.yearShown(), cal.monthShown()) == (1398, 10)
    cal.clicked.emit(jalali_qdate(1398, 10, 20))
    assert not cal.isVisible()
    assert field.date_value() == dt.date(2020, 1, 10) and changed == [dt.date(2020, 1, 10)]


def test_a_date_before_the_soft_minimum_asks_first(qtbot, form):
    before, field, after, changed = form
    field.set_soft_minimum(dt.date(2020, 1, 1), "پیش از جلسه {date} < {minimum}؟")
    seen = []
    field.setFocus()
    type_keys(field, "1398/10/01")
    answer_next_box(yes=False, seen=seen)
    key(field, Qt.Key.Key_Return)
    assert field.date_value() == dt.date(2020, 1, 1) and changed == []
    assert seen == ["پیش از جلسه ۱۳۹۸/۱۰/۰۱ < ۱۳۹۸/۱۰/۱۱؟"]
    field.setFocus()
    type_keys(field, "1398/10/01")
    answer_next_box(yes=True)
    key(field, Qt.Key.Key_Return)
    assert field.date_value() == dt.date(2019, 12, 22) and changed == [dt.date(2019, 12, 22)]


def test_a_deadline_cell_refuses_an_impossible_date_and_asks_before_the_meeting(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path / "office.dabir")
    with w.db.session() as s:
        seed = meetings.list_meetings(s, limit=1)[0]
        mid = meetings.create_meeting(s, seed.committee_id, date=dt.date(2026, 11, 26)).id   # ۱۴۰۵/۰۹/۰۵
        rid = resolutions.add_resolution(s, mid, "تهیه گزارش", deadline=dt.date(2027, 1, 5)).id
    w.open_meeting(mid)
    settle(qtbot, w)
    e = w.editor
    e.tabs.setCurrentIndex(2)
    settle(qtbot, w)
    view = e.resolution_view

    def type_in_cell(text, answer=None):
        w.activateWindow()                                   # back from a message box
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
        view.setFocus()
        view.setCurrentIndex(e.resolution_model.index(0, 3))
        key(view, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert isinstance(editor, JalaliDateEdit)
        type_keys(editor, text)
        seen = []
        if answer is not None:
            answer_next_box(yes=answer, seen=seen)
        key(editor, Qt.Key.Key_Return)
        settle(qtbot, w, 50)
        return seen

    def deadline():
        with w.db.session() as s:
            return resolutions.get_resolution(s, rid).deadline

    type_in_cell("۱۴۰۵/۱۲/۳۰")
    qtbot.waitUntil(lambda: bool(error_boxes(e)))
    box = error_boxes(e)[0]
    assert "مهلت اجرا" in box.text() and "۱۴۰۵/۱۲/۳۰" in box.text()
    box.accept()
    assert deadline() == dt.date(2027, 1, 5)
    seen = type_in_cell("1405/09/01", answer=False)          # before the meeting: asked, declined
    assert seen and "۱۴۰۵/۰۹/۰۱" in seen[0] and "۱۴۰۵/۰۹/۰۵" in seen[0]
    assert deadline() == dt.date(2027, 1, 5)
    type_in_cell("1405/09/01", answer=True)
    assert deadline() == dt.date(2026, 11, 22)
    w.runner.wait()
    w.db.close()


# --- the secretary's flow: every date typed, read back from the file ------------------------------

FLOW = {  # digit set -> (meeting date, deadline typed in the form, deadline typed in its cell, follow-up)
    "persian": ("۱۴۰۵/۰۹/۰۵", "۱۴۰۵۱۰۱۵", "۱۴۰۵/۱۱/۰۱", "۱۴۰۵/۰۹/۲۰"),
    "arabic": ("١٤٠٥/٠٩/٠٦", "١٤٠٥/١٢/٢٩", "١٤٠٥١١٠٢", "١٤٠٥/٠٩/٢١"),
    "ascii": ("1405/9/7", "1405/10/16", "1405/11/03", "14050922"),
}


def stored(text):
    return parse_typed(text, "x")


def focus_by_tab(qtbot, start, target, limit=40, back=False):
    """Tab (or Shift+Tab) from `start` until `target` has the focus, as a keyboard user would."""
    start.setFocus()
    for _ in range(limit):
        if QApplication.focusWidget() is target:
            return
        if back:
            key(QApplication.focusWidget(), Qt.Key.Key_Backtab, mods=Qt.KeyboardModifier.ShiftModifier)
        else:
            key(QApplication.focusWidget(), Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target}")


@pytest.mark.parametrize("digits", list(FLOW))
def test_every_date_in_the_secretarys_flow_is_stored_as_typed(qtbot, tmp_path, digits):
    meeting_date, form_deadline, cell_deadline, follow_date = FLOW[digits]
    w = open_window(qtbot, tmp_path / "office.dabir")
    w.activateWindow()
    with w.db.session() as s:
        seed = meetings.list_meetings(s, limit=1)[0]
        mid = meetings.create_meeting(s, seed.committee_id).id
    w.open_meeting(mid)
    settle(qtbot, w)
    e = w.editor

    # the meeting's date: Tab from the title into the field, type, Tab away
    focus_by_tab(qtbot, e.title, e.date)
    type_keys(e.date, meeting_date)
    key(e.date, Qt.Key.Key_Tab)
    settle(qtbot, w)
    want_meeting = stored(meeting_date)
    with w.db.session() as s:
        assert meetings.get_meeting(s, mid).date == want_meeting

    # a resolution with a deadline typed in the form
    e.tabs.setCurrentIndex(2)
    settle(qtbot, w)
    e.res_text.setFocus()
    type_keys(e.res_text, "تهیه گزارش")
    e.res_deadline.check.setChecked(True)
    focus_by_tab(qtbot, e.res_text, e.res_deadline.edit)
    type_keys(e.res_deadline.edit, form_deadline)
    key(e.res_deadline.edit, Qt.Key.Key_Tab)
    e.add_resolution.click()
    settle(qtbot, w)
    with w.db.session() as s:
        r = [x for x in resolutions.list_resolutions(s, meeting_id=mid)][-1]
    assert r.deadline == stored(form_deadline)

    # the same resolution's deadline typed in its table cell (F2 opens the editor)
    row = [x.id for x in e.resolution_model.rows].index(r.id)
    view = e.resolution_view
    view.setFocus()
    view.setCurrentIndex(e.resolution_model.index(row, 3))
    key(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, JalaliDateEdit)
    type_keys(editor, cell_deadline)
    key(editor, Qt.Key.Key_Return)
    settle(qtbot, w, 50)                                 # the view commits a cell on its next turn
    with w.db.session() as s:
        assert resolutions.get_resolution(s, r.id).deadline == stored(cell_deadline)

    # a follow-up on it from the tracker, with its date typed
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w)
    ids = [x.id for x in t.model.rows]
    assert r.id in ids
    row = ids.index(r.id)
    select_row(t.view, row)
    focus_by_tab(qtbot, t.follow_up.status, t.follow_up.date, back=True)   # (Tab out of tables: #9 part B)
    type_keys(t.follow_up.date, follow_date)
    key(t.follow_up.date, Qt.Key.Key_Tab)
    type_keys(t.follow_up.note, "پیگیری شد")
    key(t.follow_up.note, Qt.Key.Key_Return)
    settle(qtbot, w)
    with w.db.session() as s:
        assert resolutions.get_resolution(s, r.id).latest_follow_up.date == stored(follow_date)

    # the meetings filter: typed dates select exactly the meeting of that day
    w.show_view("meetings")
    m = w.screen("meetings")
    m.date_from.check.setChecked(True)
    m.date_to.check.setChecked(True)
    for f in (m.date_from.edit, m.date_to.edit):
        f.setFocus()
        type_keys(f, meeting_date)
        key(f, Qt.Key.Key_Tab)
    settle(qtbot, w)
    assert m.date_from.value() == m.date_to.value() == want_meeting
    assert [x.id for x in m.model.rows] == [mid]
    w.runner.wait()
    w.db.close()
