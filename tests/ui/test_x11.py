"""The real desktop: Dabir started as a user starts it, on an X server (Xvfb, 1366×768) with a window
manager keeping a 40-pixel taskbar free, through Qt's xcb platform. The rest of the suite runs offscreen
in this process, so each run here is its own process (tests/ui/x11/drive.py) on an Xvfb and Openbox this
module starts and stops."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DRIVE = ROOT / "tests" / "ui" / "x11" / "drive.py"
SCREEN = (1366, 768)
WORK_AREA = (0, 0, 1366, 728)          # what a bottom panel leaves for windows


OPENBOX_RC = """<?xml version="1.0" encoding="UTF-8"?>
<openbox_config xmlns="http://openbox.org/3.4/rc">
  <margins><top>0</top><bottom>40</bottom><left>0</left><right>0</right></margins>
</openbox_config>
"""


@pytest.fixture(scope="module")
def display(tmp_path_factory):
    """A private X server on a free display number, with a real window manager (Openbox: title bars,
    borders, focus) that keeps 40 pixels at the bottom free as a taskbar does (_NET_WORKAREA)."""
    folder = tmp_path_factory.mktemp("openbox")
    rc = folder / "rc.xml"
    rc.write_text(OPENBOX_RC, encoding="utf-8")
    said = []
    # Xvfb runs with -noreset: a lone X server resets when its last client leaves and refuses whoever
    # connects meanwhile, so Openbox could be refused between two of xprop's polls (once in a full run, exit 1;
    # see ui/platform_check.py). Should it still fail, a new server is tried, and every try's words reported.
    for attempt in range(3):
        server, wm, name = _start(rc, folder / f"openbox-{attempt}.log")
        if name is not None:
            break
        said.append((folder / f"openbox-{attempt}.log").read_text(errors="replace")[-2000:])
        _stop(wm, server)
    else:
        pytest.fail("Xvfb and Openbox did not start: " + " | ".join(said))
    try:
        yield name
    finally:
        _stop(wm, server)


def _start(rc: Path, log: Path):
    read, write = os.pipe()
    size = f"{SCREEN[0]}x{SCREEN[1]}x24"
    server = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", size, "-nolisten", "tcp",
                               "-noreset"], pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    with os.fdopen(read) as pipe:
        number = pipe.readline().strip()
    if not number:
        log.write_text("Xvfb did not start", encoding="utf-8")
        return server, None, None
    env = {**os.environ, "DISPLAY": f":{number}"}
    with open(log, "wb") as out:
        wm = subprocess.Popen(["openbox", "--config-file", str(rc)], env=env, stdout=out, stderr=out)
    deadline = time.monotonic() + 30
    while ", ".join(map(str, WORK_AREA)) not in _root_property("_NET_WORKAREA", env):
        if wm.poll() is not None or time.monotonic() > deadline:
            with open(log, "a", encoding="utf-8") as out:
                out.write(f"\n(openbox exit {wm.poll()}, Xvfb :{number} exit {server.poll()})")
            return server, wm, None
        time.sleep(0.1)
    return server, wm, f":{number}"


def _stop(*processes):
    for process in processes:
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait(timeout=30)


def _root_property(name: str, env: dict) -> str:
    done = subprocess.run(["xprop", "-root", name], env=env, capture_output=True, text=True, timeout=30)
    return done.stdout


def dabir(display: str, scenario: str, tmp_path: Path, run: str) -> dict:
    """Start Dabir as `make run` does (no QT_QPA_PLATFORM: Qt picks xcb itself, after the library
    check) with the first-run file at $DABIR_DB; the test's own config folder holds window.ini."""
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, DABIR_DB=str(tmp_path / "dabir.dabir"), PYTHONPATH=str(ROOT))
    out = tmp_path / f"{run}.json"
    done = subprocess.run([sys.executable, str(DRIVE), scenario, str(out)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    report = json.loads(out.read_text(encoding="utf-8")) if out.exists() else {}
    assert done.returncode == 0 and "error" not in report, (done.returncode, report, done.stderr[-3000:])
    return report


def inside(frame, area) -> bool:
    x, y, w, h = frame
    ax, ay, aw, ah = area
    return ax <= x and ay <= y and x + w <= ax + aw and y + h <= ay + ah


def test_first_window_fits_the_screen_shows_meetings_and_takes_ctrl_n_then_reopens_where_it_closed(
        display, tmp_path):
    first = dabir(display, "first", tmp_path, "first")
    opened = first["opened"]
    assert opened["platform"] == "xcb"
    assert opened["screen"] == [0, 0, *SCREEN]
    assert opened["available"] == list(WORK_AREA)
    # the whole frame, status line included, is above the taskbar; as large as that allows (≤ 1280×800)
    assert inside(opened["frame"], WORK_AREA), opened
    assert opened["size"][0] == 1280 and opened["size"][1] >= WORK_AREA[3] - 60, opened
    # the meetings view rendered on the X server: its rows, and real pixels (text) where the list is
    assert first["current_view"] == "meetings" and first["meetings_rows"] >= 1
    # the title the window manager shows: the file, and the application's name once
    assert first["x_title"] == "dabir.dabir — دبیر", first["x_title"]
    assert inside(first["view_rect"], opened["frame"])
    assert first["view_colours"] > 20, first          # an empty or unpainted list is one or two colours
    assert Path(tmp_path / "first.png").stat().st_size > 10_000
    # Ctrl+N pressed on the X keyboard: a new meeting, open in the editor
    assert first["editor_before_ctrl_n"] is False
    assert first["after_ctrl_n"]["view"] == "editor"
    from app.services import meetings
    from app.services.files import open_database
    db = open_database(tmp_path / "dabir.dabir", create=False)
    try:
        with db.session() as s:
            listed = meetings.list_meetings(s)
    finally:
        db.close()
    assert len(listed) == first["meetings_rows"] + 1
    assert first["after_ctrl_n"]["meeting_id"] in {m.id for m in listed}
    # no screen asks for more room than 1366×768 leaves beside a taskbar and a title bar
    from ui.window_place import FRAME
    width, height = first["minimum_all_views"]
    assert width <= WORK_AREA[2] - FRAME.width() and height <= WORK_AREA[3] - FRAME.height(), first
    closed = first["closed_at"]
    assert closed["pos"] == [40, 30] and closed["size"] == [1240, 620]

    again = dabir(display, "reopen", tmp_path, "second")["opened"]
    assert again["pos"] == closed["pos"] and again["size"] == closed["size"]
    assert again["frame"] == closed["frame"]


def test_a_window_left_on_a_monitor_that_is_gone_comes_back_on_screen(display, tmp_path):
    from PySide6.QtCore import QPoint, QSettings, QSize
    config = Path(os.environ["DABIR_CONFIG_DIR"])
    config.mkdir(parents=True, exist_ok=True)
    s = QSettings(str(config / "window.ini"), QSettings.Format.IniFormat)
    s.setValue("window/pos", QPoint(1500, 200))        # where a second monitor, right of this one, was
    s.setValue("window/size", QSize(1000, 600))
    s.sync()
    opened = dabir(display, "reopen", tmp_path, "gone")["opened"]
    assert inside(opened["frame"], WORK_AREA), opened
    assert opened["size"] == [1000, 600]
