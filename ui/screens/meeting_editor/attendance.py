"""The attendance tab: who was expected and who came, guests added by name, «همه حاضر»."""
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from app.domain.enums import AttendanceStatus
from app.services import directory, meetings
from ui import strings as S
from ui.dialogs import ask, ask_new_party, show_error
from ui.models.paged import Column
from ui.models.table import EditableColumn, ListTableModel
from ui.screens.meeting_editor.saving import _with
from ui.widgets.delegates import ComboDelegate
from ui.widgets.pickers import NamePicker, exact
from ui.widgets.tables import table


class AttendanceMixin:
    """MeetingEditor's attendance tab; `self` is the editor."""

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

    def _remove_attendee(self):
        a = self._selected(self.attendance_view)
        if a and ask(self, S.CONFIRM_DELETE.format(name=a.person.full_name)):
            self._write(lambda s: meetings.remove_attendance(s, a.id))

    def mark_all_present(self):
        """«همه حاضر»: everyone expected is present, in one write (late stays late)."""
        if self.meeting is not None and not self.meeting.locked:
            mid = self.meeting.id
            self._write(lambda s: meetings.mark_all_present(s, mid))


def _person_label(p) -> str:
    return p.full_name + (f" — {p.organization}" if p.organization else "")
