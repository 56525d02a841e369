"""Picking people and organisations by typing.

The completer matches anywhere in a name however it was typed: ي/ی, ك/ک, harakat, digits, and a ZWNJ,
a space or none between the pieces of a word all match (the search key, app/domain/search_text). It only
offers names: what was typed stays until the user picks an entry (Enter or a click on it). A name that
is not in the list is never taken for another one, and never created without asking (see
`resolve_names` in ui/screens and `ask_new_party` in ui/dialogs).
"""
import re

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit

from app.domain.names import split_names
from app.domain.persian import name_key, normalize_input
from app.domain.search_text import search_key
from ui import strings as S

SEPARATORS = re.compile(r"\s*[،,;؛]\s*")
POPUP_ROWS = 12


def matching(names: list[str], typed: str) -> list[str]:
    """The names containing `typed` (folded): those starting with it first, then the rest, each
    alphabetically."""
    key = search_key(typed)
    if not key:
        return []
    hits = [(search_key(n), n) for n in names]
    starts = sorted(n for k, n in hits if k.startswith(key))
    inside = sorted(n for k, n in hits if key in k and not k.startswith(key))
    return starts + inside


def exact(names: list[str], typed: str) -> str | None:
    """The name the typed text is (same name key: ی/ي, ZWNJ or space, digits), or None."""
    key = name_key(typed)
    return next((n for n in names if name_key(n) == key), None) if key else None


class FoldingCompleter(QCompleter):
    """A popup of the names containing the typed text; its model is refilled on each keystroke,
    since QCompleter's own filter compares characters as they are."""

    def __init__(self, names: list[str], parent):
        self._names = sorted(set(names))
        super().__init__(QStringListModel([], parent), parent)
        self.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.setMaxVisibleItems(POPUP_ROWS)
        self.popup().setTextElideMode(Qt.TextElideMode.ElideNone)

    def set_names(self, names: list[str]) -> None:
        self._names = sorted(set(names))

    def names(self) -> list[str]:
        return list(self._names)

    def completing(self) -> bool:
        """True while the user has an entry of the popup selected: Enter picks it rather than adding."""
        return self.popup().isVisible() and self.popup().currentIndex().isValid()

    def show_for(self, typed: str) -> list[str]:
        found = matching(self._names, typed)
        self.model().setStringList(found)
        if not found:
            self.popup().hide()
            return found
        widget = self.widget()
        fm = self.popup().fontMetrics()
        # entries are whole names: the popup is as wide as the longest one, not cut at the field's edge
        longest = max(fm.horizontalAdvance(n) for n in found) + 40
        rect = widget.rect()
        rect.setWidth(max(rect.width(), longest))
        if widget.layoutDirection() == Qt.LayoutDirection.RightToLeft:
            rect.moveRight(widget.rect().right())
        self.complete(rect)
        self.popup().setCurrentIndex(self.model().index(-1, 0))   # nothing chosen until the user moves
        return found


def filtering_completer(names: list[str], parent) -> FoldingCompleter:
    return FoldingCompleter(names, parent)


class NamePicker(QLineEdit):
    """One person (or organisation) typed or picked. `entries` are (label, id); `chosen()` is the id
    only when the text is exactly one entry's label (or its name before « — »)."""

    def __init__(self, entries: list[tuple[str, str]] | None = None, parent=None, placeholder: str = ""):
        super().__init__(parent)
        self.setPlaceholderText(placeholder)
        self._entries: list[tuple[str, str]] = []
        self._completer = FoldingCompleter([], self)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._picked)
        self.textEdited.connect(lambda text: self._completer.show_for(text.strip()))
        self.set_entries(entries or [])

    def set_entries(self, entries: list[tuple[str, str]]) -> None:
        self._entries = list(entries)
        self._completer.set_names([label for label, _ in self._entries])

    def labels(self) -> list[str]:
        return [label for label, _ in self._entries]

    def completing(self) -> bool:
        return self._completer.completing()

    def _picked(self, label: str) -> None:
        self.setText(label)

    def chosen(self) -> str | None:
        key = name_key(self.text())
        if not key:
            return None
        for label, id_ in self._entries:
            if name_key(label) == key or name_key(label.split(" — ")[0]) == key:
                return id_
        return None

    def typed_name(self) -> str:
        return normalize_input(self.text()) or ""

    def similar(self) -> list[str]:
        return matching(self.labels(), self.text().strip())


class PartyLineEdit(QLineEdit):
    """Several names separated by «،»; the completer completes the one being typed."""

    def __init__(self, names: list[str], parent=None):
        super().__init__(parent)
        self.setPlaceholderText(S.RESPONSIBLE_HINT)
        self._completer = filtering_completer(names, self)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._update)

    def set_names(self, names: list[str]) -> None:
        self._completer.set_names(names)

    def known_names(self) -> list[str]:
        return self._completer.names()

    def completing(self) -> bool:
        return self._completer.completing()

    def completer_model(self) -> QStringListModel:
        return self._completer.model()

    def _current(self) -> str:
        return SEPARATORS.split(self.text())[-1]

    def _update(self, _text: str) -> None:
        prefix = self._current().strip()
        if not prefix:
            self._completer.popup().hide()
            return
        self._completer.show_for(prefix)

    def _insert(self, name: str) -> None:
        parts = SEPARATORS.split(self.text())[:-1] + [name]
        self.setText(S.LIST_SEPARATOR.join(parts) + S.LIST_SEPARATOR)

    def names(self) -> list[str]:
        return split_names(self.text(), self.known_names())
