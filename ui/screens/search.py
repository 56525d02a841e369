"""Search everything (Ctrl+F): resolutions, follow-ups, agenda, meetings, committees and people,
through the search service; activating a hit opens its meeting (or its screen)."""
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

from app.services import search
from ui import fmt
from ui import strings as S
from ui.widgets.tables import list_view
from ui.ops import PENDING_EDIT
from ui.models.paged import Column
from ui.models.table import ListTableModel

LIMIT = 200


class SearchScreen(QWidget):
    open_meeting = Signal(str, str)          # meeting id, resolution id ('' for none)
    open_view = Signal(str)                  # a screen, for committee and person hits

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.box = QLineEdit(self)
        self.box.setPlaceholderText(S.SEARCH_EVERYTHING)
        self.box.setClearButtonEnabled(True)
        self.status = QLabel(self)
        self.model = ListTableModel([
            Column(S.SEARCH_KIND, lambda h: h.kind_label),
            Column(S.CODE, lambda h: h.code or "", Qt.AlignmentFlag.AlignCenter),
            Column(S.MEETING, lambda h: h.meeting_label or h.committee or ""),
            Column(S.SEARCH_TEXT, lambda h: h.snippet),
        ], self)
        self.view = list_view(self.model, self, widths=(90, 60, 330), stretch=3)
        lay = QVBoxLayout(self)
        lay.addWidget(self.box)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.status)
        self._debounce = QTimer(self, singleShot=True, interval=300, objectName=PENDING_EDIT)
        self._debounce.timeout.connect(self.run_search)
        self.box.textChanged.connect(lambda *_: self._debounce.start())
        self.box.returnPressed.connect(self.run_search)
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)
        self._asked = ""

    def focus_search(self):
        self.box.setFocus()
        self.box.selectAll()

    def run_search(self):
        self._debounce.stop()
        query = self.box.text().strip()
        self._asked = query
        if not query:
            self.model.set_rows([])
            self.status.clear()
            return

        def show(hits):
            if query != self._asked:
                return                       # an older query answered late
            self.model.set_rows(hits)
            self.status.setText(S.SEARCH_RESULTS.format(count=fmt.num(len(hits))) if hits else S.SEARCH_NONE)
        self.runner.query(self, lambda s: search.search(s, query, limit=LIMIT), show)

    def _activated(self, index):
        if not index.isValid():
            return
        hit = self.model.row(index.row())
        if hit.meeting_id:
            self.open_meeting.emit(hit.meeting_id, hit.resolution_id or "")
        elif hit.kind == "committee":
            self.open_view.emit("committees")
        elif hit.kind == "person":
            self.open_view.emit("directory")
