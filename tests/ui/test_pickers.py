"""Picking people and organisations: the completer matches anywhere however the name was typed, never
replaces what was typed, shows whole names, and a name not in the list is offered as a new one and
never created silently (issue 9)."""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.domain.enums import Role
from app.services import committees, directory, meetings

from .helpers import error_boxes, settle, type_text


def answer_choice(pick: str | None, seen: list) -> None:
    """Answer the next modal box: the button whose text contains `pick`, or Cancel for None."""
    def click():
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, click)
            return
        seen.append((box.text(), [b.text() for b in box.buttons()]))
        target = box.escapeButton() if pick is None else next(b for b in box.buttons() if pick in b.text())
        target.click()
    QTimer.singleShot(0, click)


def new_meeting(qtbot, w):
    w.new_action.trigger()
    settle(qtbot, w, 50)
    qtbot.waitUntil(lambda: w.editor.meeting is not None)
    settle(qtbot, w)
    return w.editor


def offered(completer) -> list[str]:
    return [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]


def counts(w):
    with w.db.session() as s:
        return len(directory.list_people(s)), len(directory.list_organizations(s))


def test_completer_folds_arabic_letters_and_zwnj_and_keeps_the_typed_text(qtbot, window):
    e = new_meeting(qtbot, window)
    e.tabs.setCurrentIndex(2)
    type_text(e.res_parties, "شهركهاي")         # Arabic kaf and yeh, no ZWNJ
    assert offered(e.res_parties._completer) == ["سازمان صنایع کوچک و شهرک‌های صنعتی",
                                                 "شرکت شهرک‌های صنعتی لرستان"]
    assert e.res_parties.text() == "شهركهاي"      # offered, not substituted
    e.res_parties.clear()
    type_text(e.res_parties, "شهرک های صنعتی ل")  # a space where the name has a ZWNJ
    assert offered(e.res_parties._completer) == ["شرکت شهرک‌های صنعتی لرستان"]


def test_popup_shows_whole_names(qtbot, window):
    e = new_meeting(qtbot, window)
    e.tabs.setCurrentIndex(2)
    e.res_parties.setFixedWidth(120)
    type_text(e.res_parties, "لرستان")
    popup = e.res_parties._completer.popup()
    qtbot.waitUntil(popup.isVisible)
    longest = max(popup.fontMetrics().horizontalAdvance(n) for n in offered(e.res_parties._completer))
    assert popup.width() >= longest + 20        # «اداره کل میراث فرهنگی، صنایع‌دستی و گردشگری لرستان» whole
    popup.hide()


def test_partial_party_is_offered_as_new_and_not_created_silently(qtbot, window):
    w = window
    e = new_meeting(qtbot, w)
    e.tabs.setCurrentIndex(2)
    before = counts(w)
    type_text(e.res_text, "لایروبی رودخانه")
    type_text(e.res_parties, "آب منط")
    seen = []
    answer_choice(None, seen)                    # Cancel: nothing is written
    e.add_resolution.click()
    settle(qtbot, w)
    assert seen and "«آب منط» در فهرست نیست" in seen[0][0]
    assert "افزودن «آب منط» به‌عنوان دستگاه جدید" in seen[0][1]
    assert "افزودن «آب منط» به‌عنوان شخص جدید" in seen[0][1]
    assert counts(w) == before and e.resolution_model.rowCount() == 0
    assert e.res_parties.text() == "آب منط" and e.res_text.toPlainText() == "لایروبی رودخانه"

    e.res_parties.clear()
    type_text(e.res_parties, "شركت آب منطقه‌ای لرستان")
    answer_choice("دستگاه جدید", seen)
    e.add_resolution.click()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.resolution_model.rowCount() == 1)
    r = e.resolution_model.row(0)
    assert [(p.kind, p.name) for p in r.responsible] == [("organization", "شرکت آب منطقه‌ای لرستان")]
    assert counts(w) == (before[0], before[1] + 1)

    # a known name in another spelling is that party: no question
    type_text(e.res_text, "گزارش به استاندار")
    type_text(e.res_parties, "استانداري لرستان")
    e.add_resolution.click()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.resolution_model.rowCount() == 2)
    assert [p.name for p in e.resolution_model.row(1).responsible] == ["استانداری لرستان"]
    assert counts(w) == (before[0], before[1] + 1)


