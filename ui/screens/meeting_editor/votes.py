"""The votes of the selected resolution (issue 14): the tally typed, or the voters named one by one."""
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton

from app.services import resolutions, votes
from ui import fmt
from ui import strings as S
from ui.dialogs import show_error


class VotesMixin:
    """The votes row under MeetingEditor's resolutions; `self` is the editor."""

    def _votes_row(self, w, lay) -> None:
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
