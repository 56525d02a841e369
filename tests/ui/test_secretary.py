"""End to end, as a secretary works: directory, committee and roster, a new meeting, attendance,
agenda, resolutions, approval; then the locked meeting refuses edits, and its minutes are previewed,
saved, and read back with pdfplumber. Real widgets, real file, real PDF."""
import datetime as dt
import unicodedata

import pdfplumber
from PySide6.QtPdf import QPdfDocument

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox

from app.domain.enums import AttendanceStatus, MeetingStatus
from app.services import committees, meetings
from ui.widgets.jalali_date import jalali_qdate

from .helpers import answer_next_box, error_boxes, settle, type_text, open_window

PEOPLE = [("علیرضا کرمی", "استاندار"), ("مریم رضایی", "دبیر کمیته"), ("فرزاد محمدی", "مدیرعامل"),
          ("زهرا موسوی", "کارشناس")]
RESOLUTIONS = [("تهیه فهرست دستگاه‌های عضو کمیته تا پایان ماه", "استانداری لرستان", (1405, 10, 15)),
               ("برگزاری جلسه آموزشی برای کارشناسان عامل توسعه خوشه (CDA)", "مریم رضایی", (1405, 11, 1)),
               ("ارسال گزارش پیشرفت خوشه ورشو به دبیرخانه", "فرزاد محمدی", (1405, 12, 29))]


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path / "office.dabir", with_demo=False)
    yield w
    w.runner.wait()
    w.db.close()


def click(qtbot, button):
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def edit_cell(qtbot, view, row, column, pick):
    """Open the cell's editor (a combo), choose `pick` (item text), and commit with Enter."""
    index = view.model().index(row, column)
    view.setCurrentIndex(index)
    view.edit(index)
    combos = [c for c in view.viewport().findChildren(QComboBox) if c.isVisible()]
    assert len(combos) == 1
    combo = combos[0]
    combo.setCurrentIndex(combo.findText(pick))
    qtbot.keyClick(combo, Qt.Key.Key_Return)


def _plain(text: str) -> str:
    return "".join(text.split()).replace("\u200c", "")


def _logical_lines(pdf_text: str) -> str:
    """pdfplumber gives each line in visual order with presentation forms; NFKC gives back the base
    letters and reversing a right-to-left line gives its logical order (our texts have no lam-alef)."""
    return "\n".join(_plain(unicodedata.normalize("NFKC", line))[::-1] for line in pdf_text.splitlines())


