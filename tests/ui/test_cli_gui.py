"""`dabir` with no command is the desktop application: first run, --view/--screenshot, bad files."""
import hashlib
import json

from PySide6.QtGui import QImage

from app.services.files import open_database
from ui.main_window import MainWindow

from .helpers import error_boxes, settle


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_screenshot_of_each_view(cli, tmp_path):
    db = tmp_path / "demo.dabir"
    assert cli("demo", "--db", db).returncode == 0
    meeting_id = json.loads(cli("list", "meetings", "--db", db, "--json").stdout)[0]["id"]
    before = _digest(db)
    for view in ("meetings", f"meeting:{meeting_id}", "tracker"):
        out = tmp_path / f"{view.split(':')[0]}.png"
        r = cli("--db", db, "--view", view, "--screenshot", out)
        assert r.returncode == 0, r.stderr
        image = QImage(str(out))
        assert (image.width(), image.height()) == (1024, 768)
    assert _digest(db) == before                  # looking changes nothing


def test_screenshot_of_an_editor_tab(cli, qtbot, tmp_path):
    """`--view meeting:ID:TAB` opens the editor on that tab (the README's pictures of one tab)."""
    db = tmp_path / "demo.dabir"
    assert cli("demo", "--db", db).returncode == 0
    meeting_id = json.loads(cli("list", "meetings", "--db", db, "--json").stdout)[0]["id"]
    shots = {}
    for tab in ("attendance", "agenda"):
        out = tmp_path / f"{tab}.png"
        r = cli("--db", db, "--view", f"meeting:{meeting_id}:{tab}", "--screenshot", out)
        assert r.returncode == 0, r.stderr
        shots[tab] = QImage(str(out))
        assert (shots[tab].width(), shots[tab].height()) == (1024, 768)
    assert shots["attendance"] != shots["agenda"]
    r = cli("--db", db, "--view", f"meeting:{meeting_id}:nowhere", "--screenshot", tmp_path / "x.png")
    assert r.returncode == 2 and "nowhere" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()
    from ui.screens.meeting_editor.editor import TAB_AMENDMENTS
    w = MainWindow(open_database(db))
    qtbot.addWidget(w)
    try:
        w.show_view(f"meeting:{meeting_id}:amendments")
        settle(qtbot, w)
        assert w.stack.currentWidget() is w.editor and w.editor.tabs.currentIndex() == TAB_AMENDMENTS
    finally:
        w.runner.wait()
        w.db.close()


def test_first_run_creates_the_default_file_with_the_demo(cli, tmp_path):
    default = tmp_path / "data" / "dabir.dabir"
    default.parent.mkdir()
    # the default location (here through $DABIR_DB) does not exist yet
    r = cli("--screenshot", tmp_path / "first.png", env={"DABIR_DB": str(default)})
    assert r.returncode == 0, r.stderr
    listed = json.loads(cli("list", "meetings", "--db", default, "--json").stdout)
    assert len(listed) == 1 and listed[0]["number"] == 1


def test_a_missing_file_named_with_db_is_created_empty(cli, tmp_path):
    path = tmp_path / "new.dabir"
    assert cli("--db", path, "--screenshot", tmp_path / "new.png").returncode == 0
    assert json.loads(cli("list", "meetings", "--db", path, "--json").stdout) == []


def test_non_dabir_file_from_the_command_line_is_refused_untouched(cli, tmp_path):
    bogus = tmp_path / "notes.dabir"
    bogus.write_bytes("صورتجلسه نیست\n".encode() * 100)
    before = _digest(bogus)
    r = cli("--db", bogus, "--view", "meetings", "--screenshot", tmp_path / "x.png")
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert _digest(bogus) == before and not (tmp_path / "x.png").exists()


def test_unknown_view_is_a_user_error(cli, tmp_path):
    db = tmp_path / "d.dabir"
    assert cli("demo", "--db", db).returncode == 0
    r = cli("--db", db, "--view", "nowhere", "--screenshot", tmp_path / "x.png")
    assert r.returncode == 2 and "nowhere" in r.stderr
    r = cli("--db", db, "--view", "meeting:no-such-id", "--screenshot", tmp_path / "x.png")
    assert r.returncode == 2 and "no-such-id" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.png").exists()


