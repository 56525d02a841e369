"""The meeting editor's «اصلاحیه‌ها» tab (issue 14): amendments of approved minutes, their changes, their
approval (which locks them) and their printing. The meeting itself stays locked throughout."""
import io

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget)

from app.domain import jalali
from app.domain.errors import DabirError
from app.services import amendments, issued, naming, resolutions
from app.services.exports import write_file
from ui import fmt
from ui import strings as S
from ui.dialogs import ask, error_text, show_error
from ui.exports import ask_save_path
from ui.models.table import Column, ListTableModel
from ui.widgets.tables import select_row, table

RESOLUTION_KINDS = ("resolution_text", "resolution_deadline", "resolution_cancel")


class AmendmentsTab(QWidget):
    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.meeting = None
        self.targets = []      # the resolutions a change can name: the minutes' and those amendments added
        self.rows: list = []
        self.note = QLabel(S.AMENDMENT_ONLY_APPROVED, self)
        self.note.setStyleSheet("color:#666")
        self.list_model = ListTableModel([
            Column(S.AMENDMENT_TITLE, lambda a: a.title),
            Column(S.STATUS, lambda a: S.AMENDMENT_STATUS_LABELS.get(a.status.value, "؟"),
                   Qt.AlignmentFlag.AlignCenter),
            Column(S.AMENDMENT_CHANGES, lambda a: fmt.num(len(a.changes)), Qt.AlignmentFlag.AlignCenter),
        ], self)
        self.list_view = table(self.list_model, self, stretch=0, widths={1: 90, 2: 70})
        self.list_view.setMaximumHeight(120)
        self.new_button = QPushButton(S.AMENDMENT_NEW, self)
        self.approve_button = QPushButton(S.AMENDMENT_APPROVE, self)
        self.print_button = QPushButton(S.AMENDMENT_PRINT, self)
        self.delete_button = QPushButton(S.DELETE, self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(S.AMENDMENT_REASON)
        self.changes_model = ListTableModel([
            Column(S.ROW, lambda c: fmt.num(c.position), Qt.AlignmentFlag.AlignCenter),
            Column(S.CHANGE_SUBJECT, lambda c: c.subject),
            Column(S.CHANGE_BEFORE, lambda c: c.old),
            Column(S.CHANGE_AFTER, lambda c: c.new),
        ], self)
        self.changes_view = table(self.changes_model, self, stretch=2, widths={0: 40, 1: 150})
        self.kind = QComboBox(self)
        for value, label in S.CHANGE_KIND_LABELS.items():
            self.kind.addItem(label, value)
        self.target = QComboBox(self)
        self.value = QLineEdit(self)
        self.value.setPlaceholderText(S.CHANGE_NEW)
        self.attendance = QComboBox(self)
        for status, label in S.ATTENDANCE_LABELS.items():
            self.attendance.addItem(label, status.value)
        self.old_text = QLineEdit(self)
        self.old_text.setPlaceholderText(S.CHANGE_OLD_TEXT)
        self.add_change_button = QPushButton(S.CHANGE_ADD, self)
        self.remove_change_button = QPushButton(S.CHANGE_REMOVE, self)

        buttons = QHBoxLayout()
        for b in (self.new_button, self.approve_button, self.print_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        add_row = QHBoxLayout()
        for w in (self.kind, self.target, self.attendance):
            add_row.addWidget(w)
        add_row.addWidget(self.value, 1)
        add_row.addWidget(self.add_change_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.note)
        lay.addWidget(self.list_view)
        lay.addLayout(buttons)
        lay.addWidget(self.reason)
        lay.addWidget(self.changes_view, 1)
        lay.addLayout(add_row)
        bottom = QHBoxLayout()
        bottom.addWidget(self.old_text, 1)
        bottom.addStretch(0)
        bottom.addWidget(self.remove_change_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addLayout(bottom)

        self.new_button.clicked.connect(self.new_amendment)
        self.approve_button.clicked.connect(self.approve)
        self.print_button.clicked.connect(self.print_amendment)
        self.delete_button.clicked.connect(self.delete_amendment)
        self.reason.editingFinished.connect(self._save_reason)
        self.kind.currentIndexChanged.connect(lambda *_: self._fill_targets())
        self.add_change_button.clicked.connect(self.add_change)
        self.value.returnPressed.connect(self.add_change)
        self.remove_change_button.clicked.connect(self.remove_change)
        self.list_view.selectionModel().selectionChanged.connect(lambda *_: self._selected_changed())
        self._fill_targets()
        self._enable()

    # --- loading ---------------------------------------------------------------------------------------
    def set_meeting(self, meeting) -> None:
        self.meeting = meeting
        self.targets = list(meeting.resolutions) if meeting is not None else []
        self._fill_targets()
        self.reload()

    def reload(self, select_id: str | None = None) -> None:
        if self.meeting is None or not self.meeting.locked:
            self._show([], None)
            return
        mid = self.meeting.id
        keep = select_id or (self.current().id if self.current() else None)

        def shown(result):
            rows, targets = result
            if [r.id for r in targets] != [r.id for r in self.targets]:
                self.targets = targets          # an approved amendment's added resolutions can be amended too
                self._fill_targets()
            self._show(rows, keep)
        self.runner.query(self, lambda s: (amendments.list_amendments(s, mid),
                                           resolutions.list_resolutions(s, meeting_id=mid)), shown)

    def _show(self, rows, keep) -> None:
        self.list_model.set_rows(rows)
        index = next((i for i, a in enumerate(rows) if a.id == keep), len(rows) - 1)
        if rows:
            select_row(self.list_view, index)
        self._selected_changed()

    def current(self):
        sel = self.list_view.selectionModel().selectedRows()
        return self.list_model.rows[sel[0].row()] if sel else None

    def _selected_changed(self) -> None:
        a = self.current()
        self.changes_model.set_rows(a.changes if a else [])
        if not self.reason.hasFocus():
            self.reason.setText(a.text or "" if a else "")
        self._enable()

    def _fill_targets(self) -> None:
        kind = self.kind.currentData()
        self.target.clear()
        m = self.meeting
        if m is not None and kind in RESOLUTION_KINDS:
            for r in self.targets:
                self.target.addItem(f"{r.code} {r.text[:40]}", r.id)
        elif m is not None and kind == "attendance":
            for a in m.attendance:
                self.target.addItem(a.person.full_name, a.person.id)
        self.target.setVisible(kind in RESOLUTION_KINDS or kind == "attendance")
        self.attendance.setVisible(kind == "attendance")
        self.value.setVisible(kind not in ("attendance", "resolution_cancel"))
        self.value.setPlaceholderText(S.DATE_HINT if kind == "resolution_deadline" else S.CHANGE_NEW)
        self.old_text.setVisible(kind == "text")

    def _enable(self) -> None:
        approved_meeting = self.meeting is not None and self.meeting.locked
        a = self.current()
        draft = a is not None and not a.locked
        self.note.setVisible(not approved_meeting)
        self.new_button.setEnabled(approved_meeting)
        for w in (self.approve_button, self.delete_button, self.reason, self.add_change_button,
                  self.remove_change_button, self.kind, self.target, self.value, self.attendance, self.old_text):
            w.setEnabled(draft)
        self.print_button.setEnabled(a is not None)

    # --- writes ------------------------------------------------------------------------------------------
    def _write(self, fn, select=None) -> None:
        self.runner.write(self, fn, lambda ch: self.reload(select(ch) if select else None), initiator=self)

    def new_amendment(self) -> None:
        if self.meeting is None or not self.meeting.locked:
            return
        mid = self.meeting.id
        self._write(lambda s: amendments.create_amendment(s, mid), select=lambda ch: ch.id)
        self.reason.setFocus()

    def _save_reason(self) -> None:
        a = self.current()
        if a is None or a.locked or (a.text or "") == self.reason.text():
            return
        text = self.reason.text()
        self._write(lambda s: amendments.update_amendment(s, a.id, text))

    def add_change(self) -> None:
        a = self.current()
        if a is None or a.locked:
            return
        kind, target = self.kind.currentData(), self.target.currentData()
        value, old = self.value.text(), self.old_text.text() or None
        if kind == "attendance":
            value = self.attendance.currentData()
        elif kind == "resolution_deadline":
            try:
                value = jalali.parse_date(value, "deadline") if value.strip() else None
            except DabirError as e:                # its Persian reason, the field named in Persian (not «date:»)
                show_error(self, error_text(e))
                return
        elif kind == "resolution_cancel":
            value = None

        def done(_):
            self.value.clear()          # only once added: a refused change keeps what was typed
            self.old_text.clear()
            self.reload()
        self.runner.write(self, lambda s: amendments.add_change(s, a.id, kind, target, value, old), done,
                          initiator=self)

    def remove_change(self) -> None:
        sel = self.changes_view.selectionModel().selectedRows()
        a = self.current()
        if not sel or a is None or a.locked:
            return
        c = self.changes_model.rows[sel[0].row()]
        self._write(lambda s: amendments.remove_change(s, c.id))

    def approve(self) -> None:
        a = self.current()
        if a is None or a.locked or not ask(self, S.CONFIRM_APPROVE_AMENDMENT.format(title=a.title)):
            return
        self._write(lambda s: amendments.approve_amendment(s, a.id))

    def delete_amendment(self) -> None:
        a = self.current()
        if a is None or a.locked or not ask(self, S.CONFIRM_DELETE.format(name=a.title)):
            return
        self._write(lambda s: amendments.delete_amendment(s, a.id))

    def print_amendment(self) -> None:
        """Saved as a PDF under its default name, and entered in the register of issued documents."""
        a = self.current()
        if a is None:
            return
        target = ask_save_path(self, naming.amendment_file_name(a.committee.name, a.meeting_number, a.number), "pdf")
        if not target:
            return

        def work(db):
            from reports import amendment
            buf = io.BytesIO()
            amendment.render(amendment.load(db, a.id), buf)
            out = write_file(target, buf.getvalue())
            with db.session() as s:
                issued.issue_file(s, "amendment", out, a.meeting_id)
            return out
        self.runner.write(self, work, lambda out: self.window().statusBar().showMessage(
            S.PRINTED.format(path=out), 8000), with_db=True)
