"""Issue 25, "keyboard order": Tab follows the visible order, right to left: in the person form of
«اشخاص و دستگاه‌ها» the «دستگاه» combo comes between «سمت» and «تلفن»; in a resolution row «حذف» comes
before «افزودن مصوبه». Real Tab key events from the field before."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from app.services import meetings, resolutions

from .helpers import click_row, settle


def tab_path(start, steps: int) -> list:
    start.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(steps):
        QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    return seen


def test_person_form_tab_order_follows_the_screen(qtbot, window):
    w = window
    w.show_view("directory")
    d = w.screen("directory")
    settle(qtbot, w)
    w.activateWindow()
    path = tab_path(d.p_name, 5)
    assert path == [d.p_name, d.p_post, d.p_org, d.p_phone, d.p_email, d.add_person]
    # and the on-screen order is the same, right to left
    xs = [x.mapTo(d, x.rect().topRight()).x() for x in path]
    assert xs == sorted(xs, reverse=True)


def test_resolution_row_reaches_delete_before_add(qtbot, window):
    w = window
    with w.db.session() as s:
        mid = meetings.duplicate_meeting(s, meetings.list_meetings(s)[0].id).id
        resolutions.add_resolution(s, mid, "گزارش ارسال شود")
    w.show_view(f"meeting:{mid}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == mid)
    e.tabs.setCurrentIndex(2)
    settle(qtbot, w)
    w.activateWindow()
    click_row(qtbot, e.resolution_view, 0)
    assert e.delete_resolution.isEnabled()
    path = tab_path(e.res_status, 2)
    assert path == [e.res_status, e.delete_resolution, e.add_resolution]
    xs = [x.mapTo(e, x.rect().topRight()).x() for x in path]
    assert xs == sorted(xs, reverse=True)