def test_opening_a_non_dabir_file_from_the_gui_shows_persian_error(qtbot, tmp_path):
    db = open_database(tmp_path / "mine.dabir", create=True)
    window = MainWindow(db)
    qtbot.addWidget(window)
    settle(qtbot, window)
    for name, content in (("letter.dabir", b"%PDF-1.4 not a database" * 50),
                          ("other.sqlite", None)):
        path = tmp_path / name
        if content is None:                       # a real SQLite file that is not Dabir's
            import sqlite3
            con = sqlite3.connect(path)
            con.execute("create table t (x)")
            con.commit()
            con.close()
        else:
            path.write_bytes(content)
        before = _digest(path)
        assert window.open_file(str(path)) is False
        boxes = error_boxes(window)
        assert boxes and "تغییری" in boxes[-1].text()
        assert _digest(path) == before
        boxes[-1].close()
    assert window.db is db and "mine.dabir" in window.windowTitle()
    window.runner.wait()
    db.close()


def test_window_title_names_the_file_and_switching_files_works(qtbot, tmp_path):
    a = open_database(tmp_path / "a.dabir", create=True)
    open_database(tmp_path / "b.dabir", create=True).close()
    window = MainWindow(a)
    qtbot.addWidget(window)
    assert "a.dabir" in window.windowTitle()
    assert window.open_file(str(tmp_path / "b.dabir"))
    assert "b.dabir" in window.windowTitle()
    window.runner.wait()
    window.db.close()


def test_starting_the_gui_on_a_non_dabir_file_shows_a_persian_box(qtbot, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox
    from ui.app import run
    bogus = tmp_path / "minutes.dabir"
    bogus.write_bytes("این یک پرونده متنی است".encode() * 40)
    before = _digest(bogus)
    shown = []

    def close_box():
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            shown.append(box.text())
            box.accept()
        else:
            QTimer.singleShot(20, close_box)
    QTimer.singleShot(0, close_box)
    assert run(bogus) == 2
    assert shown and "تغییری" in shown[0]
    assert _digest(bogus) == before


def test_a_damaged_file_is_checked_beside_the_first_page_and_refuses_writes(qtbot, tmp_path):
    """The GUI opens without waiting for quick_check (it reads the whole file); the check runs beside
    the first queries, a damaged file is reported in Persian, and no write reaches it."""
    from app.services import committees, demo
    good = open_database(tmp_path / "good.dabir", create=True)
    with good.session() as s:
        demo.build_demo(s)
    good.close()
    damaged = tmp_path / "damaged.dabir"
    data = bytearray((tmp_path / "good.dabir").read_bytes())
    data[4096 * 2] ^= 0xFF                        # the b-tree page header of page 3
    damaged.write_bytes(bytes(data))
    before = _digest(damaged)
    mine = open_database(tmp_path / "mine.dabir", create=True)
    window = MainWindow(mine)
    qtbot.addWidget(window)
    settle(qtbot, window)
    assert window.open_file(str(damaged)) is True   # header and schema are fine
    window.runner.write(window, lambda s: committees.create_committee(s, "کمیته تازه"))
    window.runner.wait()
    texts = [b.text() for b in error_boxes(window)]
    assert any("آسیب" in t for t in texts), texts
    assert _digest(damaged) == before
    window.db.close()


def test_a_bare_file_argument_opens_the_gui_on_that_file(cli, tmp_path):
    """How a file manager or Windows' file association starts Dabir on a double-clicked file."""
    folder = tmp_path / "جلسات کمیته"
    folder.mkdir()
    db = folder / "کمیته خوشه‌ها.dabir"
    assert cli("demo", "--db", db).returncode == 0
    before = _digest(db)
    default = tmp_path / "default" / "dabir.dabir"   # must stay untouched: the named file is opened
    out = tmp_path / "double-click.png"
    r = cli(db, "--view", "meetings", "--screenshot", out, env={"DABIR_DB": str(default)})
    assert r.returncode == 0, r.stderr
    assert QImage(str(out)).width() == 1024 and not default.exists() and _digest(db) == before
    # a command's name is still a command, a mistyped command still a one-line usage error
    assert cli("list", "committees", "--db", db).returncode == 0
    r = cli("lst", "committees")
    assert r.returncode == 2 and "lst" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    # a double-clicked foreign file: refused in one line, untouched
    bogus = folder / "notes.dabir"
    bogus.write_bytes(b"not a database\n" * 50)
    r = cli(bogus, "--screenshot", tmp_path / "x.png", env={"DABIR_DB": str(default)})
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert bogus.read_bytes() == b"not a database\n" * 50 and not default.exists()