def test_attendance_adds_a_known_person_a_new_guest_and_never_nothing(qtbot, window):
    w = window
    e = new_meeting(qtbot, w)
    present = e.attendance_model.rowCount()
    before = counts(w)

    e.add_attendee.click()                        # nothing typed: says so
    settle(qtbot, w)
    assert error_boxes(e) and "نامی نوشته نشده" in error_boxes(e)[-1].text()
    error_boxes(e)[-1].close()

    type_text(e.attendee_picker, "امید")          # part of «امید عبدالهی»: offered, never substituted
    assert [n.split(" — ")[0] for n in offered(e.attendee_picker._completer)] == ["امید عبدالهی"]
    assert e.attendee_picker.text() == "امید"
    seen = []
    answer_choice(None, seen)
    e.add_attendee.click()
    settle(qtbot, w)
    assert seen and "امید عبدالهی" in seen[0][0] and seen[0][1][0] == "افزودن «امید» به‌عنوان شخص جدید"
    assert e.attendance_model.rowCount() == present and counts(w) == before

    e.attendee_picker.clear()
    type_text(e.attendee_picker, "امید عبدالهي")  # the whole name, Arabic yeh
    e.add_attendee.click()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.attendance_model.rowCount() == present + 1)
    assert counts(w) == before

    type_text(e.attendee_picker, "کاوه مهمان‌نواز")
    answer_choice("شخص جدید", seen)
    e.add_attendee.click()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.attendance_model.rowCount() == present + 2)
    with w.db.session() as s:
        m = meetings.get_meeting(s, e.meeting.id)
    guest = next(a for a in m.attendance if a.person.full_name == "کاوه مهمان‌نواز")
    assert guest.role == Role.GUEST
    assert counts(w) == (before[0] + 1, before[1])


def test_roster_adds_a_member_by_typing_and_offers_a_new_person(qtbot, window):
    w = window
    w.show_view("committees")
    c = w.screen("committees")
    settle(qtbot, w)
    qtbot.waitUntil(lambda: c.current is not None)
    members = c.members.rowCount()
    before = counts(w)

    c.add_member_button.click()
    settle(qtbot, w)
    assert error_boxes(c) and "نامی نوشته نشده" in error_boxes(c)[-1].text()
    error_boxes(c)[-1].close()

    type_text(c.person, "امید")
    seen = []
    answer_choice(None, seen)
    c.add_member_button.click()
    settle(qtbot, w)
    assert seen and "امید عبدالهی" in seen[0][0]       # the near names are named, not picked
    assert c.members.rowCount() == members and counts(w) == before

    c.person.clear()
    type_text(c.person, "پریسا نوری")
    answer_choice("شخص جدید", seen)
    c.add_member_button.click()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: c.members.rowCount() == members + 1)
    with w.db.session() as s:
        roster = committees.list_members(s, c.current.id)
    assert "پریسا نوری" in [m.person.full_name for m in roster]
    assert counts(w) == (before[0] + 1, before[1])


def test_editing_the_responsible_cell_asks_before_creating(qtbot, window):
    w = window
    e = new_meeting(qtbot, w)
    e.tabs.setCurrentIndex(2)
    type_text(e.res_text, "تهیه گزارش")
    type_text(e.res_parties, "استانداری لرستان")
    e.add_resolution.click()
    settle(qtbot, w)
    qtbot.waitUntil(lambda: e.resolution_model.rowCount() == 1)
    before = counts(w)
    seen = []
    answer_choice(None, seen)                    # the cell editor hands over «آب منط»: Cancel
    e.resolution_model.setData(e.resolution_model.index(0, 2), ["آب منط"])
    settle(qtbot, w)
    assert seen and "«آب منط» در فهرست نیست" in seen[0][0]
    assert counts(w) == before
    assert [p.name for p in e.resolution_model.row(0).responsible] == ["استانداری لرستان"]
    answer_choice("شخص جدید", seen)
    e.resolution_model.setData(e.resolution_model.index(0, 2), ["استانداري لرستان", "بهرام کاظمی"])
    settle(qtbot, w)
    qtbot.waitUntil(lambda: len(e.resolution_model.row(0).responsible) == 2)
    assert [(p.kind, p.name) for p in e.resolution_model.row(0).responsible] == [
        ("organization", "استانداری لرستان"), ("person", "بهرام کاظمی")]
    assert counts(w) == (before[0] + 1, before[1])
