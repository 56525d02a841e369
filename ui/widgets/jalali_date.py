"""Jalali dates: a text field that cannot lie, and Qt's QCalendarWidget on QCalendar.System.Jalali.

The field (`JalaliDateEdit`) is a QLineEdit, not a QDateEdit. QDateEdit edits one section at a time:
a click inside it stepped the date (a meeting became 1400/09/10 and was saved on leaving), and Tab
put the cursor in the day section, so a whole date typed after Tab came out as another date. Here a
date is text, parsed by app.domain.jalali when the field is left or Enter is pressed:

- typing a digit into the untouched field starts a new date, wherever the cursor was; a date in
  Persian, Arabic-Indic or ASCII digits, with or without slashes (۱۴۰۵/۰۹/۰۵, 1405/9/5, ١٤٠٥٠٩٠٥);
- a click only places the cursor; the wheel and Up/Down step a day only while the field has focus;
- an impossible date (1405/12/30, 1405/13/01) is refused with a Persian message and the old value
  comes back; nothing is emitted;
- with a soft minimum (a deadline before its meeting) the user is asked first;
- the calendar button (or Alt+Down, F4) pops up a JalaliCalendar.

The calendar's own quirks on this Qt:
1. A QCalendarWidget whose calendar is switched after construction keeps highlighting the cell where
   today sits in the *Gregorian* month grid (e.g. "26" on 5 Azar, which is 26 November); re-applying
   the selected date makes Qt recompute the cell in the Jalali grid.
2. Qt paints Saturday and Sunday as the weekend; in Iran the weekend is Friday.
"""
import datetime as dt
import re

from PySide6.QtCore import QCalendar, QDate, QLocale, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QKeyEvent, QRegularExpressionValidator, QTextCharFormat, QWheelEvent
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QStyle

from app.domain import jalali
from app.domain.errors import ValidationError
from app.domain.persian import fold_digits
from ui import strings as S

JALALI = QCalendar(QCalendar.System.Jalali)
PERSIAN = QLocale(QLocale.Language.Persian, QLocale.Country.Iran)
WEEKEND = Qt.DayOfWeek.Friday
WEEKEND_COLOR = QColor("#c62828")
FIRST, LAST = (1300, 1, 1), (1500, 12, 29)            # the Jalali years a committee's dates fall in
# what may be typed: digits of the three scripts, separators, spaces; at most a full date's length
_TYPABLE = QRegularExpression(r"[0-9۰-۹٠-٩/\-. ]{0,12}")
_COMPACT = re.compile(r"^\d{8}$")


def qdate(day: dt.date | None) -> QDate:
    return QDate(day.year, day.month, day.day) if day else QDate()


def pydate(q: QDate) -> dt.date | None:
    return dt.date(q.year(), q.month(), q.day()) if q.isValid() else None


def jalali_qdate(year: int, month: int, day: int) -> QDate:
    """The QDate of a Jalali y/m/d (invalid if that day does not exist)."""
    return QDate(year, month, day, JALALI)


def in_range(day: dt.date) -> bool:
    return pydate(jalali_qdate(*FIRST)) <= day <= pydate(jalali_qdate(*LAST))


def parse_typed(text: str, field: str) -> dt.date | None:
    """What was typed, as a date; None for an empty field. Raises ValidationError (Persian, naming
    `field`, echoing the text as typed) for anything else that is not a Jalali date."""
    typed = text.strip()
    if not typed:
        return None
    if _COMPACT.match(fold_digits(typed)):               # 14050905: the slashes left out
        typed = f"{typed[:4]}/{typed[4:6]}/{typed[6:]}"
    day = jalali.parse_date(typed, field)
    if not in_range(day):
        raise ValidationError(field, S.DATE_OUT_OF_RANGE.format(text=typed),
                              f"'{typed}' is outside {FIRST[0]}-{LAST[0]}")
    return day


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


