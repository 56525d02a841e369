"""Each screen's own promises: inline follow-ups, carried-over resolutions, the filtering party
completer, signatures, settings, confirmations, shortcuts, and typed minutes never lost."""
import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QKeySequence

from app.domain.enums import ResolutionStatus
from app.services import directory, meetings, resolutions, settings

from .helpers import answer_next_box, click_row, error_boxes, settle, type_text


def _first_meeting(w):
    with w.db.session() as s:
        return meetings.list_meetings(s)[-1]


def test_tracker_marks_overdue_and_records_a_follow_up_inline(qtbot, window):
    w = window
    m = _first_meeting(w)
    with w.db.session() as s:
        # reopen a copy of the seed as a draft meeting with one resolution overdue since yesterday
        new = meetings.create_meeting(s, m.committee_id).id
        resolutions.add_resolution(s, new, "گزارش پیشرفت کار", responsible=["استانداری لرستان"],
                                   deadline=dt.date.today() - dt.timedelta(days=1))
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 300)
    rows = [t.model.row(i) for i in range(t.model.rowCount())]
    late = next(i for i, r in enumerate(rows) if r.text == "گزارش پیشرفت کار")
    assert rows[late].overdue
    assert t.model.data(t.model.index(late, 0), Qt.ItemDataRole.BackgroundRole) == QColor("#fde2e1")
    assert "معوق" in t.model.data(t.model.index(late, 6))

    click_row(qtbot, t.view, late)
    t.follow_up.status.setCurrentIndex(t.follow_up.status.findData(ResolutionStatus.DONE.value))
    type_text(t.follow_up.note, "گزارش دریافت شد")
    qtbot.mouseClick(t.follow_up.button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    updated = t.model.row(late)
    assert updated.status == ResolutionStatus.DONE and not updated.overdue
    assert t.model.data(t.model.index(late, 6)) == "انجام شد"
    assert "گزارش دریافت شد" in t.model.data(t.model.index(late, 7))
    with w.db.session() as s:
        assert resolutions.get_resolution(s, updated.id).latest_follow_up.note == "گزارش دریافت شد"


def test_tracker_filters_by_organization_and_deadline(qtbot, window):
    w = window
    w.show_view("tracker")
    t = w.screen("tracker")
    settle(qtbot, w, 300)
    t.status.setCurrentIndex(t.status.findData("all"))
    org = t.organization.findText("اداره کل میراث فرهنگی، صنایع‌دستی و گردشگری لرستان")
    assert org > 0
    t.organization.setCurrentIndex(org)
    settle(qtbot, w, 300)
    with w.db.session() as s:
        expected = resolutions.count_resolutions(s, status="all", organization_id=t.organization.currentData())
    assert t.model.rowCount() == expected >= 1
    t.deadline_to.set_value(dt.date(2000, 1, 1))
    settle(qtbot, w, 300)
    assert t.model.rowCount() == 0
    assert t.count_label.text() == "۰ مصوبه"


def test_new_meeting_carries_over_open_resolutions_for_follow_up(qtbot, window):
    w = window
    w.new_action.trigger()                         # Ctrl+N
    settle(qtbot, w, 50)
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.number == 2)
    settle(qtbot, w)
    assert e.attendance_model.rowCount() == 7      # the seed committee's roster (guests are not members)
    assert e.location.text() == "استانداری لرستان، سالن جلسات شهید رجایی"    # the usual place
    assert e.previous_model.rowCount() == 3
    codes = [e.previous_model.row(i).code for i in range(3)]
    assert codes == ["۱-۱", "۱-۲", "۱-۳"]
    click_row(qtbot, e.previous_view, 2)
    e.previous_follow_up.status.setCurrentIndex(
        e.previous_follow_up.status.findData(ResolutionStatus.DONE.value))
    type_text(e.previous_follow_up.note, "خوشه ورشو ثبت شد")
    qtbot.mouseClick(e.previous_follow_up.button, Qt.MouseButton.LeftButton)
    settle(qtbot, w, 50)
    qtbot.waitUntil(lambda: e.previous_model.rowCount() == 2)     # done: no longer open
    with w.db.session() as s:
        closed = [r for r in resolutions.list_resolutions(s, status="done")]
    assert [r.code for r in closed] == ["۱-۳"] and closed[0].latest_follow_up.note == "خوشه ورشو ثبت شد"


def test_responsible_party_completer_filters_anywhere_in_the_name(qtbot, window):
    w = window
    w.new_action.trigger()
    settle(qtbot, w, 50)
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None)
    settle(qtbot, w)
    type_text(e.res_parties, "جهاد")
    completer = e.res_parties._completer
    matches = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert matches == ["سازمان جهاد کشاورزی لرستان"]
    completer.activated.emit(matches[0])
    type_text(e.res_parties, "حیدر")
    matches = [completer.completionModel().index(i, 0).data() for i in range(completer.completionCount())]
    assert matches == ["نرگس حیدری"]
    completer.activated.emit(matches[0])
    assert e.res_parties.names() == ["سازمان جهاد کشاورزی لرستان", "نرگس حیدری"]


