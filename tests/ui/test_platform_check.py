"""The check that runs before Qt: Qt's xcb plugin aborts the process when a system library is missing,
so `dabir` names the Debian package first and exits 2."""
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.ui.x11.server import absent_display, xvfb
from ui import platform_check as pc

ROOT = Path(__file__).resolve().parents[2]
HIDE = ROOT / "tests" / "ui" / "x11" / "hide_library.py"


def test_the_table_names_the_package_of_every_system_library_the_installed_qt_links():
    for plugin in pc.PLUGINS:
        files = pc.linked_files(plugin)
        assert files[0].name == f"libq{plugin}.so" and len(files) == 1 + len(pc.MODULES)
        libs = pc.system_libraries(files)
        assert "libxcb.so.1" in libs if plugin == "xcb" else "libwayland-client.so.0" in libs
        assert not any(n.startswith("libQt6") for n in libs)                   # shipped inside PySide6
        unknown = sorted(set(libs) - set(pc.LIBRARY_PACKAGES))
        assert unknown == [], f"regenerate the table: python -m ui.platform_check --table ({unknown})"
    # `make test` installed what the xcb plugin needs, so nothing is missing here
    assert pc.missing_libraries("xcb") == []


def test_the_qt_modules_left_unchecked_link_no_system_library_the_checked_files_do_not():
    checked = set(pc.system_libraries(pc.linked_files("xcb")))
    pyside = pc.pyside_dir()
    for module in pc.OTHER_MODULES:
        extra = set(pc.system_libraries([pyside / f"{module}.abi3.so"])) - checked
        assert extra == set(), f"add {module} to platform_check.MODULES: it links {sorted(extra)}"


def test_the_table_agrees_with_dpkg_for_the_libraries_the_issue_names():
    for soname, package in (("libxcb-cursor.so.0", "libxcb-cursor0"), ("libxcb-icccm.so.4", "libxcb-icccm4")):
        assert pc.LIBRARY_PACKAGES[soname] == package
        owner = subprocess.run(["dpkg", "-S", f"*/{soname}"], capture_output=True, text=True).stdout
        assert owner.split(":", 1)[0] == package


def test_packages_are_named_once_and_an_unknown_library_by_itself():
    assert pc.packages_for(["libglib-2.0.so.0", "libgthread-2.0.so.0", "libxcb-cursor.so.0"]) == \
        ["libglib2.0-0", "libxcb-cursor0"]
    assert pc.packages_for(["libnew-thing.so.3"]) == ["libnew-thing.so.3"]


