"""Persian everywhere (issue 9): every screen, tab and dialog — Qt's own file and print dialogs
included — shows no Latin-letter label unless it is a code or a proper noun (PDF, PNG, a file name)."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QFileDialog,
                               QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QProgressDialog, QTabWidget,
                               QTableView, QTreeView, QWidget)

from app.domain.errors import ValidationError
from ui import strings as S
from ui.dialogs import ask_new_party, error_text, file_dialog, show_error

from .helpers import settle

ROOT = Path(__file__).resolve().parents[2]
# codes and proper nouns that stay Latin: file formats, a file filter's patterns, paths and file names
ALLOWED = re.compile(r"\b(PDF|PNG|JPEG|ZIP|SQLite|QR|CDA|C\+\+|C|ics)\b|\*\.\w+|(/[\w.\-]*)+/?|[\w\-]+\.(dabir|pdf|png)\b")
LATIN = re.compile(r"[A-Za-z]{2,}")


def labels(root: QWidget) -> list[tuple[str, str]]:
    """Every label a user reads under `root` (not the data in lists): (where, text)."""
    out = []
    widgets = [root] + root.findChildren(QWidget)
    for w in widgets:
        name = type(w).__name__
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append((name, re.sub(r"<[^>]+>", "", w.text())))
        if isinstance(w, QGroupBox):
            out.append((name, w.title()))
        if isinstance(w, (QLineEdit, QPlainTextEdit)):
            out.append((name + ".placeholder", w.placeholderText()))
        if isinstance(w, QTabWidget):
            out += [(name + ".tab", w.tabText(i)) for i in range(w.count())]
        if isinstance(w, (QTableView, QTreeView)) and w.model() is not None:
            m = w.model()
            out += [(name + ".header", str(m.headerData(i, Qt.Orientation.Horizontal) or ""))
                    for i in range(m.columnCount())]
        if isinstance(w, QComboBox) and not w.isEditable():
            out += [(name + ".item", w.itemText(i)) for i in range(w.count())]
        if w.toolTip():
            out.append((name + ".tooltip", w.toolTip()))
        if w.isWindow() and w.windowTitle():
            out.append((name + ".title", w.windowTitle()))
    out += [("QAction", a.text()) for a in root.findChildren(QAction)]
    return out


def latin(root: QWidget) -> list[tuple[str, str]]:
    return [(where, text) for where, text in labels(root) if LATIN.search(ALLOWED.sub("", text.replace("&", "")))]


def test_every_screen_and_tab_is_persian(qtbot, window):
    w = window
    found = []
    for key in ("meetings", "tracker", "committees", "directory", "documents", "search", "sharing", "settings"):
        w.show_view(key)
        settle(qtbot, w, 50)
        found += latin(w)
    docs = w.screen("documents")
    for i in range(docs.kind.count()):               # the per-meeting and the report filters
        docs.kind.setCurrentIndex(i)
        found += latin(docs)
    w.open_meeting(w.screen("meetings").model.row(0).id)
    settle(qtbot, w)
    for i in range(w.editor.tabs.count()):
        w.editor.tabs.setCurrentIndex(i)
        settle(qtbot, w)
        found += latin(w)
    found += latin(w.editor.date.calendarWidget())
    found += [("menu", a.text()) for a in w.menuBar().actions() if LATIN.search(a.text())]
    assert found == []


def _collect_when_shown(kind, seen: list, close):
    def look():
        box = QApplication.activeModalWidget()
        if not isinstance(box, kind):
            QTimer.singleShot(20, look)
            return
        seen.extend(latin(box) or [("ok", "")])
        close(box)
    QTimer.singleShot(0, look)


def test_message_boxes_and_progress_are_persian(qtbot, window):
    w = window
    box = show_error(w, error_text(ValidationError("end", "پایان عضویت پیش از آغاز آن است", "ends before"),
                                   S.ROSTER_FIELD_NAMES))
    assert box.text() == "پایان عضویت: پایان عضویت پیش از آغاز آن است"
    assert latin(box) == []
    box.close()
    assert error_text(ValidationError("logo", "این پرونده تصویر نیست", "not an image")).startswith("نشان: ")
    assert error_text(ValidationError("choice", "گزینه نامعتبر", "bad choice")) == "گزینه نامعتبر"
    seen = []
    _collect_when_shown(type(box), seen, lambda b: b.escapeButton().click())
    ask_new_party(w, "آب منط", ["شرکت آب منطقه‌ای لرستان"])
    assert seen == [("ok", "")]
    progress = QProgressDialog(S.BUILDING, S.CANCEL, 0, 10, w)
    progress.show()
    assert latin(progress) == []
    progress.close()


@pytest.mark.parametrize("save", [False, True])
def test_qt_file_dialog_is_persian(qtbot, window, tmp_path, save):
    here = tmp_path / "files"                            # beside tmp_path's config and state folders
    here.mkdir()
    (here / "minutes.pdf").write_bytes(b"%PDF-1.4\n")
    (here / "folder").mkdir()
    dialog = file_dialog(window, S.SAVE_AS if save else S.ACT_OPEN, str(here), S.PDF_FILTER, save=save)
    dialog.setViewMode(QFileDialog.ViewMode.Detail)    # the kinds of files show in the detail view
    dialog.show()
    qtbot.waitUntil(lambda: dialog.findChild(QAbstractItemView, "treeView").model().rowCount(
        dialog.findChild(QAbstractItemView, "treeView").rootIndex()) == 2)
    assert latin(dialog) == []
    tree = dialog.findChild(QAbstractItemView, "treeView")
    kinds = {tree.model().index(r, 2, tree.rootIndex()).data() for r in range(2)}
    assert kinds == {"پوشه", "سند PDF"}                 # «Folder», «PDF document» in English before
    labels_now = {dialog.labelText(label) for label in QFileDialog.DialogLabel}
    assert not any(LATIN.search(t) for t in labels_now), labels_now
    dialog.close()


def test_print_dialog_is_persian(qtbot, window):
    printer = QPrinter()                                 # outlives its dialog
    dialog = QPrintDialog(printer, window)
    dialog.show()
    assert latin(dialog) == []
    dialog.close()


def test_committed_translation_is_built_from_its_source(tmp_path):
    lrelease = shutil.which("pyside6-lrelease", path=str(Path(__import__("sys").executable).parent))
    assert lrelease, "pyside6-lrelease comes with PySide6-Essentials"
    out = tmp_path / "built.qm"
    subprocess.run([lrelease, "-silent", str(ROOT / "resources/translations/dabir_qt_fa.ts"), "-qm", str(out)],
                   check=True)
    assert out.read_bytes() == (ROOT / "resources/translations/dabir_qt_fa.qm").read_bytes()


def test_a_refused_time_names_the_field_in_persian_and_echoes_the_digits(qtbot, window):
    from .helpers import error_boxes, type_text
    w = window
    w.new_action.trigger()
    settle(qtbot, w, 50)
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None)
    settle(qtbot, w)
    type_text(e.end, "۱۱.۴۵")
    e.location.setFocus()
    settle(qtbot, w)
    text = error_boxes(e)[-1].text()
    assert text.startswith("ساعت پایان: ساعت «۱۱.۴۵» به شکل ساعت:دقیقه نیست") and not LATIN.search(text)
    assert e.end.text() == "۱۱.۴۵"