def test_typed_summary_is_saved_when_leaving_at_once(qtbot, window):
    w = window
    w.new_action.trigger()
    settle(qtbot, w, 50)
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None)
    settle(qtbot, w)
    type_text(e.summary, "بند نخست مذاکرات")
    qtbot.mouseClick(e.back_button, Qt.MouseButton.LeftButton)     # before the autosave timer fires
    settle(qtbot, w)
    with w.db.session() as s:
        assert meetings.get_meeting(s, e.meeting.id).summary == "بند نخست مذاکرات"


def test_deleting_asks_first(qtbot, window):
    w = window
    w.new_action.trigger()
    settle(qtbot, w, 50)
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None)
    settle(qtbot, w)
    type_text(e.agenda_title, "گزارش")
    qtbot.mouseClick(e.add_agenda, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    click_row(qtbot, e.agenda_view, 0)
    answer_next_box(yes=False)
    qtbot.mouseClick(e.agenda_delete, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert e.agenda_model.rowCount() == 1
    click_row(qtbot, e.agenda_view, 0)
    answer_next_box(yes=True)
    qtbot.mouseClick(e.agenda_delete, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert e.agenda_model.rowCount() == 0


def test_signature_image_per_person(qtbot, window, tmp_path):
    w = window
    w.show_view("directory")
    d = w.screen("directory")
    settle(qtbot, w)
    row = next(i for i in range(d.people.rowCount()) if d.people.row(i).full_name == "مریم رضایی")
    click_row(qtbot, d.people_view, row)
    image = QImage(200, 80, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    image.save(str(tmp_path / "sig.jpg"))
    d.load_signature_file(str(tmp_path / "sig.jpg"))          # JPEG in, PNG stored
    settle(qtbot, w, 300)
    pid = d.people.row(row).id
    with w.db.session() as s:
        png = directory.get_signature(s, pid)
    assert png.startswith(b"\x89PNG")
    (tmp_path / "not-image.png").write_text("hello")
    click_row(qtbot, d.people_view, row)
    d.load_signature_file(str(tmp_path / "not-image.png"))
    assert error_boxes(d)
    with w.db.session() as s:
        assert directory.get_signature(s, pid) == png


def test_settings_are_saved_on_leaving_a_field(qtbot, window):
    w = window
    w.show_view("settings")
    st = w.screen("settings")
    settle(qtbot, w)
    type_text(st.edits["office_name"], "دبیرخانه کمیته")
    st.edits["secretary_name"].setFocus()
    settle(qtbot, w)
    with w.db.session() as s:
        assert settings.get_settings(s).office_name == "دبیرخانه کمیته"


def test_shortcuts_and_search(qtbot, window):
    w = window
    assert w.new_action.shortcut() == QKeySequence("Ctrl+N")
    assert w.search_action.shortcut() == QKeySequence("Ctrl+F")
    assert w.print_action.shortcut() == QKeySequence("Ctrl+P")
    w.show_view("meetings")
    w.activateWindow()
    type_text(w.screen("meetings").search, "ناموجود")          # the list's own title filter
    settle(qtbot, w, 400)
    assert w.screen("meetings").model.rowCount() == 0


def test_ctrl_f_searches_everything_and_opens_the_hit(qtbot, window):
    w = window
    w.activateWindow()
    w.search_action.trigger()
    sc = w.screen("search")
    assert w.stack.currentWidget() is sc and sc.box.hasFocus()
    type_text(sc.box, "ورشو")
    settle(qtbot, w, 400)
    hits = [sc.model.row(i) for i in range(sc.model.rowCount())]
    target = next(i for i, h in enumerate(hits) if h.kind == "resolution")
    assert "ورشو" in hits[target].snippet and sc.status.text().endswith("نتیجه")
    sc.view.doubleClicked.emit(sc.model.index(target, 0))
    settle(qtbot, w)
    e = w.editor
    assert w.stack.currentWidget() is e and e.meeting.id == hits[target].meeting_id
    assert e.tabs.currentIndex() == 2
    selected = e.resolution_view.selectionModel().selectedRows()
    assert [e.resolution_model.row(i.row()).id for i in selected] == [hits[target].resolution_id]
    sc.box.clear()
    type_text(sc.box, "ببببب")
    settle(qtbot, w, 400)
    assert sc.model.rowCount() == 0 and sc.status.text() == "چیزی پیدا نشد."


def test_tab_goes_right_to_left_through_the_times(qtbot, window):
    w = window
    w.open_meeting(_first_meeting(w).id)
    settle(qtbot, w)
    e = w.editor
    assert e.start.mapToGlobal(e.start.rect().center()).x() > e.end.mapToGlobal(e.end.rect().center()).x()
    e.start.setFocus()
    qtbot.keyClick(e.start, Qt.Key.Key_Tab)
    assert e.end.hasFocus()


def test_bad_input_is_refused_in_persian_and_the_typed_text_stays(qtbot, window):
    w = window
    w.new_action.trigger()
    settle(qtbot, w, 50)
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None)
    settle(qtbot, w)
    type_text(e.start, "۲۵:۹۹")
    e.location.setFocus()                     # leaving the field tries to save it
    settle(qtbot, w)
    boxes = error_boxes(e)
    # the field is named in Persian and the digits are echoed as typed
    assert boxes and boxes[-1].text().startswith("ساعت شروع: ") and "«۲۵:۹۹»" in boxes[-1].text()
    assert "start" not in boxes[-1].text()
    with w.db.session() as s:
        assert meetings.get_meeting(s, e.meeting.id).start is None
    assert e.start.text() == "۲۵:۹۹"          # kept to correct, not cleared


def test_typed_minutes_stay_on_screen_when_the_file_refuses_them(qtbot, window):
    w = window
    w.new_action.trigger()
    settle(qtbot, w, 50)
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None)
    settle(qtbot, w)
    with w.db.session() as s:                       # approved meanwhile (another window, another office)
        meetings.approve_meeting(s, e.meeting.id)
    type_text(e.summary, "متنی که نباید گم شود")
    e.flush()
    settle(qtbot, w)
    assert error_boxes(e) and "قفل" in error_boxes(e)[-1].text()
    assert e.summary.toPlainText() == "متنی که نباید گم شود"
    assert e.meeting.locked and e.summary.isReadOnly()


def test_roster_roles_periods_and_removal(qtbot, window):
    w = window
    w.show_view("committees")
    c = w.screen("committees")
    settle(qtbot, w)
    qtbot.waitUntil(lambda: c.members.rowCount() == 7)
    row = next(i for i in range(7) if c.members.row(i).person.full_name == "نرگس حیدری")
    c.members.setData(c.members.index(row, 3), "guest")             # what the role delegate commits
    settle(qtbot, w)
    c.members.setData(c.members.index(next(i for i in range(7) if c.members.row(i).person.full_name
                                           == "نرگس حیدری"), 5), dt.date(2027, 3, 20))
    settle(qtbot, w)
    m = next(m for m in c.members.rows if m.person.full_name == "نرگس حیدری")
    assert m.role.value == "guest" and m.end == dt.date(2027, 3, 20)
    assert c.members.data(c.members.index(c.members.rows.index(m), 5)) == "۱۴۰۵/۱۲/۲۹"
    click_row(qtbot, c.members_view, c.members.rows.index(m))
    answer_next_box(yes=True)
    qtbot.mouseClick(c.remove_member_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert c.members.rowCount() == 6


def test_logo_for_the_letterhead(qtbot, window, tmp_path):
    w = window
    w.show_view("settings")
    st = w.screen("settings")
    settle(qtbot, w)
    image = QImage(64, 64, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.darkGreen)
    image.save(str(tmp_path / "logo.png"))
    st.set_logo_file(str(tmp_path / "logo.png"))
    settle(qtbot, w)
    with w.db.session() as s:
        assert settings.get_settings(s).logo_png.startswith(b"\x89PNG")
    assert not st.logo.pixmap().isNull()
    (tmp_path / "bad.png").write_bytes(b"nope")
    st.set_logo_file(str(tmp_path / "bad.png"))
    assert error_boxes(st)


def test_keyboard_shortcuts_pressed(qtbot, window):
    w = window
    w.activateWindow()
    qtbot.waitExposed(w)
    ctrl = Qt.KeyboardModifier.ControlModifier
    qtbot.keyClick(w.screen("meetings").view, Qt.Key.Key_F, ctrl)
    assert w.stack.currentWidget() is w.screen("search") and w.screen("search").box.hasFocus()
    qtbot.keyClick(w.screen("search").box, Qt.Key.Key_N, ctrl)
    settle(qtbot, w, 50)
    qtbot.waitUntil(lambda: w.editor.meeting is not None and w.editor.meeting.number == 2)
    settle(qtbot, w)
    qtbot.keyClick(w.editor.title, Qt.Key.Key_P, ctrl)
    settle(qtbot, w)
    docs = w.screen("documents")
    assert w.stack.currentWidget() is docs and docs.kind.currentData() == "minutes"
    assert docs.meeting.currentData() == w.editor.meeting.id
