"""The application is Persian: RTL, Vazirmatn, Persian locale and Persian standard dialogs."""
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication, QMessageBox


def test_application_is_right_to_left_with_vazirmatn(qapp):
    assert qapp.layoutDirection() == Qt.LayoutDirection.RightToLeft
    assert qapp.font().family() == "Vazirmatn"
    assert QLocale().language() == QLocale.Language.Persian
    assert QLocale().toString(405) == "۴۰۵"


def test_standard_dialog_buttons_are_persian(qtbot):
    box = QMessageBox()
    qtbot.addWidget(box)
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert texts == {"بله", "انصراف"}


def test_missing_fonts_fall_back(tmp_path):
    from ui.app import load_fonts
    assert load_fonts(tmp_path) is None
    assert isinstance(QApplication.font().family(), str)


def test_the_window_is_in_vazirmatn_beside_the_reports_fallback_fonts(qapp):
    """resources/fonts also holds the PDFs' fallback fonts (Noto Sans Arabic sorts first): the window
    is still set in Vazirmatn."""
    from ui.app import FONTS, load_fonts
    assert any(p.name.startswith("Noto") for p in FONTS.glob("*.ttf"))
    assert load_fonts() == "Vazirmatn"
    assert qapp.font().family() == "Vazirmatn"


def test_windows_carry_dabirs_icon_at_the_sizes_drawn(qapp):
    from ui.app import ICONS
    sizes = {(s.width(), s.height()) for s in qapp.windowIcon().availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    # the render is the drawing, not a blank square: the tile's teal fills the middle of the left edge
    image = qapp.windowIcon().pixmap(256, 256).toImage()
    teal = image.pixelColor(20, 128)
    assert teal.alpha() == 255 and teal.green() > teal.red() + 60
    assert (ICONS / "dabir.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
