"""Sharing in the GUI: merging another office's file, deciding conflicts, backups and restore."""
import shutil

import pytest
from PySide6.QtCore import Qt

from app.services import committees, demo, directory, meetings
from app.services.files import open_database
from tests.app.sharing_data import fork
from ui.main_window import MainWindow

from .helpers import answer_next_box, click_row, settle, open_window


@pytest.fixture
def offices(tmp_path):
    """Two offices' copies of one file, each edited on its own since the copy."""
    mine = tmp_path / "mine.dabir"
    db = open_database(mine, create=True)
    with db.session() as s:
        demo.build_demo(s)
    db.close()
    theirs = tmp_path / "theirs.dabir"
    shutil.copyfile(mine, theirs)
    db = open_database(theirs)
    with db.session() as s:
        p = directory.find_person(s, "نرگس حیدری")
        directory.update_person(s, p.id, post="مدیر بازرگانی")
        meetings.create_meeting(s, committees.list_committees(s)[0].id, title="جلسه دفتر دیگر")
    db.close()
    db = open_database(mine)
    with db.session() as s:
        directory.update_person(s, directory.find_person(s, "نرگس حیدری").id, post="مدیر امور مالی")
    return db, theirs


def test_merge_then_decide_a_conflict(qtbot, offices):
    db, theirs = offices
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    settle(qtbot, w)
    w.show_view("sharing")
    sh = w.screen("sharing")
    settle(qtbot, w)
    assert sh.conflicts.rowCount() == 0
    sh.merge_from(str(theirs))
    settle(qtbot, w, 300)
    assert "ادغام انجام شد" in sh.summary.text()
    assert sh.conflicts.rowCount() == 1
    c = sh.conflicts.row(0)
    assert {c.mine, c.theirs} == {"مدیر امور مالی", "مدیر بازرگانی"}
    # the other office's new meeting is in the list now
    assert any(w.screen("meetings").model.row(i).title == "جلسه دفتر دیگر"
               for i in range(w.screen("meetings").model.rowCount()))
    click_row(qtbot, sh.conflicts_view, 0)
    qtbot.mouseClick(sh.take_theirs, Qt.MouseButton.LeftButton)
    settle(qtbot, w, 300)
    assert sh.conflicts.rowCount() == 0
    with db.session() as s:
        assert directory.find_person(s, "نرگس حیدری").post == "مدیر بازرگانی"
    w.runner.wait()
    w.db.close()


def test_backup_now_and_restore(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path / "office.dabir")
    w.show_view("sharing")
    sh = w.screen("sharing")
    settle(qtbot, w)
    qtbot.mouseClick(sh.backup_now, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    assert sh.backups.rowCount() == 1 and sh.backups.data(sh.backups.index(0, 1)) == "دستی"
    with w.db.session() as s:
        committees.create_committee(s, "کمیته پس از پشتیبان")
    click_row(qtbot, sh.backups_view, 0)
    answer_next_box(yes=True)
    qtbot.mouseClick(sh.restore_button, Qt.MouseButton.LeftButton)
    settle(qtbot, w)
    with w.db.session() as s:
        assert committees.find_committee(s, "کمیته پس از پشتیبان") is None
    assert "office.dabir" in w.windowTitle()
    sh = w.screen("sharing")                    # the window reopened the file: a fresh screen
    settle(qtbot, w)
    assert sh.backups.rowCount() == 2           # and the state before restoring was kept too
    w.runner.wait()
    w.db.close()


def test_an_automatic_backup_after_opening(qtbot, tmp_path, monkeypatch):
    import ui.main_window as mw
    from app.services import backup
    db = open_database(tmp_path / "auto.dabir", create=True)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.auto_backup()
    settle(qtbot, w)
    assert [b.reason for b in backup.list_backups(db.path)] == ["open"]
    assert w._backup_timer.isActive() and w._backup_timer.interval() == mw.AUTO_BACKUP_DELAY_MS
    w.runner.wait()
    db.close()


def test_a_file_deleting_many_meetings_asks_first(qtbot, tmp_path):
    # the meetings are the other office's (its committee, issue 22's ownership), so deleting them is
    # theirs to do; mine is a copy for another office, and is asked before it takes six at once
    theirs = tmp_path / "theirs.dabir"
    db = open_database(theirs, create=True)
    with db.session() as s:
        demo.build_demo(s)
        committee = committees.list_committees(s)[0].id
        ids = [meetings.create_meeting(s, committee, title=f"جلسه {i}").id for i in range(6)]
    db.close()
    mine = fork(theirs, tmp_path / "mine.dabir")
    other = open_database(theirs)
    with other.session() as s:
        for i in ids:
            meetings.delete_meeting(s, i)
    other.close()
    db = open_database(mine)
    w = MainWindow(db)
    qtbot.addWidget(w)
    w.show()
    w.show_view("sharing")
    sh = w.screen("sharing")
    settle(qtbot, w)
    seen = []
    answer_next_box(yes=False, seen=seen)
    sh.merge_from(str(theirs))
    settle(qtbot, w, 300)
    assert seen and "این پرونده ۶ جلسه را حذف می‌کند" in seen[0]
    with db.session() as s:
        assert len(meetings.list_meetings(s)) == 7  # refused: nothing written
    answer_next_box(yes=True)
    sh.merge_from(str(theirs))
    settle(qtbot, w, 300)
    assert "ادغام انجام شد" in sh.summary.text()
    with db.session() as s:
        assert len(meetings.list_meetings(s)) == 1
    w.runner.wait()
    w.db.close()
