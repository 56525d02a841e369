"""The meeting editor: details, attendance, agenda, summary, resolutions, and the follow-up of earlier
meetings' open resolutions.

Edits are saved as they are made (the one rule across the application): a field is written when the
user leaves it, the summary a second after typing stops and whenever the editor is left, and a table
cell when its editor closes. A refused write (a locked meeting, a bad time) shows the reason and the
screen reloads what is really stored.

Each edit of the meeting or of a resolution carries the row_version the screen was showing
(expected_version): if another secretary, window or process saved that row since, the service refuses
it (StaleEditError), the message says who changed what and repeats the value typed, and the screen
reloads the current values; nothing is overwritten unseen (issue 13).
"""
import threading

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QHBoxLayout, QLabel, QPushButton, QSplitter, QTabWidget, QVBoxLayout,
                               QWidget)

from app.services import directory, meetings, resolutions
from ui import fmt
from ui import strings as S
from ui.dialogs import ask
from ui.screens.meeting_editor.agenda import AgendaMixin
from ui.screens.meeting_editor.attachments import AttachmentsMixin
from ui.screens.meeting_editor.attendance import AttendanceMixin, _person_label
from ui.screens.meeting_editor.details import DetailsMixin
from ui.screens.meeting_editor.previous import PreviousMixin
from ui.screens.meeting_editor.resolutions import ResolutionsMixin
from ui.screens.meeting_editor.saving import SavingMixin
from ui.screens.meeting_editor.votes import VotesMixin
from ui.widgets.common import choose, leave_tables_with_tab, show_text
from ui.widgets.tables import select_row

TAB_ATTENDANCE, TAB_AGENDA, TAB_RESOLUTIONS, TAB_PREVIOUS, TAB_ATTACHMENTS, TAB_AMENDMENTS = range(6)
# the tabs by name, for `--view meeting:ID:TAB` (screenshots of one tab)
TAB_NAMES = {"attendance": TAB_ATTENDANCE, "agenda": TAB_AGENDA, "resolutions": TAB_RESOLUTIONS,
             "previous": TAB_PREVIOUS, "attachments": TAB_ATTACHMENTS, "amendments": TAB_AMENDMENTS}


def view_tab(view: str) -> tuple[str, int | None]:
    """'meeting:ID' or 'meeting:ID:TAB' → (ID, the tab's index or None); an unknown tab is the user's
    to fix (DabirError, one line)."""
    from app.domain.errors import DabirError
    _, meeting_id, *tab = view.split(":", 2)
    if tab and tab[0] not in TAB_NAMES:
        raise DabirError(S.UNKNOWN_VIEW.format(view=view), f"unknown tab '{tab[0]}' (one of {', '.join(TAB_NAMES)})")
    return meeting_id, TAB_NAMES[tab[0]] if tab else None


