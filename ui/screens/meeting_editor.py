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

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSplitter, QTabWidget, QVBoxLayout, QWidget)

from app.domain.enums import AttendanceStatus, MeetingStatus
from app.domain.errors import StaleEditError
from app.services import directory, meetings, resolutions, votes
from ui import fmt
from ui import strings as S
from ui.ops import PENDING_EDIT
from ui.dialogs import ask, ask_new_party, show_error
from ui.models.paged import ROW_HEIGHT, Column
from ui.models.table import EditableColumn, ListTableModel
from ui.widgets.common import FollowUpBar, OptionalDate, choose, enum_combo, leave_tables_with_tab, show_text
from ui.widgets.delegates import ComboDelegate, DateDelegate, PartiesDelegate
from ui.widgets.jalali_date import JalaliDateEdit
from ui.widgets.pickers import NamePicker, PartyLineEdit, exact, matching
from ui.widgets.tables import list_view, overdue_style, select_row, status_text, table

SUMMARY_DELAY_MS = 1000
RESOLUTION_WIDTHS = {0: 40, 2: 120, 3: 80, 4: 95, 5: 90}     # code, responsible, deadline, status, votes
TAB_ATTENDANCE, TAB_AGENDA, TAB_RESOLUTIONS, TAB_PREVIOUS, TAB_ATTACHMENTS, TAB_AMENDMENTS = range(6)


class _EnterAdds(QObject):
    """Enter in the resolution text adds the resolution (Shift+Enter starts a new line)."""

    def __init__(self, action, parent):
        super().__init__(parent)
        self.action = action

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.action()
            return True
        return False


