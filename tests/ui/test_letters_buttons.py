"""Issue 26, letters from where a secretary works: «ابلاغیه‌ها…» beside the meeting's documents and
«یادآوری معوق‌ها…» in the tracker, pressed with real mouse events, the folder typed into Qt's own
folder dialog and confirmed with Enter. The letters are read back (their text layer, their entries
in the register, `verify`), a double-click writes them once, and the folder is named on the screen.

The file is tests/reports/test_letters.py's office: meeting ۲ of «کمیته آب» gives استانداری, جهاد
کشاورزی and سازمان صنعت، معدن و تجارت (through its staff member) a letter each; overdue today (every
deadline is in 1405's summer): استانداری (پل, ایستگاه), جهاد کشاورزی (گزارش), SAMT (لوله)."""
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit

from app.domain.jalali import parse_date as J
from app.services import issued
from tests.reports.test_letters import SAMT, _has, _register, _text, office  # noqa: F401 (a fixture)
from ui.widgets.common import choose

from .helpers import open_window, settle, type_text
from .test_act_once import double_click

LEFT = Qt.MouseButton.LeftButton


@pytest.fixture
def window(qtbot, office):   # noqa: F811
    path, mid, ids = office
    w = open_window(qtbot, path, with_demo=False)
    w.resize(1024, 768)
    w.meeting_id, w.ids = mid, ids
    yield w
    w.runner.wait()
    w.db.close()


def answer_folder(folder: Path, seen: list) -> None:
    """When Qt's folder dialog comes up, go to `folder`'s parent, type its name into the name field
    and press Enter, as a user does; `seen` counts the dialogs that came up."""
    def look():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, look)
            return
        seen.append(dialog.fileMode())
        dialog.setDirectory(str(folder.parent))          # where the user has browsed to
        field = dialog.findChild(QLineEdit, "fileNameEdit")
        field.clear()
        type_text(field, folder.name)
        QTest.keyClick(field, Qt.Key.Key_Return)
    QTimer.singleShot(0, look)


def _pdfs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pdf"))


def test_notifications_from_the_meetings_documents(qtbot, window, tmp_path):
    w = window
    w.show_view("documents")
    settle(qtbot, w)
    docs = w.screen("documents")
    choose(docs.kind, "minutes")
    choose(docs.meeting, w.meeting_id)
    assert docs.letters_button.isVisible() and not docs.letters_label.isVisible()
    out = tmp_path / "ابلاغیه‌ها"
    out.mkdir()
    seen = []
    answer_folder(out, seen)
    double_click(docs.letters_button)        # an impatient double-click: one folder asked, one set written
    assert not docs.letters_button.isEnabled() or w.runner.idle()   # held while the letters are written
    settle(qtbot, w, 100)
    assert seen == [QFileDialog.FileMode.Directory]
    files = _pdfs(out)
    assert len(files) == 3 and all(f.name.startswith("ابلاغیه-کمیته آب-۲-") for f in files)
    register = _register(w.db.path)
    assert [(k, m) for k, _, _, m, _ in register] == [("letter", w.meeting_id)] * 3
    with w.db.session() as s:
        for f in files:
            entry = issued.find_issued(s, issued.file_sha256(f))
            assert entry is not None and entry.kind == "letter"
    texts = [_text(f) for f in files]
    assert any(_has(t, "به: استانداری") and _has(t, "ساخت پل روستا") for t in texts)
    assert any(_has(t, f"به: {SAMT}") and _has(t, "تأمین لوله") for t in texts)
    assert not any(_has(t, "طرح لغو شده") for t in texts)                 # cancelled: no one's letter
    # the folder is named where the user looks, with a link that opens it
    assert docs.letters_label.isVisible() and str(out) in docs.letters_label.text()
    assert "۳ نامه" in docs.letters_label.text() and "۳ نامه" in w.statusBar().currentMessage()
    assert docs.letters_button.isEnabled()
    # not for the follow-up report (no meeting to notify of)
    choose(docs.kind, "report")
    assert not docs.letters_button.isVisible()


def test_cancelled_folder_writes_nothing(qtbot, window, tmp_path):
    w = window
    w.show_view("documents")
    settle(qtbot, w)
    docs = w.screen("documents")
    choose(docs.kind, "minutes")
    choose(docs.meeting, w.meeting_id)

    def cancel():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QFileDialog):
            QTest.keyClick(dialog, Qt.Key.Key_Escape)
        else:
            QTimer.singleShot(20, cancel)
    QTimer.singleShot(0, cancel)
    qtbot.mouseClick(docs.letters_button, LEFT)
    settle(qtbot, w)
    assert _register(w.db.path) == [] and not docs.letters_label.isVisible()


def test_reminders_from_the_filtered_tracker(qtbot, window, tmp_path):
    w = window
    w.show_view("tracker")
    settle(qtbot, w)
    tracker = w.screen("tracker")
    assert tracker.reminders_button.isVisible()
    # filtered to one body: only its letter, with its overdue resolutions
    tracker.organization.setCurrentIndex(tracker.organization.findText("استانداری"))
    settle(qtbot, w, 300)
    out = tmp_path / "one"
    out.mkdir()
    seen = []
    answer_folder(out, seen)
    qtbot.mouseClick(tracker.reminders_button, LEFT)
    settle(qtbot, w, 100)
    files = _pdfs(out)
    assert len(seen) == 1 and len(files) == 1 and files[0].name.startswith("یادآوری مصوبات معوق-استانداری-")
    text = _text(files[0])
    assert _has(text, "به: استانداری") and _has(text, "ساخت پل روستا") and _has(text, "تعمیر ایستگاه پمپاژ")
    assert not _has(text, "تأمین لوله") and not _has(text, "نصب کنتور")        # SAMT's; done
    assert [k for k, *_ in _register(w.db.path)] == ["reminder"]
    assert str(out) in tracker.letters_label.text()
    # a body reached through its staff member is the tracker's filter too
    tracker.organization.setCurrentIndex(tracker.organization.findText(SAMT))
    settle(qtbot, w, 300)
    out2 = tmp_path / "samt"
    out2.mkdir()
    answer_folder(out2, seen)
    qtbot.mouseClick(tracker.reminders_button, LEFT)
    settle(qtbot, w, 100)
    files = _pdfs(out2)
    assert len(files) == 1 and _has(_text(files[0]), f"به: {SAMT}") and _has(_text(files[0]), "تأمین لوله")
    # every body, deadlines up to ۱۴۰۵/۰۷/۰۱: جهاد کشاورزی's report (due ۰۸/۰۱) is not chased
    tracker.organization.setCurrentIndex(0)
    tracker.deadline_to.set_value(J("1405/07/01"))
    settle(qtbot, w, 300)
    out3 = tmp_path / "all"
    out3.mkdir()
    answer_folder(out3, seen)
    qtbot.mouseClick(tracker.reminders_button, LEFT)
    settle(qtbot, w, 100)
    texts = [_text(f) for f in _pdfs(out3)]
    assert len(texts) == 2 and not any(_has(t, "جهاد کشاورزی") for t in texts)
    # the numbers go on: ۱۴۰۵/۱ … ۱۴۰۵/۴, each once
    numbers = [n for _, n, *_ in _register(w.db.path)]
    assert len(numbers) == len(set(numbers)) == 4
