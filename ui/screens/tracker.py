"""The resolution tracker: every resolution across committees, paged in lazily, filtered by
organisation, committee, status and deadline; overdue rows marked; a follow-up recorded inline."""
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import ResolutionStatus
from app.services import lookups, resolutions
from ui import exports, fmt
from ui import strings as S
from ui.ops import PENDING_EDIT
from ui.models.paged import ROW_HEIGHT, Column, PagedTableModel
from ui.widgets.tables import OVERDUE_BG, list_view, status_text
from ui.widgets.common import FollowUpBar, OptionalDate, choose, leave_tables_with_tab

TWO_LINES = 2 * ROW_HEIGHT - 8
RELOAD_ON = {"resolution", "follow_up", "meeting", "committee", "organization", "amendment"}  # amended text, deadline


class ResolutionsModel(PagedTableModel):
    def __init__(self, runner, parent=None):
        super().__init__(runner, [
            Column(S.CODE, lambda r: r.code, Qt.AlignmentFlag.AlignCenter, order="code"),
            Column(S.COMMITTEE, lambda r: r.committee, order="committee"),
            Column(S.DATE, lambda r: fmt.date(r.meeting_date), Qt.AlignmentFlag.AlignCenter, order="date"),
            Column(S.RESOLUTION_TEXT, lambda r: r.tracked_text, order="text"),   # as amended, marked
            Column(S.RESPONSIBLE, fmt.parties, order="responsible"),
            Column(S.DEADLINE, lambda r: fmt.date(r.current_deadline), Qt.AlignmentFlag.AlignCenter, order="deadline"),
            Column(S.STATUS, status_text, order="status"),
            Column(S.LATEST_FOLLOW_UP, lambda r: _latest(r), order="latest_follow_up"),
        ], parent)
        self.order_by = "date"                     # the service's meeting order to begin with

    def apply(self, **filters):
        f = {k: v for k, v in filters.items() if v}
        self.set_query(lambda s, limit, offset: resolutions.list_resolutions(
            s, limit=limit, offset=offset, order_by=self.order_by, descending=self.descending, **f),
            lambda s: resolutions.count_resolutions(s, **f))

    def extra_data(self, r, column, role):
        if r.overdue and role == Qt.ItemDataRole.BackgroundRole:
            return OVERDUE_BG
        if r.overdue and role == Qt.ItemDataRole.ForegroundRole and column in (5, 6):
            return Qt.GlobalColor.darkRed
        if r.status == ResolutionStatus.CANCELLED and role == Qt.ItemDataRole.ForegroundRole:
            return Qt.GlobalColor.darkGray       # withdrawn: still listed, no longer anyone's work
        return None


def _latest(r) -> str:
    f = r.latest_follow_up
    if not f:
        return ""
    text = f"{fmt.date(f.date)}: {f.note}" if f.note else fmt.date(f.date)
    if f.letter_number:
        text += f" ({S.LETTER_NUMBER} {f.letter_number})"
    if f.attachments:
        text += f" — {S.ATTACHMENTS}"
    return text