class MeetingEditor(QWidget):
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
        self.title = QLineEdit(self)
        self.date = JalaliDateEdit(parent=self)
        self.start = QLineEdit(self)
        self.end = QLineEdit(self)
        for w in (self.start, self.end):
            w.setPlaceholderText(S.TIME_HINT)
            w.setMaximumWidth(90)
        self.location = QLineEdit(self)
        self.chair = QComboBox(self)
        self.secretary = QComboBox(self)
        self.status = enum_combo(S.MEETING_STATUS_LABELS, parent=self)
        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel(S.END_TIME))
        times.addWidget(self.end)
        times.addStretch(1)
        form = QFormLayout()
        form.addRow(S.TITLE, self.title)
        form.addRow(S.DATE, self.date)
        form.addRow(S.START_TIME, times)
        form.addRow(S.LOCATION, self.location)
        form.addRow(S.CHAIR, self.chair)
        form.addRow(S.SECRETARY, self.secretary)
        form.addRow(S.STATUS, self.status)
        details = QGroupBox(S.DETAILS, self)
        dl = QVBoxLayout(details)
        dl.addLayout(form)
        dl.addWidget(QLabel(S.SUMMARY))
        dl.addWidget(self.summary, 1)
        note = QLabel(S.AUTOSAVE_NOTE)
        note.setStyleSheet("color:#666")
        dl.addWidget(note)

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
        self.title.editingFinished.connect(lambda: self._save_field("title", self.title.text()))
        self.location.editingFinished.connect(lambda: self._save_field("location", self.location.text()))
        self.start.editingFinished.connect(lambda: self._save_field("start", self.start.text().strip() or None))
        self.end.editingFinished.connect(lambda: self._save_field("end", self.end.text().strip() or None))
        self.date.editingFinished.connect(lambda: self._save_field("date", self.date.date_value()))
        self.chair.activated.connect(lambda *_: self._save_field("chair_id", self.chair.currentData()))
        self.secretary.activated.connect(lambda *_: self._save_field("secretary_id", self.secretary.currentData()))
        self.status.activated.connect(lambda *_: self._save_status())
        self._summary_timer = QTimer(self, singleShot=True, interval=SUMMARY_DELAY_MS,
                                     objectName=PENDING_EDIT)
        self._summary_timer.timeout.connect(self.flush)
        self.summary.textChanged.connect(self._summary_edited)
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

    # --- tabs ------------------------------------------------------------------------------------
    def _attendance_tab(self) -> QWidget:
        w = QWidget(self)
        self.attendance_model = ListTableModel([
            Column(S.FULL_NAME, lambda a: a.person.full_name),
            Column(S.ROLE, lambda a: S.ROLE_LABELS[a.role]),
            Column(S.ORGANIZATION, lambda a: a.person.organization or ""),
            EditableColumn(S.STATUS, lambda a: S.ATTENDANCE_LABELS[a.status], value=lambda a: a.status.value),
            EditableColumn(S.ON_BEHALF, lambda a: a.on_behalf_of.full_name if a.on_behalf_of else "",
                           value=lambda a: a.on_behalf_of.id if a.on_behalf_of else ""),
        ], self, on_edit=self._edit_attendance)
        self.attendance_view = table(self.attendance_model, w, stretch=0)
        self.attendance_view.setItemDelegateForColumn(3, ComboDelegate(
            lambda: [(k.value, v) for k, v in S.ATTENDANCE_LABELS.items()], self))
        self.attendance_view.setItemDelegateForColumn(4, ComboDelegate(
            lambda: [("", S.NONE)] + [(p.id, p.full_name) for p in self.people], self))
        self.attendee_picker = NamePicker([], w, placeholder=S.GUEST_HINT)
        self.add_attendee = QPushButton(S.ADD, w)
        self.remove_attendee = QPushButton(S.DELETE, w)
        self.all_present = QPushButton(S.ALL_PRESENT, w)                      # issue 14
        row = QHBoxLayout()
        row.addWidget(self.attendee_picker, 1)
        row.addWidget(self.add_attendee)
        row.addWidget(self.remove_attendee)
        row.addWidget(self.all_present)
        lay = QVBoxLayout(w)
        lay.addWidget(self.attendance_view, 1)
        lay.addLayout(row)
        self.add_attendee.clicked.connect(self._add_attendee)
        self.attendee_picker.returnPressed.connect(self._attendee_enter)
        self.remove_attendee.clicked.connect(self._remove_attendee)
        self.all_present.clicked.connect(self.mark_all_present)
        return w

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

    def _resolutions_tab(self) -> QWidget:
        w = QWidget(self)
        self.party_names: list[str] = []
        self.resolution_model = ListTableModel([
            Column(S.CODE, lambda r: r.code, Qt.AlignmentFlag.AlignCenter),
            EditableColumn(S.RESOLUTION_TEXT, lambda r: r.text),
            EditableColumn(S.RESPONSIBLE, fmt.parties),
            EditableColumn(S.DEADLINE, lambda r: fmt.date(r.current_deadline), value=lambda r: r.deadline),
            EditableColumn(S.STATUS, status_text, value=lambda r: r.status.value),
            Column(S.VOTES, _votes_text, Qt.AlignmentFlag.AlignCenter),
        ], self, on_edit=self._edit_resolution, row_style=overdue_style)
        self.resolution_view = table(self.resolution_model, w, stretch=1, widths=RESOLUTION_WIDTHS)
        self.resolution_view.setItemDelegateForColumn(2, PartiesDelegate(lambda: self.party_names, self))
        self.resolution_view.setItemDelegateForColumn(3, DateDelegate(self, field=S.DEADLINE, floor=lambda: (
            self.meeting.date, S.DEADLINE_BEFORE_MEETING) if self.meeting and self.meeting.date else None))
        self.resolution_view.setItemDelegateForColumn(4, ComboDelegate(
            lambda: [(k.value, v) for k, v in S.RESOLUTION_STATUS_LABELS.items()], self))
        self.res_text = QPlainTextEdit(w)
        self.res_text.setPlaceholderText(S.RESOLUTION_TEXT)
        self.res_text.setTabChangesFocus(True)
        self.res_text.setMaximumHeight(70)
        self.res_parties = PartyLineEdit([], w)
        self.res_deadline = OptionalDate(S.DEADLINE, w)
        self.res_status = enum_combo(S.RESOLUTION_STATUS_LABELS, parent=w)
        self.delete_resolution = QPushButton(S.DELETE, w)      # before «افزودن مصوبه»: Tab reads right to left
        self.add_resolution = QPushButton(S.ADD_RESOLUTION, w)
        form = QFormLayout()
        form.addRow(S.RESOLUTION_TEXT, self.res_text)
        form.addRow(S.RESPONSIBLE, self.res_parties)
        row = QHBoxLayout()
        row.addWidget(self.res_deadline)
        row.addWidget(self.res_status)
        row.addStretch(1)
        row.addWidget(self.delete_resolution)
        row.addWidget(self.add_resolution)
        lay = QVBoxLayout(w)
        lay.addWidget(self.resolution_view, 1)
        lay.addLayout(form)
        lay.addLayout(row)
        # votes of the selected resolution (issue 14)
        self.votes = {}
        votes_row = QHBoxLayout()
        votes_row.addWidget(QLabel(S.VOTES, w))
        for key, label in (("for_", S.VOTES_FOR), ("against", S.VOTES_AGAINST), ("abstain", S.VOTES_ABSTAIN)):
            edit = QLineEdit(w)
            edit.setPlaceholderText(label)
            edit.setToolTip(label)
            edit.setMaximumWidth(70)
            edit.returnPressed.connect(self._save_votes)
            self.votes[key] = edit
            votes_row.addWidget(QLabel(label, w))
            votes_row.addWidget(edit)
        self.votes_save = QPushButton(S.VOTES_SAVE, w)
        self.votes_clear = QPushButton(S.VOTES_CLEAR, w)
        self.voters_button = QPushButton(S.VOTERS_BUTTON, w)      # who voted how
        self.voters_dialog = None
        votes_row.addWidget(self.votes_save)
        votes_row.addWidget(self.votes_clear)
        votes_row.addWidget(self.voters_button)
        votes_row.addStretch(1)
        lay.addLayout(votes_row)
        self.votes_save.clicked.connect(self._save_votes)
        self.votes_clear.clicked.connect(lambda: self._save_votes(clear=True))
        self.voters_button.clicked.connect(self._edit_voters)
        self.resolution_view.selectionModel().selectionChanged.connect(lambda *_: self._resolution_selected())
        self.add_resolution.clicked.connect(self._add_resolution)
        self.res_text.installEventFilter(_EnterAdds(self._add_resolution, self.res_text))
        self.res_parties.returnPressed.connect(self._parties_enter)
        self.delete_resolution.clicked.connect(self._delete_resolution)
        return w

    def _attachments_tab(self) -> QWidget:
        from ui.widgets.attachments import AttachmentsPanel
        w = QWidget(self)
        self.meeting_files = AttachmentsPanel(self.runner, S.MEETING_ATTACHMENTS, w)
        self.resolution_files = AttachmentsPanel(self.runner, S.NO_RESOLUTION_SELECTED, w)
        lay = QVBoxLayout(w)
        lay.addWidget(self.meeting_files, 1)
        lay.addWidget(self.resolution_files, 1)
        return w

    def _resolution_selected(self):
        """The votes fields and the resolution's attachments follow the selected resolution."""
        r = self._selected(self.resolution_view)
        v = r.votes if r is not None else None
        named = r is not None and bool(r.voters)
        for key, edit in self.votes.items():
            edit.setText(fmt.num(getattr(v, key)) if v is not None else "")
            # with names recorded the tally is their count: changed through the names only
            edit.setReadOnly(named)
            edit.setToolTip(S.VOTES_FROM_NAMES if named else "")
        locked = self.meeting is None or self.meeting.locked
        self.votes_save.setEnabled(not locked and not named)
        self.voters_button.setEnabled(not locked and r is not None)
        if r is None:
            self.resolution_files.set_owner(None, None, locked, S.NO_RESOLUTION_SELECTED)
        else:
            self.resolution_files.set_owner("resolution", r.id, locked,
                                            S.RESOLUTION_ATTACHMENTS.format(code=r.code))

    def _save_votes(self, clear: bool = False):
        from app.domain.persian import fold_digits
        r = self._selected(self.resolution_view)
        if r is None or self.meeting is None or self.meeting.locked:
            return
        counts = []
        for edit in self.votes.values():
            text = fold_digits(edit.text()).strip()
            if text and not text.isdigit():
                show_error(self, S.VOTES_BAD)
                edit.setFocus()
                edit.selectAll()
                return
            counts.append(int(text) if text else 0)
        typed = "" if clear else S.VOTES_TEXT.format(**{k: fmt.num(c) for k, c in zip(self.votes, counts)})
        if clear:
            def clear_all(s):       # the names and the tally, in one edit (one undo)
                votes.set_named_votes(s, r.id, {}, expected_version=self._version(r.id), replace=True)
                return resolutions.set_votes(s, r.id, None)
            self._write(clear_all, on_error=lambda exc: self._refused(exc, typed))
        else:
            self._write(lambda s: resolutions.set_votes(s, r.id, *counts, expected_version=self._version(r.id)),
                        on_error=lambda exc: self._refused(exc, typed))

    def _edit_voters(self):
        """«ثبت نام رأی‌دهندگان»: the present members with a choice each; saved as the whole list, and
        the tally becomes their count."""
        from ui.widgets.voters import VotersDialog
        r = self._selected(self.resolution_view)
        if r is None or self.meeting is None or self.meeting.locked:
            return
        dialog = VotersDialog(self.meeting, r, self)
        if not dialog.people:
            show_error(self, S.VOTERS_NO_MEMBERS)
            return
        self.voters_dialog = dialog

        def save():
            chosen = dialog.choices()
            self._write(lambda s: votes.set_named_votes(s, r.id, chosen, expected_version=self._version(r.id),
                                                        replace=True),
                        on_error=lambda exc: self._refused(exc))
        dialog.accepted.connect(save)
        dialog.finished.connect(lambda *_: setattr(self, "voters_dialog", None))
        dialog.open()

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

    # --- row versions (issue 13) ------------------------------------------------------------------
    def _see_versions(self, m, keep_meeting: bool = False) -> None:
        """A loaded meeting's versions become the base of the next edits (raised only)."""
        with self._versions_lock:
            if self._opened_id != m.id:
                self._versions.clear()
            for id_, v in ((m.id, m.row_version), *((r.id, r.row_version) for r in m.resolutions)):
                if keep_meeting and id_ == m.id and id_ in self._versions:
                    continue
                if v > self._versions.get(id_, -1):
                    self._versions[id_] = v

    def _version(self, id_: str) -> int | None:
        with self._versions_lock:
            return self._versions.get(id_)

    # --- writes ----------------------------------------------------------------------------------
    def _write(self, fn, reload: bool = True, on_done=None, on_error=None, guard=()):
        """Every edit goes through here: saved now, then the screen shows what was stored."""
        mid = self.meeting.id if self.meeting is not None else None

        def run(s):
            # In the worker, in the write's own transaction: a row this write moved on from the version
            # the screen is based on is based on its new version from now (the next quick edit is this
            # user's own, not stale); a row someone else had changed first stays behind, and is refused.
            before = meetings.row_versions(s, mid) if mid else {}
            result = fn(s)
            if mid:
                after = meetings.row_versions(s, mid)
                with self._versions_lock:
                    for id_, v in after.items():
                        if before.get(id_) == self._versions.get(id_) or id_ not in before:
                            self._versions[id_] = max(v, self._versions.get(id_, -1))
            return result

        def done(changes):
            if on_done:
                on_done(changes)
            if reload:
                self.reload()
        self.runner.write(self, run, done, initiator=self, on_error=on_error or self._refused, guard=guard)

    def _refused(self, exc, typed: str | None = None):
        """A refused write: the reason, then what is really stored. Refused as stale (someone else saved
        first), the message says who changed what and repeats what was typed, and every field shows the
        stored value again."""
        from ui.ops import report_error
        if isinstance(exc, StaleEditError):
            from ui.dialogs import error_text
            text = error_text(exc)
            if typed:
                text += "\n\n" + S.STALE_TYPED.format(value=typed)
            show_error(self, text + "\n\n" + S.STALE_RELOADED)
            self._kept_field = None
            self._force_refresh = True
        else:
            report_error(self, exc)
        self.reload()

    def _summary_refused(self, text, exc):
        # The typed minutes stay in the box (to copy elsewhere) even though the file refused them;
        # refused as stale, they are repeated in the message and the box shows the stored minutes.
        if isinstance(exc, StaleEditError):
            self._refused(exc, typed=text)
            return
        self._kept_summary = text
        self._refused(exc)

    def _save_field(self, name, value):
        if self._loading or self.meeting is None or self.meeting.locked:
            return
        current = {"title": self.meeting.title or "", "location": self.meeting.location or "",
                   "start": self.meeting.start, "end": self.meeting.end, "date": self.meeting.date,
                   "chair_id": self.meeting.chair.id if self.meeting.chair else None,
                   "secretary_id": self.meeting.secretary.id if self.meeting.secretary else None}.get(name)
        if name in ("start", "end") and value and fmt.time(current) == value:
            return
        if value == current or (value in ("", None) and current in ("", None)):
            return
        mid = self.meeting.id
        shown = {"date": lambda: fmt.date(value), "chair_id": self.chair.currentText,
                 "secretary_id": self.secretary.currentText}.get(name, lambda: value or "")()

        def refused(exc):
            if isinstance(exc, StaleEditError):
                self._refused(exc, typed=shown)
                return
            # the typed text stays in its field (digits as typed) while the message says what is wrong
            if isinstance(value, str):
                self._kept_field = (name, value)
            self._refused(exc)
        self._write(lambda s: meetings.update_meeting(s, mid, expected_version=self._version(mid), **{name: value}),
                    on_error=refused)

    def _save_status(self):
        if self._loading or self.meeting is None:
            return
        mid, status = self.meeting.id, self.status.currentData()
        if status == MeetingStatus.APPROVED.value:       # approving locks: it always asks first
            choose(self.status, self.meeting.status.value)
            self.approve()
            return
        self._write(lambda s: meetings.set_meeting_status(s, mid, status))

    def _summary_edited(self):
        if not self._loading and self.meeting is not None and not self.meeting.locked:
            self._summary_timer.start()

    def flush(self):
        """Write the summary now if it has unsaved typing (called on a timer, on leaving, on close)."""
        self._summary_timer.stop()
        if self.meeting is None or self.meeting.locked:
            return
        text = self.summary.toPlainText()
        if text != (self.meeting.summary or ""):
            mid = self.meeting.id
            self.meeting = _with(self.meeting, summary=text)
            self._write(lambda s: meetings.update_meeting(s, mid, expected_version=self._version(mid), summary=text),
                        reload=False,
                        on_error=lambda exc: self._summary_refused(text, exc))

    def _edit_attendance(self, a, column, value):
        mid = self.meeting.id
        status = value if column == 3 else a.status.value
        behalf = (value or None) if column == 4 else (a.on_behalf_of.id if a.on_behalf_of else None)
        self._write(lambda s: meetings.set_attendance(s, mid, a.person.id, status, role=a.role.value,
                                                      on_behalf_of_id=behalf))

    def _attendee_enter(self):
        if not self.attendee_picker.completing():
            self._add_attendee()

    def _add_attendee(self):
        """Add the person typed or picked; a name not in the directory is offered as a new person
        (a guest), and nothing happens without a word."""
        if self.meeting is None or self.meeting.locked:
            return
        picker = self.attendee_picker
        name = picker.typed_name()
        if not name:
            show_error(self, S.NAME_EMPTY)
            picker.setFocus()
            return
        mid, pid = self.meeting.id, picker.chosen()
        if pid is None:
            present = next((a.person.full_name for a in self.meeting.attendance
                            if exact([a.person.full_name], name)), None)
            if present:
                show_error(self, S.ALREADY_PRESENT.format(name=present))
                return
            if ask_new_party(self, name, picker.similar(), person_only=True) != "person":
                picker.setFocus()
                return

            def add_new(s):
                person = directory.get_or_create_person(s, name)
                ch = meetings.set_attendance(s, mid, person.id, AttendanceStatus.PRESENT.value)
                return _with(ch, entities=ch.entities | {"person"})
            fn = add_new
        else:
            def fn(s):
                return meetings.set_attendance(s, mid, pid, AttendanceStatus.PRESENT.value)
        picker.clear()
        picker.setFocus()
        self._write(fn)

    def _selected(self, view):
        rows = view.selectionModel().selectedRows()
        return view.model().row(rows[0].row()) if rows else None

    def _remove_attendee(self):
        a = self._selected(self.attendance_view)
        if a and ask(self, S.CONFIRM_DELETE.format(name=a.person.full_name)):
            self._write(lambda s: meetings.remove_attendance(s, a.id))

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

    def _resolve_parties(self, names: list[str]):
        """The typed names as (kind, id) of known parties, or ('new-organization'|'new-person', name)
        for a name the user agreed to add; None if the user declined one (nothing is written)."""
        out = []
        for name in names:
            known = next(((kind, id_) for n, kind, id_ in self.parties if exact([n], name)), None)
            if known:
                out.append(known)
                continue
            answer = ask_new_party(self, name, matching(self.party_names, name))
            if answer is None:
                return None
            out.append((f"new-{answer}", name))
        return out

    @staticmethod
    def _party_inputs(s, resolved):
        """In the worker: create the parties the user agreed to add, in the same transaction."""
        out = []
        for kind, value in resolved:
            if kind == "new-organization":
                out.append(("organization", directory.get_or_create_organization(s, value).id))
            elif kind == "new-person":
                out.append(("person", directory.get_or_create_person(s, value).id))
            else:
                out.append((kind, value))
        return out

    def _parties_enter(self):
        if not self.res_parties.completing():
            self._add_resolution()

    def _add_resolution(self):
        if self.meeting is None or self.meeting.locked:
            return
        text = self.res_text.toPlainText()
        if not text.strip():
            self.res_text.setFocus()
            return
        resolved = self._resolve_parties(self.res_parties.names())
        if resolved is None:
            self.res_parties.setFocus()
            return
        mid = self.meeting.id
        deadline, status = self.res_deadline.value(), self.res_status.currentData()

        def cleared(_):
            self.res_text.clear()
            self.res_parties.clear()
            self.res_text.setFocus()

        def add(s):
            ch = resolutions.add_resolution(s, mid, text, responsible=self._party_inputs(s, resolved),
                                            deadline=deadline, status=status)
            return _with(ch, entities=ch.entities | {"organization", "person"}) if any(
                k.startswith("new-") for k, _ in resolved) else ch
        self._write(add, on_done=cleared)

    def _edit_resolution(self, r, column, value):
        if column == 2:
            resolved = self._resolve_parties(list(value))
            if resolved is None:
                QTimer.singleShot(0, self.reload)
                return
            self._write(lambda s: resolutions.update_resolution(
                s, r.id, responsible=self._party_inputs(s, resolved), expected_version=self._version(r.id)),
                on_error=lambda exc: self._refused(exc, "، ".join(value)))
            return
        fields = {1: lambda: {"text": value}, 3: lambda: {"deadline": value}, 4: lambda: {"status": value}}[column]()
        typed = {1: lambda: value, 3: lambda: fmt.date(value) if value else "",
                 4: lambda: S.RESOLUTION_STATUS_LABELS.get(value, value)}[column]()
        self._write(lambda s: resolutions.update_resolution(s, r.id, expected_version=self._version(r.id), **fields),
                    on_error=lambda exc: self._refused(exc, typed))

    def _delete_resolution(self):
        r = self._selected(self.resolution_view)
        if r and ask(self, S.CONFIRM_DELETE.format(name=f"{S.RESOLUTIONS} {r.code}")):
            self._write(lambda s: resolutions.delete_resolution(s, r.id))

    def _record_previous(self, status, note):
        r = self._selected(self.previous_view)
        if r is None:
            return
        extra = self.previous_follow_up.extra()
        self.previous_follow_up.clear()
        day = self.previous_follow_up.day()
        self._write(lambda s: resolutions.add_follow_up(s, r.id, status, note=note or None, date=day, **extra),
                    guard=self.previous_follow_up.button)

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

    def mark_all_present(self):
        """«همه حاضر»: everyone expected is present, in one write (late stays late)."""
        if self.meeting is not None and not self.meeting.locked:
            mid = self.meeting.id
            self._write(lambda s: meetings.mark_all_present(s, mid))

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


def _votes_text(r) -> str:
    v = r.votes
    return S.VOTES_TEXT.format(for_=fmt.num(v.for_), against=fmt.num(v.against), abstain=fmt.num(v.abstain)) \
        if v is not None else ""


def _person_label(p) -> str:
    return p.full_name + (f" — {p.organization}" if p.organization else "")


def _with(dto, **fields):
    from dataclasses import replace
    return replace(dto, **fields)
