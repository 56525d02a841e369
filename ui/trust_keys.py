"""File ▸ «کلیدهای مورد اعتماد…» (issue 22): the offices' signing keys this machine trusts, and the keys
the open file proposes that it does not. Everything goes through app/services/trust.py: the store is
outside every .dabir file, so adding and removing keys never writes the open file. A proposed key is
trusted only after its full fingerprint has been shown and confirmed (the secretary compares it with
what the other office reads out); this office's own key cannot be removed (the button is off)."""
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableWidget, QTableWidgetItem, QVBoxLayout)

from app.domain.errors import DabirError
from app.services import row_keys, trust
from ui import strings as S
from ui.dialogs import ask, choose_file, show_error
from ui.widgets.tables import select_row

# hex digits read left to right inside the right-to-left window: an isolate keeps each group's order
LTR, END = "\u2066", "\u2069"


def fingerprint_text(fingerprint: str, lines: int = 2) -> str:
    """The fingerprint in groups of four (as read out over the phone), in `lines` lines, each kept
    left to right: hex stays hex (never Persian digits), so it can be compared with what was read."""
    groups = trust.spaced(fingerprint).split()
    per = -(-len(groups) // lines)
    return "\n".join(LTR + " ".join(groups[i:i + per]) + END for i in range(0, len(groups), per))


class TrustKeysDialog(QDialog):
    def __init__(self, runner, parent=None):
        super().__init__(parent)
        self.runner = runner
        self.rows: list[tuple[str, object]] = []      # ("own" | "trusted" | "proposed", key) per table row
        self.setWindowTitle(S.TRUST_TITLE)
        self.resize(900, 520)
        hint = QLabel(S.TRUST_HINT, self)
        hint.setWordWrap(True)
        self.table = QTableWidget(0, len(S.TRUST_COLUMNS), self)
        self.table.setHorizontalHeaderLabels(list(S.TRUST_COLUMNS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selected)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.add_proposed_button = QPushButton(S.TRUST_ADD_PROPOSED, self)
        self.add_file_button = QPushButton(S.TRUST_ADD_FILE, self)
        self.remove_button = QPushButton(S.TRUST_REMOVE, self)
        close = QPushButton(S.TRUST_CLOSE, self)
        self.add_proposed_button.clicked.connect(self.add_proposed)
        self.add_file_button.clicked.connect(lambda: self.add_file())
        self.remove_button.clicked.connect(self.remove)
        close.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        for b in (self.add_proposed_button, self.add_file_button, self.remove_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(hint)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.status)
        lay.addLayout(buttons)
        self._selected()
        self.refresh()

    # --- the list ------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the store and what the open file proposes (a read of the file, on the runner's queue)."""
        self.runner.query(self, trust.view, self._show)

    def _show(self, view: trust.TrustView) -> None:
        chosen = self.selected_key()
        chosen = chosen[1].fingerprint if chosen else None
        self.rows = [("own" if k.own else "trusted", k) for k in view.trusted] + [("proposed", p) for p in view.proposed]
        self.table.setRowCount(0)
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        for kind, key in self.rows:
            office = key.office_name or S.TRUST_UNNAMED
            if row_keys.is_row_certificate(key.certificate_pem):
                office = S.TRUST_ROW_KEY.format(office=office)
            values = ({"own": S.TRUST_OWN, "trusted": S.TRUST_TRUSTED, "proposed": S.TRUST_PROPOSED}[kind],
                      S.TRUST_CLAIMED.format(office=office) if kind == "proposed" else office,
                      fingerprint_text(key.fingerprint))
            row = self.table.rowCount()
            self.table.insertRow(row)
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if col == 2:
                    item.setFont(mono)
                    item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                    item.setToolTip(trust.spaced(key.fingerprint))
                self.table.setItem(row, col, item)
            if key.fingerprint == chosen:
                select_row(self.table, row)     # QTableWidget.selectRow misses in RTL (ui/widgets/tables.py)
        self.table.resizeRowsToContents()
        self._selected()

    def selected_key(self):
        rows = {i.row() for i in self.table.selectedIndexes()}
        return self.rows[rows.pop()] if len(rows) == 1 and max(rows) < len(self.rows) else None

    def _selected(self) -> None:
        chosen = self.selected_key()
        self.add_proposed_button.setEnabled(chosen is not None and chosen[0] == "proposed")
        self.remove_button.setEnabled(chosen is not None and chosen[0] == "trusted")

    # --- the acts ------------------------------------------------------------------------------------
    def _confirm(self, text: str, key, yes: str) -> bool:
        return ask(self, text.format(office=key.office_name or S.TRUST_UNNAMED,
                                     fingerprint=fingerprint_text(key.fingerprint, lines=4)), yes=yes)

    def _done(self, message: str, key) -> None:
        self.status.setText(message.format(office=key.office_name or S.TRUST_UNNAMED))
        self.refresh()

    def add_proposed(self) -> None:
        """Trust the selected key the file proposes, once its full fingerprint is confirmed."""
        chosen = self.selected_key()
        if chosen is None or chosen[0] != "proposed" or not self._confirm(S.TRUST_CONFIRM_ADD, chosen[1],
                                                                          S.TRUST_YES_ADD):
            return
        fingerprint, office_id = chosen[1].fingerprint, self.runner.db.office_id
        # the file's proposals are read again: the key trusted is the one in the file now
        self.runner.query(self, lambda s: trust.add_proposed(s, fingerprint, office_id),
                          lambda key: self._done(S.TRUST_ADDED, key))

    def add_file(self, path: str | None = None) -> None:
        """Trust a certificate file (PEM or DER) another office handed over, once its fingerprint is
        confirmed; `path` skips the file dialog."""
        path = path or choose_file(self, S.TRUST_ADD_FILE, str(Path.home()), S.TRUST_CERT_FILTER)
        if not path:
            return
        try:
            data = Path(path).read_bytes()
        except OSError:
            show_error(self, S.TRUST_UNREADABLE.format(name=Path(path).name))
            return
        try:
            offered = trust.certificate_file(data)
            if self._confirm(S.TRUST_CONFIRM_ADD, offered, S.TRUST_YES_ADD):
                self._done(S.TRUST_ADDED, trust.add(offered.certificate_pem, None, offered.office_name))
        except DabirError as e:
            show_error(self, e.fa)

    def remove(self) -> None:
        chosen = self.selected_key()
        if chosen is None or chosen[0] != "trusted" or not self._confirm(S.TRUST_CONFIRM_REMOVE, chosen[1],
                                                                         S.TRUST_YES_REMOVE):
            return
        try:
            self._done(S.TRUST_REMOVED, trust.remove(chosen[1].fingerprint))
        except DabirError as e:          # this office's own key, recognised only now (its key file)
            show_error(self, e.fa)
            self.refresh()


def open_dialog(runner, parent) -> TrustKeysDialog:
    dialog = TrustKeysDialog(runner, parent)
    dialog.open()
    return dialog
