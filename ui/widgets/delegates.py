"""Cell editors: a combo of labelled choices, a Jalali date, and a line edit with a completer."""
from PySide6.QtCore import QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import QComboBox, QStyledItemDelegate

from app.domain import jalali
from ui.dialogs import ask
from ui.widgets.jalali_date import JalaliDateEdit
from ui.widgets.pickers import PartyLineEdit


class ComboDelegate(QStyledItemDelegate):
    """`choices()` -> [(value, label)]; the model's EditRole holds the value."""

    def __init__(self, choices, parent=None):
        super().__init__(parent)
        self.choices = choices

    def createEditor(self, parent, option, index):
        combo = QComboBox(parent)
        for value, label in self.choices():
            combo.addItem(label, value)
        return combo

    def setEditorData(self, editor, index):
        i = editor.findData(index.data(Qt.ItemDataRole.EditRole))
        editor.setCurrentIndex(max(i, 0))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class DateDelegate(QStyledItemDelegate):
    """A Jalali date cell; an empty cell means no date. `floor()` -> (date, question) or None: a date
    before it is asked about first (a deadline before its meeting)."""

    def __init__(self, parent=None, floor=None, field: str | None = None):
        super().__init__(parent)
        self.floor, self.field = floor, field

    def createEditor(self, parent, option, index):
        return JalaliDateEdit(parent=parent, allow_empty=True, field=self.field)

    def setEditorData(self, editor, index):
        if not editor.pristine:
            return                               # the user is typing: a repaint must not undo it
        editor.set_date_value(index.data(Qt.ItemDataRole.EditRole))

    def setModelData(self, editor, model, index):
        # The view may ask before the field has seen its own Enter or focus-out: commit it here. A
        # refused date leaves the stored one (the field says why); an unchanged one writes nothing.
        if not editor.commit():
            return
        value = editor.date_value()
        if value == index.data(Qt.ItemDataRole.EditRole):
            return
        floor = self.floor() if self.floor else None
        if value is not None and floor and value < floor[0]:
            # Asked once the editor has closed: a question box opened while it is open takes its
            # focus, and the view closes the editor in the middle of the question.
            where = QPersistentModelIndex(index)
            question = floor[1].format(date=jalali.format_date(value), minimum=jalali.format_date(floor[0]))

            def confirm():
                if ask(self.parent(), question) and where.isValid():
                    model.setData(model.index(where.row(), where.column()), value, Qt.ItemDataRole.EditRole)
            QTimer.singleShot(0, self, confirm)
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)


class PartiesDelegate(QStyledItemDelegate):
    """Responsible parties typed as names separated by «،» with a filtering completer."""

    def __init__(self, names, parent=None):
        super().__init__(parent)
        self.names = names

    def createEditor(self, parent, option, index):
        return PartyLineEdit(self.names(), parent)

    def setEditorData(self, editor, index):
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index):
        model.setData(index, editor.names(), Qt.ItemDataRole.EditRole)
