"""The tab of earlier meetings' open resolutions, with a follow-up recorded on the selected one."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.services import resolutions
from ui import fmt
from ui import strings as S
from ui.models.paged import ROW_HEIGHT, Column
from ui.models.table import ListTableModel
from ui.widgets.common import FollowUpBar
from ui.widgets.tables import list_view, overdue_style, status_text


class PreviousMixin:
    """MeetingEditor's previous-meetings tab; `self` is the editor."""

    def _previous_tab(self) -> QWidget:
        w = QWidget(self)
        self.previous_model = ListTableModel([
            Column(S.CODE, lambda r: r.code, Qt.AlignmentFlag.AlignCenter),
            Column(S.RESOLUTION_TEXT, lambda r: r.text),
            Column(S.RESPONSIBLE, fmt.parties),
            Column(S.DEADLINE, lambda r: fmt.date(r.current_deadline)),     # an amendment's, once approved
            Column(S.STATUS, status_text),
            Column(S.LATEST_FOLLOW_UP, lambda r: (r.latest_follow_up.note or "") if r.latest_follow_up else ""),
        ], self, row_style=overdue_style)
        # a late meeting lists 1,600 of them: two lines a row (the whole text in its tooltip), never
        # measured, which made each visit to this tab a one-second stall
        self.previous_view = list_view(self.previous_model, w, widths=(40, 300, 120, 80, 95, 120), stretch=1,
                                       row_height=2 * ROW_HEIGHT - 8, word_wrap=True)
        self.previous_follow_up = FollowUpBar(w)
        lay = QVBoxLayout(w)
        lay.addWidget(self.previous_view, 1)
        lay.addWidget(self.previous_follow_up)
        self.previous_follow_up.record.connect(self._record_previous)
        return w

    def _record_previous(self, status, note):
        r = self._selected(self.previous_view)
        if r is None:
            return
        extra = self.previous_follow_up.extra()
        self.previous_follow_up.clear()
        day = self.previous_follow_up.day()
        self._write(lambda s: resolutions.add_follow_up(s, r.id, status, note=note or None, date=day, **extra),
                    guard=self.previous_follow_up.button)
