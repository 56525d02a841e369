"""Committees and their rosters: members with roles and active periods."""
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QListWidget,
                               QListWidgetItem, QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget)

from app.domain.enums import Role
from app.services import committees, directory
from ui import fmt
from ui import strings as S
from ui.ops import PENDING_EDIT
from ui.dialogs import ask, ask_new_party, show_error
from ui.models.paged import Column
from ui.models.table import EditableColumn, ListTableModel
from ui.widgets.tables import table
from ui.widgets.common import OptionalDate, choose, enum_combo, leave_tables_with_tab
from ui.widgets.pickers import NamePicker, exact
from ui.widgets.delegates import ComboDelegate, DateDelegate


class CommitteesScreen(QWidget):
    FIELD_NAMES = S.ROSTER_FIELD_NAMES        # how refused fields are named in messages (ui/ops)

    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.current = None
        self.people: list = []
        self.list = QListWidget(self)
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText(S.NEW_COMMITTEE)
        self.create_button = QPushButton(S.ADD, self)
        self.delete_button = QPushButton(S.DELETE, self)
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.addWidget(self.list, 1)
        row = QHBoxLayout()
        row.addWidget(self.new_name, 1)
        row.addWidget(self.create_button)
        ll.addLayout(row)
        ll.addWidget(self.delete_button)

        self.name = QLineEdit(self)
        self.organization = QComboBox(self)
        self.description = QPlainTextEdit(self)
        self.description.setMaximumHeight(80)
        self.description.setTabChangesFocus(True)
        form = QFormLayout()
        form.addRow(S.COMMITTEE_NAME, self.name)
        form.addRow(S.ORGANIZATION, self.organization)
        form.addRow(S.DESCRIPTION, self.description)
        # issue 14: the items every new meeting's agenda starts with, one a line; saved as typed
        self.template = QPlainTextEdit(self)
        self.template.setMaximumHeight(70)
        self.template.setTabChangesFocus(True)
        self.template.setPlaceholderText(S.AGENDA_TEMPLATE_HINT)
        self.template.setToolTip(S.AGENDA_TEMPLATE_HINT)
        form.addRow(S.AGENDA_TEMPLATE, self.template)

        self.members = ListTableModel([
            Column(S.FULL_NAME, lambda m: m.person.full_name),
            Column(S.POST, lambda m: m.person.post or ""),
            Column(S.ORGANIZATION, lambda m: m.person.organization or ""),
            EditableColumn(S.ROLE, lambda m: S.ROLE_LABELS[m.role], value=lambda m: m.role.value),
            EditableColumn(S.START, lambda m: fmt.date(m.start) if m.start else "", value=lambda m: m.start),
            EditableColumn(S.END, lambda m: fmt.date(m.end) if m.end else "", value=lambda m: m.end),
        ], self, on_edit=self._edit_member)
        self.members_view = table(self.members, self, stretch=0)
        self.members_view.setItemDelegateForColumn(3, ComboDelegate(
            lambda: [(k.value, v) for k, v in S.ROLE_LABELS.items()], self))
        self.members_view.setItemDelegateForColumn(4, DateDelegate(self))
        self.members_view.setItemDelegateForColumn(5, DateDelegate(self))
        self.person = NamePicker([], self, placeholder=S.PERSON_HINT)
        self.person.setMinimumWidth(200)
        self.role = enum_combo(S.ROLE_LABELS, parent=self)
        choose(self.role, Role.MEMBER.value)
        self.start = OptionalDate(S.START, self)
        self.end = OptionalDate(S.END, self)
        self.add_member_button = QPushButton(S.ADD_MEMBER, self)
        self.remove_member_button = QPushButton(S.REMOVE_MEMBER, self)
        # two rows, so the screen fits a 1024-px window (issue 25); Tab still follows the reading order
        add_row, dates_row = QHBoxLayout(), QHBoxLayout()
        for w in (self.person, self.role, self.add_member_button):
            add_row.addWidget(w)
        for w in (self.start, self.end):
            dates_row.addWidget(w)
        dates_row.addStretch(1)
        roster = QGroupBox(S.ROSTER, self)
        rl = QVBoxLayout(roster)
        rl.addWidget(self.members_view, 1)
        rl.addLayout(add_row)
        rl.addLayout(dates_row)
        rl.addWidget(self.remove_member_button, 0, Qt.AlignmentFlag.AlignLeft)

        right = QWidget(self)
        rlay = QVBoxLayout(right)
        rlay.addLayout(form)
        rlay.addWidget(roster, 1)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        QVBoxLayout(self).addWidget(split)

        self.list.currentItemChanged.connect(lambda *_: self._select())
        self.create_button.clicked.connect(self.create)
        self.new_name.returnPressed.connect(self.create)
        self.delete_button.clicked.connect(self.delete)
        self.name.editingFinished.connect(lambda: self._update(name=self.name.text()))
        self.organization.activated.connect(lambda *_: self._update(organization_id=self.organization.currentData() or ""))
        self._description_timer = QTimer(self, singleShot=True, interval=800, objectName=PENDING_EDIT)
        self._description_timer.timeout.connect(lambda: self._update(description=self.description.toPlainText()))
        self.description.textChanged.connect(self._description_edited)
        self._template_timer = QTimer(self, singleShot=True, interval=800, objectName=PENDING_EDIT)
        self._template_timer.timeout.connect(self._save_template)
        self.template.textChanged.connect(
            lambda: not getattr(self, "_filling", False) and self._template_timer.start())
        self.add_member_button.clicked.connect(self.add_member)
        self.person.returnPressed.connect(lambda: self.person.completing() or self.add_member())
        leave_tables_with_tab(self)
        self.remove_member_button.clicked.connect(self.remove_member)
        runner.bus.changed.connect(self.on_changes)
        self.reload()

    def focus_search(self):
        self.list.setFocus()

    def reload(self, select_id: str | None = None):
        keep = select_id or (self.current.id if self.current else None)

        def fill(result):
            rows, orgs, people = result
            self.people = people
            self.list.blockSignals(True)
            self.list.clear()
            for c in rows:
                item = QListWidgetItem(c.name)
                item.setData(Qt.ItemDataRole.UserRole, c)
                self.list.addItem(item)
                if c.id == keep:
                    self.list.setCurrentItem(item)
            self.list.blockSignals(False)
            self.organization.clear()
            self.organization.addItem(S.NONE, None)
            for o in orgs:
                self.organization.addItem(o.name, o.id)
            self.person.set_entries([(p.full_name + (f" — {p.organization}" if p.organization else ""), p.id)
                                     for p in people])
            if self.list.currentItem() is None and self.list.count():
                self.list.setCurrentRow(0)
            self._select()
        self.runner.query(self, lambda s: (committees.list_committees(s), directory.list_organizations(s),
                                           directory.list_people(s)), fill)

    def _select(self):
        if self._template_timer.isActive():        # typed for the committee being left: saved to it
            self._template_timer.stop()
            self._save_template()
        item = self.list.currentItem()
        self.current = item.data(Qt.ItemDataRole.UserRole) if item else None
        c = self.current
        self._filling = True
        self.name.setText(c.name if c else "")
        choose(self.organization, c.organization_id if c else None)
        self.description.setPlainText(c.description or "" if c else "")
        if not self._template_timer.isActive():
            self.template.setPlainText("\n".join(c.agenda_template) if c else "")
        self._filling = False
        if c:
            self.runner.query(self, lambda s: committees.list_members(s, c.id), self.members.set_rows)
        else:
            self.members.set_rows([])

    def on_changes(self, changes):
        if changes.initiator is not self and changes.entities & {"committee", "membership", "person",
                                                                  "organization"}:
            self.reload()

    def _write(self, fn, select_id=None):
        self.runner.write(self, fn, lambda ch: self.reload(select_id(ch) if select_id else None),
                          initiator=self)

    def create(self):
        name = self.new_name.text()
        if not name.strip():
            show_error(self, S.COMMITTEE_NAME_EMPTY)       # not silently nothing (issue 25)
            self.new_name.setFocus()
            return
        self.new_name.clear()
        self._write(lambda s: committees.create_committee(s, name), select_id=lambda ch: ch.id)

    def delete(self):
        c = self.current
        if c and ask(self, S.CONFIRM_DELETE.format(name=c.name)):
            self.current = None
            self._write(lambda s: committees.delete_committee(s, c.id))

    def _update(self, **fields):
        c = self.current
        if c is None or getattr(self, "_filling", False):
            return
        if all((getattr(c, k) or "") == (v or "") for k, v in fields.items()):
            return
        self._write(lambda s: committees.update_committee(s, c.id, **fields))

    def _save_template(self):
        c = self.current
        if c is None:
            return
        items = self.template.toPlainText().split("\n")
        if tuple(i.strip() for i in items if i.strip()) == c.agenda_template:
            return
        self._write(lambda s: committees.set_agenda_template(s, c.id, items))

    def _description_edited(self):
        if not getattr(self, "_filling", False):
            self._description_timer.start()

    def add_member(self):
        """Add the person typed or picked; a name not in the directory is offered as a new person.
        Never nothing without a word."""
        c = self.current
        if c is None:
            show_error(self, S.PICK_COMMITTEE)
            return
        name, pid = self.person.typed_name(), self.person.chosen()
        if not name:
            show_error(self, S.NAME_EMPTY)
            self.person.setFocus()
            return
        role, start, end = self.role.currentData(), self.start.value(), self.end.value()
        member = next((m.person.full_name for m in self.members.rows if not m.end and (
            m.person.id == pid or (pid is None and exact([m.person.full_name], name)))), None)
        if member:
            show_error(self, S.ALREADY_MEMBER.format(name=member))
            return
        if pid is None:
            if ask_new_party(self, name, self.person.similar(), person_only=True) != "person":
                self.person.setFocus()
                return

            def fn(s):
                person = directory.get_or_create_person(s, name)
                ch = committees.add_member(s, c.id, person.id, role, start=start, end=end)
                return replace(ch, entities=ch.entities | {"person"})
        else:
            def fn(s):
                return committees.add_member(s, c.id, pid, role, start=start, end=end)
        self.person.clear()
        self.person.setFocus()
        self._write(fn)

    def _edit_member(self, m, column, value):
        field = {3: "role", 4: "start", 5: "end"}[column]
        self._write(lambda s: committees.update_member(s, m.id, **{field: value}))

    def remove_member(self):
        rows = self.members_view.selectionModel().selectedRows()
        if not rows:
            return
        m = self.members.row(rows[0].row())
        if ask(self, S.CONFIRM_DELETE.format(name=m.person.full_name)):
            self._write(lambda s: committees.remove_member(s, m.id))
