"""«اصلاحیه‌ها» in the meeting editor (issue 14): an approved meeting gets an amendment, typed through
the widgets; its approval locks it; it prints under its default name into the register; the meeting
stays locked throughout."""
from PySide6.QtCore import Qt

from app.domain.persian import to_persian_digits
from app.services import amendments, issued, meetings
from app.services.issued import file_sha256
from ui import exports

from .helpers import answer_next_box, click_row, error_boxes, settle, type_text
from .test_keyboard import key


def test_an_amendment_made_approved_and_printed_from_the_editor(qtbot, window, tmp_path, monkeypatch):
    w = window
    with w.db.session() as s:
        first = meetings.list_meetings(s)[-1]
    w.show_view(f"meeting:{first.id}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == first.id)
    settle(qtbot, w)
    assert e.meeting.locked
    tab = e.amendments
    e.tabs.setCurrentWidget(tab)
    settle(qtbot, w)
    assert tab.new_button.isEnabled() and not tab.note.isVisible()
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert tab.list_model.rowCount() == 1 and tab.current().title == "اصلاحیه ۱ صورتجلسه ۱"
    type_text(tab.reason, "اصلاح متن مصوبه دوم")
    tab.reason.editingFinished.emit()
    settle(qtbot, w)
    # resolution ۱-۲'s text: kind, which resolution, the new text, Enter
    tab.kind.setCurrentIndex(tab.kind.findData("resolution_text"))
    tab.target.setCurrentIndex(1)
    type_text(tab.value, "متن تازه مصوبه دوم")
    qtbot.keyClick(tab.value, Qt.Key.Key_Return)
    settle(qtbot, w)
    # and someone's attendance
    tab.kind.setCurrentIndex(tab.kind.findData("attendance"))
    tab.target.setCurrentIndex(0)
    tab.attendance.setCurrentIndex(tab.attendance.findData("absent"))
    qtbot.mouseClick(tab.add_change_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert not error_boxes(w)
    rows = tab.changes_model.rows
    assert [c.subject for c in rows][0] == "متن مصوبه ۱-۲" and rows[0].new == "متن تازه مصوبه دوم"
    assert rows[1].new == "غایب"
    w.grab().save(str(tmp_path / "amendment-tab.png"))

    answer_next_box(True)
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert tab.current().locked and not tab.add_change_button.isEnabled()
    with w.db.session() as s:
        [a] = amendments.list_amendments(s, first.id)
        assert a.locked and a.text == "اصلاح متن مصوبه دوم"
        assert meetings.get_meeting(s, first.id).locked            # the original stays locked

    proposed = []

    def answer(parent, caption, start, file_filter, save=False):
        proposed.append(start.rsplit("/", 1)[-1])
        return str(tmp_path / "a.pdf")
    monkeypatch.setattr(exports, "choose_file", answer)
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert proposed[0].startswith("اصلاحیه صورتجلسه-") and proposed[0].endswith("-۱-۱.pdf")
    pdf = tmp_path / "a.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    with w.db.session() as s:
        assert issued.find_issued(s, file_sha256(pdf)).kind == "amendment"
    # Ctrl+Z cannot take back the approval
    tab.changes_view.setFocus()
    key(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)      # as pressed (the window active again)
    qtbot.waitUntil(lambda: bool(error_boxes(w)), timeout=5000)
    assert "قفل" in error_boxes(w)[0].text()
    error_boxes(w)[0].accept()
    with w.db.session() as s:
        assert amendments.list_amendments(s, first.id)[0].locked


def test_the_tracker_shows_an_approved_amendments_text_and_deadline(qtbot, window, tmp_path):
    """Amendment 1 of the approved first meeting rewords resolution ۱-۲ and moves its deadline to
    yesterday: the tracker shows the amended text, marked, and the amended deadline, and marks the row
    overdue by it; the «معوق» filter finds it. The meeting's own resolution is as approved."""
    import datetime as dt
    from PySide6.QtGui import QColor
    from app.domain import jalali
    from app.services import resolutions
    from reports.fingerprint import meeting_fingerprint
    w = window
    yesterday = dt.date.today() - dt.timedelta(days=1)
    with w.db.session() as s:
        first = meetings.list_meetings(s)[-1]
        m = meetings.get_meeting(s, first.id)
        before, target = meeting_fingerprint(m), m.resolutions[1]
        aid = amendments.create_amendment(s, first.id).id
        amendments.add_change(s, aid, "resolution_text", target.id, "متن اصلاح‌شده مصوبه دوم")
        amendments.add_change(s, aid, "resolution_deadline", target.id, yesterday)
        amendments.approve_amendment(s, aid)
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 300)
    t.status.setCurrentIndex(t.status.findData("all"))
    settle(qtbot, w, 300)
    rows = [t.model.row(i) for i in range(t.model.rowCount())]
    i = next(i for i, r in enumerate(rows) if r.id == target.id)
    assert t.model.data(t.model.index(i, 3)) == "متن اصلاح‌شده مصوبه دوم (اصلاح‌شده در اصلاحیه ۱)"
    assert t.model.data(t.model.index(i, 5)) == jalali.format_date(yesterday)
    assert rows[i].overdue and t.model.data(t.model.index(i, 0), Qt.ItemDataRole.BackgroundRole) == QColor("#fde2e1")
    t.view.scrollTo(t.model.index(i, 0))
    settle(qtbot, w)
    w.grab().save(str(tmp_path / "tracker-amended.png"))
    t.status.setCurrentIndex(t.status.findData("overdue"))
    settle(qtbot, w, 300)
    assert target.id in [t.model.row(j).id for j in range(t.model.rowCount())]
    with w.db.session() as s:
        m = meetings.get_meeting(s, first.id)
        assert meeting_fingerprint(m) == before and m.resolutions[1].text == target.text


def test_a_resolution_an_amendment_cancels_in_the_tracker(qtbot, window, tmp_path):
    """Amendment 1 cancels resolution ۱-۱ of the approved first meeting: the tracker's «باز» list no longer
    has it; under «همه» it reads «لغو شد», marked with the amendment; a follow-up typed for it is
    refused with a Persian message naming the amendment, and what was typed stays for another row."""
    from app.domain.enums import ResolutionStatus
    from app.services import resolutions
    w = window
    with w.db.session() as s:
        first = meetings.list_meetings(s)[-1]
        target = meetings.get_meeting(s, first.id).resolutions[0]
        aid = amendments.create_amendment(s, first.id).id
        amendments.add_change(s, aid, "resolution_cancel", target.id)
        amendments.approve_amendment(s, aid)
        follow_ups = len(resolutions.get_resolution(s, target.id).follow_ups)
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 300)
    t.status.setCurrentIndex(t.status.findData("open"))
    settle(qtbot, w, 300)
    assert t.model.rowCount() and target.id not in [t.model.row(j).id for j in range(t.model.rowCount())]
    t.status.setCurrentIndex(t.status.findData("all"))
    settle(qtbot, w, 300)
    i = next(j for j in range(t.model.rowCount()) if t.model.row(j).id == target.id)
    assert t.model.data(t.model.index(i, 3)) == f"(لغوشده در اصلاحیه ۱) {target.text}"
    assert t.model.data(t.model.index(i, 3), Qt.ItemDataRole.ForegroundRole) == Qt.GlobalColor.darkGray
    assert t.model.data(t.model.index(i, 6)) == "لغو شد"
    click_row(qtbot, t.view, i)
    type_text(t.follow_up.note, "پیگیری از استانداری")
    qtbot.keyClick(t.follow_up.note, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(error_boxes(w)), timeout=5000)
    assert "در اصلاحیه ۱ لغو شده است" in error_boxes(w)[0].text()
    error_boxes(w)[0].accept()
    settle(qtbot, w)
    assert t.follow_up.note.text() == "پیگیری از استانداری"
    with w.db.session() as s:
        r = resolutions.get_resolution(s, target.id)
    assert r.status == ResolutionStatus.CANCELLED and len(r.follow_ups) == follow_ups
    t.view.scrollTo(t.model.index(i, 0))
    settle(qtbot, w)
    w.grab().save(str(tmp_path / "tracker-cancelled.png"))


