"""Issue 25: signing from the window with a new office key asks the passphrase twice (a typo would lock
the key for good): two that differ sign nothing and make no key; the same twice signs, and the status
line says where the signed copy is and how to keep it."""
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QInputDialog

from app.services import meetings
from ui import strings as S

from .helpers import error_boxes, open_window, settle


def answer_inputs(answers: list[str], asked: list[str]) -> None:
    """Type each answer into the next passphrase dialog and press OK, until the list is used up."""
    def fill():
        if not answers:
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QInputDialog):
            asked.append(box.labelText())
            box.setTextValue(answers.pop(0))
            box.accept()
        QTimer.singleShot(20, fill)
    QTimer.singleShot(0, fill)


def test_a_new_key_asks_the_passphrase_twice(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.delenv("DABIR_KEY_PASSPHRASE", raising=False)
    w = open_window(qtbot, tmp_path / "d.dabir")
    docs = w.screen("documents")
    with w.db.session() as s:
        mid = meetings.list_meetings(s)[0].id              # the demo's meeting, approved
    w.show_view("documents")
    docs.show_document("minutes", mid)
    settle(qtbot, w)
    unsigned = docs.path
    asked = []
    answers = ["گذر ۱۲۳", "گذر ۱۲۴"]
    answer_inputs(answers, asked)
    qtbot.mouseClick(docs.sign_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w, 100)
    assert asked == [S.SIGN_PASSPHRASE_NEW, S.SIGN_PASSPHRASE_AGAIN]
    assert [b.text() for b in error_boxes(docs)] == [S.SIGN_PASSPHRASES_DIFFER]
    assert docs.path == unsigned and not list((tmp_path / "keys").glob("*.p12"))
    error_boxes(docs)[0].accept()
    asked.clear()
    answers += ["گذر ۱۲۳", "گذر ۱۲۳"]
    answer_inputs(answers, asked)
    qtbot.mouseClick(docs.sign_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w, 100)
    w.runner.wait()
    settle(qtbot, w)
    assert len(asked) == 2 and not error_boxes(docs)
    assert docs.path.name.startswith("signed-") and list((tmp_path / "keys").glob("*.p12"))
    assert w.statusBar().currentMessage() == S.SIGNED_WHERE
    w.runner.wait()
    w.db.close()
