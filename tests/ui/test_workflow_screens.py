"""Issue 14 in the window, through real widgets: a follow-up with its date, letter number and letter;
attachments on a meeting and a resolution (add, open, save as, delete, the size limit); votes typed
in Persian digits; a committee's agenda template on the next new meeting."""
import hashlib
import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from app.domain import jalali
from app.services import attachments, committees, meetings, resolutions
from ui import dialogs
from ui.widgets import attachments as panel_module
from tests.documents import ooxml

from .helpers import answer_next_box, click_row, error_boxes, settle, type_text


@pytest.fixture
def chooser(monkeypatch):
    """Qt's file dialog answered with the next path in `answers` (save dialogs too)."""
    answers = []

    def answer(parent, caption, start, filters, save=False):
        return str(answers.pop(0)) if answers else ""
    monkeypatch.setattr(dialogs, "choose_file", answer)
    monkeypatch.setattr(panel_module, "choose_file", answer)
    return answers


def _draft(qtbot, w):
    with w.db.session() as s:
        first = meetings.list_meetings(s)[-1].id
        draft = meetings.duplicate_meeting(s, first).id
        resolutions.add_resolution(s, draft, "تصویب بودجه")
    w.show_view(f"meeting:{draft}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == draft)
    settle(qtbot, w)
    return e


def test_follow_up_with_letter_number_and_letter_from_the_tracker(qtbot, window, chooser, tmp_path):
    w = window
    letter = tmp_path / "نامه ۴۵.pdf"
    letter.write_bytes(b"%PDF-1.4 reply")
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 300)
    click_row(qtbot, t.view, 0)
    r = t.model.row(0)
    t.follow_up.date.selectAll()
    type_text(t.follow_up.date, "۱۴۰۵/۰۹/۰۲")
    type_text(t.follow_up.note, "پاسخ استانداری رسید")
    type_text(t.follow_up.letter, "۴۵/۱۲۳")
    chooser.append(letter)
    qtbot.mouseClick(t.follow_up.attach_button, Qt.MouseButton.LeftButton)
    assert "نامه ۴۵.pdf" in t.follow_up.attach_button.text()
    t.follow_up.letter.setFocus()
    qtbot.keyClick(t.follow_up.letter, Qt.Key.Key_Return)                  # Enter records it
    settle(qtbot, w)
    assert not error_boxes(w)
    assert t.follow_up.letter.text() == "" and "نامه ۴۵" not in t.follow_up.attach_button.text()
    with w.db.session() as s:
        latest = max(resolutions.get_resolution(s, r.id).follow_ups, key=lambda f: f.recorded_at)
        [a] = attachments.list_attachments(s, "follow_up", latest.id)
    assert latest.date == jalali.parse_date("1405/09/02") and latest.letter_number == "۴۵/۱۲۳"
    assert latest.note == "پاسخ استانداری رسید" and a.name == "نامه ۴۵.pdf"
    row = next(i for i in range(t.model.rowCount()) if t.model.row(i).id == r.id)
    assert "۴۵/۱۲۳" in t.model.data(t.model.index(row, 7))


