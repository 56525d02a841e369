"""The resolutions tab: the meeting's resolutions, added (Enter in the text adds), edited in place with
their responsible parties (a new name is offered as a new person or organisation) and deleted."""
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from app.services import directory, resolutions
from ui import fmt
from ui import strings as S
from ui.dialogs import ask, ask_new_party
from ui.models.paged import Column
from ui.models.table import EditableColumn, ListTableModel
from ui.screens.meeting_editor.saving import _with
from ui.widgets.common import OptionalDate, enum_combo
from ui.widgets.delegates import ComboDelegate, DateDelegate, PartiesDelegate
from ui.widgets.pickers import PartyLineEdit, exact, matching
from ui.widgets.tables import overdue_style, status_text, table

RESOLUTION_WIDTHS = {0: 40, 2: 120, 3: 80, 4: 95, 5: 90}     # code, responsible, deadline, status, votes


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


class ResolutionsMixin:
    """MeetingEditor's resolutions tab; the votes row under it is VotesMixin's. `self` is the editor."""

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
        self._votes_row(w, lay)
        self.resolution_view.selectionModel().selectionChanged.connect(lambda *_: self._resolution_selected())
        self.add_resolution.clicked.connect(self._add_resolution)
        self.res_text.installEventFilter(_EnterAdds(self._add_resolution, self.res_text))
        self.res_parties.returnPressed.connect(self._parties_enter)
        self.delete_resolution.clicked.connect(self._delete_resolution)
        return w

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


def _votes_text(r) -> str:
    v = r.votes
    return S.VOTES_TEXT.format(for_=fmt.num(v.for_), against=fmt.num(v.against), abstain=fmt.num(v.abstain)) \
        if v is not None else ""
