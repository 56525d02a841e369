"""«ثبت نام رأی‌دهندگان»: who voted how on one resolution (issue 14). One row per present member of
the meeting (guests do not vote), each with a موافق / مخالف / ممتنع / — choice; the tally below follows
the choices as they are made. Keyboard first: Tab moves from one member's choice to the next, the
arrow keys change it, Enter saves. A short list of the meeting's attendees, not database rows to page
through: a QTableWidget with a combo box per row is enough."""
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHeaderView, QLabel,
                               QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget)

from app.domain.enums import AttendanceStatus, Role, VoteChoice
from ui import fmt
from ui import strings as S

PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


def eligible(meeting, resolution) -> list[tuple[str, str]]:
    """(person id, name shown) of those who may vote: the meeting's present members in attendance
    order; anyone who has a vote recorded but is no longer present follows, marked, so it can be
    withdrawn."""
    rows, seen = [], set()
    for a in meeting.attendance:
        if a.status in PRESENT and a.role != Role.GUEST and a.person.id not in seen:
            rows.append((a.person.id, a.person.full_name))
            seen.add(a.person.id)
    for v in resolution.voters:
        if v.person_id not in seen:
            rows.append((v.person_id, S.VOTERS_NOT_PRESENT.format(name=v.name)))
            seen.add(v.person_id)
    return rows


class VotersDialog(QDialog):
    def __init__(self, meeting, resolution, parent=None):
        super().__init__(parent)
        self.setWindowTitle(S.VOTERS_TITLE.format(code=resolution.code))
        self.people = eligible(meeting, resolution)
        current = {v.person_id: v.choice for v in resolution.voters}
        hint = QLabel(S.VOTERS_HINT, self)
        hint.setWordWrap(True)
        self.table = QTableWidget(len(self.people), 2, self)
        self.table.setHorizontalHeaderLabels([S.VOTERS_NAME, S.VOTERS_CHOICE])
        self.table.verticalHeader().setVisible(False)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.combos: list[QComboBox] = []
        for i, (pid, name) in enumerate(self.people):
            item = QTableWidgetItem(name)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.table.setItem(i, 0, item)
            combo = QComboBox(self.table)
            combo.addItem(S.VOTERS_NONE, None)
            for choice in VoteChoice:
                combo.addItem(S.VOTE_CHOICE_LABELS[choice], choice.value)
            if pid in current:
                combo.setCurrentIndex(combo.findData(current[pid].value))
            combo.setAccessibleName(name)
            combo.currentIndexChanged.connect(self._show_tally)
            self.table.setCellWidget(i, 1, combo)
            self.combos.append(combo)
        # Tab goes from one member's choice to the next (the table itself takes no focus), then to the buttons
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setTabKeyNavigation(False)
        self.tally = QLabel(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(S.SAVE)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(S.CANCEL)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.tally)
        lay.addWidget(self.buttons)
        self.resize(460, min(560, 170 + 34 * max(3, len(self.people))))
        self._show_tally()
        chain = [*self.combos, *self.buttons.buttons()]
        for a, b in zip(chain, chain[1:]):
            QWidget.setTabOrder(a, b)

    def showEvent(self, event):
        super().showEvent(event)
        if self.combos:         # typing starts at the first member's choice
            self.combos[0].setFocus()

    def choices(self) -> dict[str, str | None]:
        """{person id: 'for' | 'against' | 'abstain' | None} for every row: the whole list."""
        return {pid: combo.currentData() for (pid, _), combo in zip(self.people, self.combos)}

    def _show_tally(self, *_):
        chosen = [c.currentData() for c in self.combos]
        self.tally.setText(S.VOTES + ": " + S.VOTES_TEXT.format(
            for_=fmt.num(chosen.count(VoteChoice.FOR.value)), against=fmt.num(chosen.count(VoteChoice.AGAINST.value)),
            abstain=fmt.num(chosen.count(VoteChoice.ABSTAIN.value))))

    def keyPressEvent(self, event):
        # Enter on a choice saves (a closed combo box would otherwise swallow it)
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept()
            return
        super().keyPressEvent(event)
