"""Background operations, after Anki's CollectionOp/QueryOp.

A widget never opens a session: it hands a function `fn(session)` (or `fn(session, progress)`) to
`runner.write(...)` or `runner.query(...)`. The function runs on a worker thread inside its own
`db.session()` (one transaction), and its result comes back on the GUI thread. A write that returns
a `Changes` is broadcast on `ChangeBus.changed`, stamped with the initiator, so every view can decide
whether to reload and the widget that made the change can skip itself.

All operations share one worker thread: SQLite serialises writers anyway, and FIFO order means a
query scheduled after a write sees it.
"""
import datetime as dt
import inspect
import logging
import threading
import traceback
from dataclasses import replace

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, QTimer, Signal, Qt
from PySide6.QtWidgets import QProgressDialog

from app.domain.errors import DabirError
from app.services import files
from app.services.dto import Changes
from ui import strings as S
from ui.dialogs import error_text, show_error

log = logging.getLogger("dabir.ui")
# objectName of the timers that hold back work (debounced filters, the summary autosave), so that
# tests and the screenshot mode can wait until nothing is pending
PENDING_EDIT = "dabir-pending"
CHECK_AT_LATEST_MS = 1000   # the file check starts after the first answer, or after this if none comes


class Cancelled(Exception):
    """Raised inside the worker when the user pressed Cancel; the transaction rolls back."""


class ChangeBus(QObject):
    changed = Signal(object)       # Changes, with .initiator


class _Signals(QObject):
    """One per runner, for every operation: a QObject per operation, reached from its own slot's
    closure, formed a cycle through C++ that the collector cannot see, and leaked (~30 a minute)."""
    done = Signal(int, object)             # token, (result, exception): one object, never a bare None
    progress = Signal(int, int, int)       # token, done, total


class _Task(QRunnable):
    def __init__(self, db, fn, signals: _Signals, token: int, cancel_flag: list[bool], with_db: bool = False,
                 gate=None):
        super().__init__()
        self.setAutoDelete(True)
        self.db, self.fn, self.signals, self.token, self.cancel_flag = db, fn, signals, token, cancel_flag
        self.with_db = with_db
        self.gate = gate

    def run(self):
        def progress(done: int, total: int = 0) -> None:
            if self.cancel_flag[0]:
                raise Cancelled()
            self.signals.progress.emit(self.token, int(done), int(total))
        try:
            if self.gate is not None:
                self.gate()          # a write waits until the file's contents have been checked
            wants_progress = len(inspect.signature(self.fn).parameters) >= 2
            if self.with_db:         # the function opens its own sessions (reports load through the db)
                result = self.fn(self.db, progress) if wants_progress else self.fn(self.db)
            else:
                with self.db.session() as s:
                    result = self.fn(s, progress) if wants_progress else self.fn(s)
            try:
                self.signals.done.emit(self.token, (result, None))
            except RuntimeError:      # the window went away while this ran: nobody to tell
                pass
        except BaseException as e:  # noqa: BLE001 - everything is reported on the GUI thread
            e.__dabir_tb__ = traceback.format_exc()
            try:
                self.signals.done.emit(self.token, (None, e))
            except RuntimeError:      # the window went away while this ran: nobody to tell
                pass