def test_secretary_records_approves_and_prints_a_meeting(qtbot, window, tmp_path):
    w = window
    # --- the directory: an organisation and four people ---------------------------------------
    w.show_view("directory")
    d = w.screen("directory")
    type_text(d.o_name, "استانداری لرستان")
    click(qtbot, d.add_org)
    settle(qtbot, w, 300)
    for name, post in PEOPLE:
        type_text(d.p_name, name)
        type_text(d.p_post, post)
        d.p_org.setCurrentIndex(d.p_org.findText("استانداری لرستان"))
        click(qtbot, d.add_person)
        settle(qtbot, w)
    qtbot.waitUntil(lambda: d.people.rowCount() == 4)

    # --- a committee with four members ----------------------------------------------------------
    w.show_view("committees")
    c = w.screen("committees")
    type_text(c.new_name, "کمیته توسعه خوشه‌های کسب و کار")
    click(qtbot, c.create_button)
    settle(qtbot, w, 50)
    qtbot.waitUntil(lambda: c.current is not None and len(c.person.labels()) == 4)
    roles = ["رئیس", "دبیر", "عضو", "عضو"]
    for (name, _), role in zip(PEOPLE, roles):
        type_text(c.person, name)
        c.role.setCurrentIndex(c.role.findText(role))
        click(qtbot, c.add_member_button)
        settle(qtbot, w, 50)
    qtbot.waitUntil(lambda: c.members.rowCount() == 4)

    # --- Ctrl+N: a new meeting with the roster as expected attendees ----------------------------
    w.show_view("meetings")
    w.activateWindow()
    qtbot.waitExposed(w)
    qtbot.keyClick(w.screen("meetings").view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot, w, 50)
    e = w.editor
    qtbot.waitUntil(lambda: w.stack.currentWidget() is e and e.meeting is not None)
    settle(qtbot, w)
    assert e.meeting.number == 1 and e.attendance_model.rowCount() == 4
    assert e.meeting.date == dt.date.today()
    assert e.chair.currentText() == PEOPLE[0][0]

    type_text(e.title, "نخستین جلسه")
    type_text(e.location, "سالن جلسات استانداری")
    e.location.clearFocus()
    type_text(e.start, "۱۰:۳۰")
    e.summary.setFocus()               # leaving a field saves it
    settle(qtbot, w, 50)

    # attendance: the third member absent, the fourth attends on behalf of the third
    edit_cell(qtbot, e.attendance_view, 2, 3, "غایب")
    settle(qtbot, w)
    edit_cell(qtbot, e.attendance_view, 3, 4, PEOPLE[2][0])
    settle(qtbot, w)

    # agenda: two items, then the second moved to the top
    for title in ("گزارش دبیر کمیته", "معرفی خوشه‌های صنعتی استان"):
        type_text(e.agenda_title, title)
        click(qtbot, e.add_agenda)
        settle(qtbot, w)
    qtbot.waitUntil(lambda: e.agenda_model.rowCount() == 2)
    e.agenda_view.selectRow(1)
    click(qtbot, e.agenda_up)
    settle(qtbot, w)
    assert [e.agenda_model.row(i).title for i in range(2)] == ["معرفی خوشه‌های صنعتی استان", "گزارش دبیر کمیته"]

    # three resolutions with responsible parties and deadlines
    for text, party, (y, m, dd) in RESOLUTIONS:
        type_text(e.res_text, text)
        type_text(e.res_parties, party)
        e.res_deadline.check.setChecked(True)
        e.res_deadline.edit.setDate(jalali_qdate(y, m, dd))
        click(qtbot, e.add_resolution)
        settle(qtbot, w)
    qtbot.waitUntil(lambda: e.resolution_model.rowCount() == 3)
    assert [e.resolution_model.row(i).code for i in range(3)] == ["۱-۱", "۱-۲", "۱-۳"]
    assert e.resolution_model.data(e.resolution_model.index(2, 3)) == "۱۴۰۵/۱۲/۲۹"

    # the discussion summary is saved without pressing anything
    type_text(e.summary, "گزارش دبیر درباره خوشه‌ها ارائه شد.")
    qtbot.waitUntil(lambda: e.meeting.summary == "گزارش دبیر درباره خوشه‌ها ارائه شد.", timeout=5000)

    # --- approve, with a confirmation ------------------------------------------------------------
    asked = []
    answer_next_box(yes=True, seen=asked)
    click(qtbot, e.approve_button)
    settle(qtbot, w, 50)
    qtbot.waitUntil(lambda: e.meeting.locked)
    assert "تصویب" in asked[0]
    assert e.banner.isVisible() and not e.add_resolution.isEnabled() and not e.approve_button.isEnabled()

    # --- editing is now refused ------------------------------------------------------------------
    type_text(e.title, " تغییر")
    assert e.title.text() == "نخستین جلسه"                      # read-only field
    assert not (e.resolution_model.flags(e.resolution_model.index(0, 1)) & Qt.ItemFlag.ItemIsEditable)
    mid = e.meeting.id
    w.runner.write(e, lambda s: meetings.update_meeting(s, mid, title="دیگر"))   # even if something tried
    settle(qtbot, w)
    boxes = error_boxes(e)
    assert boxes and "قفل" in boxes[-1].text()

    # --- what is stored --------------------------------------------------------------------------
    with w.db.session() as s:
        m = meetings.get_meeting(s, mid)
        roster = committees.list_members(s, m.committee.id)
    assert m.status == MeetingStatus.APPROVED and m.title == "نخستین جلسه" and m.start == "10:30"
    assert m.location == "سالن جلسات استانداری"
    assert [r.role.value for r in roster] == ["chair", "secretary", "member", "member"]
    by_name = {a.person.full_name: a for a in m.attendance}
    assert by_name[PEOPLE[2][0]].status == AttendanceStatus.ABSENT
    assert by_name[PEOPLE[3][0]].on_behalf_of.full_name == PEOPLE[2][0]
    assert [i.title for i in m.agenda] == ["معرفی خوشه‌های صنعتی استان", "گزارش دبیر کمیته"]
    assert [r.text for r in m.resolutions] == [r[0] for r in RESOLUTIONS]
    assert [[p.name for p in r.responsible] for r in m.resolutions] == [[r[1]] for r in RESOLUTIONS]
    assert [r.deadline for r in m.resolutions] == [dt.date(2027, 1, 5), dt.date(2027, 1, 21),
                                                    dt.date(2027, 3, 20)]
    assert [p.kind for r in m.resolutions for p in r.responsible] == ["organization", "person", "person"]

    # --- the minutes: preview inside the application, save, read the PDF back --------------------
    click(qtbot, e.minutes_button)
    settle(qtbot, w)
    docs = w.screen("documents")
    assert w.stack.currentWidget() is docs
    qtbot.waitUntil(lambda: docs.document.status() == QPdfDocument.Status.Ready, timeout=20_000)
    assert docs.document.pageCount() >= 1 and docs.print_button.isEnabled()
    saved = docs.save_as(str(tmp_path / "minutes.pdf"))
    with pdfplumber.open(saved) as pdf:
        logical = _logical_lines("\n".join(page.extract_text() or "" for page in pdf.pages))
    for text, _, _ in RESOLUTIONS:
        assert _plain(" ".join(text.split()[:3])) in logical, text
    assert _plain("علیرضا کرمی") in logical
