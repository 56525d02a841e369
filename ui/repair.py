"""The file-error box, with «ساختن پرونده سالم…» when a file was refused because its schema is not
Dabir's: it builds a clean copy (`dabir check --repair`) beside it, says what was left out, and
offers to open the copy. The refused file itself is never changed."""
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QMessageBox

from app.domain.errors import DabirError
from app.domain.persian import to_persian_digits
from app.services import backup
from ui import strings as S
from ui.dialogs import show_error


def show_file_error(parent, exc: DabirError, on_repaired=None) -> QMessageBox:
    """Like show_error(FILE_ERROR); `on_repaired(path)` is called with the clean copy once made.
    With a parent the box is window-modal and returns at once; without one it blocks."""
    box = QMessageBox(QMessageBox.Icon.Critical, S.ERROR_TITLE, S.FILE_ERROR.format(reason=exc.fa),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("dabir-error")
    if getattr(exc, "repairable", False) and getattr(exc, "path", None):
        button = box.addButton(S.REPAIR_BUTTON, QMessageBox.ButtonRole.ActionRole)
        button.setObjectName("dabir-repair")

        def clicked(which):
            if which is button:
                made = repair(parent, Path(exc.path))
                if made is not None and on_repaired is not None:
                    on_repaired(made)
        box.buttonClicked.connect(clicked)
    if parent is None:
        box.exec()
    else:
        box.open()
    return box


def repair(parent, source: Path, out: Path | None = None) -> Path | None:
    """Ask where (unless `out` is given), build the clean copy, report. Returns its path, or None."""
    if out is None:
        suggested = source.with_name(f"{source.stem}{S.REPAIR_SUFFIX}{source.suffix or '.dabir'}")
        chosen, _ = QFileDialog.getSaveFileName(parent, S.REPAIR_BUTTON, str(suggested), S.OPEN_FILTER)
        if not chosen:
            return None
        out = Path(chosen)
    try:
        report = backup.repair_file(source, out)
    except DabirError as e:
        show_error(parent, e.fa)
        return None
    box = QMessageBox(QMessageBox.Icon.Information, S.REPAIR_BUTTON,
                      S.REPAIR_DONE.format(copied=to_persian_digits(sum(report.copied.values())),
                                           left=to_persian_digits(len(report.left_out)), path=out),
                      QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("dabir-repaired")
    if report.left_out:
        box.setDetailedText("\n".join(str(x) for x in report.left_out))
    box.exec() if parent is None else box.open()
    return out
