"""The agenda tab: items added, edited in place, moved (Alt+Up/Down) and deleted."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.services import meetings
from ui import fmt
from ui import strings as S
from ui.dialogs import ask
from ui.models.paged import Column
from ui.models.table import EditableColumn, ListTableModel
from ui.widgets.tables import table


class AgendaMixin:
    """MeetingEditor's agenda tab; `self` is the editor."""

    def _agenda_tab(self) -> QWidget:
        w = QWidget(self)
        self.agenda_model = ListTableModel([
            Column(S.NUMBER, lambda a: fmt.num(a.position), Qt.AlignmentFlag.AlignCenter),
            EditableColumn(S.TITLE, lambda a: a.title),
            EditableColumn(S.PRESENTER, lambda a: a.presenter or ""),
        ], self, on_edit=self._edit_agenda)
        self.agenda_view = table(self.agenda_model, w, stretch=1)
        self.agenda_title = QLineEdit(w)
        self.agenda_title.setPlaceholderText(S.NEW_AGENDA)
        self.agenda_presenter = QLineEdit(w)
        self.agenda_presenter.setPlaceholderText(S.PRESENTER)
        self.add_agenda = QPushButton(S.ADD, w)
        self.agenda_up = QPushButton(S.MOVE_UP, w)
        self.agenda_down = QPushButton(S.MOVE_DOWN, w)
        self.agenda_delete = QPushButton(S.DELETE, w)
        row = QHBoxLayout()
        row.addWidget(self.agenda_title, 2)
        row.addWidget(self.agenda_presenter, 1)
        row.addWidget(self.add_agenda)
        moves = QHBoxLayout()
        for b in (self.agenda_up, self.agenda_down, self.agenda_delete):
            moves.addWidget(b)
        moves.addStretch(1)
        lay = QVBoxLayout(w)
        lay.addWidget(self.agenda_view, 1)
        lay.addLayout(moves)
        lay.addLayout(row)
        self.add_agenda.clicked.connect(self._add_agenda)
        self.agenda_title.returnPressed.connect(self._add_agenda)
        self.agenda_presenter.returnPressed.connect(self._add_agenda)
        self.agenda_up.clicked.connect(lambda: self._move_agenda(-1))
        self.agenda_down.clicked.connect(lambda: self._move_agenda(+1))
        self.agenda_delete.clicked.connect(self._delete_agenda)
        return w

    def _add_agenda(self):
        title, presenter = self.agenda_title.text(), self.agenda_presenter.text() or None
        if not title.strip():
            return
        mid = self.meeting.id
        self.agenda_title.clear()
        self.agenda_presenter.clear()
        self.agenda_title.setFocus()               # the next item is typed straight away
        self._write(lambda s: meetings.add_agenda_item(s, mid, title, presenter=presenter))

    def _edit_agenda(self, item, column, value):
        field = {1: "title", 2: "presenter"}[column]
        self._write(lambda s: meetings.update_agenda_item(s, item.id, **{field: value}))

    def _move_agenda(self, step):
        item = self._selected(self.agenda_view)
        if not item or self.meeting is None or self.meeting.locked:
            return
        row = self.agenda_model.rows.index(item) + step
        if not 0 <= row < self.agenda_model.rowCount():
            return                                 # already first or last
        target = item.position + step
        self._reselect_agenda = item.id          # keep the moved item selected after the reload
        self._write(lambda s: meetings.move_agenda_item(s, item.id, target))

    def _delete_agenda(self):
        item = self._selected(self.agenda_view)
        if item and ask(self, S.CONFIRM_DELETE.format(name=item.title)):
            self._write(lambda s: meetings.delete_agenda_item(s, item.id))
