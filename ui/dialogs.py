"""Message boxes in one place: errors say what happened and what to do; questions confirm."""
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ui import strings as S


def show_error(parent, text: str) -> QMessageBox:
    """A Persian error box. With a parent it is window-modal and does not block the caller
    (the operation that failed has already finished); without one it blocks until closed."""
    if parent is not None:
        # the same refusal reached twice (a field left by the very box that refused it, Enter and then
        # the focus leaving): it is said once
        same = [b for b in parent.window().findChildren(QMessageBox, "dabir-error")
                if b.isVisible() and b.text() == text]
        if same:
            return same[0]
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


def choose_action(parent, text: str, options: list[tuple[str, str]]) -> str | None:
    """A question with its own answers, e.g. «افزودن «…» به‌عنوان دستگاه جدید»: `options` are
    (key, button text); returns the key chosen, or None for Cancel (the default)."""
    box = QMessageBox(QMessageBox.Icon.Question, S.CONFIRM_TITLE, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName("dabir-choose")
    buttons = {}
    for key, label in options:
        buttons[box.addButton(label, QMessageBox.ButtonRole.AcceptRole)] = key
    cancel = box.addButton(S.CANCEL, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    box.exec()
    return buttons.get(box.clickedButton())


def ask_new_party(parent, name: str, similar: list[str], person_only: bool = False) -> str | None:
    """A name that is not in the list: add it as a new organisation or person, or not at all.
    Returns 'organization', 'person' or None."""
    text = S.NOT_IN_LIST.format(name=name)
    if similar:
        text += "\n" + S.SIMILAR_NAMES.format(names=S.LIST_SEPARATOR.join(similar[:5]))
    text += "\n" + S.PICK_OR_ADD
    options = [("person", S.ADD_AS_PERSON.format(name=name))]
    if not person_only:
        options.insert(0, ("organization", S.ADD_AS_ORGANIZATION.format(name=name)))
    return choose_action(parent, text, options)


def error_text(exc, field_names: dict | None = None) -> str:
    """The Persian message of a DabirError, its field named in Persian: a ValidationError's message
    starts with the field's code name (`end: …`), which the CLI shows as is. `field_names` are the
    screen's own names for ambiguous fields (a meeting's «end» is its end time); a field without a
    Persian name is left out rather than shown in English."""
    fa = exc.fa
    field = getattr(exc, "field", None)
    if field and fa.startswith(f"{field}: "):
        label = {**S.FIELD_NAMES, **(field_names or {})}.get(field)
        fa = f"{label}: {fa[len(field) + 2:]}" if label else fa[len(field) + 2:]
    return fa


def file_dialog(parent, caption: str, directory: str, filters: str, save: bool = False) -> QFileDialog:
    """Qt's own file dialog: the same right-to-left Persian dialog on every desktop (the labels that
    Qt's Persian translation lacks come from resources/translations/dabir_qt_fa.ts)."""
    dialog = QFileDialog(parent, caption, directory, filters)
    dialog.setObjectName("dabir-file-dialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if save else QFileDialog.AcceptMode.AcceptOpen)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile if save else QFileDialog.FileMode.ExistingFile)
    return dialog


def choose_file(parent, caption: str, directory: str, filters: str, save: bool = False) -> str:
    """The path chosen, or "" if the user cancelled (like QFileDialog.getOpenFileName)."""
    dialog = file_dialog(parent, caption, directory, filters, save)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]


def choose_folder(parent, caption: str, directory: str = "") -> str:
    """A folder chosen in Qt's own dialog (Persian, right to left, as file_dialog), or "" if cancelled."""
    from pathlib import Path
    dialog = QFileDialog(parent, caption, directory or str(Path.home()))
    dialog.setObjectName("dabir-file-dialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    dialog.setFileMode(QFileDialog.FileMode.Directory)
    if dialog.exec() != QFileDialog.DialogCode.Accepted or not dialog.selectedFiles():
        return ""
    return dialog.selectedFiles()[0]
