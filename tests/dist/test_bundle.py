"""The built bundle (dist/dabir/, `make dist`) on a secretary's machine: copied to a folder whose path
has Persian letters and spaces, run with a bare environment (`env -i`, PATH=/usr/bin:/bin, an empty
HOME) so nothing of the build's .venv or this checkout can be reached, only what the bundle carries."""
import configparser
import hashlib
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from app import __version__

from tests.ui.x11.server import absent_display, xvfb

from .conftest import BUNDLE, EXE_NAME, ROOT


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    """A fresh machine: the bundle unpacked under «برنامه‌های من/دبیر نسخه ۱», an empty home, a work folder."""
    assert (BUNDLE / EXE_NAME).exists(), "no bundle: run `make dist` (make dist-test builds it)"
    base = tmp_path_factory.mktemp("secretary")
    shutil.copytree(BUNDLE, base / "برنامه‌های من" / "دبیر نسخه ۱", symlinks=True)
    for name in ("home", "کارها"):
        (base / name).mkdir()
    return base


def run(place: Path, *args, extra_env=(), timeout=120) -> subprocess.CompletedProcess:
    exe = place / "برنامه‌های من" / "دبیر نسخه ۱" / EXE_NAME
    return subprocess.run(["env", "-i", "PATH=/usr/bin:/bin", f"HOME={place / 'home'}", *extra_env, str(exe),
                           *map(str, args)], cwd=place / "کارها", capture_output=True, text=True, timeout=timeout)


def without_loader_lines(stderr: str) -> str:
    """What the program itself said, without LD_DEBUG's lines ("   PID:\t…")."""
    return "\n".join(line for line in stderr.splitlines() if not line.lstrip().split(":", 1)[0].isdigit())


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_bundle_refers_to_neither_the_build_venv_nor_this_checkout():
    needles = (str(ROOT / ".venv").encode(), str(ROOT).encode(), b"/.venv/")
    found = []
    for path in BUNDLE.rglob("*"):
        if path.is_file() and not path.is_symlink():
            data = path.read_bytes()
            found += [f"{path.relative_to(BUNDLE)}: {n.decode()}" for n in needles if n in data]
    assert found == []


def test_version(place):
    r = run(place, "--version")
    assert (r.returncode, r.stdout.strip(), r.stderr) == (0, f"dabir {__version__}", "")


def test_demo_minutes_and_screenshot_from_a_persian_path(place, cli, tmp_path):
    work = place / "کارها"
    db = work / "جلسات کمیته ۱۴۰۵.dabir"
    r = run(place, "demo", "--db", db)
    assert r.returncode == 0, r.stderr
    meetings = json.loads(run(place, "list", "meetings", "--db", db, "--json").stdout)
    assert len(meetings) == 1 and "خوشه‌های کسب و کار" in meetings[0]["title"]   # the sample meeting

    pdf = work / "صورتجلسه اول.pdf"
    r = run(place, "minutes", "--db", db, "--meeting", meetings[0]["id"], "-o", pdf)
    assert r.returncode == 0, r.stderr
    fonts = subprocess.run(["pdffonts", pdf], capture_output=True, text=True, check=True).stdout
    embedded = [line.split()[0] for line in fonts.splitlines()[2:] if " yes " in line]
    assert any(name.endswith("+Vazirmatn-Regular") for name in embedded), fonts
    assert any(name.endswith("+Vazirmatn-Bold") for name in embedded), fonts
    assert run(place, "verify", "--db", db, pdf).returncode == 0

    before = digest(db)
    shot = work / "فهرست جلسات.png"
    # LD_DEBUG: the dynamic loader names every library it starts; each is the bundle's or the system's
    r = run(place, "--db", db, "--view", "meetings", "--screenshot", shot, extra_env=["LD_DEBUG=libs"])
    assert r.returncode == 0, without_loader_lines(r.stderr)
    assert digest(db) == before
    loaded = {line.split("calling init: ", 1)[1].strip() for line in r.stderr.splitlines() if "calling init: " in line}
    assert any("libQt6Widgets" in p for p in loaded) and any("libqoffscreen" in p for p in loaded)
    copy = str(place / "برنامه‌های من" / "دبیر نسخه ۱") + "/"
    foreign = [p for p in loaded if not p.startswith((copy, "/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/"))]
    assert foreign == []
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 768)
    # the bundle draws exactly what the checkout draws: same fonts, same Persian, same layout
    ours = tmp_path / "checkout.png"
    assert cli("--db", db, "--view", "meetings", "--screenshot", ours).returncode == 0
    reference = QImage(str(ours))
    differing = sum(image.pixel(x, y) != reference.pixel(x, y) for x in range(0, 1280, 4) for y in range(0, 800, 4))
    assert differing / (320 * 200) < 0.01