class TrackerScreen(QWidget):
    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.organization = QComboBox(self)
        self.committee = QComboBox(self)
        self.status = QComboBox(self)
        for key, label in S.TRACKER_FILTERS.items():
            self.status.addItem(label, key)
        for key, label in S.RESOLUTION_STATUS_LABELS.items():
            if key.value not in S.TRACKER_FILTERS:           # «انجام شد» is already there, once
                self.status.addItem(label, key.value)
        self.deadline_to = OptionalDate(S.DEADLINE_UNTIL, self)
        self.count_label = QLabel(self)
        bar = QHBoxLayout()
        for w in (QLabel(S.ORGANIZATION), self.organization, QLabel(S.COMMITTEE), self.committee,
                  QLabel(S.STATUS), self.status, self.deadline_to):
            bar.addWidget(w)
        bar.addStretch(1)
        # the count and what to do with the rows shown, on a line of their own: beside the filters
        # they widened the window past 1024 px (issue 25)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        self.export_button = QPushButton(S.EXPORT_XLSX, self)         # issue 14: what is shown, as Excel
        actions.addWidget(self.export_button)
        self.reminders_button = QPushButton(S.TRACKER_REMINDERS, self)   # issue 26: chase the overdue ones
        self.reminders_button.setToolTip(S.TRACKER_REMINDERS_TIP)
        actions.addWidget(self.reminders_button)

        self.model = ResolutionsModel(runner, self)
        # two lines a row: a resolution's text needs the room
        self.view = list_view(self.model, self, widths=(45, 150, 80, 300, 150, 80, 110, 150), stretch=3,
                              row_height=TWO_LINES, word_wrap=True, sort_column=2)
        self.follow_up = FollowUpBar(self)

        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addLayout(actions)
        from ui.letters import result_label
        self.letters_label = result_label(self)        # the folder the reminders went to
        lay.addWidget(self.letters_label)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.follow_up)

        self._debounce = QTimer(self, singleShot=True, interval=250, objectName=PENDING_EDIT)
        self._debounce.timeout.connect(self.refresh)
        for sig in (self.organization.currentIndexChanged, self.committee.currentIndexChanged,
                    self.status.currentIndexChanged, self.deadline_to.changed):
            sig.connect(lambda *_: self._debounce.start())
        self.follow_up.record.connect(self._record)
        self.export_button.clicked.connect(lambda: self.export_xlsx())
        self.reminders_button.clicked.connect(lambda: self.write_reminders())
        self.model.counted.connect(lambda *_: self.count_label.setText(
            S.TOTAL_ROWS.format(count=fmt.num(self.model.total or 0))))
        leave_tables_with_tab(self)
        runner.bus.changed.connect(self.on_changes)
        self.refresh()
        self.load_choices()

    def load_choices(self):
        def fill(result):
            orgs, comms = result
            for combo, rows in ((self.organization, orgs), (self.committee, comms)):
                current = combo.currentData()
                combo.blockSignals(True)
                combo.clear()
                combo.addItem(S.ALL, None)
                for rid, name in rows:
                    combo.addItem(name, rid)
                choose(combo, current)
                combo.blockSignals(False)
        self.runner.query(self, lambda s: (lookups.organization_names(s), lookups.committee_names(s)), fill)

    def refresh(self):
        self.model.apply(**self.filters())

    def filters(self) -> dict:
        return dict(organization_id=self.organization.currentData(), committee_id=self.committee.currentData(),
                    status=self.status.currentData(), deadline_to=self.deadline_to.value())

    def export_xlsx(self, on_done=None):
        """The rows these filters select (all of them, not just the pages loaded) as an Excel file."""
        committee = self.committee.currentText() if self.committee.currentData() else None
        exports.export_tracker(self, self.runner, committee, on_done=on_done, **self.filters())

    def write_reminders(self, folder: str | None = None, on_done=None):
        """«یادآوری معوق‌ها…»: a reminder per body with overdue resolutions among those the filters
        select (organisation, committee, deadline; overdue judged today whatever the status filter),
        numbered and registered as `dabir letters --overdue` writes them."""
        from app.services import letters
        from ui.letters import write_letters
        f = self.filters()
        write_letters(self, self.runner, lambda s: letters.overdue_letters(
            s, None, f["committee_id"], f["organization_id"], f["deadline_to"]), self.reminders_button,
            self.letters_label, folder, on_done)

    def on_changes(self, changes):
        if changes.entities & {"organization", "committee"}:
            self.load_choices()
        if changes.initiator is self:
            return
        if changes.entities & RELOAD_ON:
            self._debounce.start()

    def focus_search(self):
        self.organization.setFocus()

    def _record(self, status, note):
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return
        r = self.model.row(rows[0].row())
        extra = self.follow_up.extra()

        def done(_):
            self.follow_up.clear()   # only once recorded: a refused follow-up keeps what was typed
            # refresh just this row in place, so the list keeps its scroll position
            self.runner.query(self, lambda s: resolutions.get_resolution(s, r.id), self.model.replace_row)
        day = self.follow_up.day()
        self.runner.write(self, lambda s: resolutions.add_follow_up(s, r.id, status, note=note or None, date=day,
                                                                    **extra),
                          done, initiator=self, guard=self.follow_up.button)

    def filter_to(self, organization_id: str | None, organization: str, status: str) -> None:
        """Show one body's resolutions of one status (the dashboard's bars). The organisation is put
        in its combo at once, even before the combo's list has loaded; the reload keeps it chosen."""
        if organization_id:
            if self.organization.findData(organization_id) < 0:
                self.organization.addItem(organization, organization_id)
            choose(self.organization, organization_id)
        else:
            choose(self.organization, None)
        choose(self.status, status)
        self.refresh()
