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
