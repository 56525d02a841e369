"""The Jalali calendar and the two Qt quirks it fixes (each test fails on a plain QCalendarWidget); the date
field itself is tested in test_date_field.py."""
import datetime as dt

import jdatetime
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCalendarWidget, QTableView

from ui.widgets.jalali_date import JALALI, JalaliCalendar, WEEKEND_COLOR, jalali_qdate, pydate


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
