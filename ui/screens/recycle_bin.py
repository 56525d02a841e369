"""«سطل بازیافت»: deleted rows, newest first, each restorable (app/services/undo.py)."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.services import undo
from ui import fmt
from ui import strings as S
from ui.models.table import Column, ListTableModel
from ui.widgets.tables import select_row, table


class RecycleBinScreen(QWidget):
    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.model = ListTableModel([
            Column(S.BIN_KIND, lambda d: d.kind),
            Column(S.BIN_WHAT, lambda d: d.label),
            Column(S.BIN_WHERE, lambda d: d.where),
            Column(S.BIN_DELETED, lambda d: fmt.date(d.deleted_at.date()) if d.deleted_at else "",
                   Qt.AlignmentFlag.AlignCenter),
        ], self)
        self.view = table(self.model, self, stretch=1, widths={0: 90, 2: 260, 3: 100}, sort=True)
        self.restore_button = QPushButton(S.BIN_RESTORE, self)
        self.count_label = QLabel(self)
        note = QLabel(S.BIN_NOTE, self)
        note.setStyleSheet("color:#666")
        bar = QHBoxLayout()
        bar.addWidget(self.count_label)
        bar.addStretch(1)
        bar.addWidget(self.restore_button)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(self.view, 1)
        lay.addLayout(bar)
        self.restore_button.clicked.connect(self.restore_selected)
        self.view.activated.connect(lambda _: self.restore_selected())      # Enter or double-click
        runner.bus.changed.connect(lambda ch: ch.initiator is not self and self.reload())
        self.reload()

    def focus_search(self):
        self.view.setFocus()

    def reload(self):
        self.runner.query(self, lambda s: undo.list_deleted(s), self._show)

    def _show(self, rows):
        self.model.set_rows(rows)
        self.count_label.setText(S.BIN_COUNT.format(count=fmt.num(len(rows))))
        self.restore_button.setEnabled(bool(rows))
        if rows and not self.view.selectionModel().hasSelection():
            select_row(self.view, 0)

    def selected(self):
        rows = self.view.selectionModel().selectedRows()
        return self.model.rows[rows[0].row()] if rows else None

    def restore_selected(self):
        d = self.selected()
        if d is None:
            return

        def done(_):
            self.window().statusBar().showMessage(S.BIN_RESTORED.format(what=d.label or d.kind), 5000)
            self.reload()
        self.runner.write(self, lambda s: undo.restore(s, d.entity, d.id), done, initiator=self)