@pytest.fixture
def x_display():
    """A real X server (Xvfb) for the xcb platform plugin a Linux desktop uses."""
    with xvfb() as display:
        yield display


def test_the_window_opens_on_an_x_display_with_the_bundles_xcb(place, x_display):
    work = place / "کارها"
    db = work / "نمونه.dabir"
    assert run(place, "demo", "--db", db).returncode == 0
    shot = work / "پیگیری.png"
    r = run(place, "--db", db, "--view", "tracker", "--screenshot", shot,
            extra_env=[f"DISPLAY={x_display}", "QT_QPA_PLATFORM=xcb", "LD_DEBUG=libs"])
    assert r.returncode == 0, without_loader_lines(r.stderr)
    loaded = [line.split("calling init: ", 1)[1] for line in r.stderr.splitlines() if "calling init: " in line]
    copy = str(place / "برنامه‌های من" / "دبیر نسخه ۱") + "/"
    assert any(p.startswith(copy) and p.endswith("libqxcb.so") for p in loaded)
    assert any(p.startswith(copy) and "libxcb-cursor" in p for p in loaded)
    assert QImage(str(shot)).width() == 1280


def test_an_x_display_that_is_not_there_is_one_line_and_exit_2(place):
    """DISPLAY naming no X server (a stale value over ssh, a server gone): Qt's xcb plugin would abort the
    process (-6) with a hint about xcb-cursor0; the bundle's own check says what is wrong instead."""
    db = place / "کارها" / "بی‌نمایشگر.dabir"
    assert run(place, "demo", "--db", db).returncode == 0
    before = digest(db)
    display = absent_display()
    for extra, args in ((["QT_QPA_PLATFORM=xcb"], ("--screenshot", place / "کارها" / "y.png")), ([], ())):
        r = run(place, "--db", db, *args, extra_env=[f"DISPLAY={display}", *extra])
        assert r.returncode == 2, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and "xcb-cursor" not in r.stderr
        assert "صفحه نمایش" in r.stderr and f"cannot connect to the X display '{display}'" in r.stderr
    assert digest(db) == before and not (place / "کارها" / "y.png").exists()


