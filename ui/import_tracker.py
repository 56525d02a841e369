"""File ▸ «ورود پیگیری از اکسل…» (issue 26): the secretariat's Excel tracker brought in with a
preview first. The workbook is read (and refused with its row number) before anything is shown; the
preview is the import itself, rolled back (tracker_import.preview_import), so what it announces is
what «ورود» then writes."""
from pathlib import Path

from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (QComboBox, QDialog, QHBoxLayout, QLabel, QPushButton, QTableView, QVBoxLayout,
                               QWidget)

from app.domain.errors import DabirError
from app.services import lookups, tracker_import
from ui import fmt
from ui import strings as S
from ui.dialogs import show_error


def _rows_model(tracker, parent) -> QStandardItemModel:
    model = QStandardItemModel(0, len(S.IMPORT_COLUMNS), parent)
    model.setHorizontalHeaderLabels(list(S.IMPORT_COLUMNS))
    for r in tracker.rows:
        values = [fmt.num(r.row), fmt.date(r.meeting_date), fmt.num(r.meeting_number or ""), r.text,
                  (r.bodies or "").replace("\n", "، "), fmt.date(r.deadline) if r.deadline else "",
                  S.RESOLUTION_STATUS_LABELS[r.status], r.note or ""]
        items = [QStandardItem(v) for v in values]
        for it in items:
            it.setEditable(False)
        model.appendRow(items)
    return model


class ImportTrackerDialog(QDialog):
    """Built by `open_file`, which refuses an unreadable tracker with a message instead."""

    def __init__(self, runner, tracker, path: Path, parent=None):
        super().__init__(parent)
        self.runner, self.tracker, self.path = runner, tracker, Path(path)
        self.previewed_for = None            # the committee name the shown preview was made for
        self.setWindowTitle(S.IMPORT_TITLE)
        self.resize(980, 560)
        self.committee = QComboBox(self)
        self.committee.setEditable(True)
        self.committee.setMinimumWidth(280)
        self.committee.lineEdit().setPlaceholderText(S.IMPORT_COMMITTEE_HINT)
        self.summary = QLabel(S.IMPORT_READ.format(rows=fmt.num(len(tracker.rows)), sheet=tracker.sheet,
                                                   header=fmt.num(tracker.header_row),
                                                   skipped=fmt.num(len(tracker.skipped))), self)
        self.summary.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(_rows_model(tracker, self))
        self.table.setColumnWidth(3, 300)
        self.table.verticalHeader().hide()       # «ردیف» is the tracker's own row number (issue 25)
        self.preview_button = QPushButton(S.IMPORT_PREVIEW, self)
        self.import_button = QPushButton(S.IMPORT_CONFIRM, self)
        self.import_button.setEnabled(False)
        cancel = QPushButton(S.CANCEL, self)
        top = QHBoxLayout()
        top.addWidget(QLabel(S.COMMITTEE))
        top.addWidget(self.committee)
        top.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.preview_button, self.import_button, cancel):
            buttons.addWidget(b)
        lay = QVBoxLayout(self)
        lay.addWidget(QLabel(self.path.name))
        lay.addLayout(top)
        lay.addWidget(self.summary)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.preview_button.clicked.connect(self.preview)
        self.import_button.clicked.connect(self.run_import)
        cancel.clicked.connect(self.reject)
        self.committee.editTextChanged.connect(self._committee_changed)
        runner.query(self, lookups.committee_names, self._fill)

    def _fill(self, rows):
        typed = self.committee.currentText()
        self.committee.blockSignals(True)
        self.committee.clear()
        for _id, name in rows:
            self.committee.addItem(name)
        self.committee.setEditText(typed)
        self.committee.blockSignals(False)

    def _committee_changed(self, _text):
        # a preview says what happens in one committee: another name needs its own
        self.import_button.setEnabled(self.previewed_for is not None and self.previewed_for == self._name())

    def _name(self) -> str:
        return " ".join(self.committee.currentText().split())

    def preview(self):
        name = self._name()
        if not name:
            show_error(self, S.IMPORT_NO_COMMITTEE)
            return

        def shown(result):
            self.previewed_for = name
            self.summary.setText(S.IMPORT_SUMMARY.format(
                meetings=fmt.num(len(result.meetings_created)), resolutions=fmt.num(len(result.resolutions_created)),
                already=fmt.num(len(result.rows_already_there)), organisations=fmt.num(len(result.organisations_created)),
                skipped=fmt.num(len(result.skipped)), committee=name))
            self._committee_changed(name)
        self.runner.query(self, lambda db: tracker_import.preview_import(db, name, self.tracker), shown, with_db=True)

    def run_import(self):
        name = self.previewed_for
        self.import_button.setEnabled(False)
        self.runner.write(self, lambda s: tracker_import.import_changes(s, name, self.tracker),
                          lambda _: self.accept())


def open_file(runner, path, parent: QWidget | None = None) -> ImportTrackerDialog | None:
    """The dialog for the tracker at `path`, or None after a Persian message saying why it cannot be
    read (a missing column, a bad row with its number, an unknown status word)."""
    try:
        tracker = tracker_import.read_tracker(Path(path))
    except DabirError as e:
        show_error(parent, e.fa)
        return None
    return ImportTrackerDialog(runner, tracker, path, parent)

