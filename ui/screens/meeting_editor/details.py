"""The meeting's details beside the tabs: title, date, times, place, chair, secretary, status and the
summary, each saved as the user leaves it (the summary a second after typing stops)."""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
                               QVBoxLayout)

from app.domain.enums import MeetingStatus
from app.domain.errors import StaleEditError
from app.services import meetings
from ui import fmt
from ui import strings as S
from ui.ops import PENDING_EDIT
from ui.screens.meeting_editor.saving import _with
from ui.widgets.common import choose, enum_combo
from ui.widgets.jalali_date import JalaliDateEdit

SUMMARY_DELAY_MS = 1000


class DetailsMixin:
    """MeetingEditor's details form and its saving; `self` is the editor."""

    def _details_box(self) -> QGroupBox:
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
        return details

    def _connect_details(self) -> None:
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

    def _summary_refused(self, text, exc):
        # The typed minutes stay in the box (to copy elsewhere) even though the file refused them;
        # refused as stale, they are repeated in the message and the box shows the stored minutes.
        if isinstance(exc, StaleEditError):
            self._refused(exc, typed=text)
            return
        self._kept_summary = text
        self._refused(exc)
