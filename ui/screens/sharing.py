"""Sharing between offices: merge another office's file (progress and Cancel), decide the conflicts a
merge recorded ("keep mine" / "take theirs"), and the rotating automatic backups, with restore."""
import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import (QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from app.domain.errors import NeedsConsent
from app.services import backup, conflicts, merge
from app.services.dto import Changes
from ui import fmt
from ui import strings as S
from ui.widgets.common import leave_tables_with_tab
from ui.dialogs import ask, choose_file
from ui.models.paged import Column
from ui.models.table import ListTableModel
from ui.widgets.tables import table

# a merge can touch anything: every screen reloads
EVERYTHING = frozenset({"committee", "membership", "meeting", "attendance", "agenda_item", "resolution",
                        "resolution_party", "resolution_vote", "follow_up", "person", "organization", "setting",
                        "conflict"})


def _value(v) -> str:
    if v is None:
        return S.NONE
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return fmt.date(v)
    return fmt.num(v) if isinstance(v, int) else str(v)


def _when(t: dt.datetime) -> str:
    return f"{fmt.date(t.date())} {fmt.num(t.strftime('%H:%M'))}"


class SharingScreen(QWidget):
    def __init__(self, runner, parent=None, restore=None):
        super().__init__(parent)
        self.runner = runner
        self.restore = restore                    # fn(backup path): the window closes, restores, reopens
        self.merge_button = QPushButton(S.MERGE_FILE, self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        top = QGroupBox(S.MERGE, self)
        tl = QVBoxLayout(top)
        row = QHBoxLayout()
        row.addWidget(self.merge_button)
        row.addStretch(1)
        tl.addLayout(row)
        tl.addWidget(self.summary)

        self.conflicts = ListTableModel([
            Column(S.CONFLICT_WHAT, lambda c: c.label or c.entity),
            Column(S.CONFLICT_MINE, lambda c: _value(c.mine)),
            Column(S.CONFLICT_THEIRS, lambda c: _value(c.theirs)),
            Column(S.DATE, lambda c: _when(c.detected_at)),
        ], self)
        self.conflicts_view = table(self.conflicts, self, stretch=0)
        self.keep_mine = QPushButton(S.KEEP_MINE, self)
        self.take_theirs = QPushButton(S.TAKE_THEIRS, self)
        box = QGroupBox(S.CONFLICTS, self)
        bl = QVBoxLayout(box)
        bl.addWidget(self.conflicts_view, 1)
        brow = QHBoxLayout()
        brow.addWidget(self.keep_mine)
        brow.addWidget(self.take_theirs)
        brow.addStretch(1)
        bl.addLayout(brow)

        self.backups = ListTableModel([
            Column(S.DATE, lambda b: _when(b.created_at)),
            Column(S.BACKUP_REASON, lambda b: S.BACKUP_REASONS.get(b.reason, b.reason)),
            Column(S.BACKUP_SIZE, lambda b: S.KILOBYTES.format(n=fmt.num(round(b.size / 1024)))),
        ], self)
        self.backups_view = table(self.backups, self, stretch=1)
        self.backup_now = QPushButton(S.BACKUP_NOW, self)
        self.restore_button = QPushButton(S.RESTORE, self)
        bk = QGroupBox(S.BACKUPS, self)
        kl = QVBoxLayout(bk)
        kl.addWidget(self.backups_view, 1)
        krow = QHBoxLayout()
        krow.addWidget(self.backup_now)
        krow.addWidget(self.restore_button)
        krow.addStretch(1)
        kl.addLayout(krow)

        lay = QVBoxLayout(self)
        lay.addWidget(top)
        lay.addWidget(box, 2)
        lay.addWidget(bk, 1)

        self.merge_button.clicked.connect(self._choose_merge)
        self.keep_mine.clicked.connect(lambda: self._decide("mine"))
        self.take_theirs.clicked.connect(lambda: self._decide("theirs"))
        self.backup_now.clicked.connect(self.take_backup)
        self.restore_button.clicked.connect(self._restore_selected)
        leave_tables_with_tab(self)
        runner.bus.changed.connect(lambda ch: self.reload())
        self.reload()

    def focus_search(self):
        self.merge_button.setFocus()

    def reload(self):
        path = self.runner.db.path
        self.runner.query(self, lambda s: conflicts.list_conflicts(s), self._show_conflicts)
        self.runner.query(self, lambda db: backup.list_backups(path), self.backups.set_rows, with_db=True)

    # --- merging -------------------------------------------------------------------------------
    def _choose_merge(self):
        path = choose_file(self, S.MERGE_FILE, str(Path.home()), S.OPEN_FILTER)
        if path:
            self.merge_from(path)

    def merge_from(self, path: str, accept_deletions: bool = False):
        def work(db, progress):
            try:
                return merge.merge_file(db, path, progress, accept_deletions=accept_deletions)
            except NeedsConsent as e:  # many meetings deleted at once: ask before anything is written
                return e

        def done(summary):
            if isinstance(summary, NeedsConsent):
                if ask(self, S.CONFIRM_DELETIONS.format(n=fmt.num(summary.count)), yes=S.ACCEPT_DELETIONS):
                    self.merge_from(path, accept_deletions=True)
                return
            self._merged = summary
            self._show_summary(summary.open_conflicts)
            self.runner.bus.changed.emit(Changes(EVERYTHING, (), initiator=self))
        self.runner.query(self, work, done,
                          label=S.MERGING, with_db=True)

    def _show_summary(self, open_conflicts: int) -> None:
        summary = getattr(self, "_merged", None)
        if summary is None:
            return
        self.summary.setText(S.MERGE_SUMMARY.format(
            added=fmt.num(summary.added), updated=fmt.num(summary.updated),
            conflicting=fmt.num(summary.conflicting), unchanged=fmt.num(summary.unchanged),
            open=fmt.num(open_conflicts)))

    def _show_conflicts(self, rows) -> None:
        """The list, and the last merge's count of conflicts awaiting a decision, as they are now (it
        stayed at the merge's number after conflicts were decided; issue 25)."""
        self.conflicts.set_rows(rows)
        self._show_summary(len(rows))

    # --- conflicts -----------------------------------------------------------------------------
    def _decide(self, choice: str):
        rows = self.conflicts_view.selectionModel().selectedRows()
        if not rows:
            return
        c = self.conflicts.row(rows[0].row())

        def done(_):
            self.runner.bus.changed.emit(Changes(EVERYTHING, (c.row_id,), initiator=self))
        self.runner.query(self, lambda s: conflicts.resolve_conflict(s, c.id, choice), done)

    # --- backups -------------------------------------------------------------------------------
    def take_backup(self):
        path = self.runner.db.path
        self.runner.query(self, lambda db: backup.auto_backup(path, reason="manual"),
                          lambda _: self.reload(), with_db=True)

    def _restore_selected(self):
        rows = self.backups_view.selectionModel().selectedRows()
        if not rows or self.restore is None:
            return
        b = self.backups.row(rows[0].row())
        if ask(self, S.CONFIRM_RESTORE.format(when=_when(b.created_at)), yes=S.RESTORE):
            self.restore(b.path)
