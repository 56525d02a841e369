"""The Jalali date widgets, and the three Qt quirks they fix (each test fails on plain Qt widgets)."""
import datetime as dt

import jdatetime
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDateEdit, QTableView

from ui.widgets.jalali_date import (JALALI, JalaliCalendar, JalaliDateEdit, WEEKEND_COLOR, jalali_qdate,
                                    pydate)


def _grid(cal: QCalendarWidget):
    view = cal.findChild(QTableView)
    return view, view.model()


def test_qt_quirk_1_plain_widget_highlights_the_gregorian_cell(qtbot):
    # The quirk exists on this Qt: a plain widget switched to Jalali highlights today's Gregorian cell.
    plain = QCalendarWidget()
    qtbot.addWidget(plain)
    plain.setCalendar(JALALI)
    view, model = _grid(plain)
    today = dt.date.today()
    if today.day != jdatetime.date.today().day:   # the two numbers differ on all but a few days a year
        assert model.data(view.currentIndex()) != jdatetime.date.today().day


def test_calendar_highlights_todays_jalali_day(qtbot):
    cal = JalaliCalendar()
    qtbot.addWidget(cal)
    view, model = _grid(cal)
    assert model.data(view.currentIndex()) == jdatetime.date.today().day
    assert pydate(cal.selectedDate()) == dt.date.today()


def test_calendar_highlights_selected_dates_including_leap_day(qtbot):
    cal = JalaliCalendar()
    qtbot.addWidget(cal)
    view, model = _grid(cal)
    for y, m, d in [(1405, 12, 29), (1403, 12, 30), (1405, 1, 1)]:
        cal.setSelectedDate(jalali_qdate(y, m, d))
        assert model.data(view.currentIndex()) == d
        assert (cal.yearShown(), cal.monthShown()) == (y, m)


def _header_colors(cal):
    view, model = _grid(cal)
    return {model.data(model.index(0, c)): model.data(model.index(0, c), Qt.ItemDataRole.ForegroundRole)
            for c in range(model.columnCount())}


def test_qt_quirk_2_plain_widget_weekend_is_saturday_sunday(qtbot):
    plain = QCalendarWidget()
    qtbot.addWidget(plain)
    plain.setCalendar(JALALI)
    fmt = plain.weekdayTextFormat
    assert fmt(Qt.DayOfWeek.Saturday).foreground().color() == fmt(Qt.DayOfWeek.Sunday).foreground().color()
    assert fmt(Qt.DayOfWeek.Saturday).foreground().color() != fmt(Qt.DayOfWeek.Friday).foreground().color()


def test_friday_is_the_only_weekend(qtbot):
    cal = JalaliCalendar()
    qtbot.addWidget(cal)
    for n in range(1, 8):
        color = cal.weekdayTextFormat(Qt.DayOfWeek(n)).foreground().color()
        assert (color == WEEKEND_COLOR) == (Qt.DayOfWeek(n) == Qt.DayOfWeek.Friday)
    headers = _header_colors(cal)
    assert headers["جمعه"] == WEEKEND_COLOR
    assert headers["شنبه"] != WEEKEND_COLOR and headers["یکشنبه"] != WEEKEND_COLOR
    # the week runs Saturday (first column, on the right in RTL) to Friday
    assert cal.firstDayOfWeek() == Qt.DayOfWeek.Saturday


def test_qt_quirk_3_plain_date_edit_reverses_in_rtl(qtbot):
    assert QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft
    plain = QDateEdit()
    qtbot.addWidget(plain)
    plain.setCalendar(JALALI)
    plain.setDisplayFormat("yyyy/MM/dd")
    plain.setDate(jalali_qdate(1405, 9, 5))
    assert plain.text().endswith("1405") or plain.text().endswith("۱۴۰۵")


def test_date_edit_shows_year_first_in_persian_digits(qtbot):
    edit = JalaliDateEdit(dt.date(2026, 11, 26))
    qtbot.addWidget(edit)
    assert edit.text() == "۱۴۰۵/۰۹/۰۵"
    edit.set_date_value(dt.date(2027, 3, 20))
    assert edit.text() == "۱۴۰۵/۱۲/۲۹"
    edit.setDate(jalali_qdate(1403, 12, 30))
    assert edit.text() == "۱۴۰۳/۱۲/۳۰" and edit.date_value() == dt.date(2025, 3, 20)


def _type(widget, text):
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, ch))


def test_date_edit_accepts_typed_dates_in_any_digits(qtbot):
    cases = {"1405/12/29": dt.date(2027, 3, 20), "۱۴۰۳/۱۲/۳۰": dt.date(2025, 3, 20),
             "١٤٠٣١٢٣٠": dt.date(2025, 3, 20), "1405/9/5": dt.date(2026, 11, 26)}
    for typed, expected in cases.items():
        edit = JalaliDateEdit(dt.date(2020, 1, 1))
        qtbot.addWidget(edit)
        edit.show()
        edit.setSelectedSection(QDateEdit.Section.YearSection)
        _type(edit, typed)
        edit.interpretText()
        assert edit.date_value() == expected, typed


def test_date_edit_refuses_a_day_that_does_not_exist(qtbot):
    assert not jalali_qdate(1405, 12, 30).isValid()          # 1405 is not a leap year
    assert jalali_qdate(1403, 12, 30).isValid()
    edit = JalaliDateEdit(dt.date(2027, 3, 20))
    qtbot.addWidget(edit)
    edit.setDate(jalali_qdate(1405, 12, 30))
    assert edit.date_value() == dt.date(2027, 3, 20)


def test_popup_calendar_is_jalali(qtbot):
    edit = JalaliDateEdit(dt.date(2026, 11, 26))
    qtbot.addWidget(edit)
    cal = edit.calendarWidget()
    assert isinstance(cal, JalaliCalendar)
    assert (cal.yearShown(), cal.monthShown()) == (1405, 9)