def test_the_running_window_uses_the_bundles_persian_qt_translations_and_fonts(place):
    """Opened as a double-click opens it (a bare file argument), left running: Qt maps the translation
    catalogue of its standard dialogs (qtbase_fa) and the Vazirmatn files it loaded; /proc shows which."""
    db = place / "کارها" / "دوبار کلیک.dabir"
    assert run(place, "demo", "--db", db).returncode == 0
    exe = place / "برنامه‌های من" / "دبیر نسخه ۱" / EXE_NAME
    gui = subprocess.Popen(["env", "-i", "PATH=/usr/bin:/bin", f"HOME={place / 'home'}", "QT_QPA_PLATFORM=offscreen",
                            str(exe), str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    copy = str(place / "برنامه‌های من" / "دبیر نسخه ۱") + "/"
    wanted = {"qtbase_fa.qm", "Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf"}
    ours: set[str] = set()
    try:
        deadline = time.monotonic() + 60
        while gui.poll() is None and time.monotonic() < deadline and not wanted <= ours:
            time.sleep(0.2)
            maps = Path(f"/proc/{gui.pid}/maps").read_text(encoding="utf-8", errors="replace").splitlines()
            ours = {Path(m.split(maxsplit=5)[5]).name for m in maps
                    if len(m.split(maxsplit=5)) == 6 and m.split(maxsplit=5)[5].startswith(copy)}
        assert gui.poll() is None, "the window closed by itself"
    finally:
        gui.terminate()                  # as a logout ends it (ui/signals.py)
        try:
            gui.wait(timeout=30)
        except subprocess.TimeoutExpired:
            gui.kill()                       # not left running after the test
            gui.wait()
            raise
    assert wanted <= ours, sorted(ours)


def test_first_start_fills_the_data_folder_with_the_demo(place):
    """A double-click on the icon (no arguments) the first time: the default file, with the demo."""
    r = run(place, "--screenshot", place / "کارها" / "first.png")
    assert r.returncode == 0, r.stderr
    default = place / "home" / ".local" / "share" / "Dabir" / "dabir.dabir"
    assert default.exists()
    assert len(json.loads(run(place, "list", "meetings", "--db", default, "--json").stdout)) == 1


def test_a_bad_file_is_one_line_and_exit_2_untouched(place):
    bad = place / "کارها" / "نامه اداری.dabir"
    bad.write_bytes("این یک پایگاه داده نیست\n".encode() * 200)
    before = digest(bad)
    for args in (("list", "meetings", "--db", bad), (bad, "--screenshot", place / "کارها" / "x.png")):
        r = run(place, *args)
        assert r.returncode == 2, r.stderr
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
        assert "دبیر" in r.stderr and "not a Dabir file" in r.stderr
    assert digest(bad) == before and not (place / "کارها" / "x.png").exists()


def test_the_bundle_carries_persian_qt_translations_and_only_the_qt_it_needs():
    qm = {p.name for p in BUNDLE.rglob("*.qm")}
    assert {"qtbase_fa.qm", "qt_fa.qm"} <= qm and all(n.endswith("_fa.qm") for n in qm)
    plugins = {p.relative_to(next(BUNDLE.rglob("plugins"))).as_posix() for p in BUNDLE.rglob("plugins/*/*")}
    for needed in ("platforms/libqxcb.so", "platforms/libqoffscreen.so", "printsupport/libcupsprintersupport.so",
                   "imageformats/libqjpeg.so", "imageformats/libqsvg.so"):
        assert needed in plugins
    names = " ".join(p.name for p in BUNDLE.rglob("*"))
    for unwanted in ("WebEngine", "Qt6Qml", "Qt6Quick", "VirtualKeyboard", "Qt63D", "Multimedia"):
        assert unwanted not in names
    assert "Pdf" in names and (BUNDLE / "_internal" / "app" / "storage" / "migrations" / "versions").is_dir()
    # nothing left out by the spec is still pointed at (PyInstaller links each library into _internal/)
    assert [p.name for p in BUNDLE.rglob("*") if p.is_symlink() and not p.exists()] == []


def test_linux_menu_entry_installs_and_uninstalls_keeping_the_data(place):
    home = place / "home"
    folder = place / "برنامه‌های من" / "دبیر نسخه ۱"
    env = ["env", "-i", "PATH=/usr/bin:/bin", f"HOME={home}"]
    r = subprocess.run([*env, "sh", folder / "install-desktop.sh"], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    entry = configparser.ConfigParser(interpolation=None)
    entry.read(home / ".local/share/applications/dabir.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Name[fa]"] == "دبیر" and desktop["MimeType"] == "application/x-dabir;"
    exe = desktop["Exec"].removesuffix(" %f").strip('"')
    assert Path(exe) == home / ".local/opt/dabir/dabir"
    assert (home / ".local/share/icons/hicolor/48x48/apps/dabir.png").exists()
    assert "*.dabir" in (home / ".local/share/mime/packages/dabir.xml").read_text(encoding="utf-8")
    # the menu's command, with a file as the file manager passes it
    data = home / ".local" / "share" / "Dabir"
    data.mkdir(parents=True, exist_ok=True)
    (data / "keep.dabir").write_bytes(b"the secretary's work")
    r = subprocess.run([*env, exe, "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and __version__ in r.stdout
    r = subprocess.run([*env, "sh", folder / "install-desktop.sh", "--uninstall"], capture_output=True, text=True,
                       timeout=60)
    assert r.returncode == 0, r.stderr
    assert not (home / ".local/opt/dabir").exists() and not (home / ".local/share/applications/dabir.desktop").exists()
    assert (data / "keep.dabir").read_bytes() == b"the secretary's work"
