"""The main window: a navigation list (on the right, as RTL puts it) and one screen at a time.

Each screen's module is imported when it is first shown (issue 28): the first window waits only for
the meetings list, not for nine other screens and the meeting editor it may never open."""
import importlib
from pathlib import Path

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QMainWindow, QStackedWidget, QWidget

from app.domain.errors import DabirError
from app.services import files
from ui import strings as S
from ui import window_place
from ui.dialogs import choose_file, show_error
from ui.ops import OpRunner

SCREENS = {"meetings": "ui.screens.meetings:MeetingsScreen", "tracker": "ui.screens.tracker:TrackerScreen",
           "committees": "ui.screens.committees:CommitteesScreen",
           "directory": "ui.screens.directory:DirectoryScreen", "documents": "ui.screens.documents:DocumentsScreen",
           "settings": "ui.screens.settings:SettingsScreen", "search": "ui.screens.search:SearchScreen",
           "sharing": "ui.screens.sharing:SharingScreen", "bin": "ui.screens.recycle_bin:RecycleBinScreen",
           "dashboard": "ui.screens.dashboard:DashboardScreen"}
NAV = (("meetings", S.NAV_MEETINGS), ("tracker", S.NAV_TRACKER), ("dashboard", S.NAV_DASHBOARD),
       ("committees", S.NAV_COMMITTEES),
       ("directory", S.NAV_DIRECTORY), ("documents", S.NAV_DOCUMENTS), ("search", S.NAV_SEARCH),
       ("sharing", S.NAV_SHARING), ("bin", S.NAV_BIN), ("settings", S.NAV_SETTINGS))
AUTO_BACKUP_DELAY_MS = 5000     # after opening, once the first screen has what it needs


def _audit_mark(s):
    from app.services import undo        # SQLAlchemy, on the worker: after the first page (issue 28)
    return undo.audit_mark(s)