class JalaliDateEdit(QLineEdit):
    """Types and shows ۱۴۰۵/۰۹/۰۵. `date_value()` is the committed datetime.date (None only when
    `allow_empty`); `dateChanged(date)` is emitted when the user commits a different date, then
    `editingFinished` as for any line edit."""
    dateChanged = Signal(object)

    def __init__(self, day: dt.date | None = None, parent=None, allow_empty: bool = False,
                 field: str | None = None):
        super().__init__(parent)
        self.allow_empty = allow_empty
        self.field = field or S.DATE
        self._value: dt.date | None = None
        self._pristine = True                # the text shows the value and the user has not edited it
        self._floor: tuple[dt.date, str] | None = None
        self._committing = False
        self._refusal_unseen = False         # refused, and the box saying so not yet closed
        self.setValidator(QRegularExpressionValidator(_TYPABLE, self))
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setPlaceholderText(S.DATE_HINT)
        self.setToolTip(S.DATE_TIP)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("۱۴۰۵/۰۹/۰۵") + 60)
        self._calendar = JalaliCalendar(self)
        self._calendar.setWindowFlags(Qt.WindowType.Popup)
        self._calendar.clicked.connect(self._picked)
        self._calendar.activated.connect(self._picked)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_ArrowDown)
        self.popup_action = QAction(icon, S.PICK_DATE, self)
        self.popup_action.triggered.connect(self.show_calendar)
        self.addAction(self.popup_action, QLineEdit.ActionPosition.TrailingPosition)
        self.textEdited.connect(self._edited)
        self.editingFinished.connect(self.commit)       # first slot: screens read the committed value
        self.set_date_value(day if day is not None or allow_empty else dt.date.today())

    # --- the value ---------------------------------------------------------------------------------
    def date_value(self) -> dt.date | None:
        return self._value

    def set_date_value(self, day: dt.date | None) -> None:
        """Show a stored value (no signal, no question)."""
        if day is None and not self.allow_empty:
            day = dt.date.today()
        self._value = day
        self._show_value()

    def setDate(self, q: QDate) -> None:
        """Qt-style setter; an invalid QDate (a day that does not exist) changes nothing."""
        if q.isValid():
            self.set_date_value(pydate(q))

    def date(self) -> QDate:
        return qdate(self._value)

    @property
    def pristine(self) -> bool:
        """The text shows the committed value: nothing typed since."""
        return self._pristine

    def calendarWidget(self) -> JalaliCalendar:
        """The popup calendar (QDateEdit's name for it)."""
        return self._calendar

    def set_soft_minimum(self, day: dt.date | None, question: str | None = None) -> None:
        """Committing a date before `day` asks `question` (formatted with {date} and {minimum}) first."""
        self._floor = (day, question or S.DATE_BEFORE_MINIMUM) if day else None

    def _show_value(self) -> None:
        self.setText(jalali.format_date(self._value) if self._value else "")
        self._pristine = True
        if self._value:
            self._calendar.setSelectedDate(qdate(self._value))

    # --- committing what was typed -------------------------------------------------------------
    def commit(self) -> bool:
        """Parse the text; accept it (emitting dateChanged) or refuse it (message, old value back).
        Returns False if the typed text was refused. Safe to call repeatedly."""
        if self._pristine or self._committing:
            return True
        self._committing = True
        try:
            try:
                day = parse_typed(self.text(), self.field)
                if day is None and not self.allow_empty:
                    raise ValidationError(self.field, S.DATE_EMPTY, "a date is required")
            except ValidationError as e:
                self._show_value()
                self._refuse(e.fa)
                return False
            return self._accept(day)
        finally:
            self._committing = False

    def _accept(self, day: dt.date | None) -> bool:
        if day is not None and self._floor and day < self._floor[0]:
            from ui.dialogs import ask
            question = self._floor[1].format(date=jalali.format_date(day),
                                             minimum=jalali.format_date(self._floor[0]))
            if not ask(self.window(), question):
                self._show_value()
                return False
        changed = day != self._value
        self._value = day
        self._show_value()
        if changed:
            self.dateChanged.emit(day)
        return True

    @property
    def refusal_unseen(self) -> bool:
        """A typed date was refused and the box saying so is not closed yet: the click or Enter that
        left the field (on «ثبت پیگیری») must not act on the old date shown again."""
        return self._refusal_unseen

    def _refuse(self, message: str) -> None:
        from ui.dialogs import show_error
        # after the focus change that committed has finished, so the box does not steal it midway; the
        # window, not this field, shows it: a cell's editor is gone by then
        window = self.window()
        self._refusal_unseen = True

        def show():
            box = show_error(window, message)
            box.finished.connect(self._refusal_seen)
        QTimer.singleShot(0, window, show)

    def _refusal_seen(self, *_):
        self._refusal_unseen = False

    def _edited(self, _text: str) -> None:
        self._pristine = False

    def _picked(self, q: QDate) -> None:
        self._calendar.hide()
        if self.isReadOnly():
            return
        if self._accept(pydate(q)):
            self.editingFinished.emit()
        self.setFocus()

    def show_calendar(self) -> None:
        if self.isReadOnly() or not self.isEnabled():
            return
        if not self.commit():
            return
        if self._value:
            self._calendar.setSelectedDate(qdate(self._value))
        size = self._calendar.sizeHint()
        corner = self.rect().bottomRight() if self.isRightToLeft() else self.rect().bottomLeft()
        pos = self.mapToGlobal(corner)
        if self.isRightToLeft():
            pos.setX(pos.x() - size.width())
        self._calendar.move(pos)
        self._calendar.show()
        self._calendar.setFocus()

    # --- keys and the wheel ------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key == Qt.Key.Key_F4 or (key == Qt.Key.Key_Down and mods & Qt.KeyboardModifier.AltModifier):
            self.show_calendar()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and not mods:
            self._step(1 if key == Qt.Key.Key_Up else -1)
            return
        text = event.text()
        if self._pristine and not self.isReadOnly() and len(text) == 1 and fold_digits(text).isdigit():
            self.clear()                          # a digit typed into the shown date starts a new one
        super().keyPressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if not self.hasFocus():
            event.ignore()                         # the page scrolls; the date stays
            return
        steps = event.angleDelta().y() // 120
        if steps:
            self._step(steps)
        event.accept()

    def _step(self, days: int) -> None:
        if self.isReadOnly() or not self.commit() or self._value is None:
            return
        day = self._value + dt.timedelta(days=days)
        if in_range(day) and self._accept(day):
            self.editingFinished.emit()
