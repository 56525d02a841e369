"""The GUI hands only allowed document kinds to the operating system (issue 22, item 10): an
attachment that is a program (from a file older than these rules, or planted by hand) is never
opened, even by Enter on its row; adding one through the window is refused with a Persian message."""
import hashlib

from PySide6.QtCore import Qt
from sqlalchemy import bindparam, text

from app.storage.models import Key

from ui.widgets import attachments as panel_module

from .helpers import click_row, error_boxes, settle
from .test_workflow_screens import _draft, chooser  # noqa: F401  (chooser is a fixture)

EXE = b"MZ\x90\x00" + b"\0" * 200


def _plant(w, meeting_id, name, content):
    with w.db.session() as s:
        s.execute(text("INSERT INTO attachment (id, meeting_id, name, size, sha256, content, created_at, updated_at, "
                       "row_version) VALUES (:id, :m, :n, :size, :sha, :c, '2026-04-01 10:00:00', "
                       "'2026-04-01 10:00:00', 1)").bindparams(bindparam("id", type_=Key), bindparam("m", type_=Key)),
                  {"id": "att-planted", "m": meeting_id, "n": name, "size": len(content),
                   "sha": hashlib.sha256(content).hexdigest(), "c": content})


def test_a_program_attachment_is_never_handed_to_the_system(qtbot, window, chooser, tmp_path, monkeypatch):  # noqa: F811
    w = window
    e = _draft(qtbot, w)
    e.tabs.setCurrentIndex(4)
    settle(qtbot, w)
    opened = []
    monkeypatch.setattr(panel_module.AttachmentsPanel, "open_with", staticmethod(lambda url: opened.append(url) or True))
    for name in ("setup.exe", "letter.pdf"):          # a program, and a program named like a PDF
        _plant(w, e.meeting.id, name, EXE)
        e.meeting_files.reload()
        settle(qtbot, w)
        assert [a.name for a in e.meeting_files.model.rows] == [name]
        click_row(qtbot, e.meeting_files.view, 0)
        qtbot.keyClick(e.meeting_files.view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(error_boxes(w)))
        box = error_boxes(w)[0]
        assert name in box.text() and "دبیر" in box.text()
        box.accept()
        settle(qtbot, w)
        assert opened == []
        with w.db.session() as s:
            s.execute(text("DELETE FROM attachment WHERE id = :id").bindparams(bindparam("id", type_=Key)),
                      {"id": "att-planted"})


def test_adding_a_program_in_the_window_is_refused(qtbot, window, chooser, tmp_path):  # noqa: F811
    w = window
    e = _draft(qtbot, w)
    e.tabs.setCurrentIndex(4)
    settle(qtbot, w)
    program = tmp_path / "run.hta"
    program.write_bytes(b"<script>alert(1)</script>")
    chooser.append(program)
    qtbot.mouseClick(e.meeting_files.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(error_boxes(w)))
    box = error_boxes(w)[0]
    assert "run.hta" in box.text() and "مجاز نیست" in box.text()
    box.accept()
    settle(qtbot, w)
    assert e.meeting_files.model.rows == []
