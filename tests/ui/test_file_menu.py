"""Issue 25: the File menu has «پرونده تازه…» (an empty file, opened; an existing one never
overwritten) and «ادغام پرونده دفتر دیگر…» (the README's File → Merge)."""
import hashlib

from app.services import files, meetings
from ui import main_window
from ui import strings as S
from ui.screens import sharing

from .helpers import error_boxes, settle


def menu_texts(w):
    return [a.text() for a in w.menuBar().actions()[0].menu().actions()]


def test_new_file_from_the_menu(qtbot, window, tmp_path, monkeypatch):
    w = window
    assert S.ACT_NEW_FILE in menu_texts(w) and S.MERGE_FILE in menu_texts(w)
    answers = [str(tmp_path / "دفتر تازه")]
    monkeypatch.setattr(main_window, "choose_file", lambda *a, **k: answers.pop(0) if answers else "")
    w.new_file_action.trigger()
    settle(qtbot, w)
    new = tmp_path / "دفتر تازه.dabir"
    assert new.exists() and str(w.db.path) == str(new)
    with w.db.session() as s:
        assert meetings.count_meetings(s) == 0
    # an existing file: refused with a message, left byte-identical
    before = hashlib.sha256(new.read_bytes()).hexdigest()
    files.open_database(tmp_path / "other.dabir", create=True).close()
    assert w.open_file(tmp_path / "other.dabir")
    settle(qtbot, w)
    answers.append(str(new))
    w.new_file_action.trigger()
    settle(qtbot, w)
    assert len(error_boxes(w)) == 1 and "دفتر تازه.dabir" in error_boxes(w)[0].text()
    assert hashlib.sha256(new.read_bytes()).hexdigest() == before and w.db.path.name == "other.dabir"


def test_merge_from_the_menu(qtbot, window, monkeypatch):
    w = window
    asked = []
    monkeypatch.setattr(sharing, "choose_file", lambda *a, **k: asked.append(a[1]) or "")
    w.merge_action.trigger()
    settle(qtbot, w)
    assert asked == [S.MERGE_FILE] and w.stack.currentWidget() is w.screen("sharing")
