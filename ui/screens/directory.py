"""The directory: people (with a scanned signature each) and organisations."""
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (QComboBox, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget)

from app.services import directory
from ui import strings as S
from ui.widgets.common import leave_tables_with_tab, tab_in_order
from ui.ops import PENDING_EDIT
from ui.dialogs import ask, show_error, choose_file
from ui.models.paged import Column
from ui.models.table import EditableColumn, ListTableModel
from ui.widgets.tables import table
from ui.widgets.delegates import ComboDelegate

SIGNATURE_SIZE = (240, 110)


def png_bytes(path: str) -> bytes | None:
    """Any image Qt reads (PNG, JPEG), as PNG bytes; None if it is not an image."""
    image = QImage(path)
    if image.isNull():
        return None
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "PNG")
    return bytes(data)


class DirectoryScreen(QWidget):
    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.orgs: list = []
        tabs = QTabWidget(self)
        tabs.addTab(self._people_tab(), S.PEOPLE)
        tabs.addTab(self._orgs_tab(), S.ORGANIZATIONS)
        QVBoxLayout(self).addWidget(tabs)
        self._debounce = QTimer(self, singleShot=True, interval=250, objectName=PENDING_EDIT)
        self._debounce.timeout.connect(self.reload)
        self.search.textChanged.connect(lambda *_: self._debounce.start())
        leave_tables_with_tab(self)
        runner.bus.changed.connect(self.on_changes)
        self.reload()

    def _people_tab(self):
        w = QWidget(self)
        self.search = QLineEdit(w)
        self.search.setPlaceholderText(S.SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self.people = ListTableModel([
            EditableColumn(S.FULL_NAME, lambda p: p.full_name),
            EditableColumn(S.POST, lambda p: p.post or ""),
            EditableColumn(S.ORGANIZATION, lambda p: p.organization or "", value=lambda p: p.organization_id or ""),
            EditableColumn(S.PHONE, lambda p: p.phone or ""),
            EditableColumn(S.EMAIL, lambda p: p.email or ""),
            Column(S.SIGNATURE, lambda p: "✓" if p.has_signature else "", Qt.AlignmentFlag.AlignCenter),
        ], self, on_edit=self._edit_person)
        self.people_view = table(self.people, w, stretch=0, sort=True)
        self.people_view.setItemDelegateForColumn(2, ComboDelegate(
            lambda: [("", S.NONE)] + [(o.id, o.name) for o in self.orgs], self))
        self.p_name, self.p_post, self.p_phone, self.p_email = (QLineEdit(w) for _ in range(4))
        self.p_name.setPlaceholderText(S.FULL_NAME)
        self.p_post.setPlaceholderText(S.POST)
        self.p_phone.setPlaceholderText(S.PHONE)
        self.p_email.setPlaceholderText(S.EMAIL)
        self.p_org = QComboBox(w)
        self.add_person = QPushButton(S.ADD, w)
        self.delete_person = QPushButton(S.DELETE, w)
        add = QHBoxLayout()
        for x in (self.p_name, self.p_post, self.p_org, self.p_phone, self.p_email, self.add_person):
            add.addWidget(x)

        self.signature = QLabel(S.NO_SIGNATURE, w)
        self.signature.setFixedSize(*SIGNATURE_SIZE)
        self.signature.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.signature.setStyleSheet("border:1px solid #bbb; background:white")
        self.set_signature = QPushButton(S.SET_SIGNATURE, w)
        self.clear_signature = QPushButton(S.CLEAR_SIGNATURE, w)
        sig = QGroupBox(S.SIGNATURE, w)
        sl = QVBoxLayout(sig)
        sl.addWidget(self.signature)
        sl.addWidget(self.set_signature)
        sl.addWidget(self.clear_signature)
        sl.addStretch(1)

        body = QHBoxLayout()
        body.addWidget(self.people_view, 1)
        body.addWidget(sig)
        lay = QVBoxLayout(w)
        lay.addWidget(self.search)
        lay.addLayout(body, 1)
        lay.addLayout(add)
        lay.addWidget(self.delete_person, 0, Qt.AlignmentFlag.AlignLeft)
        # «دستگاه» sits between «سمت» and «تلفن» on screen, and Tab goes there too (it was created last)
        tab_in_order(self.p_name, self.p_post, self.p_org, self.p_phone, self.p_email, self.add_person)
        self.add_person.clicked.connect(self._add_person)
        for field in (self.p_name, self.p_post, self.p_phone, self.p_email):   # Enter in the row adds it
            field.returnPressed.connect(self._add_person)
        self.delete_person.clicked.connect(self._delete_person)
        self.set_signature.clicked.connect(self._choose_signature)
        self.clear_signature.clicked.connect(lambda: self.store_signature(None))
        self.people_view.selectionModel().selectionChanged.connect(lambda *_: self._show_signature())
        return w

    def _orgs_tab(self):
        w = QWidget(self)
        self.organizations = ListTableModel([
            EditableColumn(S.NAME, lambda o: o.name),
            EditableColumn(S.SHORT_NAME, lambda o: o.short_name or ""),
        ], self, on_edit=self._edit_org)
        self.orgs_view = table(self.organizations, w, stretch=0, sort=True)
        self.o_name, self.o_short = QLineEdit(w), QLineEdit(w)
        self.o_name.setPlaceholderText(S.NAME)
        self.o_short.setPlaceholderText(S.SHORT_NAME)
        self.add_org = QPushButton(S.ADD, w)
        self.delete_org = QPushButton(S.DELETE, w)
        add = QHBoxLayout()
        for x in (self.o_name, self.o_short, self.add_org, self.delete_org):
            add.addWidget(x)
        lay = QVBoxLayout(w)
        lay.addWidget(self.orgs_view, 1)
        lay.addLayout(add)
        self.add_org.clicked.connect(self._add_org)
        self.o_name.returnPressed.connect(self._add_org)
        self.o_short.returnPressed.connect(self._add_org)
        self.delete_org.clicked.connect(self._delete_org)
        return w

    def focus_search(self):
        self.search.setFocus()

    def reload(self):
        search = self.search.text().strip() or None

        def fill(result):
            people, orgs = result
            self.orgs = orgs
            self.people.set_rows(people)
            self.organizations.set_rows(orgs)
            self.p_org.clear()
            self.p_org.addItem(S.NONE, None)
            for o in orgs:
                self.p_org.addItem(o.name, o.id)
            self._show_signature()
        self.runner.query(self, lambda s: (directory.list_people(s, search=search),
                                           directory.list_organizations(s)), fill)

    def on_changes(self, changes):
        if changes.entities & {"person", "organization"}:
            self._debounce.start()

    def _write(self, fn, on_done=None):
        self.runner.write(self, fn, on_done, initiator=self)

    def _selected_person(self):
        rows = self.people_view.selectionModel().selectedRows()
        return self.people.row(rows[0].row()) if rows else None

    def _add_person(self):
        fields = dict(full_name=self.p_name.text(), post=self.p_post.text() or None,
                      organization_id=self.p_org.currentData(), phone=self.p_phone.text() or None,
                      email=self.p_email.text() or None)
        if not fields["full_name"].strip():
            self.p_name.setFocus()                  # the name is what is missing
            return

        def clear(_):
            for x in (self.p_name, self.p_post, self.p_phone, self.p_email):
                x.clear()
        self._write(lambda s: directory.create_person(s, **fields), clear)

    def _edit_person(self, p, column, value):
        field = ("full_name", "post", "organization_id", "phone", "email")[column]
        self._write(lambda s: directory.update_person(s, p.id, **{field: value or None}))

    def _delete_person(self):
        p = self._selected_person()
        if p and ask(self, S.CONFIRM_DELETE.format(name=p.full_name)):
            self._write(lambda s: directory.delete_person(s, p.id))

    def _show_signature(self):
        p = self._selected_person()
        self.set_signature.setEnabled(p is not None)
        self.clear_signature.setEnabled(p is not None and p.has_signature)
        if p is None or not p.has_signature:
            self.signature.setPixmap(QPixmap())
            self.signature.setText(S.NO_SIGNATURE)
            return

        def show(png):
            pix = QPixmap()
            if png and pix.loadFromData(png):
                self.signature.setPixmap(pix.scaled(*SIGNATURE_SIZE, Qt.AspectRatioMode.KeepAspectRatio,
                                                    Qt.TransformationMode.SmoothTransformation))
        self.runner.query(self, lambda s: directory.get_signature(s, p.id), show)

    def _choose_signature(self):
        path = choose_file(self, S.SET_SIGNATURE, str(Path.home()), S.IMAGE_FILTER)
        if path:
            self.load_signature_file(path)

    def load_signature_file(self, path: str):
        png = png_bytes(path)
        if png is None:
            show_error(self, S.BAD_IMAGE)
            return
        self.store_signature(png)

    def store_signature(self, png: bytes | None):
        p = self._selected_person()
        if p is None:
            return
        if png is None and not ask(self, S.CONFIRM_DELETE.format(name=f"{S.SIGNATURE} {p.full_name}")):
            return
        self._write(lambda s: directory.set_signature(s, p.id, png))

    def _add_org(self):
        name, short = self.o_name.text(), self.o_short.text() or None
        if not name.strip():
            self.o_name.setFocus()
            return
        self.o_name.clear()
        self.o_short.clear()
        self.o_name.setFocus()
        self._write(lambda s: directory.create_organization(s, name, short_name=short))

    def _edit_org(self, o, column, value):
        field = ("name", "short_name")[column]
        self._write(lambda s: directory.update_organization(s, o.id, **{field: value or None}))

    def _delete_org(self):
        rows = self.orgs_view.selectionModel().selectedRows()
        if not rows:
            return
        o = self.organizations.row(rows[0].row())
        if ask(self, S.CONFIRM_DELETE.format(name=o.name)):
            self._write(lambda s: directory.delete_organization(s, o.id))