class MainWindow(QMainWindow):
    """`db`: the open Database; or None with `first_page` (app/services/first_page.py), read before
    the file was opened: the meetings list shows it, and `attach(db)` brings the database once the
    window has painted (`after_first_paint`), starting what the screens asked for meanwhile."""

    def __init__(self, db, parent=None, first_page=None):
        super().__init__(parent)
        self._first_page = first_page
        self._painted = None
        self.db = None
        self.runner = None
        self._editor = None
        self.nav = QListWidget(self)
        self.nav.setFixedWidth(170)
        self.nav.setStyleSheet("QListWidget::item { padding: 7px 6px; }")
        for _, label in NAV:
            self.nav.addItem(label)
        self.stack = QStackedWidget(self)
        central = QWidget(self)
        lay = QHBoxLayout(central)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._actions()
        self.nav.currentRowChanged.connect(self._nav_changed)
        # the rotating automatic backups (issue 5): one shortly after each file is opened
        self._backup_timer = QTimer(self)
        self._backup_timer.setSingleShot(True)
        self._backup_timer.setInterval(AUTO_BACKUP_DELAY_MS)
        self._backup_timer.timeout.connect(self.auto_backup)
        self.set_database(db, first_page)
        window_place.restore(self)      # fits the screen; reopens where it was closed

    # --- the open file -----------------------------------------------------------------------------
    def set_database(self, db, first_page=None) -> None:
        old_runner, old_db = self.runner, self.db
        if old_runner is not None:
            self._flush_editor()
            old_runner.wait()
        while self.stack.count():
            w = self.stack.widget(0)
            self.stack.removeWidget(w)
            w.deleteLater()
        self.db = db
        self.runner = OpRunner(db, parent=self)
        # undo reaches back to this moment only: what this session did (the first query, so every
        # write of the session comes after it on the runner's one queue)
        self.undo_mark = None
        self.runner.query(self, _audit_mark, lambda mark: setattr(self, "undo_mark", mark))
        if db is not None:
            self._check_contents()
        self.screens = {}           # built when first shown, so opening costs one screen's queries
        self._editor = None         # likewise the meeting editor: self.editor builds it on first use
        # a central database on a server is named by its URL (without a password)
        path = first_page.path if db is None else db.path
        self.setWindowTitle(S.WINDOW_TITLE.format(name=Path(path).name if path else db.source))
        self.setWindowFilePath(str(path) if path else "")
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self.screen("meetings"))
        if old_db is not None:
            old_db.close()
        if db is not None:
            self._backup_timer.start()

    def _check_contents(self) -> None:
        self.runner.verify_contents(lambda e: show_error(self, S.FILE_ERROR.format(reason=getattr(e, "fa", e))))

    def attach(self, db) -> None:
        """The database of a window opened on its first page (see the class): what the screens asked
        for meanwhile runs now."""
        self.db = db
        self.runner.attach(db)
        self._check_contents()
        self._backup_timer.start()

    def after_first_paint(self, then) -> None:
        """Call `then()` once the window has painted (the first page is on screen), not before."""
        self._painted = then
        self.installEventFilter(self)

    def eventFilter(self, obj, event):
        if obj is self and event.type() == QEvent.Type.Paint and self._painted is not None:
            then, self._painted = self._painted, None
            self.removeEventFilter(self)
            QTimer.singleShot(0, self, then)       # after this paint reaches the screen
        return super().eventFilter(obj, event)

    def open_file(self, path) -> bool:
        """Switch to another .dabir file. A foreign or broken file is refused and left untouched."""
        try:
            # its pages are checked beside the first screen's queries (set_database), not here
            db = files.open_database(path, create=False, check_contents=False)
        except DabirError as e:
            from ui.repair import show_file_error
            show_file_error(self, e, on_repaired=self.open_file)   # a hostile schema: offers a clean copy
            return False
        self.set_database(db)
        return True

    def auto_backup(self):
        if self.db is None or self.db.read_only or self.db.path is None:
            return                  # a server is backed up by its administrator (pg_dump)
        from app.services import backup
        path = self.db.path
        self.runner.beside(lambda db: backup.auto_backup(path, reason="open"))

    def restore_backup(self, backup_path) -> bool:
        """Put a backup in place of the open file: close it, restore (the current state is itself
        backed up first), and open it again."""
        from app.services import backup
        path = Path(self.db.path)
        self._flush_editor()
        self.runner.wait()
        self.db.close()
        try:
            backup.restore_backup(backup_path, path)
        except DabirError as e:
            show_error(self, e.fa)
        return self.open_file(path)

    def _choose_file(self):
        folder = Path(self.db.path).parent if self.db.path else Path.home()
        path = choose_file(self, S.ACT_OPEN, str(folder), S.OPEN_FILTER)
        if path:
            self.open_file(path)

    def new_file(self):
        """«پرونده تازه…»: an empty .dabir file, opened in place of this one. An existing file is never
        overwritten (the dialog's own question is not enough: a yes would destroy it)."""
        folder = Path(self.db.path).parent if self.db.path else Path.home()
        chosen = choose_file(self, S.ACT_NEW_FILE, str(folder), S.OPEN_FILTER, save=True)
        if not chosen:
            return
        path = Path(chosen) if Path(chosen).suffix else Path(chosen).with_suffix(".dabir")
        if path.exists():
            show_error(self, S.NEW_FILE_EXISTS.format(name=path.name))
            return
        try:
            db = files.open_database(path, create=True)
        except DabirError as e:
            show_error(self, e.fa)
            return
        self.set_database(db)

    def merge_file(self):
        """File → «ادغام پرونده دفتر دیگر…»: the sharing screen's merge."""
        self.show_view("sharing")
        self.screen("sharing")._choose_merge()

    @property
    def editor(self):
        """The meeting editor, built (and its module imported) on first use."""
        if self._editor is None:
            from ui.screens.meeting_editor import MeetingEditor
            self._editor = MeetingEditor(self.runner, self)
            self.stack.addWidget(self._editor)
            self._editor.closed.connect(lambda: self.show_view("meetings"))
            self._editor.show_document.connect(self.show_document)
        return self._editor

    def _flush_editor(self) -> None:
        """Typed minutes reach the file (nothing to do when the editor was never opened)."""
        if self._editor is not None:
            self._editor.flush()

    # --- navigation ----------------------------------------------------------------------------------
    def screen(self, key: str) -> QWidget:
        if key not in self.screens:
            module, name = SCREENS[key].split(":")
            kind = getattr(importlib.import_module(module), name)
            if key == "sharing":
                w = kind(self.runner, self, restore=self.restore_backup)
            elif key == "meetings" and self._first_page is not None:
                w = kind(self.runner, self, first_page=self._first_page)
                self._first_page = None
            else:
                w = kind(self.runner, self)
            self.screens[key] = w
            self.stack.addWidget(w)
            if key == "meetings":
                w.open_meeting.connect(self.open_meeting)
            if key == "search":
                w.open_meeting.connect(self.open_meeting)
                w.open_view.connect(self.show_view)
            if key == "dashboard":
                w.open_tracker.connect(self.show_tracker)
        return self.screens[key]

    def _nav_changed(self, row: int):
        if 0 <= row < len(NAV):
            self._flush_editor()
            self.stack.setCurrentWidget(self.screen(NAV[row][0]))

    def show_view(self, view: str) -> None:
        """'meetings', 'tracker', …, or 'meeting:ID' (the editor), 'meeting:ID:TAB' on one of its tabs
        (attendance, agenda, resolutions, previous, attachments, amendments)."""
        if view.startswith("meeting:"):
            from ui.screens.meeting_editor.editor import view_tab
            meeting_id, tab = view_tab(view)
            self.open_meeting(meeting_id)
            if tab is not None:
                self.editor.tabs.setCurrentIndex(tab)
            return
        keys = [k for k, _ in NAV]
        if view not in keys:
            raise DabirError(S.UNKNOWN_VIEW.format(view=view), f"unknown view '{view}'")
        self.nav.setCurrentRow(keys.index(view))
        self.stack.setCurrentWidget(self.screen(view))

    def show_tracker(self, organization_id: str, organization: str, status: str) -> None:
        """The tracker filtered to one body and status (a dashboard bar was clicked)."""
        self.show_view("tracker")
        self.screen("tracker").filter_to(organization_id or None, organization, status)

    def open_meeting(self, meeting_id: str, resolution_id: str = ""):
        self.editor.load(meeting_id, resolution_id or None)
        self.nav.blockSignals(True)
        self.nav.setCurrentRow(0)
        self.nav.blockSignals(False)
        self.stack.setCurrentWidget(self.editor)

    def show_document(self, kind: str, meeting_id: str | None):
        self.show_view("documents")
        self.screen("documents").show_document(kind, meeting_id)

    # --- actions and shortcuts ---------------------------------------------------------------------
    def _actions(self):
        menu = self.menuBar().addMenu(S.MENU_FILE)

        def action(text, shortcut, slot):
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            a.triggered.connect(slot)
            menu.addAction(a)
            self.addAction(a)
            return a
        self.new_file_action = action(S.ACT_NEW_FILE, None, self.new_file)          # issue 25
        self.open_action = action(S.ACT_OPEN, QKeySequence.StandardKey.Open, self._choose_file)
        self.import_xlsx_action = action(S.ACT_IMPORT_XLSX, None, self.import_tracker)
        self.merge_action = action(S.MERGE_FILE, None, self.merge_file)              # README's File → Merge
        self.trust_action = action(S.ACT_TRUST_KEYS, None, self.trust_keys)          # issue 22
        self.new_action = action(S.ACT_NEW_MEETING, "Ctrl+N", self.new_meeting)
        self.search_action = action(S.ACT_SEARCH, "Ctrl+F", self.focus_search)
        self.print_action = action(S.ACT_PRINT, "Ctrl+P", self.print_current)
        menu.addSeparator()
        self.quit_action = action(S.ACT_QUIT, QKeySequence.StandardKey.Quit, self.close)
        menu = self.menuBar().addMenu(S.MENU_EDIT)
        # Ctrl+Z in a text box undoes its typing (the box takes the key first); anywhere else, the
        # last saved edit of this session
        self.undo_action = action(S.ACT_UNDO, QKeySequence.StandardKey.Undo, self.undo)

    def undo(self):
        """Take back the newest edit of this session (app/services/undo.py); every screen reloads."""
        from app.services import undo
        self._flush_editor()
        mark = self.undo_mark

        def refused(exc):
            if isinstance(exc, undo.NothingToUndo):
                self.statusBar().showMessage(S.NOTHING_TO_UNDO, 5000)
            else:
                from ui.ops import report_error
                report_error(self, exc)
        self.runner.write(self, lambda s: undo.undo_last(s, mark if mark is not None else 1 << 62),
                          lambda _: self.statusBar().showMessage(S.UNDONE, 5000), on_error=refused)

    def import_tracker(self, path: str | None = None):
        """File ▸ «ورود پیگیری از اکسل…»: choose a workbook, preview, confirm (ui/import_tracker.py)."""
        from ui import import_tracker
        path = path or choose_file(self, S.ACT_IMPORT_XLSX, str(Path.home()), S.XLSX_FILTER)
        if not path:
            return None
        dialog = import_tracker.open_file(self.runner, path, self)
        if dialog is not None:
            dialog.accepted.connect(lambda: self.statusBar().showMessage(S.IMPORT_DONE, 5000))
            dialog.open()
        return dialog

    def trust_keys(self):
        """File ▸ «کلیدهای مورد اعتماد…»: the offices' keys this machine trusts (ui/trust_keys.py)."""
        from ui import trust_keys
        return trust_keys.open_dialog(self.runner, self)

    def new_meeting(self):
        """Ctrl+N: a new meeting of the committee being worked in: the open meeting's, else the one the
        meetings list is filtered by, else the last meeting opened's (then the newest meeting's)."""
        meetings = self.screen("meetings")
        worked_in = None
        editor = self._editor
        if editor is not None and editor.meeting is not None and (self.stack.currentWidget() is editor
                                                                   or not meetings.committee.currentData()):
            worked_in = editor.meeting.committee.id
        self.show_view("meetings")
        meetings.new_meeting(guard=self.new_action, committee_id=worked_in)

    def focus_search(self):
        """Ctrl+F: search everything (each list keeps its own filter box as well)."""
        self.show_view("search")
        self.screen("search").focus_search()

    def print_current(self):
        """From a meeting: its minutes. From the documents screen: what is shown."""
        current = self.stack.currentWidget()
        docs = self.screens.get("documents")
        if current is not None and current is self._editor and self._editor.meeting:
            self.show_document("minutes", self._editor.meeting.id)
        elif current is docs and docs.path is not None:
            docs.print_document()
        else:
            self.show_view("documents")

    def closeEvent(self, event):
        # typed minutes must reach the file before the window goes
        self._backup_timer.stop()
        self._flush_editor()
        self.runner.wait()
        window_place.save(self)
        super().closeEvent(event)
