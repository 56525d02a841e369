"""Run the real `dabir` start-up on an X display and act as a user inside it; report what was seen.

    python tests/ui/x11/drive.py SCENARIO OUT.json [SCREENSHOT.png] [-- DABIR ARGS...]

The process is Dabir's own entry point (app.cli.main.main: the pre-Qt library check, the first-run
demo file, MainWindow, app.exec). The only addition is a hook on ui.app.application that schedules
SCENARIO once the event loop runs. Scenarios:
  first   wait for the meetings list; grab the X screen; press Ctrl+N with a real X key event
          (xdotool, XTEST); visit every screen; then move and resize the window as a user would and
          close it
  reopen  note where the window opened, close it
"""
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

import ui.app as ui_app  # noqa: E402
from app.cli.main import main  # noqa: E402

MOVED_TO = (40, 30)
RESIZED_TO = (1240, 620)       # above the widest screen's minimum (the editor: 1173×509 with the nav list on Xvfb)


def wait_until(condition, what: str, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(f"waited {timeout}s for: {what}")
        QApplication.processEvents()
        time.sleep(0.01)


def rect(r) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def distinct_colours(image, area) -> int:
    """How many different colours the screen shows in `area` (a blank view shows one or two)."""
    part = image.copy(area)
    return len({part.pixel(x, y) for x in range(0, part.width(), 2) for y in range(0, part.height(), 2)})


def the_window():
    from ui.main_window import MainWindow
    wait_until(lambda: any(isinstance(w, MainWindow) and w.isVisible()
                           for w in QApplication.topLevelWidgets()), "the main window")
    w = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))
    wait_until(lambda: w.windowHandle() is not None and w.windowHandle().isExposed(), "the window on screen")
    return w


def where(w) -> dict:
    screen = w.windowHandle().screen()
    return {"platform": QGuiApplication.platformName(), "screen": rect(screen.geometry()),
            "available": rect(screen.availableGeometry()), "frame": rect(w.frameGeometry()),
            "geometry": rect(w.geometry()), "pos": [w.pos().x(), w.pos().y()],
            "size": [w.width(), w.height()],
            "minimum": [w.minimumSizeHint().width(), w.minimumSizeHint().height()]}


def first(w, report: dict, shot: str) -> None:
    meetings = w.screen("meetings")
    wait_until(lambda: w.runner.idle() and meetings.model.rowCount() > 0, "the meetings list")
    QApplication.processEvents()
    report["opened"] = where(w)
    report["current_view"] = "meetings" if w.stack.currentWidget() is meetings else "other"
    report["meetings_rows"] = meetings.model.rowCount()
    title = subprocess.run(["xprop", "-id", str(int(w.winId())), "_NET_WM_NAME"], capture_output=True,
                           text=True, timeout=20).stdout                      # as the window manager reads it
    report["x_title"] = json.loads(title.split(" = ", 1)[1]) if " = " in title else title
    time.sleep(0.3)                                           # let the X server finish drawing
    QApplication.processEvents()
    image = QGuiApplication.primaryScreen().grabWindow(0).toImage()   # the X server's pixels
    image.save(shot, "PNG")
    viewport = meetings.view.viewport()
    top_left = viewport.mapToGlobal(viewport.rect().topLeft())
    report["view_rect"] = [top_left.x(), top_left.y(), viewport.width(), viewport.height()]
    report["view_colours"] = distinct_colours(image, viewport.rect().translated(top_left))
    # Ctrl+N as the X server delivers it: focus the window, then a real key press through XTEST
    w.activateWindow()
    wait_until(w.isActiveWindow, "keyboard focus")
    before = w.stack.currentWidget() is w.editor
    subprocess.run(["xdotool", "key", "ctrl+n"], check=True, timeout=20)
    wait_until(lambda: w.stack.currentWidget() is w.editor and w.editor.meeting is not None
               and w.runner.idle(), "the new meeting after Ctrl+N")
    report["editor_before_ctrl_n"] = before
    report["after_ctrl_n"] = {"view": "editor", "meeting_id": w.editor.meeting.id}
    time.sleep(0.3)
    QApplication.processEvents()
    editor_shot = str(Path(shot).with_name(Path(shot).stem + "-editor.png"))
    QGuiApplication.primaryScreen().grabWindow(0).toImage().save(editor_shot, "PNG")   # for a person to see
    # every screen once: the window's minimum size is then the largest any of them asks for
    from ui.main_window import NAV
    for key, _ in NAV:
        w.show_view(key)
        wait_until(w.runner.idle, f"the {key} screen")
    QApplication.processEvents()
    report["minimum_all_views"] = [w.minimumSizeHint().width(), w.minimumSizeHint().height()]
    w.resize(*RESIZED_TO)
    w.move(*MOVED_TO)
    wait_until(lambda: (w.pos().x(), w.pos().y()) == MOVED_TO and (w.width(), w.height()) == RESIZED_TO,
               "the move and resize")
    time.sleep(0.2)                                           # a layout may still ask for more room
    QApplication.processEvents()
    report["closed_at"] = where(w)


def scenario(name: str, out: str, shot: str) -> None:
    report: dict = {}
    try:
        w = the_window()
        if name == "first":
            first(w, report, shot)
        else:
            report["opened"] = where(w)
        w.close()
    except Exception as e:                   # reported to the test, which fails with it
        report["error"] = f"{type(e).__name__}: {e}"
        QApplication.exit(3)
    Path(out).write_text(json.dumps(report), encoding="utf-8")


def run() -> int:
    args = sys.argv[1:]
    dabir_args = args[args.index("--") + 1:] if "--" in args else []
    args = args[:args.index("--")] if "--" in args else args
    name, out = args[0], args[1]
    shot = args[2] if len(args) > 2 else str(Path(out).with_suffix(".png"))
    original = ui_app.application

    def application(argv=None):
        app = original(argv)
        QTimer.singleShot(0, lambda: scenario(name, out, shot))
        return app
    ui_app.application = application
    return main(dabir_args)


if __name__ == "__main__":
    sys.exit(run())
