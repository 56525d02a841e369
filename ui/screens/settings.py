"""Settings of this file: the letterhead (organisation, title, logo), the secretary, this office."""
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services import settings
from ui import strings as S
from ui.dialogs import show_error, choose_file
from ui.screens.directory import png_bytes

FIELDS = (("office_name", S.OFFICE_NAME), ("letterhead_org", S.LETTERHEAD_ORG),
          ("letterhead_title", S.LETTERHEAD_TITLE), ("secretary_name", S.SECRETARY_NAME))


class SettingsScreen(QWidget):
    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.values = None
        self.edits: dict[str, QLineEdit] = {}
        form = QFormLayout()
        for key, label in FIELDS:
            edit = QLineEdit(self)
            edit.setMinimumWidth(380)
            edit.editingFinished.connect(lambda k=key: self._save(k))
            self.edits[key] = edit
            form.addRow(label, edit)
        self.logo = QLabel(self)
        self.logo.setFixedSize(120, 120)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo.setStyleSheet("border:1px solid #bbb; background:white")
        self.logo_button = QPushButton(S.SET_LOGO, self)
        form.addRow(S.LOGO, self.logo)
        form.addRow("", self.logo_button)
        note = QLabel(S.AUTOSAVE_NOTE)
        note.setStyleSheet("color:#666")
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(note)
        lay.addStretch(1)
        self.logo_button.clicked.connect(self._choose_logo)
        self.reload()

    def focus_search(self):
        self.edits["office_name"].setFocus()

    def reload(self):
        self.runner.query(self, settings.get_settings, self._show)

    def _show(self, values):
        self.values = values
        for key, edit in self.edits.items():
            edit.setText(getattr(values, key) or "")
        pix = QPixmap()
        if values.logo_png and pix.loadFromData(values.logo_png):
            self.logo.setPixmap(pix.scaled(110, 110, Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))
        else:
            self.logo.setPixmap(QPixmap())

    def _save(self, key):
        if self.values is None:
            return
        value = self.edits[key].text()
        if value == (getattr(self.values, key) or ""):
            return
        self.runner.write(self, lambda s: settings.update_settings(s, **{key: value}),
                          lambda _: self.reload(), initiator=self)

    def _choose_logo(self):
        path = choose_file(self, S.SET_LOGO, str(Path.home()), S.IMAGE_FILTER)
        if path:
            self.set_logo_file(path)

    def set_logo_file(self, path):
        png = png_bytes(path)
        if png is None:
            show_error(self, S.BAD_IMAGE)
            return
        self.runner.write(self, lambda s: settings.update_settings(s, logo_png=png), lambda _: self.reload(),
                          initiator=self)
