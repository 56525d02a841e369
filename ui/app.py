"""The QApplication set up for Persian: right-to-left, Vazirmatn, the Persian locale, and Qt's own
Persian translations so standard dialogs (message boxes, file and print dialogs) speak Persian."""
import os
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from ui import form_habits, signals

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"
TRANSLATIONS = FONTS.parent / "translations"
FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")
FONT_POINT_SIZE = 10
ICONS = FONTS.parent / "icons"


def load_fonts(folder: Path = FONTS) -> str | None:
    """Register the bundled TTFs; returns the family to use, or None (Qt's default font stays)."""
    # Vazirmatn by name: the reports' fallback fonts (Noto Sans Arabic, Noto Sans Symbols) lie in the same
    # folder and sort first; taking the first family made the whole window Noto, 145 px wider.
    family = first = None
    for path in sorted(folder.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families:
            first = first or families[0]
            if path.name in FONT_FILES:
                family = family or families[0]
    return family or first


def app_icon(folder: Path = ICONS) -> QIcon:
    """Dabir's icon (resources/icons, rendered from dabir.svg) at every size drawn, for title bars and task bars."""
    icon = QIcon()
    for path in sorted(folder.glob("dabir-*.png")):
        icon.addFile(str(path))
    return icon


def install_translators(app: QApplication) -> list[QTranslator]:
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in ("qtbase_fa", "qt_fa"):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            loaded.append(tr)
    # what qtbase_fa lacks («Look in:», «Files of type:», the print dialog's duplex options, file kinds);
    # installed last, so asked first (resources/translations/dabir_qt_fa.ts)
    tr = QTranslator(app)
    if tr.load(str(TRANSLATIONS / "dabir_qt_fa.qm")):
        app.installTranslator(tr)
        loaded.append(tr)
    return loaded


def setup_application(app: QApplication) -> None:
    """Everything a Dabir QApplication needs; idempotent (tests share one application)."""
    if app.property("dabir_ready"):
        return
    from ui import strings as S
    QLocale.setDefault(QLocale(QLocale.Language.Persian, QLocale.Country.Iran))
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    app.setApplicationName("Dabir")
    app.setApplicationDisplayName(S.APP_TITLE)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("dabir")     # Linux menus and Wayland match the window to dabir.desktop's icon
    family = load_fonts()
    if family:
        app.setFont(QFont(family, FONT_POINT_SIZE))
    app._dabir_translators = install_translators(app)   # keep them alive with the app
    app._dabir_habits = form_habits.install(app)        # act once, Tab selects (ui/form_habits.py)
    app.setProperty("dabir_ready", True)


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    setup_application(app)
    return app


SCREENSHOT_SIZE = (1024, 768)     # the smallest screen the window is made for (issue 25)


def open_or_create(path: Path, is_default: bool):
    """Open the file; a missing default file is created with the demo content (the first run),
    a missing file named with --db is created empty."""
    from app.services import files
    if files.is_server_url(path):      # a central database on a server (docs/central.md)
        return files.open_database(path, create=True)
    if path.exists():
        return files.open_database(path, create=False, check_contents=False)  # MainWindow checks it beside
    db = files.open_database(path, create=True)
    if is_default:
        from app.services import demo      # the first run only: its builders stay off every other start
        with db.session() as s:
            demo.build_demo(s)
    return db


def run(db_path: Path, is_default: bool = False, view: str | None = None, screenshot: str | None = None) -> int:
    """The GUI. With `screenshot`, render `view` offscreen at 1024×768 into that PNG and exit."""
    from app.domain.errors import DabirError
    if screenshot and not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    if sys.platform.startswith("linux") and not any(os.environ.get(v) for v in
                                                     ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        # Qt would abort the process (no traceback, no message we control) without a display
        from ui import strings as S
        raise DabirError(S.NO_DISPLAY, "no display available; run Dabir in a desktop session or use --screenshot")
    from ui.platform_check import release_display, require_reachable_display
    require_reachable_display()          # Qt would abort on an X display it cannot reach
    try:
        app = application()
    finally:
        release_display()                # Qt has its own connection now
    from app.services.files import db_target
    from ui.models.paged import PAGE
    target = db_target(db_path)
    page = None
    if (view or "meetings") == "meetings":
        # the list as it first opens, read without SQLAlchemy (issue 28); None: the full open first
        from app.services.first_page import read_first_page
        page = read_first_page(target, PAGE)
    db = None
    if page is None:
        db = _open(target, is_default, screenshot)
        if db is None:
            return 2
    from ui.main_window import MainWindow
    try:
        if screenshot and (view or "").startswith("meeting:"):
            # a wrong id is the user's to fix: one line and exit 2, not a picture of an error box
            from app.services import meetings
            with db.session() as s:
                from ui.screens.meeting_editor.editor import view_tab
                meetings.get_meeting(s, view_tab(view)[0])          # meeting:ID or meeting:ID:TAB
    except DabirError:
        db.close()
        raise
    window = MainWindow(db, first_page=page)
    try:
        if screenshot:
            # from a first page, the picture is what the secretary sees before the file is opened
            return _screenshot(app, window, view or "meetings", screenshot)
        if view:
            window.show_view(view)
        if db is None:
            def opened():
                late = _open(target, is_default, screenshot)
                if late is None:
                    window.close()
                    app.exit(2)
                else:
                    window.attach(late)
            window.after_first_paint(opened)
        window.show()
        with signals.ended_by_signals(window):
            code = app.exec() if not signals.received else 0     # one may have come while it opened
        if signals.received:
            if window.isVisible():
                window.close()           # as its close button: typed minutes reach the file
            return 128 + signals.received[0]
        return code
    finally:
        window.runner.wait()          # nothing may still be running on the file as it closes
        if window.db is not None:
            window.db.close()


def _open(target, is_default: bool, screenshot: str | None):
    """The file opened (or created), or None when it cannot be and the user did not repair it (the
    message was shown). With `screenshot`, a DabirError is raised: one line, exit 2."""
    from app.domain.errors import DabirError
    try:
        return open_or_create(target, is_default)
    except DabirError as e:
        if screenshot:
            raise
        from ui.repair import show_file_error
        repaired = []
        show_file_error(None, e, on_repaired=repaired.append)     # blocks; may build a clean copy
        if not repaired:
            return None
        return open_or_create(repaired[0], False)


def _screenshot(app, window, view: str, out: str) -> int:
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    window.show_view(view)
    for _ in range(3):                       # a load may schedule a follow-up load (lists, then counts)
        window.runner.wait()
        app.processEvents()
    if not window.grab().save(str(out), "PNG"):
        from app.domain.errors import DabirError
        from ui import strings as S
        raise DabirError(S.SCREENSHOT_FAILED.format(path=out), f"could not save screenshot to '{out}'")
    window.close()
    return 0
