"""Letters from where the secretary works (issue 26): the meeting's notifications (ابلاغیه) from its
documents, reminders of overdue work from the tracker and the dashboard. One path for all three:
ask the folder, then write, number and register the letters on the worker thread
(reports.letters.issue_letters, as `dabir letters` does) with a progress bar and Cancel, the starting
button held until the answer is shown (act once, issue 25), and the folder named afterwards where
the user looks, with a link that opens it."""
import html
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QLabel, QSizePolicy

from ui import fmt
from ui import strings as S
from ui.dialogs import choose_folder


def result_label(parent) -> QLabel:
    """Where a screen says which folder its letters went to; hidden until then. A long path wraps
    instead of widening the window (1024 px, issue 25)."""
    label = QLabel(parent)
    label.setWordWrap(True)
    label.setOpenExternalLinks(True)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
    label.hide()
    return label


def write_letters(parent, runner, choose, guard, label: QLabel | None = None, folder: str | None = None,
                  on_done=None) -> None:
    """Write the letters `choose(session)` returns (a list of app.services.letters.LetterDTO) into a
    folder the user picks (or `folder`). `guard`: the button that started it."""
    if folder is None:
        folder = choose_folder(parent, S.LETTERS_FOLDER)
        if not folder:
            return

    def write(db, progress):
        from reports.letters import issue_letters
        return issue_letters(db, folder, choose, progress)

    def done(paths):
        url = QUrl.fromLocalFile(str(Path(folder))).toString(QUrl.ComponentFormattingOption.FullyEncoded)
        link = f'<a href="{html.escape(url)}">{html.escape(folder)}</a>'   # a folder named «a&b» stays one
        text = S.LETTERS_DONE.format(count=fmt.num(len(paths)), folder=link) if paths else S.LETTERS_NONE
        if label is not None:
            label.setText(text)
            label.show()
        window = parent.window()
        if hasattr(window, "statusBar"):
            plain = S.LETTERS_DONE.format(count=fmt.num(len(paths)), folder=folder) if paths else S.LETTERS_NONE
            window.statusBar().showMessage(plain, 15000)
        if on_done:
            on_done(paths)
    runner.write(parent, write, done, label=S.LETTERS_WRITING, with_db=True, guard=guard)
