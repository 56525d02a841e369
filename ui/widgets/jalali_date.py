"""Jalali date widgets: Qt's own QDateEdit and QCalendarWidget on QCalendar.System.Jalali, with the
three quirks PySide6 6.12 shows for a Persian user fixed in one place.

1. A QCalendarWidget whose calendar is switched after construction keeps highlighting the cell where
   today sits in the *Gregorian* month grid (e.g. "26" on 5 Azar, which is 26 November); re-applying
   the selected date makes Qt recompute the cell in the Jalali grid.
2. Qt paints Saturday and Sunday as the weekend; in Iran the weekend is Friday.
3. A QDateEdit in a right-to-left application reverses the sections of its display format, so
   `yyyy/MM/dd` shows ۰۵/۰۹/۱۴۰۵. We hand it the reversed format, which it turns back into
   ۱۴۰۵/۰۹/۰۵, the way every Persian form writes a date.
Typing: Qt's parser with the Persian locale only takes ASCII digits and treats "/" oddly in the
reversed layout, so digits of any script are folded to ASCII and "/" moves to the next section.
"""
import datetime as dt

from PySide6.QtCore import QCalendar, QDate, QLocale, Qt
from PySide6.QtGui import QColor, QKeyEvent, QTextCharFormat
from PySide6.QtWidgets import QApplication, QCalendarWidget, QDateEdit

from app.domain.persian import fold_digits

JALALI = QCalendar(QCalendar.System.Jalali)
PERSIAN = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
DISPLAY_FORMAT = "yyyy/MM/dd"
WEEKEND = Qt.DayOfWeek.Friday
WEEKEND_COLOR = QColor("#c62828")


def qdate(day: dt.date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else QDate()


def pydate(q: QDate) -> dt.date | None:
    return dt.date(q.year(), q.month(), q.day()) if q.isValid() else None


def jalali_qdate(year: int, month: int, day: int) -> QDate:
    """The QDate of a Jalali y/m/d (invalid if that day does not exist)."""
    return QDate(year, month, day, JALALI)


def qt_display_format() -> str:
    """The format to give Qt so that it shows yyyy/MM/dd: reversed when the app is right-to-left."""
    if QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft:
        return "/".join(reversed(DISPLAY_FORMAT.split("/")))
    return DISPLAY_FORMAT


class JalaliCalendar(QCalendarWidget):
    """A month grid in the Jalali calendar, Saturday first, Friday the weekend, Persian digits."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setLocale(PERSIAN)
        self.setCalendar(JALALI)
        self.setFirstDayOfWeek(Qt.DayOfWeek.Saturday)
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        plain, weekend = QTextCharFormat(), QTextCharFormat()
        weekend.setForeground(WEEKEND_COLOR)
        for n in range(1, 8):
            self.setWeekdayTextFormat(Qt.DayOfWeek(n), weekend if Qt.DayOfWeek(n) == WEEKEND else plain)
        # Quirk 1: the highlighted cell was placed by the Gregorian grid; setting the date again
        # places it in the Jalali one.
        self.setSelectedDate(self.selectedDate())


class JalaliDateEdit(QDateEdit):
    """Types and shows ۱۴۰۵/۰۹/۰۵; pops up a JalaliCalendar. `date_value()` is a datetime.date."""

    def __init__(self, day: dt.date | None = None, parent=None):
        super().__init__(parent)
        self._advanced = False
        self.setLocale(PERSIAN)
        self.setCalendar(JALALI)
        self.setDisplayFormat(qt_display_format())                  # quirk 3
        self.setCalendarPopup(True)
        self.setCalendarWidget(JalaliCalendar(self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setMinimumDate(jalali_qdate(1300, 1, 1))
        self.setMaximumDate(jalali_qdate(1500, 12, 29))
        self.setDate(qdate(day or dt.date.today()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if text in ("/", "-", "."):
            # A full section (1403) already moved on by itself; only a short one (9) needs the slash.
            if not self._advanced:
                nxt = min(self.currentSectionIndex() + 1, self.sectionCount() - 1)
                self.setSelectedSection(self.sectionAt(nxt))
            self._advanced = False
            return
        folded = fold_digits(text)
        if len(text) == 1 and folded != text and folded.isdigit():
            event = QKeyEvent(event.type(), Qt.Key.Key_0 + int(folded), event.modifiers(), folded)
        before = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._advanced = folded.isdigit() and self.currentSectionIndex() != before

    def date_value(self) -> dt.date:
        return pydate(self.date())

    def set_date_value(self, day: dt.date | None) -> None:
        self.setDate(qdate(day or dt.date.today()))
