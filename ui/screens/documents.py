"""Documents: build a PDF from reports/, preview it with QtPdf, print it or save it elsewhere."""
import shutil
import tempfile
from pathlib import Path

from PySide6.QtCore import QPointF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout,
                               QWidget)

from app.services import lookups, meetings
from ui import documents, fmt
from ui import strings as S
from ui.dialogs import show_error, choose_file
from ui.widgets.common import choose


class DocumentsScreen(QWidget):
    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self._tmp = tempfile.TemporaryDirectory(prefix="dabir-docs-")
        self.path: Path | None = None
        self.kind = QComboBox(self)
        for key, label in documents.LABELS.items():
            self.kind.addItem(label, key)
        self.meeting = QComboBox(self)
        self.meeting.setMinimumWidth(320)
        self.committee = QComboBox(self)
        self.organization = QComboBox(self)
        self.status = QComboBox(self)
        for key, label in S.TRACKER_FILTERS.items():
            self.status.addItem(label, key)
        self.make_button = QPushButton(S.MAKE, self)
        self.print_button = QPushButton(S.ACT_PRINT, self)
        self.save_button = QPushButton(S.SAVE_AS, self)
        bar = QHBoxLayout()
        self.meeting_label, self.committee_label = QLabel(S.MEETING), QLabel(S.COMMITTEE)
        self.status_label, self.organization_label = QLabel(S.STATUS), QLabel(S.ORGANIZATION)
        for w in (QLabel(S.DOC_KIND), self.kind, self.meeting_label, self.meeting, self.committee_label,
                  self.committee, self.organization_label, self.organization, self.status_label, self.status,
                  self.make_button):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.print_button)
        bar.addWidget(self.save_button)

        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        lay = QVBoxLayout(self)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)

        self.kind.currentIndexChanged.connect(lambda *_: self._kind_changed())
        self.make_button.clicked.connect(self.make)
        self.print_button.clicked.connect(self.print_document)
        self.save_button.clicked.connect(lambda: self.save_as())
        runner.bus.changed.connect(lambda ch: ch.entities & {"meeting", "committee"} and self.load_choices())
        self._kind_changed()
        self.load_choices()

    def load_choices(self, select_meeting: str | None = None):
        def fill(result):
            rows, comms, orgs = result
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
        self.runner.query(self, lambda s: (meetings.list_meetings(s, limit=300), lookups.committee_names(s),
                                           lookups.organization_names(s)), fill)

    def _kind_changed(self):
        per_meeting = self.kind.currentData() in documents.MEETING_KINDS
        for w in (self.meeting, self.meeting_label):
            w.setVisible(per_meeting)
        for w in (self.committee, self.committee_label, self.status, self.status_label, self.organization,
                  self.organization_label):
            w.setVisible(not per_meeting)
        self._update_buttons()

    def _update_buttons(self):
        ready = self.path is not None and self.document.status() == QPdfDocument.Status.Ready
        self.print_button.setEnabled(ready)
        self.save_button.setEnabled(ready)

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
        self._built = getattr(self, "_built", 0) + 1     # a new file each time: the view may hold the old one
        out = Path(self._tmp.name) / f"{kind}-{self._built}.pdf"
        self.runner.query(self, lambda db: documents.build(db, kind, out, meeting_id=meeting_id, **filters),
                          self._loaded, label=S.BUILDING, with_db=True)

    def _loaded(self, path: Path):
        self.document.close()
        self.path = path
        self.document.load(str(path))
        self._update_buttons()

    def save_as(self, target: str | None = None) -> Path | None:
        if self.path is None:
            return None
        if target is None:
            name = f"{self.kind.currentText()}.pdf"
            target = choose_file(self, S.SAVE_AS, str(Path.home() / name), S.PDF_FILTER, save=True)
            if not target:
                return None
        try:
            shutil.copyfile(self.path, target)
        except OSError as e:
            show_error(self, f"{S.SAVE_AS}: {e.strerror}")
            return None
        return Path(target)

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