def test_attachments_and_votes_in_the_editor(qtbot, window, chooser, tmp_path, monkeypatch):
    w = window
    e = _draft(qtbot, w)
    e.tabs.setCurrentIndex(4)
    settle(qtbot, w)
    assert e.meeting_files.add_button.isEnabled()
    assert not e.resolution_files.add_button.isEnabled()                   # no resolution chosen yet
    report = tmp_path / "گزارش.pptx"
    data = ooxml("ppt", 3 * 2 ** 20)          # attachments are sniffed: a real package
    report.write_bytes(data)
    chooser.append(report)
    qtbot.mouseClick(e.meeting_files.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert [a.name for a in e.meeting_files.model.rows] == ["گزارش.pptx"]
    assert "مگابایت" in e.meeting_files.model.data(e.meeting_files.model.index(0, 1))
    # too big: a Persian message, nothing added
    huge = tmp_path / "فیلم.mp4"
    with open(huge, "wb") as f:
        f.truncate(attachments.MAX_SIZE + 1)
    chooser.append(huge)
    seen = []
    qtbot.mouseClick(e.meeting_files.add_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(error_boxes(w)))
    box = error_boxes(w)[0]
    seen.append(box.text())
    box.accept()
    assert "مگابایت" in seen[0] and "فیلم.mp4" in seen[0]
    settle(qtbot, w)
    assert len(e.meeting_files.model.rows) == 1
    # opened: a copy handed to the operating system; saved as: the same bytes
    opened = []
    monkeypatch.setattr(panel_module.AttachmentsPanel, "open_with", staticmethod(lambda url: opened.append(url) or True))
    click_row(qtbot, e.meeting_files.view, 0)
    qtbot.keyClick(e.meeting_files.view, Qt.Key.Key_Return)
    settle(qtbot, w)
    copy = opened[0].toLocalFile()
    assert hashlib.sha256(Path(copy).read_bytes()).hexdigest() == hashlib.sha256(data).hexdigest()
    chooser.append(tmp_path / "ذخیره.pptx")
    qtbot.mouseClick(e.meeting_files.save_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert (tmp_path / "ذخیره.pptx").read_bytes() == data

    # votes on the selected resolution, typed in Persian digits
    e.tabs.setCurrentIndex(2)
    settle(qtbot, w)
    click_row(qtbot, e.resolution_view, 0)
    for key, text in (("for_", "۷"), ("against", "۲"), ("abstain", "۱")):
        e.votes[key].selectAll()
        type_text(e.votes[key], text)
    qtbot.keyClick(e.votes["abstain"], Qt.Key.Key_Return)
    settle(qtbot, w)
    rid = e.meeting.resolutions[0].id
    with w.db.session() as s:
        v = resolutions.get_resolution(s, rid).votes
    assert (v.for_, v.against, v.abstain) == (7, 2, 1)
    assert e.resolution_model.data(e.resolution_model.index(0, 5)) == "موافق ۷، مخالف ۲، ممتنع ۱"
    w.grab().save(str(tmp_path / "votes.png"))
    e.votes["for_"].selectAll()
    type_text(e.votes["for_"], "هفت")
    qtbot.keyClick(e.votes["for_"], Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(error_boxes(w)))
    error_boxes(w)[0].accept()

    # the selected resolution's attachments
    e.tabs.setCurrentIndex(4)
    settle(qtbot, w)
    assert "۲-۱" in e.resolution_files.title() and e.resolution_files.add_button.isEnabled()
    chooser.append(report)
    qtbot.mouseClick(e.resolution_files.add_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert [a.name for a in e.resolution_files.model.rows] == ["گزارش.pptx"]
    w.grab().save(str(tmp_path / "attachments.png"))
    # deleting asks first
    click_row(qtbot, e.meeting_files.view, 0)
    answer_next_box(True)
    qtbot.mouseClick(e.meeting_files.delete_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert e.meeting_files.model.rows == []
    # once approved, the panels only read
    with w.db.session() as s:
        meetings.approve_meeting(s, e.meeting.id)
    e.reload()
    settle(qtbot, w)
    assert not e.meeting_files.add_button.isEnabled() and not e.resolution_files.delete_button.isEnabled()
    assert e.resolution_files.open_button.isEnabled()


def test_agenda_template_typed_in_the_committee_screen(qtbot, window):
    w = window
    w.show_view("committees")
    c = w.screen("committees")
    settle(qtbot, w)
    cid = c.current.id
    type_text(c.template, "گزارش دبیر")
    settle(qtbot, w, 900)
    with w.db.session() as s:
        assert committees.get_committee(s, cid).agenda_template == ("گزارش دبیر",)
        new = meetings.create_meeting(s, cid).id
        assert [a.title for a in meetings.get_meeting(s, new).agenda] == ["گزارش دبیر"]
    w.grab().save(str(os.environ.get("DABIR_SHOT_DIR", "/tmp")) + "/committee-template.png")


def test_who_voted_how_in_the_editor(qtbot, window, tmp_path):
    """«ثبت نام رأی‌دهندگان»: the present members listed (guests not), each choice set from the keyboard,
    Enter saves; the file holds the names, the tally follows them and is read-only while they exist."""
    from PySide6.QtWidgets import QApplication
    from app.domain.enums import Role
    w = window
    e = _draft(qtbot, w)
    e.tabs.setCurrentIndex(0)
    qtbot.mouseClick(e.all_present, Qt.MouseButton.LeftButton)             # «همه حاضر»
    settle(qtbot, w)
    members = [a.person for a in e.meeting.attendance if a.role != Role.GUEST]
    e.tabs.setCurrentIndex(2)
    settle(qtbot, w)
    assert not e.voters_button.isEnabled()                                  # no resolution chosen yet
    click_row(qtbot, e.resolution_view, 0)
    assert e.voters_button.isEnabled()
    qtbot.mouseClick(e.voters_button, Qt.MouseButton.LeftButton)
    d = e.voters_dialog
    qtbot.waitUntil(lambda: d.isVisible())
    assert [name for _, name in d.people] == [p.full_name for p in members]
    qtbot.waitUntil(lambda: QApplication.focusWidget() is d.combos[0])
    # member 1: موافق (one down); Tab; member 2: موافق; Tab; member 3: مخالف (two down); Tab; member 4: ممتنع
    for downs in (1, 1, 2, 3):
        combo = QApplication.focusWidget()
        for _ in range(downs):
            qtbot.keyClick(combo, Qt.Key.Key_Down)
        qtbot.keyClick(combo, Qt.Key.Key_Tab)
    assert [c.currentText() for c in d.combos[:4]] == ["موافق", "موافق", "مخالف", "ممتنع"]
    assert d.tally.text() == "آرا: موافق ۲، مخالف ۱، ممتنع ۱"
    d.grab().save(str(tmp_path / "voters.png"))
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)            # Enter saves
    settle(qtbot, w)
    assert not d.isVisible() and not error_boxes(w)
    rid = e.meeting.resolutions[0].id
    with w.db.session() as s:
        r = resolutions.get_resolution(s, rid)
    assert [(v.name, v.choice.value) for v in r.voters] == [
        (members[0].full_name, "for"), (members[1].full_name, "for"), (members[2].full_name, "against"),
        (members[3].full_name, "abstain")]
    assert (r.votes.for_, r.votes.against, r.votes.abstain) == (2, 1, 1)
    assert e.resolution_model.data(e.resolution_model.index(0, 5)) == "موافق ۲، مخالف ۱، ممتنع ۱"
    assert e.votes["for_"].text() == "۲" and e.votes["for_"].isReadOnly() and not e.votes_save.isEnabled()
    w.grab().save(str(tmp_path / "editor-voters.png"))
    # opened again: the recorded choices; one withdrawn («—», up to the top), the tally follows
    qtbot.mouseClick(e.voters_button, Qt.MouseButton.LeftButton)
    d = e.voters_dialog
    qtbot.waitUntil(lambda: d.isVisible())
    assert [c.currentText() for c in d.combos[:4]] == ["موافق", "موافق", "مخالف", "ممتنع"]
    for _ in range(3):
        qtbot.keyClick(d.combos[0], Qt.Key.Key_Up)
    qtbot.keyClick(d.combos[0], Qt.Key.Key_Return)
    settle(qtbot, w)
    with w.db.session() as s:
        r = resolutions.get_resolution(s, rid)
    assert [v.name for v in r.voters] == [p.full_name for p in members[1:4]] and r.votes.for_ == 1
    # «پاک کردن آرا» takes away the names and the tally together
    qtbot.mouseClick(e.votes_clear, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    with w.db.session() as s:
        r = resolutions.get_resolution(s, rid)
    assert r.voters == () and r.votes is None and not e.votes["for_"].isReadOnly()