def test_only_a_linux_desktop_without_a_chosen_platform_is_checked():
    assert pc.needed_plugins({"DISPLAY": ":0"}, "linux") == ["xcb"]
    assert pc.needed_plugins({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux") == ["wayland", "xcb"]
    assert pc.needed_plugins({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux") == []
    assert pc.needed_plugins({}, "linux") == []                        # ui.app says "no display" itself
    assert pc.needed_plugins({"DISPLAY": ":0"}, "win32") == []
    assert pc.check_display_libraries({"DISPLAY": ":0"}, "linux") == []


def _hiding(soname: str, *command: str, **env) -> subprocess.CompletedProcess:
    """`command` on this machine with `soname` hidden, in a private mount namespace."""
    unshare = ["unshare", "-m"] if os.geteuid() == 0 else ["unshare", "-Urm"]
    full_env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    full_env.update(PYTHONPATH=str(ROOT), **env)
    return subprocess.run([*unshare, sys.executable, str(HIDE), soname, "--", *command], capture_output=True,
                          text=True, env=full_env, cwd=ROOT, timeout=120)


def test_without_libxcb_cursor0_dabir_names_the_package_in_one_line_and_leaves_the_file_alone(db_path):
    from app.services import demo
    from app.services.files import open_database
    db = open_database(db_path, create=True)
    with db.session() as s:
        demo.build_demo(s)
    db.close()
    before = db_path.read_bytes()
    # the hiding is real: Qt itself aborts there, with no exit code or Persian of ours
    qt = _hiding("libxcb-cursor.so.0", sys.executable, "-c",
                 "from PySide6.QtWidgets import QApplication; QApplication([])", DISPLAY=":99")
    assert qt.returncode != 0 and "xcb-cursor0" in qt.stderr
    # `make run` and `make test` ask for exactly the package
    make = _hiding("libxcb-cursor.so.0", sys.executable, "-m", "ui.platform_check", "--missing")
    assert make.returncode == 0 and make.stdout.strip() == "libxcb-cursor0"

    done = _hiding("libxcb-cursor.so.0", sys.executable, "-m", "app.cli.main", "--db", str(db_path),
                   DISPLAY=":99")
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr
    assert "sudo apt-get install libxcb-cursor0" in lines[0]
    fa, en = lines[0].split(" | ")
    assert "کتابخانه" in fa and "libxcb-cursor0" in fa
    assert en.startswith("error: Qt cannot open a window") and "libxcb-cursor.so.0" in en
    assert db_path.read_bytes() == before


def test_the_first_run_creates_no_file_when_qt_cannot_start(tmp_path):
    path = tmp_path / "first.dabir"
    done = _hiding("libxcb-cursor.so.0", sys.executable, "-m", "app.cli.main", DISPLAY=":99",
                   DABIR_DB=str(path))
    assert done.returncode == 2 and "libxcb-cursor0" in done.stderr
    assert not path.exists()


def test_only_where_qt_starts_xcb_and_nothing_else_is_the_x_display_asked():
    assert pc.xcb_only({"DISPLAY": ":0"}, "linux")
    assert pc.xcb_only({"QT_QPA_PLATFORM": "xcb"}, "linux")
    assert not pc.xcb_only({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux")   # may start wayland
    assert not pc.xcb_only({"DISPLAY": ":0", "QT_QPA_PLATFORM": "offscreen"}, "linux")
    assert not pc.xcb_only({"DISPLAY": ":0"}, "win32")
    assert not pc.xcb_only({}, "linux")                                  # ui.app says "no display" itself


def test_a_running_x_server_is_reachable_and_a_missing_one_is_named():
    with xvfb() as display:
        assert pc.unreachable_display({"DISPLAY": display}, "linux") is None
        assert pc.unreachable_display({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}, "linux") is None
    nobody = absent_display()
    assert pc.unreachable_display({"DISPLAY": nobody}, "linux") == nobody
    assert pc.unreachable_display({"DISPLAY": nobody, "QT_QPA_PLATFORM": "xcb"}, "linux") == nobody
    assert pc.unreachable_display({"QT_QPA_PLATFORM": "xcb"}, "linux") == ""
    assert pc.unreachable_display({"DISPLAY": nobody, "QT_QPA_PLATFORM": "offscreen"}, "linux") is None


def test_an_x_display_that_is_not_there_is_one_line_and_exit_2_not_qts_abort(cli, tmp_path):
    """Qt itself aborts on it (exit -6, no Persian); dabir says so in one line and touches no file."""
    display = absent_display()
    env = {"DISPLAY": display, "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": ""}
    qt = subprocess.run([sys.executable, "-c", "from PySide6.QtWidgets import QApplication; QApplication([])"],
                        capture_output=True, text=True, timeout=60,
                        env={k: v for k, v in {**os.environ, **env}.items() if v})
    assert qt.returncode < 0 and "could not connect to display" in qt.stderr
    first = tmp_path / "first.dabir"
    for args, extra in ((("--db", first), {}),
                        (("--db", first, "--screenshot", tmp_path / "s.png"), {"QT_QPA_PLATFORM": "xcb"})):
        r = cli(*args, env={**env, **extra})
        assert r.returncode == 2, r.stderr
        lines = r.stderr.strip().splitlines()
        assert len(lines) == 1 and "Traceback" not in r.stderr
        fa, en = lines[0].split(" | ")
        assert f"صفحه نمایش {display}" in fa
        assert en == f"error: cannot connect to the X display '{display}' (DISPLAY); run Dabir in a desktop " \
                     "session, or use --screenshot"
    assert not first.exists() and not (tmp_path / "s.png").exists()


def test_the_check_holds_its_connection_so_a_lone_x_server_does_not_reset_under_qt():
    """A lone X server resets when its last client leaves and refuses whoever connects meanwhile (a third
    of the time here): the check's connection stays open until Qt has its own. XOpenDisplay is what Qt's
    xcb plugin calls first."""
    import ctypes
    x11 = ctypes.CDLL("libX11.so.6")
    x11.XOpenDisplay.restype = ctypes.c_void_p
    x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
    x11.XCloseDisplay.argtypes = [ctypes.c_void_p]
    refused = 0
    with xvfb() as display:
        for _ in range(40):
            # the last round's clients have just left: the server may still be resetting
            deadline = time.monotonic() + 10
            while pc.unreachable_display({"DISPLAY": display}, "linux", hold=True) is not None:
                assert time.monotonic() < deadline, "the X server stays unreachable"
                time.sleep(0.05)
            qt = x11.XOpenDisplay(display.encode())
            pc.release_display()
            if qt:
                x11.XCloseDisplay(qt)
            refused += not qt
            assert pc._held == []
    assert refused == 0
