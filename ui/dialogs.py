"""Message boxes in one place: errors say what happened and what to do; questions confirm."""
from PySide6.QtWidgets import QMessageBox

from ui import strings as S


def show_error(parent, text: str) -> QMessageBox:
    """A Persian error box. With a parent it is window-modal and does not block the caller
    (the operation that failed has already finished); without one it blocks until closed."""
    box = QMessageBox(QMessageBox.Icon.Critical, S.ERROR_TITLE, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("dabir-error")
    if parent is None:
        box.exec()
    else:
        box.open()
    return box


def ask(parent, text: str, yes: str | None = None) -> bool:
    """A confirmation (delete, approve). Blocks; True if the user agreed."""
    box = QMessageBox(QMessageBox.Icon.Question, S.CONFIRM_TITLE, text,
                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, parent)
    box.setObjectName("dabir-confirm")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    if yes:
        box.button(QMessageBox.StandardButton.Yes).setText(yes)
    return box.exec() == QMessageBox.StandardButton.Yes
