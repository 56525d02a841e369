"""The main window's size and place: the first run fits the screen it opens on; later runs open where
the last one closed, brought back onto a screen if its monitor is gone.

Kept in window.ini in the config folder (app.services.files.config_dir, $DABIR_CONFIG_DIR in tests).
The position saved is the frame's (QWidget.pos), the size the client area's, as Qt's "Window Geometry"
guide restores them (resize, then move). A window manager adds a frame only after the window is shown,
so the fit leaves FRAME room for a title bar and borders.
"""
from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication

from app.services.files import config_dir

MAX_SIZE = QSize(1280, 800)
FRAME = QSize(16, 40)          # room for a title bar and borders (about 30 px and 2×4 px on common desktops)


def settings() -> QSettings:
    return QSettings(str(config_dir() / "window.ini"), QSettings.Format.IniFormat)


def first_rect(available: QRect) -> QRect:
    """The first window: at most MAX_SIZE, its frame inside `available`, centred."""
    return _centred(MAX_SIZE.boundedTo(available.size() - FRAME), available)


def _centred(size: QSize, area: QRect) -> QRect:
    """Client `size` placed so that its frame (pos is the frame's corner) is centred in `area`."""
    frame = QRect(QPoint(0, 0), size + FRAME)
    frame.moveCenter(area.center())
    return QRect(frame.topLeft(), size)


def placed_rect(saved: QRect | None, screens: list[QRect], primary: QRect) -> QRect:
    """Where the window opens: `saved` (frame top-left + client size) on the available area of the screen
    it overlaps most, shrunk and moved so it is wholly on it; centred on `primary` when it is on no
    screen any more (a monitor unplugged); `first_rect(primary)` when nothing was saved."""
    if saved is None or saved.isEmpty():
        return first_rect(primary)
    frame = QRect(saved.topLeft(), saved.size() + FRAME)
    overlap = {i: frame.intersected(s) for i, s in enumerate(screens)}
    best = max(overlap, key=lambda i: overlap[i].width() * overlap[i].height(), default=None)
    if best is None or overlap[best].isEmpty():
        return _centred(saved.size().boundedTo(primary.size() - FRAME), primary)
    area = screens[best]
    size = saved.size().boundedTo(area.size() - FRAME)
    x = min(max(saved.x(), area.left()), area.right() + 1 - size.width() - FRAME.width())
    y = min(max(saved.y(), area.top()), area.bottom() + 1 - size.height() - FRAME.height())
    return QRect(QPoint(x, y), size)


def restore(window) -> None:
    """Size and place `window` before it is first shown."""
    s = settings()
    pos, size = s.value("window/pos"), s.value("window/size")
    saved = QRect(pos, size) if isinstance(pos, QPoint) and isinstance(size, QSize) else None
    screens = [sc.availableGeometry() for sc in QGuiApplication.screens()]
    primary = QGuiApplication.primaryScreen().availableGeometry()
    rect = placed_rect(saved, screens, primary)
    window.resize(rect.size())
    window.move(rect.topLeft())
    if str(s.value("window/maximized", "false")).lower() == "true":
        window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)


def save(window) -> None:
    """Remember the window as it closes (its normal size and place when maximized)."""
    s = settings()
    maximized = window.isMaximized()
    if not maximized:
        s.setValue("window/pos", window.pos())
        s.setValue("window/size", window.size())
    s.setValue("window/maximized", maximized)
    s.sync()