def test_a_resolution_an_amendment_adds_is_in_the_tracker(qtbot, window):
    """In «اصلاحیه‌ها», «مصوبه افزوده» typed with key events and approved becomes the meeting's next
    resolution in the tracker, marked «افزوده در اصلاحیه ۱», open; the meeting's own list is unchanged.
    A change refused (the same value again) keeps what was typed."""
    w = window
    with w.db.session() as s:
        first = meetings.list_meetings(s)[-1]
        own = [r.id for r in meetings.get_meeting(s, first.id).resolutions]
    w.show_view(f"meeting:{first.id}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == first.id)
    settle(qtbot, w)
    tab = e.amendments
    e.tabs.setCurrentWidget(tab)
    settle(qtbot, w)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    tab.kind.setCurrentIndex(tab.kind.findData("resolution_new"))
    assert tab.value.isVisible() and not tab.target.isVisible()
    type_text(tab.value, "تهیه گزارش ایمنی کارگاه")
    qtbot.keyClick(tab.value, Qt.Key.Key_Return)
    settle(qtbot, w)
    assert not error_boxes(w) and tab.value.text() == ""
    assert [c.subject for c in tab.changes_model.rows] == ["مصوبه افزوده"]
    # the same passage twice is refused, and what was typed stays
    tab.kind.setCurrentIndex(tab.kind.findData("text"))
    type_text(tab.old_text, "بند")
    type_text(tab.value, "بند")
    qtbot.keyClick(tab.value, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(error_boxes(w)), timeout=5000)
    error_boxes(w)[0].accept()
    settle(qtbot, w)
    assert tab.value.text() == "بند"
    answer_next_box(True)
    qtbot.mouseClick(tab.approve_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    code = f"{to_persian_digits(first.number)}-{to_persian_digits(len(own) + 1)}"
    assert [c.subject for c in tab.changes_model.rows] == [f"مصوبه افزوده {code}"]
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 300)
    t.status.setCurrentIndex(t.status.findData("open"))
    settle(qtbot, w, 300)
    rows = [t.model.row(j) for j in range(t.model.rowCount())]
    [i] = [j for j, r in enumerate(rows) if r.text == "تهیه گزارش ایمنی کارگاه"]
    assert t.model.data(t.model.index(i, 3)) == "تهیه گزارش ایمنی کارگاه (افزوده در اصلاحیه ۱)"
    assert rows[i].code == code
    with w.db.session() as s:
        assert [r.id for r in meetings.get_meeting(s, first.id).resolutions] == own
    # a second amendment can change the added resolution too
    w.show_view(f"meeting:{first.id}")
    settle(qtbot, w)
    e.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    tab.kind.setCurrentIndex(tab.kind.findData("resolution_deadline"))
    assert tab.target.itemText(tab.target.count() - 1).startswith(f"{code} تهیه گزارش ایمنی")
