"""Where the main window opens: fitted to the screen on the first run, where it was closed afterwards,
back on a screen when its monitor is gone. (The real X11 runs are in test_x11.py.)"""
from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt

from ui import window_place as wp

LAPTOP = QRect(0, 0, 1366, 728)              # 1366×768 with a 40-pixel taskbar
BIG = QRect(0, 0, 1920, 1040)
RIGHT = QRect(1366, 0, 1920, 1040)           # a second monitor to the right


def frame_of(rect: QRect) -> QRect:
    return QRect(rect.topLeft(), rect.size() + wp.FRAME)


def test_the_first_window_leaves_room_for_its_frame_on_a_small_screen_and_is_at_most_1280x800():
    r = wp.first_rect(LAPTOP)
    assert LAPTOP.contains(frame_of(r))
    assert r.width() == 1280 and r.height() == 728 - wp.FRAME.height()
    assert wp.first_rect(BIG).size() == QSize(1280, 800)
    assert abs(frame_of(wp.first_rect(BIG)).center().y() - BIG.center().y()) <= 1


def test_a_saved_place_is_kept_when_it_is_on_a_screen():
    saved = QRect(100, 50, 1000, 600)
    assert wp.placed_rect(saved, [LAPTOP], LAPTOP) == saved
    on_right = QRect(1500, 100, 1200, 700)
    assert wp.placed_rect(on_right, [LAPTOP, RIGHT], LAPTOP) == on_right


def test_a_window_half_off_the_screen_or_too_big_is_moved_and_shrunk_onto_it():
    r = wp.placed_rect(QRect(900, 400, 1000, 600), [LAPTOP], LAPTOP)
    assert LAPTOP.contains(frame_of(r)) and r.size() == QSize(1000, 600)
    r = wp.placed_rect(QRect(0, 0, 1900, 1000), [LAPTOP], LAPTOP)           # saved on a bigger monitor
    assert LAPTOP.contains(frame_of(r))


def test_a_window_on_an_unplugged_monitor_comes_back_centred_on_the_primary_screen():
    r = wp.placed_rect(QRect(1500, 100, 1000, 600), [LAPTOP], LAPTOP)
    assert LAPTOP.contains(frame_of(r)) and r.size() == QSize(1000, 600)
    assert abs(frame_of(r).center().x() - LAPTOP.center().x()) <= 1


def test_garbage_in_the_settings_file_opens_the_first_window_size(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QWidget
    monkeypatch.setenv("DABIR_CONFIG_DIR", str(tmp_path / "cfg"))
    (tmp_path / "cfg").mkdir()
    (tmp_path / "cfg" / "window.ini").write_text("[window]\npos=not a point\nsize=12\nmaximized=perhaps\n")
    w = QWidget()
    qtbot.addWidget(w)
    wp.restore(w)
    from PySide6.QtGui import QGuiApplication
    available = QGuiApplication.primaryScreen().availableGeometry()
    assert w.size() == wp.first_rect(available).size()


def test_closing_the_main_window_saves_its_place_for_the_next_run(qtbot, tmp_path):
    from tests.ui.helpers import open_window
    w = open_window(qtbot, tmp_path / "a.dabir", with_demo=False)
    w.resize(1010, 640)               # above the window's minimum width (971 px)
    w.move(30, 20)
    w.close()
    w.db.close()
    s = QSettings(str(tmp_path / "config" / "window.ini"), QSettings.Format.IniFormat)
    assert s.value("window/size") == QSize(1010, 640)
    assert s.value("window/pos") == QPoint(30, 20)


def test_a_maximized_window_reopens_maximized_and_keeps_its_normal_place(qtbot, tmp_path):
    from tests.ui.helpers import open_window
    w = open_window(qtbot, tmp_path / "a.dabir", with_demo=False)
    w.resize(900, 600)
    w.move(10, 10)
    qtbot.wait(0)
    w.showMaximized()
    qtbot.waitUntil(w.isMaximized)
    w.close()
    w.db.close()
    s = QSettings(str(tmp_path / "config" / "window.ini"), QSettings.Format.IniFormat)
    assert str(s.value("window/maximized")).lower() == "true"
    assert s.value("window/size") is None                     # the normal size is not the maximized one
    again = open_window(qtbot, tmp_path / "a.dabir", with_demo=False, show=False)
    assert again.windowState() & Qt.WindowState.WindowMaximized
    again.runner.wait()
    again.db.close()