class MeetingEditor(DetailsMixin, AttendanceMixin, AgendaMixin, ResolutionsMixin, VotesMixin, PreviousMixin,
                    AttachmentsMixin, SavingMixin, QWidget):
    FIELD_NAMES = S.MEETING_FIELD_NAMES       # how refused fields are named in messages (ui/ops)
    closed = Signal()
    show_document = Signal(str, str)        # kind, meeting id

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.meeting = None
        self.people: list = []
        self.parties: list[tuple[str, str, str]] = []     # (name, 'person'|'organization', id)
        self._loading = False
        self._opened_id = None
        self._kept_field = None          # (field, typed text) of a refused edit, shown again as typed
        # row_version of the meeting and its resolutions that the next edit is based on: raised by a
        # reload and, in the worker, by this editor's own writes (so quick successive edits are not
        # refused as stale against themselves); never lowered (versions only grow)
        self._versions: dict[str, int] = {}
        self._versions_lock = threading.Lock()
        self._force_refresh = False      # after a stale edit: every field shows what is stored

        # --- header ---
        self.heading = QLabel(self)
        font = self.heading.font()
        font.setPointSize(font.pointSize() + 3)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setWordWrap(True)            # a long committee name wraps: the window fits 1024 px
        self.status_label = QLabel(self)
        self.banner = QLabel(S.LOCKED_BANNER, self)
        self.banner.setStyleSheet("background:#fff3cd; color:#664d03; padding:6px; border-radius:4px;")
        self.banner.setWordWrap(True)
        # created in the order they read, right to left, so Tab follows that order
        self.minutes_button = QPushButton(S.MINUTES, self)
        self.approve_button = QPushButton(S.APPROVE, self)
        self.delete_button = QPushButton(S.DELETE, self)
        self.duplicate_button = QPushButton(S.DUPLICATE_MEETING, self)      # issue 14
        self.back_button = QPushButton(S.BACK, self)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addWidget(self.status_label)
        top.addStretch(1)
        for b in (self.minutes_button, self.approve_button, self.delete_button, self.duplicate_button,
                  self.back_button):
            top.addWidget(b)


        # --- details (right half in RTL) ---
        details = self._details_box()

        # --- tabs (left half) ---
        self.tabs = QTabWidget(self)
        self.tabs.addTab(self._attendance_tab(), S.ATTENDANCE)
        self.tabs.addTab(self._agenda_tab(), S.AGENDA)
        self.tabs.addTab(self._resolutions_tab(), S.RESOLUTIONS)
        self.tabs.addTab(self._previous_tab(), S.PREVIOUS_OPEN)
        self.tabs.addTab(self._attachments_tab(), S.ATTACHMENTS)                # issue 14
        from ui.screens.amendments import AmendmentsTab
        self.amendments = AmendmentsTab(self.runner, self)
        self.tabs.addTab(self.amendments, S.AMENDMENTS)

        # rows were measured while their tab was hidden and narrow: measure again when shown
        self.tabs.currentChanged.connect(lambda *_: QTimer.singleShot(0, self._fit_rows))
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(details)
        split.addWidget(self.tabs)
        split.setSizes([400, 680])
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.banner)
        lay.addWidget(split, 1)

        # --- saving as you go ---
        self._connect_details()
        self.back_button.clicked.connect(self._back)
        self.approve_button.clicked.connect(self.approve)
        self.delete_button.clicked.connect(self.delete_meeting)
        self.duplicate_button.clicked.connect(self.duplicate)
        self.minutes_button.clicked.connect(
            lambda: self.meeting and self.show_document.emit("minutes", self.meeting.id))
        runner.bus.changed.connect(self.on_changes)

        # --- keyboard: Ctrl+Tab between the tabs, Tab out of tables, Alt+Up/Down for the agenda ---
        for keys, step in (("Ctrl+Tab", 1), ("Ctrl+Shift+Tab", -1), ("Ctrl+Backtab", -1)):
            sc = QShortcut(QKeySequence(keys), self, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda step=step: self.next_tab(step))
        for keys, step in (("Alt+Up", -1), ("Alt+Down", 1)):
            sc = QShortcut(QKeySequence(keys), self.tabs.widget(TAB_AGENDA),
                           context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
            sc.activated.connect(lambda step=step: self._move_agenda(step))
        leave_tables_with_tab(self)

    # --- loading ---------------------------------------------------------------------------------
    def load(self, meeting_id: str, resolution_id: str | None = None) -> None:
        """Show a meeting; with resolution_id (a resolution's or an agenda item's id), on its tab with
        that row selected and scrolled to (a search hit opened)."""
        self.flush()
        self._focus_resolution = resolution_id

        def fetch(s):
            m = meetings.get_meeting(s, meeting_id)
            people = directory.list_people(s)
            orgs = directory.list_organizations(s)
            return m, people, orgs, resolutions.open_resolutions_before(s, meeting_id)
        self.runner.query(self, fetch, self._show, on_error=self._load_failed)

    def _load_failed(self, exc):
        """The meeting is gone (an undo took back its creation, or it was deleted elsewhere): back to
        the list, without a box, if it was on screen."""
        from app.domain.errors import NotFoundError
        if isinstance(exc, NotFoundError) and self.meeting is not None:
            if self.isVisible():
                self._closed_after_delete()
            else:
                self.meeting = None
            return
        from ui.ops import report_error
        report_error(self, exc)

    def reload(self):
        if self.meeting:
            self.load(self.meeting.id)

    def _show(self, result):
        m, people, orgs, previous = result
        self._loading = True
        try:
            prev = self.meeting if self.meeting is not None and self.meeting.id == m.id else None
            force, self._force_refresh = self._force_refresh, False
            title_held = self.title.hasFocus() and not force and self._opened_id == m.id   # not a new one
            summary_held = not force and (getattr(self, "_kept_summary", None) is not None
                                          or self._summary_timer.isActive())
            # a field left as the user is typing it keeps the version it was based on if someone
            # else changed that field meanwhile, so saving it is refused rather than overwriting theirs
            # (not this editor's own save: then the field already holds what is stored)
            held = prev is not None and (
                (title_held and prev.title != m.title and self.title.text() != (m.title or ""))
                or (summary_held and prev.summary != m.summary and self.summary.toPlainText() != (m.summary or "")))
            self._see_versions(m, keep_meeting=held)
            self.meeting, self.people = m, people
            self.parties = [(o.name, "organization", o.id) for o in orgs] + \
                [(p.full_name, "person", p.id) for p in people]
            self.party_names = [name for name, _, _ in self.parties]
            self.res_parties.set_names(self.party_names)
            opened = self._opened_id != m.id
            self._opened_id = m.id
            self.heading.setText(S.MEETING_HEADING.format(number=fmt.num(m.number), committee=m.committee.name))
            self.status_label.setText(S.MEETING_STATUS_LABELS[m.status])
            self.banner.setVisible(m.locked)
            if not title_held:
                show_text(self.title, m.title or "")   # a long title shows its beginning, not its end
            self.date.set_date_value(m.date)
            self.res_deadline.set_soft_minimum(m.date, S.DEADLINE_BEFORE_MEETING)
            show_text(self.start, fmt.time(m.start))   # unchanged text keeps Tab's selection (issue 25)
            show_text(self.end, fmt.time(m.end))
            show_text(self.location, m.location or "")
            kept_field, self._kept_field = self._kept_field, None
            if kept_field is not None:
                # a refused value stays as typed, selected, for the user to correct
                widget = {"title": self.title, "location": self.location, "start": self.start,
                          "end": self.end}.get(kept_field[0])
                if widget is not None:
                    widget.setText(kept_field[1])
                    widget.setFocus()
                    widget.selectAll()
            kept, self._kept_summary = getattr(self, "_kept_summary", None), None
            if force:
                self._summary_timer.stop()
            if kept is None and self.summary.toPlainText() != (m.summary or "") \
                    and not self._summary_timer.isActive():
                self.summary.setPlainText(m.summary or "")
            attendees = [a.person for a in m.attendance]
            for combo, current in ((self.chair, m.chair), (self.secretary, m.secretary)):
                combo.clear()
                combo.addItem(S.NONE, None)
                for p in attendees:
                    combo.addItem(p.full_name, p.id)
                choose(combo, current.id if current else None)
            choose(self.status, m.status.value)
            present = {p.id for p in attendees}
            self.attendee_picker.set_entries([(_person_label(p), p.id) for p in people if p.id not in present])
            self.attendance_model.set_rows(m.attendance)
            self.agenda_model.set_rows(m.agenda)
            keep = getattr(self, "_reselect_agenda", None)
            for i, item in enumerate(m.agenda):
                if item.id == keep:
                    select_row(self.agenda_view, i)
            chosen = self._selected(self.resolution_view)
            self.resolution_model.set_rows(m.resolutions)
            if chosen is not None:                    # the selection survives a reload (votes saved)
                for i, row in enumerate(m.resolutions):
                    if row.id == chosen.id:
                        select_row(self.resolution_view, i)
            self.meeting_files.set_owner("meeting", m.id, m.locked)
            self.amendments.set_meeting(m)
            self._resolution_selected()
            focus = getattr(self, "_focus_resolution", None)
            if focus:
                self._focus_resolution = None
                for tab, view, rows in ((TAB_RESOLUTIONS, self.resolution_view, m.resolutions),
                                        (TAB_AGENDA, self.agenda_view, m.agenda)):
                    for i, row in enumerate(rows):
                        if row.id == focus:
                            self.tabs.setCurrentIndex(tab)
                            select_row(view, i)
                            QTimer.singleShot(0, lambda view=view, i=i: self._scroll_to(view, i))
            self.previous_model.set_rows(previous)
            QTimer.singleShot(0, self._fit_rows)
            self._set_locked(m.locked)
            if opened and not m.locked and not focus:
                # a meeting just opened (Ctrl+N among others): typing starts in «عنوان»
                QTimer.singleShot(0, self._focus_title)
        finally:
            self._loading = False

    def _fit_rows(self):
        for view in (self.attendance_view, self.agenda_view, self.resolution_view):
            if view.isVisible():
                view.resizeRowsToContents()

    def _scroll_to(self, view, row: int):
        # after the rows were measured (_fit_rows), so the row lands where it is really drawn
        view.resizeRowsToContents()
        view.scrollTo(view.model().index(row, 0), view.ScrollHint.PositionAtCenter)
        view.setFocus()

    def _focus_title(self):
        if self.isVisible():
            self.title.setFocus()
            self.title.selectAll()

    def next_tab(self, step: int = 1) -> None:
        """Ctrl+Tab / Ctrl+Shift+Tab: the details, then each tab in turn, and round again; the cursor
        goes to the first field of each."""
        here = QApplication.focusWidget()
        inside = here is not None and self.tabs.isAncestorOf(here)
        stops = [-1] + list(range(self.tabs.count()))          # -1: the details beside the tabs
        target = stops[(stops.index(self.tabs.currentIndex() if inside else -1) + step) % len(stops)]
        if target == -1:
            self.title.setFocus()
            return
        self.tabs.setCurrentIndex(target)
        first = {TAB_ATTENDANCE: self.attendee_picker, TAB_AGENDA: self.agenda_title,
                 TAB_RESOLUTIONS: self.res_text, TAB_PREVIOUS: self.previous_view,
                 TAB_ATTACHMENTS: self.meeting_files.view, TAB_AMENDMENTS: self.amendments.list_view}[target]
        (first if first.isEnabled() else self.tabs.currentWidget()).setFocus()

    def _set_locked(self, locked: bool) -> None:
        for w in (self.title, self.location, self.start, self.end, self.summary):
            w.setReadOnly(locked)
        self.date.setReadOnly(locked)
        for w in (self.chair, self.secretary, self.status, self.attendee_picker, self.add_attendee,
                  self.remove_attendee, self.all_present, self.agenda_title, self.agenda_presenter, self.add_agenda,
                  self.agenda_up, self.agenda_down, self.agenda_delete, self.res_text, self.res_parties,
                  self.res_deadline, self.res_status, self.add_resolution, self.delete_resolution,
                  self.approve_button, self.delete_button, self.votes_clear, *self.votes.values()):
            w.setEnabled(not locked)
        for model in (self.attendance_model, self.agenda_model, self.resolution_model):
            model.read_only = locked
        # «ثبت آرا» and «ثبت نام رأی‌دهندگان» also follow the selected resolution (_resolution_selected)
        r = self._selected(self.resolution_view)
        self.votes_save.setEnabled(not locked and not (r is not None and r.voters))
        self.voters_button.setEnabled(not locked and r is not None)

    def on_changes(self, changes):
        if changes.initiator is self or self.meeting is None:
            return
        # a resolution of this meeting changed elsewhere in this window (a follow-up in the tracker)
        mine = {self.meeting.id, *(r.id for r in self.meeting.resolutions)}
        if mine & set(changes.ids) or changes.entities & {"person", "organization", "meeting", "undo", "restore"}:
            self.reload()

    def approve(self):
        if self.meeting is None or self.meeting.locked:
            return
        self.flush()
        if ask(self, S.CONFIRM_APPROVE.format(number=fmt.num(self.meeting.number)), yes=S.APPROVE):
            mid = self.meeting.id
            self._write(lambda s: meetings.approve_meeting(s, mid))

    def delete_meeting(self):
        if self.meeting is None:
            return
        name = S.MEETING_HEADING.format(number=fmt.num(self.meeting.number), committee=self.meeting.committee.name)
        if ask(self, S.CONFIRM_DELETE.format(name=name)):
            mid = self.meeting.id
            self._write(lambda s: meetings.delete_meeting(s, mid), reload=False,
                        on_done=lambda _: self._closed_after_delete())

    def duplicate(self):
        """This meeting copied as the committee's next draft (agenda, attendees, place and times; not
        the resolutions), which then opens here. Allowed on an approved meeting: it is only read."""
        if self.meeting is None:
            return
        self.flush()
        mid = self.meeting.id
        self.runner.write(self, lambda s: meetings.duplicate_meeting(s, mid), lambda ch: self.load(ch.id),
                          initiator=self, on_error=self._refused)

    def _closed_after_delete(self):
        self.meeting = None
        self.closed.emit()

    def _back(self):
        self.flush()
        self.closed.emit()
