"""The meetings list: newest first, paged in lazily, filtered by committee, status, dates and title."""
from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui import fmt
from ui import strings as S
from ui.widgets.tables import list_view
from ui.ops import PENDING_EDIT
from ui.models.paged import ROW_HEIGHT, Column, PagedTableModel
from ui.widgets.common import OptionalDate, compact_combo, enum_combo, leave_tables_with_tab, refill

COLUMN_WIDTHS = (60, 100, 200, 300, 190, 100, 70)    # fixed: resizing to contents would cost a full scan
RELOAD_ON = {"meeting", "committee", "resolution", "attendance"}


def _meetings():
    """The meetings service, imported when first run (on the worker): it brings SQLAlchemy, which the
    window's first page does without (issue 28, app/services/first_page.py)."""
    from app.services import meetings
    return meetings


class MeetingsModel(PagedTableModel):
    """Every column sorts, in SQL (meetings.MEETING_ORDER); newest first to begin with."""

    def __init__(self, runner, parent=None):
        super().__init__(runner, [
            Column(S.NUMBER, lambda m: fmt.num(m.number), Qt.AlignmentFlag.AlignCenter, order="number"),
            Column(S.DATE, lambda m: fmt.date(m.date), Qt.AlignmentFlag.AlignCenter, order="date"),
            Column(S.COMMITTEE, lambda m: m.committee, order="committee"),
            Column(S.TITLE, lambda m: m.title or "", order="title"),
            Column(S.LOCATION, lambda m: m.location or "", order="location"),
            Column(S.STATUS, lambda m: S.MEETING_STATUS_LABELS[m.status], order="status"),
            Column(S.RESOLUTION_COUNT, lambda m: fmt.num(m.resolution_count), Qt.AlignmentFlag.AlignCenter,
                   order="resolutions"),
        ], parent)
        self.order_by, self.descending = "date", True
        self.filters: dict = {}

    def apply(self, first=None, **filters) -> None:
        """`first`: the unfiltered first page and total, already read (PagedTableModel.set_query)."""
        self.filters = {k: v for k, v in filters.items() if v}
        f = self.filters
        self.set_query(lambda s, limit, offset: _meetings().list_meetings(
            s, limit=limit, offset=offset, order_by=self.order_by, descending=self.descending, **f),
            lambda s: _meetings().count_meetings(s, **f), first=first)


class MeetingsScreen(QWidget):
    open_meeting = Signal(str)

    def __init__(self, runner, parent=None, first_page=None):
        """`first_page`: the list as it first opens, read before the database was (first_page.py)."""
        super().__init__(parent)
        self.runner = runner
        # sized for 5 characters, not its names: it is filled before the window is first shown when the
        # first page was read ahead (first_page.py), after it otherwise, and a long name must not widen it
        self.committee = compact_combo(QComboBox(self), 5)
        self.status = enum_combo(S.MEETING_STATUS_LABELS, with_all=True, parent=self)
        self.date_from = OptionalDate(S.FROM_DATE, self)
        self.date_to = OptionalDate(S.TO_DATE, self)
        self.search = QLineEdit(self)
        self.search.setPlaceholderText(S.SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self.new_button = QPushButton(S.ACT_NEW_MEETING, self)
        self.count_label = QLabel(self)

        bar = QHBoxLayout()
        for w in (QLabel(S.COMMITTEE), self.committee, QLabel(S.STATUS), self.status, self.date_from,
                  self.date_to, self.search):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.new_button)

        self.model = MeetingsModel(runner, self)
        # one line per row: cheaper to lay out, elided with a tooltip
        self.view = list_view(self.model, self, widths=COLUMN_WIDTHS, stretch=3, row_height=ROW_HEIGHT,
                              sort_column=1, sort_order=Qt.SortOrder.DescendingOrder)
        self.view.setAlternatingRowColors(True)

        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.count_label)

        self._debounce = QTimer(self, singleShot=True, interval=250, objectName=PENDING_EDIT)
        self._debounce.timeout.connect(self.refresh)
        for sig in (self.committee.currentIndexChanged, self.status.currentIndexChanged,
                    self.date_from.changed, self.date_to.changed, self.search.textChanged):
            sig.connect(lambda *_: self._debounce.start())
        self.view.activated.connect(self._activated)
        self.view.doubleClicked.connect(self._activated)
        self.new_button.clicked.connect(lambda: self.new_meeting())
        self.model.counted.connect(self._show_count)
        leave_tables_with_tab(self)
        runner.bus.changed.connect(self.on_changes)
        if first_page is not None:
            self.model.apply(first=(first_page.meetings, first_page.total))
            self._fill_committees(first_page.committees)
            return
        self.refresh()                  # the list first: it is what the user opened the window for
        self.load_committees()

    def _fill_committees(self, rows):
        refill(self.committee, rows, S.ALL)
        compact_combo(self.committee)               # its list as wide as the longest name

    def load_committees(self):
        from app.services import lookups
        self.runner.query(self, lookups.committee_names, self._fill_committees)

    def refresh(self):
        self.model.apply(committee_id=self.committee.currentData(), status=self.status.currentData(),
                         date_from=self.date_from.value(), date_to=self.date_to.value(),
                         search=self.search.text().strip() or None)

    def _show_count(self, *_):
        self.count_label.setText(S.TOTAL_MEETINGS.format(count=fmt.num(self.model.total or 0)))

    def on_changes(self, changes):
        if "committee" in changes.entities:
            self.load_committees()
        if changes.entities & RELOAD_ON:
            self._debounce.start()

    def _activated(self, index: QModelIndex):
        if index.isValid():
            self.open_meeting.emit(self.model.row(index.row()).id)

    def focus_search(self):
        self.search.setFocus()
        self.search.selectAll()

    def new_meeting(self, guard=(), committee_id: str | None = None):
        """The next number, today's date, the usual location and the roster: all done by the service.
        In `committee_id` (the one being worked in), else the committee chosen in the filter, else the
        committee of the newest meeting. `guard`: the window's own «جلسه جدید» action, held with the
        button until the meeting is open."""
        if self.runner.held(self.new_button):
            return                       # one is being created (a second Ctrl+N or click meanwhile)
        chosen = committee_id or self.committee.currentData()

        def create(s):
            from app.services import committees
            meetings = _meetings()
            cid = chosen
            if not cid:
                newest = meetings.list_meetings(s, limit=1)
                rows = [newest[0].committee_id] if newest else [c.id for c in committees.list_committees(s)]
                if not rows:
                    from app.domain.errors import ValidationError
                    raise ValidationError(S.COMMITTEE, S.NO_COMMITTEE, "create a committee first")
                cid = rows[0]
            return meetings.create_meeting(s, cid)
        guards = (self.new_button, *(guard if isinstance(guard, tuple) else (guard,)))
        self.runner.write(self, create, lambda ch: self.open_meeting.emit(ch.id), initiator=self, guard=guards)