class OpRunner(QObject):
    """Runs operations on one open Database. `pending` counts operations not yet delivered."""

    def __init__(self, db, bus: ChangeBus | None = None, parent=None):
        super().__init__(parent)
        self.db = db
        self.bus = bus or ChangeBus(self)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        # file-level work that never touches a session (automatic backups) runs beside the queue,
        # so a long copy of a big file does not hold up the user's edits
        self.side_pool = QThreadPool(self)
        self.side_pool.setMaxThreadCount(1)
        self.pending = 0
        self.signals = _Signals(self)
        self.signals.done.connect(self._finished)
        self.signals.progress.connect(self._progress)
        self._next_token = 0
        self._on_finished: dict[int, object] = {}     # token -> fn((result, exc)) of operations in flight
        self._on_progress: dict[int, object] = {}
        self._checked = threading.Event()
        self._check_error: BaseException | None = None
        self._checked.set()
        self._pending_check = None
        self._queued = 0              # operations on the worker queue not yet delivered
        self._held: set = set()       # buttons and actions disabled while their write runs (write(guard=))
        self._waiting: list = []      # (side, task) asked for before there was a database (attach)

    def verify_contents(self, on_error) -> None:
        """Check the file page by page (quick_check reads all of it: 0.2 s on 10,000 meetings) once
        the first screen's queries are answered, rather than before the window opens; run alongside
        them it slowed the first page fivefold on two cores. Writes wait for the verdict: on a damaged file
        they are refused with its reason, and `on_error(exc)` tells the user.
        Only a file that may have changed outside Dabir is checked (`db.needs_check`, app/storage/filestate.py);
        my own file, as Dabir left it, is not read again."""
        if not getattr(self.db, "needs_check", True):
            return
        self._checked.clear()
        self._check_error = None
        self._pending_check = on_error
        QTimer.singleShot(CHECK_AT_LATEST_MS, self, self._start_check)

    def _start_check(self) -> None:
        on_error, self._pending_check = self._pending_check, None
        if on_error is None:
            return                                   # already started

        def check(db):
            try:
                files.verify_contents(db.path)
                db.mark_verified()
            except BaseException as e:
                self._check_error = e
                raise
            finally:
                self._checked.set()
        self._start(None, check, lambda _: None, None, on_error, with_db=True, side=True)

    def _wait_for_check(self) -> None:
        self._checked.wait()
        if self._check_error is not None:
            raise self._check_error

    def write(self, parent, fn, on_done=None, initiator=None, label: str | None = None,
              on_error=None, with_db: bool = False, guard=()):
        """Run a service write; broadcast its Changes. `label` shows a progress dialog with Cancel.
        `guard`: the buttons and actions that start this write (one, or a tuple), disabled until it has
        finished and its answer is shown, so an impatient second click or Enter cannot do it twice
        (`held(widget)` tells a slot reached another way, such as Enter in a field, to do nothing)."""
        guards = tuple(g for g in (guard if isinstance(guard, (tuple, list)) else (guard,)) if g is not None)
        for g in guards:
            g.setEnabled(False)
            self._held.add(g)

        def release():
            for g in guards:
                self._held.discard(g)
                if shiboken6.isValid(g):
                    g.setEnabled(True)

        def failed(exc):             # as _start reports it, once the guards are released
            release()
            if on_error is not None and isinstance(exc, DabirError):
                on_error(exc)
            else:
                report_error(parent, exc)

        def delivered(result):
            release()
            if isinstance(result, Changes):
                result = replace(result, initiator=initiator)
                self.bus.changed.emit(result)
            if on_done:
                on_done(result)
        self._start(parent, fn, delivered, label, failed if guards else on_error, with_db, is_write=True,
                    on_cancelled=release if guards else None)

    def held(self, widget) -> bool:
        """True while an operation guarded by `widget` runs."""
        return widget in self._held

    def query(self, parent, fn, on_done, label: str | None = None, on_error=None, with_db: bool = False,
              owner=None, on_progress=None, on_finished=None):
        """Run a read; `on_done(result)` on the GUI thread. with_db: fn(db) instead of fn(session).
        `owner` (default: parent): if that Qt object is gone by the time the answer comes, drop it.
        `on_progress(done, total)` shows progress in the caller's own widgets (instead of a dialog), and
        `on_finished()` comes first when the read ends in any way (done, failed or cancelled); returns a
        function that cancels the read (its result is then dropped)."""
        return self._start(parent, fn, on_done, label, on_error, with_db, owner=owner, on_progress=on_progress,
                           on_finished=on_finished)

    def beside(self, fn, on_done=None):
        """Run `fn(db)` on the side thread (no session, no progress); errors are logged, not shown."""
        def failed(exc):
            log.warning("background file work failed: %s (%s)", exc, write_log(exc))
        self._start(None, fn, on_done or (lambda _: None), None, failed, with_db=True, side=True)

    def idle(self) -> bool:
        return self.pending == 0

    def wait(self, timeout_ms: int = 30_000) -> bool:
        """Block (processing events) until every operation is delivered; for the CLI and tests."""
        deadline = dt.datetime.now() + dt.timedelta(milliseconds=timeout_ms)
        while self.pending and self.db is not None and dt.datetime.now() < deadline:
            self.pool.waitForDone(10)
            self.side_pool.waitForDone(10)
            QCoreApplication.processEvents()
        return self.pending == 0

    def _start(self, parent, fn, on_done, label, on_error, with_db=False, is_write=False, owner=None,
               side=False, on_progress=None, on_finished=None, on_cancelled=None):
        owner = owner if owner is not None else parent
        cancel = [False]
        self._next_token += 1
        token = self._next_token
        if on_progress is not None:
            self._on_progress[token] = on_progress
        dialog = None
        if label:
            dialog = QProgressDialog(label, S.CANCEL, 0, 0, parent)
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setMinimumDuration(300)
            dialog.canceled.connect(lambda: cancel.__setitem__(0, True))

            def dialog_progress(done, total):
                if total:
                    dialog.setMaximum(total)
                dialog.setValue(min(done, dialog.maximum()) if total else 0)
            self._on_progress[token] = dialog_progress

        def finished(payload):
            result, exc = payload
            self._on_progress.pop(token, None)
            self.pending -= 1
            if not side:
                self._queued -= 1
                if self._queued == 0:
                    # the screen's first queries are answered: check the file before anyone writes
                    QTimer.singleShot(0, self, self._start_check)
            if dialog is not None:
                dialog.reset()
                dialog.deleteLater()
            if owner is not None and not shiboken6.isValid(owner):
                return                    # the screen that asked was closed (another file opened)
            if on_finished is not None:
                on_finished()
            if exc is None:
                # A read the user cancelled is dropped even if it finished (a document that never
                # called progress); a write that committed is reported, cancelled or not.
                if is_write or not cancel[0]:
                    on_done(result)
            elif isinstance(exc, Cancelled):
                if on_cancelled is not None:
                    on_cancelled()
            elif on_error is not None and (side or isinstance(exc, DabirError)):
                on_error(exc)
            else:
                report_error(parent, exc)
        self._on_finished[token] = finished
        self.pending += 1
        self._queued += 0 if side else 1
        if is_write:
            self._start_check()                      # a write is waiting for the verdict: no reason to delay
        gate = self._wait_for_check if is_write else None
        task = _Task(self.db, fn, self.signals, token, cancel, with_db, gate)
        if self.db is None:
            self._waiting.append((side, task))      # started by attach(), once the file is open
        else:
            (self.side_pool if side else self.pool).start(task)
        return lambda: cancel.__setitem__(0, True)

    def attach(self, db) -> None:
        """The database of a runner made without one (`OpRunner(None)`: the window painted its first
        page before the file was opened, app/services/first_page.py): the operations asked for
        meanwhile start now, in the order they were asked."""
        self.db = db
        waiting, self._waiting = self._waiting, []
        for side, task in waiting:
            task.db = db
            (self.side_pool if side else self.pool).start(task)

    def _finished(self, token: int, payload) -> None:
        handler = self._on_finished.pop(token, None)
        if handler is not None:
            handler(payload)

    def _progress(self, token: int, done: int, total: int) -> None:
        handler = self._on_progress.get(token)
        if handler is not None:
            handler(done, total)


def report_error(parent, exc: BaseException) -> None:
    """A DabirError is the user's to fix: its Persian message. Anything else is logged to a file."""
    if isinstance(exc, DabirError):
        # a screen may name its own fields (FIELD_NAMES: a meeting's «end» is its end time)
        show_error(parent, error_text(exc, getattr(parent, "FIELD_NAMES", None)))
        return
    where = write_log(exc)
    show_error(parent, S.UNEXPECTED.format(path=where))


def write_log(exc: BaseException):
    from app.services.files import log_dir
    try:
        path = log_dir() / f"ui-error-{dt.datetime.now():%Y%m%d-%H%M%S-%f}.log"
        tb = getattr(exc, "__dabir_tb__", None) or "".join(
            traceback.format_exception(type(exc), exc, exc.__traceback__))
        path.write_text(tb, encoding="utf-8")
        return path
    except OSError:
        log.exception("could not write the error log")
        return "-"
