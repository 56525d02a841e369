"""Documents: build a PDF from reports/, preview it with QtPdf, print it or save it elsewhere.

A document is built on the worker thread (ui/ops) while this screen shows a progress bar with the pages
done so far and a Cancel button; the window stays responsive (bench/bench_documents_gui.py measures
the longest stall of the GUI thread while a report of 1,000 resolutions builds)."""
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout,
                               QWidget)

from app.services import lookups, meetings, naming
from ui import documents, exports, fmt
from ui import strings as S
from ui.dialogs import show_error
from ui.widgets.common import choose, compact_combo


# While a document builds, the worker thread is asked to hand the GIL over every 1 ms instead of Python's
# 5 ms: at 5 ms the GUI thread waited 30-90 ms at a time for it (bench/bench_documents_gui.py).
BUILD_SWITCH_INTERVAL = 0.001

EXPORT_LABELS = {"minutes": S.EXPORT_DOCX, "invitation": S.EXPORT_ICS, "report": S.EXPORT_XLSX}


class DocumentsScreen(QWidget):
    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self._tmp = tempfile.TemporaryDirectory(prefix="dabir-docs-")
        self.destroyed.connect(self._tmp.cleanup)      # the previews go with the screen, not at garbage collection
        self.path: Path | None = None
        self.kind = QComboBox(self)
        for key, label in documents.LABELS.items():
            self.kind.addItem(label, key)
        self.meeting = compact_combo(QComboBox(self), 28)
        self.committee = compact_combo(QComboBox(self), 16)
        self.organization = compact_combo(QComboBox(self), 16)
        self.status = QComboBox(self)
        for key, label in S.TRACKER_FILTERS.items():
            self.status.addItem(label, key)
        self.make_button = QPushButton(S.MAKE, self)
        self.print_button = QPushButton(S.ACT_PRINT, self)
        self.save_button = QPushButton(S.SAVE_AS, self)
        self.export_button = QPushButton(S.EXPORT_OTHER, self)      # issue 14: docx / ics / xlsx
        self.sign_button = QPushButton(S.SIGN, self)
        self.letters_button = QPushButton(S.DOC_LETTERS, self)   # issue 26: the meeting's notifications
        self.letters_button.setToolTip(S.DOC_LETTERS_TIP)
        self.cancel_button = QPushButton(S.CANCEL, self)
        self.progress = QProgressBar(self)
        self.progress.setRange(0, 0)                     # pages to come are unknown: a busy bar
        self.progress_label = QLabel(self)
        bar = QHBoxLayout()
        self.meeting_label, self.committee_label = QLabel(S.MEETING), QLabel(S.COMMITTEE)
        self.status_label, self.organization_label = QLabel(S.STATUS), QLabel(S.ORGANIZATION)
        for w in (QLabel(S.DOC_KIND), self.kind, self.meeting_label, self.meeting, self.committee_label,
                  self.committee, self.organization_label, self.organization, self.status_label, self.status):
            bar.addWidget(w)
        bar.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.make_button)
        actions.addWidget(self.letters_button)
        actions.addWidget(self.progress, 1)
        actions.addWidget(self.progress_label)
        actions.addWidget(self.cancel_button)
        actions.addStretch(1)
        actions.addWidget(self.print_button)
        actions.addWidget(self.save_button)
        actions.addWidget(self.export_button)
        actions.addWidget(self.sign_button)
        self._cancel_build = None
        self._show_building(False)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addLayout(actions)
        from ui.letters import result_label
        self.letters_label = result_label(self)        # the folder the letters went to
        lay.addWidget(self.letters_label)
        lay.addWidget(self.view, 1)

        self.kind.currentIndexChanged.connect(lambda *_: self._kind_changed())
        self.make_button.clicked.connect(self.make)
        self.cancel_button.clicked.connect(self.cancel)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(lambda: self.save_as())
        self.export_button.clicked.connect(self.export_other)
        self.sign_button.clicked.connect(lambda: self.sign())
        self.letters_button.clicked.connect(lambda: self.write_letters())
        runner.bus.changed.connect(lambda ch: ch.entities & {"meeting", "committee"} and self.load_choices())
        self._kind_changed()
        self.load_choices()

    def load_choices(self, select_meeting: str | None = None):
        def fill(result):
            rows, comms, orgs = result
            self._meeting_rows = {m.id: m for m in rows}       # for default file names
            keep = select_meeting or self.meeting.currentData()
            self.meeting.clear()
            for m in rows:
                self.meeting.addItem(f"{m.committee} — {S.MEETING} {fmt.num(m.number)} ({fmt.date(m.date)})", m.id)
            choose(self.meeting, keep)
            keep_c = self.committee.currentData()
            self.committee.clear()
            self.committee.addItem(S.ALL, None)
            for _, name in comms:
                self.committee.addItem(name, name)
            choose(self.committee, keep_c)
            keep_o = self.organization.currentData()
            self.organization.clear()
            self.organization.addItem(S.ALL, None)
            for _, name in orgs:
                self.organization.addItem(name, name)
            choose(self.organization, keep_o)
            for combo in (self.meeting, self.committee, self.organization):
                compact_combo(combo)
        self.runner.query(self, lambda s: (meetings.list_meetings(s, limit=300), lookups.committee_names(s),
                                           lookups.organization_names(s)), fill)

    def _kind_changed(self):
        per_meeting = self.kind.currentData() in documents.MEETING_KINDS
        for w in (self.meeting, self.meeting_label, self.letters_button):
            w.setVisible(per_meeting)
        for w in (self.committee, self.committee_label, self.status, self.status_label, self.organization,
                  self.organization_label):
            w.setVisible(not per_meeting)
        kind = self.kind.currentData()
        self.export_button.setText(EXPORT_LABELS.get(kind, S.EXPORT_OTHER))
        self.export_button.setEnabled(kind in EXPORT_LABELS)
        self._update_buttons()

    def _update_buttons(self):
        ready = self.path is not None and self.document.status() == QPdfDocument.Status.Ready
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)
        self.sign_button.setEnabled(ready)

    def sign(self, passphrase: str | None = None):
        """Sign the previewed document; the signed copy replaces it in the preview (then save or print).
        The passphrase is asked here only when neither the environment nor the OS keyring has it."""
        from app.services import settings, signing_keys
        if self.path is None:
            return
        if passphrase is None and not signing_keys.passphrase_available():
            # a new key is made with the passphrase typed: asked twice then, as a typo would lock it for good
            self.runner.query(self, lambda s: settings.get_settings(s).office_id, self._ask_passphrase)
            return
        self._sign(passphrase)

    def _ask_passphrase(self, office_id: str | None) -> None:
        from PySide6.QtWidgets import QInputDialog, QLineEdit
        from app.services import signing_keys
        new = not signing_keys.office_key_path(office_id or "office").exists()
        password = QLineEdit.EchoMode.Password
        passphrase, ok = QInputDialog.getText(self, S.SIGN, S.SIGN_PASSPHRASE_NEW if new else S.SIGN_PASSPHRASE,
                                              password)
        if not ok or not passphrase:
            return
        if new:
            again, ok = QInputDialog.getText(self, S.SIGN, S.SIGN_PASSPHRASE_AGAIN, password)
            if not ok:
                return
            if again != passphrase:
                show_error(self, S.SIGN_PASSPHRASES_DIFFER)
                return
        self._sign(passphrase)

    def _sign(self, passphrase: str | None) -> None:
        self._built = getattr(self, "_built", 0) + 1
        src, out = self.path, Path(self._tmp.name) / f"signed-{self._built}.pdf"

        def signed(path):
            self._loaded(path)
            window = self.window()
            if hasattr(window, "statusBar"):          # where the signed copy is, and how to keep it
                window.statusBar().showMessage(S.SIGNED_WHERE, 15000)
        self.runner.query(self, lambda db: documents.sign(db, src, out, passphrase), signed,
                          label=S.SIGNING, with_db=True)

    def write_letters(self, folder: str | None = None, on_done=None):
        """«ابلاغیه‌ها…»: a notification letter per body responsible for a resolution of the chosen
        meeting, numbered and registered as `dabir letters --meeting` writes them."""
        from app.services import letters
        from ui.letters import write_letters
        meeting_id = self.meeting.currentData()
        if not meeting_id:
            show_error(self, S.DOC_NEEDS_MEETING)
            return
        write_letters(self, self.runner, lambda s: letters.meeting_letters(s, meeting_id), self.letters_button,
                      self.letters_label, folder, on_done)

    def show_document(self, kind: str, meeting_id: str | None = None):
        """Open a document for a meeting (from the meeting editor or Ctrl+P)."""
        choose(self.kind, kind)
        if meeting_id:
            if self.meeting.findData(meeting_id) < 0:
                self.meeting.addItem(meeting_id, meeting_id)
            choose(self.meeting, meeting_id)
            self.load_choices(select_meeting=meeting_id)
        self.make()

    def make(self):
        kind = self.kind.currentData()
        meeting_id = self.meeting.currentData()
        filters = {"committee": self.committee.currentData(), "status": self.status.currentData(),
                   "organization": self.organization.currentData()}
        self.cancel()                                   # a new request replaces one still building
        self._built = getattr(self, "_built", 0) + 1     # a new file each time: the view may hold the old one
        out = Path(self._tmp.name) / f"{kind}-{self._built}.pdf"
        self._show_building(True)
        self._cancel_build = self.runner.query(
            self, lambda db, progress: documents.build(db, kind, out, meeting_id=meeting_id, progress=progress,
                                                       **filters),
            self._loaded, with_db=True, on_progress=self._progressed, on_finished=self._finished(self._built))

    def cancel(self):
        """Stop the document being built (the worker stops at its next page); the old preview stays."""
        if self._cancel_build is not None:
            self._cancel_build()
            self._cancel_build = None
        self._show_building(False)

    def building(self) -> bool:
        return self._cancel_build is not None

    def _show_building(self, on: bool):
        if on and getattr(self, "_switch_interval", None) is None:
            self._switch_interval = sys.getswitchinterval()
            sys.setswitchinterval(BUILD_SWITCH_INTERVAL)
        elif not on and getattr(self, "_switch_interval", None) is not None:
            sys.setswitchinterval(self._switch_interval)
            self._switch_interval = None
        for w in (self.progress, self.progress_label, self.cancel_button):
            w.setVisible(on)
        self.progress_label.setText(S.BUILDING if on else "")
        self.make_button.setEnabled(not on)

    def _progressed(self, pages: int, _total: int):
        if self._cancel_build is not None:
            self.progress_label.setText(S.BUILD_PAGES.format(pages=fmt.num(pages)) if pages else S.BUILDING)

    def _finished(self, build: int):
        def finished():
            if build == self._built:                 # not an older build that was replaced
                self._cancel_build = None
                self._show_building(False)
        return finished

    def _loaded(self, path: Path):
        self.document.close()
        self.path = path
        self.document.load(str(path))
        self._update_buttons()

    def save_as(self, target: str | None = None) -> Path | None:
        if self.path is None:
            return None
        if target is None:
            target = exports.ask_save_path(self, self.default_name("pdf"), "pdf")
            if not target:
                return None
        try:
            shutil.copyfile(self.path, target)
        except OSError as e:
            show_error(self, f"{S.SAVE_AS}: {e.strerror}")
            return None
        return Path(target)

    def default_name(self, ext: str) -> str:
        """صورتجلسه-<committee>-<number>-<date>.pdf and the like (app/services/naming.py)."""
        kind = self.kind.currentData()
        if kind in documents.MEETING_KINDS:
            m = getattr(self, "_meeting_rows", {}).get(self.meeting.currentData())
            if m is not None:
                return naming.meeting_file_name(kind, m.committee, m.number, m.date, ext)
            return naming.safe_file_name(self.kind.currentText(), ext)
        return naming.report_file_name(kind, self.committee.currentData(), ext=ext)

    def export_other(self):
        """The chosen document in its other format: minutes as Word, invitation as a calendar event,
        the follow-up report's selection as Excel."""
        kind = self.kind.currentData()
        if kind in exports.MEETING_EXPORTS:
            if self.meeting.currentData():
                exports.export_meeting(self, self.runner, kind, self.meeting.currentData())
        elif kind == "report":
            exports.export_report(self, self.runner, self.committee.currentData(), self.organization.currentData(),
                                  self.status.currentData())

    def print_document(self):
        if self.path is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer) -> int:
        """Paint every page of the preview onto a printer (or a PDF QPrinter in tests)."""
        painter = QPainter()
        if not painter.begin(printer):
            show_error(self, S.PRINT_FAILED)
            return 0
        pages = self.document.pageCount()
        for i in range(pages):
            if i:
                printer.newPage()
            target = printer.pageLayout().paintRectPixels(printer.resolution())
            size = self.document.pagePointSize(i).toSize().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            image = self.document.render(i, QSize(size.width(), size.height()))
            painter.drawImage(QPointF(0, 0), image)
        painter.end()
        return pages
