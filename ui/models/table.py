"""A small table model over a list of DTOs that is loaded whole (a roster, an agenda, a meeting's
resolutions: tens of rows). Editable columns call `on_edit(dto, column, value)`, which schedules a
service write; the view is refreshed by the write's broadcast, not by the model."""
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt

from ui.models.paged import Column, ColumnsModel

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

    def set_rows(self, rows) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

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
