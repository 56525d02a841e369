"""The QApplication set up for Persian: right-to-left, Vazirmatn, the Persian locale, and Qt's own
Persian translations so standard dialogs (message boxes, file and print dialogs) speak Persian."""
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"
FONT_FILES = ("Vazirmatn-Regular.ttf", "Vazirmatn-Bold.ttf")
FONT_POINT_SIZE = 10


def load_fonts(folder: Path = FONTS) -> str | None:
    """Register the bundled TTFs; returns the family to use, or None (Qt's default font stays)."""
    family = None
    for path in sorted(folder.glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
        if families and (family is None or path.name in FONT_FILES):
            family = family or families[0]
    return family


def install_translators(app: QApplication) -> list[QTranslator]:
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    loaded = []
    for name in ("qtbase_fa", "qt_fa"):
        tr = QTranslator(app)
        if tr.load(name, folder):
            app.installTranslator(tr)
            loaded.append(tr)
    return loaded


def setup_application(app: QApplication) -> None:
    """Everything a Dabir QApplication needs; idempotent (tests share one application)."""
    if app.property("dabir_ready"):
        return
    QLocale.setDefault(QLocale(QLocale.Language.Persian, QLocale.Country.Iran))
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    app.setApplicationName("Dabir")
    app.setApplicationDisplayName("دبیر")
    family = load_fonts()
    if family:
        app.setFont(QFont(family, FONT_POINT_SIZE))
    app._dabir_translators = install_translators(app)   # keep them alive with the app
    app.setProperty("dabir_ready", True)


def application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv or [sys.argv[0]])
    setup_application(app)
    return app
