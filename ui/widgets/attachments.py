"""A list of one record's attachments with add, open, save-as and delete (app/services/attachments.py).
Opening writes a temporary copy and hands its path to the operating system's viewer; Dabir itself
never runs anything from it, and hands over only the document kinds of app/domain/file_kinds.py (a
program would be run, not shown): anything else can only be saved."""
from pathlib import Path

from PySide6.QtCore import QUrl, Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout

from app.domain import file_kinds
from app.services import attachments
from ui import fmt
from ui import strings as S
from ui.dialogs import ask, choose_file, show_error
from ui.models.table import Column, ListTableModel
from ui.widgets.common import document_filter
from ui.widgets.tables import table


def _size(n: int) -> str:
    return attachments.megabytes(n) if n >= 2 ** 20 else S.KILOBYTES.format(n=fmt.num(max(1, round(n / 1024))))


def _open_url(url: QUrl) -> bool:
    """The operating system's viewer for `url`. A function of our own, not staticmethod(
    QDesktopServices.openUrl): staticmethod copies the wrapped function's __doc__, and the first read of
    a PySide6 function's __doc__ builds shiboken's signature tables, which made this module's import
    21 ms instead of 3 (issue 28; the editor imports it when first opened)."""
    return QDesktopServices.openUrl(url)


class AttachmentsPanel(QGroupBox):
    # how a temporary copy is handed to the operating system (a QUrl -> bool function)
    open_with = staticmethod(_open_url)

    def __init__(self, runner, title: str, parent=None):
        super().__init__(title, parent)
        self.runner = runner
        self.owner: tuple[str, str] | None = None
        self.locked = False
        self.model = ListTableModel([
            Column(S.ATTACH_NAME, lambda a: a.name),
            Column(S.ATTACH_SIZE, lambda a: _size(a.size), Qt.AlignmentFlag.AlignCenter),
        ], self)
        self.view = table(self.model, self, stretch=0, widths={1: 110})
        self.add_button = QPushButton(S.ATTACH_ADD, self)
        self.open_button = QPushButton(S.ATTACH_OPEN, self)
        self.save_button = QPushButton(S.ATTACH_SAVE, self)
        self.delete_button = QPushButton(S.DELETE, self)
        bar = QHBoxLayout()
        for b in (self.add_button, self.open_button, self.save_button, self.delete_button):
            bar.addWidget(b)
        bar.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.view, 1)
        lay.addLayout(bar)
        self.add_button.clicked.connect(self.add)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.view.activated.connect(lambda _: self.open_selected())
        self._enable()

    def set_owner(self, kind: str | None, owner_id: str | None, locked: bool, title: str | None = None) -> None:
        self.owner = (kind, owner_id) if kind and owner_id else None
        self.locked = locked
        if title:
            self.setTitle(title)
        self.reload()

    def reload(self) -> None:
        if self.owner is None:
            self.model.set_rows([])
            self._enable()
            return
        kind, owner_id = self.owner
        self.runner.query(self, lambda s: attachments.list_attachments(s, kind, owner_id), self._show)

    def _show(self, rows) -> None:
        self.model.set_rows(rows)
        self._enable()

    def _enable(self) -> None:
        has = bool(self.model.rows)
        self.add_button.setEnabled(self.owner is not None and not self.locked)
        self.delete_button.setEnabled(has and not self.locked)
        self.open_button.setEnabled(has)
        self.save_button.setEnabled(has)

    def selected(self):
        rows = self.view.selectionModel().selectedRows()
        if rows:
            return self.model.rows[rows[0].row()]
        return self.model.rows[0] if len(self.model.rows) == 1 else None

    def add(self, path: str | None = None) -> None:
        if self.owner is None or self.locked:
            return
        path = path or choose_file(self, S.CHOOSE_ATTACHMENT, "", document_filter())
        if not path:
            return
        kind, owner_id = self.owner
        self.runner.write(self, lambda s: attachments.add_attachment_file(s, kind, owner_id, path),
                          lambda _: self.reload(), initiator=self)

    def open_selected(self) -> None:
        a = self.selected()
        if a is None:
            return
        if file_kinds.extension(a.name) not in file_kinds.KINDS:
            show_error(self, S.NOT_OPENED.format(name=a.name))      # not even a copy is written
            return

        def hand_over(path):
            # the service wrote a copy only after sniffing its bytes; the name handed over is checked again
            if file_kinds.extension(Path(path).name) not in file_kinds.KINDS:
                show_error(self, S.NOT_OPENED.format(name=a.name))
                return
            if not type(self).open_with(QUrl.fromLocalFile(str(path))):
                show_error(self, S.OPEN_FAILED.format(name=a.name))
        self.runner.query(self, lambda s: attachments.temporary_copy(s, a.id), hand_over)

    def save_selected(self) -> None:
        a = self.selected()
        if a is None:
            return
        path = choose_file(self, S.ATTACH_SAVE, str(Path.home() / a.name), S.ANY_FILE_FILTER, save=True)
        if path:
            self.runner.query(self, lambda s: attachments.save_attachment(s, a.id, path), lambda _: None)

    def delete_selected(self) -> None:
        a = self.selected()
        if a is None or self.locked or not ask(self, S.CONFIRM_DELETE.format(name=a.name)):
            return
        self.runner.write(self, lambda s: attachments.delete_attachment(s, a.id), lambda _: self.reload(),
                          initiator=self)
