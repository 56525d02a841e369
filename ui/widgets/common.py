"""Small shared pieces: combos filled from enums, a date range filter, the follow-up bar."""
import datetime as dt
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QPushButton,
                               QWidget)

from app.domain import file_kinds
from app.domain.enums import ResolutionStatus
from ui import strings as S
from ui.widgets.jalali_date import JalaliDateEdit


def enum_combo(labels: dict, with_all: bool = False, parent=None) -> QComboBox:
    combo = QComboBox(parent)
    if with_all:
        combo.addItem(S.ALL, None)
    for value, label in labels.items():
        combo.addItem(label, getattr(value, "value", value))
    return combo


def choose(combo: QComboBox, value) -> None:
    i = combo.findData(value)
    if i >= 0:
        combo.setCurrentIndex(i)



def document_filter() -> str:
    """The file chooser's filter for an attachment: the allowed kinds' extensions, in both cases."""
    patterns = " ".join(f"*.{e} *.{e.upper()}" for e in sorted(file_kinds.KINDS))
    return S.DOCUMENT_FILTER.format(patterns=patterns)

class OptionalDate(QWidget):
    """A checkbox and a Jalali date: no date until the box is ticked."""
    changed = Signal()

    def __init__(self, label: str, parent=None, day: dt.date | None = None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.check = QCheckBox(label, self)
        self.edit = JalaliDateEdit(day, self, field=label)
        self.edit.setEnabled(False)
        lay.addWidget(self.check)
        lay.addWidget(self.edit)
        self.check.toggled.connect(self.edit.setEnabled)
        self.check.toggled.connect(lambda _=None: self.changed.emit())
        self.edit.dateChanged.connect(lambda _=None: self.check.isChecked() and self.changed.emit())

    def value(self) -> dt.date | None:
        return self.edit.date_value() if self.check.isChecked() else None

    def set_value(self, day: dt.date | None) -> None:
        self.check.setChecked(day is not None)
        if day:
            self.edit.set_date_value(day)

    def set_soft_minimum(self, day: dt.date | None, question: str | None = None) -> None:
        """A date before `day` is asked about first; while unticked, the field starts from `day`
        if today is earlier (a deadline for a meeting still to come)."""
        self.edit.set_soft_minimum(day, question)
        if day and not self.check.isChecked() and self.edit.date_value() < day:
            self.edit.set_date_value(day)


class FollowUpBar(QWidget):
    """Record a follow-up on the selected resolution: date (today unless changed), status, note, the
    letter's number and the letter itself (a file, attached when the follow-up is recorded)."""
    record = Signal(str, str)

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.date = JalaliDateEdit(parent=self, field=S.FOLLOW_UP_DATE)
        self.date.setToolTip(S.FOLLOW_UP_DATE)
        self.status = enum_combo(S.RESOLUTION_STATUS_LABELS, parent=self)
        choose(self.status, ResolutionStatus.IN_PROGRESS.value)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(S.FOLLOW_UP_NOTE)
        self.letter = QLineEdit(self)
        self.letter.setPlaceholderText(S.LETTER_NUMBER)
        self.letter.setToolTip(S.LETTER_NUMBER)
        self.letter.setMaximumWidth(120)
        self.attach_button = QPushButton(S.ATTACH_LETTER, self)
        self.attachment: str | None = None       # the file chosen, attached when the follow-up is recorded
        self.button = QPushButton(S.FOLLOW_UP, self)
        lay.addWidget(self.date)
        lay.addWidget(self.status)
        lay.addWidget(self.note, 1)
        lay.addWidget(self.letter)
        lay.addWidget(self.attach_button)
        lay.addWidget(self.button)
        self.button.clicked.connect(self._emit)
        self.note.returnPressed.connect(self._emit)
        self.letter.returnPressed.connect(self._emit)
        self.attach_button.clicked.connect(self._choose_letter)

    def _choose_letter(self):
        from ui.dialogs import choose_file
        path = choose_file(self, S.CHOOSE_ATTACHMENT, "", document_filter())
        if path:
            self.set_attachment(path)

    def set_attachment(self, path: str | None) -> None:
        self.attachment = path
        self.attach_button.setText(S.ATTACHED.format(name=Path(path).name) if path else S.ATTACH_LETTER)

    def extra(self) -> dict:
        """What the follow-up carries besides status and note: add_follow_up's keyword arguments."""
        return {"letter_number": self.letter.text() or None, "attachment": self.attachment}

    def _emit(self):
        if not self.button.isEnabled():
            return                               # the last one is still being recorded (write(guard=))
        if self.date.refusal_unseen:
            return                               # the date typed was refused: nothing is recorded
        if self.date.commit() and not self.date.refusal_unseen:                   # a refused date is reported; nothing is recorded
            self.record.emit(self.status.currentData(), self.note.text())

    def day(self) -> dt.date:
        return self.date.date_value()

    def clear(self):
        self.note.clear()
        self.letter.clear()
        self.set_attachment(None)


def show_text(edit: QLineEdit, text: str) -> None:
    """Show a stored value in a field without disturbing the user (issue 25): the same text is left
    alone, so the selection Tab made survives the reload that follows saving the field before (else
    typing appended to the old value); another text is shown from its beginning, selected if the
    field has the focus, so typing still replaces it."""
    if edit.text() == text:
        return
    edit.setText(text)
    edit.setCursorPosition(0)
    if edit.hasFocus():
        edit.selectAll()


def tab_in_order(*widgets: QWidget) -> None:
    """Tab visits `widgets` in this order (the order they read, right to left), whatever order they
    were created in."""
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


def leave_tables_with_tab(widget: QWidget) -> None:
    """Tab and Shift+Tab move out of every table under `widget` to the next field, as in any form,
    instead of walking its cells forever (arrows move between cells; F2 or typing edits one)."""
    for view in widget.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


def compact_combo(combo: QComboBox, chars: int | None = None) -> QComboBox:
    """A combo of long names that does not widen its screen (the report filters made the window 1,505 px
    wide): it is sized for `chars` characters, and its list opens as wide as the longest name."""
    if chars is not None:
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
    fm = combo.view().fontMetrics()
    widest = max((fm.horizontalAdvance(combo.itemText(i)) for i in range(combo.count())), default=0)
    combo.view().setMinimumWidth(widest + 40)
    return combo


def refill(combo: QComboBox, rows, first_label: str) -> None:
    """Replace a filter combo's (id, name) items, «همه» (`first_label`, data None) first, keeping
    the chosen one chosen, without announcing a change (issue 26; the tracker screen still does this by
    hand)."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(first_label, None)
    for rid, name in rows:
        combo.addItem(name, rid)
    choose(combo, current)
    combo.blockSignals(False)
