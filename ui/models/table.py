"""A small table model over a list of DTOs that is loaded whole (a roster, an agenda, a meeting's
resolutions: tens of rows). Editable columns call `on_edit(dto, column, value)`, which schedules a
service write; the view is refreshed by the write's broadcast, not by the model."""
import re
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, Qt

from app.domain.persian import fold_digits, sort_key
from ui.models.paged import Column, ColumnsModel

_NUMBER = re.compile(r"\d+")


def text_order(text: str) -> str:
    """Persian alphabetical order, with runs of digits (any script) compared by value (۹ before ۱۰)."""
    return _NUMBER.sub(lambda m: m.group().zfill(12), sort_key(fold_digits(text or "")))

EDIT_ROLE = Qt.ItemDataRole.EditRole


@dataclass(frozen=True)
class EditableColumn(Column):
    value: Callable[[object], object] | None = None     # what an editor starts from (default: text)


class ListTableModel(ColumnsModel):
    def __init__(self, columns: list[Column], parent=None, on_edit=None, row_style=None):
        super().__init__(parent)
        self.columns = columns
        self.rows: list = []
        self.on_edit = on_edit
        self.read_only = False
        self.row_style = row_style      # fn(dto, role) -> value or None (colours of overdue rows)
        self._given: list = []           # rows in the order the service gave them
        self._sorted_by: tuple[int, bool] | None = None

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self._given = list(rows)
        self.rows = self._ordered(self._given)
        self.endResetModel()

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sorted in memory (these lists are loaded whole); column -1 is the service's own order
        (search hits by relevance)."""
        self.layoutAboutToBeChanged.emit()
        self._sorted_by = (column, order == Qt.SortOrder.DescendingOrder) \
            if 0 <= column < len(self.columns) else None
        before, self.rows = self.rows, self._ordered(self._given)
        # the selection follows its row to where the row went
        where = {id(r): i for i, r in enumerate(self.rows)}
        old = self.persistentIndexList()
        self.changePersistentIndexList(old, [self.index(where[id(before[i.row()])], i.column())
                                             if 0 <= i.row() < len(before) else QModelIndex() for i in old])
        self.layoutChanged.emit()

    def _ordered(self, rows: list) -> list:
        if self._sorted_by is None:
            return list(rows)
        column, descending = self._sorted_by
        col = self.columns[column]
        key = col.order if callable(col.order) else (lambda dto: text_order(col.text(dto)))
        return sorted(rows, key=key, reverse=descending)     # stable: equal keys keep the service's order

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Vertical:
            from ui.fmt import num
            return num(section + 1)
        return super().headerData(section, orientation, role)

    def flags(self, index):
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        f = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if isinstance(self.columns[index.column()], EditableColumn) and self.on_edit and not self.read_only:
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        dto, col = self.rows[index.row()], self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return col.text(dto)
        if role == EDIT_ROLE:
            value = getattr(col, "value", None)
            return value(dto) if value else col.text(dto)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align)
        if role == self.ID_ROLE:
            return dto.id
        if self.row_style:
            return self.row_style(dto, role)
        return None

    def setData(self, index, value, role=EDIT_ROLE):
        if role != EDIT_ROLE or not (self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        self.on_edit(self.rows[index.row()], index.column(), value)
        return True
