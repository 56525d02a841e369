"""Issue 14 in the window, through the real widgets: «همه حاضر» in the attendance tab, a meeting
duplicated as the next draft from the editor, and the Excel, Word and calendar exports through the
save dialog under their default names."""
import io

import openpyxl
import pytest
from docx import Document
from docx.oxml.ns import qn
from icalendar import Calendar
from PySide6.QtCore import Qt

from app.domain.enums import AttendanceStatus, MeetingStatus
from app.services import meetings
from ui import exports

from .helpers import error_boxes, settle, type_text

COMMITTEE = "کمیته توسعه خوشه‌های کسب و کار"


@pytest.fixture
def save_dialog(monkeypatch, tmp_path):
    """The save dialog answered with a file in tmp_path under the name it proposed; records proposals."""
    proposed = []

    def answer(parent, caption, start, file_filter, save=False):
        assert save
        proposed.append((start, file_filter))
        return str(tmp_path / start.rsplit("/", 1)[-1])
    monkeypatch.setattr(exports, "choose_file", answer)     # Qt's own dialog (ui/dialogs.choose_file)
    return proposed


def _open_first(qtbot, w):
    with w.db.session() as s:
        first = meetings.list_meetings(s)[-1]
    w.show_view(f"meeting:{first.id}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == first.id)
    settle(qtbot, w)
    return e


def test_duplicate_from_the_editor_then_everyone_present(qtbot, window):
    w = window
    e = _open_first(qtbot, w)
    src = e.meeting
    assert src.locked and not e.all_present.isEnabled()       # an approved meeting's attendance is fixed
    assert e.duplicate_button.isEnabled()                      # but it can be copied
    qtbot.mouseClick(e.duplicate_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.meeting.id != src.id)
    settle(qtbot, w)
    new = e.meeting
    assert (new.number, new.status, new.committee.id) == (src.number + 1, MeetingStatus.DRAFT, src.committee.id)
    assert e.heading.text().startswith("جلسه ۲")
    assert e.location.text() == src.location and e.start.text() and e.title.text() == src.title
    assert e.agenda_model.rowCount() == len(src.agenda) and e.resolution_model.rowCount() == 0
    assert e.attendance_model.rowCount() == len(src.attendance)
    assert e.all_present.isEnabled() and not error_boxes(w)

    # the copy is a draft like any other: the secretary retitles it by typing
    e.title.selectAll()
    type_text(e.title, "جلسه دوم کمیته")
    e.title.editingFinished.emit()
    settle(qtbot, w)

    with w.db.session() as s:                                 # some came, some did not
        people = [a.person.id for a in meetings.get_meeting(s, new.id).attendance]
        meetings.set_attendance(s, new.id, people[0], AttendanceStatus.ABSENT)
        meetings.set_attendance(s, new.id, people[1], AttendanceStatus.EXCUSED)
        meetings.set_attendance(s, new.id, people[2], AttendanceStatus.LATE)
    e.reload()
    settle(qtbot, w)
    assert e.attendance_model.data(e.attendance_model.index(0, 3)) == "غایب"
    e.tabs.setCurrentIndex(0)
    qtbot.mouseClick(e.all_present, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    shown = [e.attendance_model.data(e.attendance_model.index(i, 3)) for i in range(e.attendance_model.rowCount())]
    assert shown[:3] == ["حاضر", "حاضر", "با تأخیر"] and set(shown) == {"حاضر", "با تأخیر"}
    with w.db.session() as s:
        stored = meetings.get_meeting(s, new.id)
        assert stored.title == "جلسه دوم کمیته"
        assert {a.status for a in stored.attendance} == {AttendanceStatus.PRESENT, AttendanceStatus.LATE}
        assert meetings.get_meeting(s, src.id).title == src.title      # the original is untouched
    # the meetings list shows the new draft
    w.show_view("meetings")
    settle(qtbot, w, 300)
    lst = w.screen("meetings")
    assert any(lst.model.row(i).id == new.id for i in range(lst.model.rowCount()))


def test_tracker_exports_what_it_shows_as_excel(qtbot, window, save_dialog, tmp_path):
    w = window
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 300)
    t.status.setCurrentIndex(t.status.findData("all"))
    t.committee.setCurrentIndex(t.committee.findText(COMMITTEE))
    settle(qtbot, w, 300)
    qtbot.mouseClick(t.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    (start, file_filter), = save_dialog
    name = start.rsplit("/", 1)[-1]
    assert name.startswith(f"پیگیری مصوبات-{COMMITTEE}-۱۴") and name.endswith(".xlsx") and "xlsx" in file_filter
    ws = openpyxl.load_workbook(tmp_path / name).active
    assert ws.sheet_view.rightToLeft
    assert [r[0] for r in ws.iter_rows(min_row=2, values_only=True)] == \
        [t.model.row(i).code for i in range(t.model.rowCount())]


def test_documents_screen_exports_word_and_calendar_and_names_the_pdf(qtbot, window, save_dialog, tmp_path):
    w = window
    w.show_view("documents")
    d = w.screen("documents")
    settle(qtbot, w)
    d.kind.setCurrentIndex(d.kind.findData("attendance"))
    assert not d.export_button.isEnabled()                       # a sheet to sign has no other format
    d.kind.setCurrentIndex(d.kind.findData("minutes"))
    assert d.export_button.isEnabled() and "ورد" in d.export_button.text()
    qtbot.mouseClick(d.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    name = save_dialog[-1][0].rsplit("/", 1)[-1]
    assert name == f"صورتجلسه-{COMMITTEE}-۱-۱۴۰۵-۰۸-۲۰.docx"
    doc = Document(io.BytesIO((tmp_path / name).read_bytes()))
    assert all(p._p.pPr.find(qn("w:bidi")) is not None for p in doc.paragraphs if p.text)

    d.kind.setCurrentIndex(d.kind.findData("invitation"))
    qtbot.mouseClick(d.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    name = save_dialog[-1][0].rsplit("/", 1)[-1]
    assert name == f"دعوتنامه-{COMMITTEE}-۱-۱۴۰۵-۰۸-۲۰.ics"
    event = Calendar.from_ical((tmp_path / name).read_bytes()).walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Asia/Tehran"

    d.kind.setCurrentIndex(d.kind.findData("minutes"))
    assert d.default_name("pdf") == f"صورتجلسه-{COMMITTEE}-۱-۱۴۰۵-۰۸-۲۰.pdf"
    d.kind.setCurrentIndex(d.kind.findData("report"))
    assert d.default_name("pdf").startswith("گزارش پیگیری مصوبات-۱۴")
    assert not error_boxes(w)


def test_an_export_to_a_vanished_folder_is_a_persian_message(qtbot, window, monkeypatch, tmp_path):
    w = window
    gone = tmp_path / "gone" / "x.xlsx"
    monkeypatch.setattr(exports, "choose_file", lambda *a, **k: str(gone))
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 300)
    qtbot.mouseClick(t.export_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    boxes = error_boxes(w)
    assert boxes and "پوشه مقصد وجود ندارد" in boxes[0].text() and not gone.parent.exists()
    for b in boxes:
        b.close()
