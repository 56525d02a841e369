"""Picking people and organisations by typing: a completer that matches anywhere in the name."""
import re

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from app.domain.persian import normalize_input
from ui import strings as S

SEPARATORS = re.compile(r"\s*[،,;؛]\s*")


def filtering_completer(names: list[str], parent) -> QCompleter:
    completer = QCompleter(QStringListModel(sorted(set(names)), parent), parent)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    return completer


class PartyLineEdit(QLineEdit):
    """Several names separated by «،»; the completer completes the one being typed."""

    def __init__(self, names: list[str], parent=None):
        super().__init__(parent)
        self.setPlaceholderText(S.RESPONSIBLE_HINT)
        self._completer = filtering_completer(names, self)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._update)

    def completer_model(self) -> QStringListModel:
        return self._completer.model()

    def _current(self) -> str:
        return SEPARATORS.split(self.text())[-1]

    def _update(self, _text: str) -> None:
        prefix = self._current().strip()
        if not prefix:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(prefix)
        self._completer.complete()

    def _insert(self, name: str) -> None:
        parts = SEPARATORS.split(self.text())[:-1] + [name]
        self.setText(S.LIST_SEPARATOR.join(parts) + S.LIST_SEPARATOR)

    def names(self) -> list[str]:
        return [n for n in (normalize_input(p) for p in SEPARATORS.split(self.text())) if n]
