"""A table model that pages rows in from a service as the view scrolls (Qt's "Fetch More" pattern).

Rows are DTOs. `fetchMore` asks the OpRunner for the next page on the worker thread; the rows are
inserted when they arrive, so scrolling a 100,000-row list never blocks on the database, and `data()`
never queries it. A reload bumps a generation number so that a page still in flight for the old
query is dropped.
"""
import gc
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal

PAGE = 50      # two screens of rows: enough to scroll on, cheap to fetch
# Past this many rows the loaded DTOs are moved out of the garbage collector's view (gc.freeze): a
# full collection over 20,000 rows stalls the GUI for ~70 ms, and rows (frozen dataclasses) hold no
# reference cycles for it to find. A reload unfreezes, so nothing stays exempt for long.
FREEZE_AFTER = 2000
ROW_HEIGHT = 30       # one line of Vazirmatn at 10 pt with padding
MAX_PAGE = 300        # a bigger page holds the GUI thread longer while its rows are inserted


@dataclass(frozen=True)
class Column:
    header: str
    text: Callable[[object], str]
    # Leading, not Right: Qt mirrors a non-absolute alignment in a right-to-left view, so AlignRight drew
    # the text at the cell's left edge (issue 25); leading is the right edge in RTL, the left in LTR
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignVCenter
    # paged lists: the service's order-by key for this column (None: not sortable); lists loaded
    # whole: a sort key of the row (None: the shown text, Persian order, numbers by value)
    order: object = None


class ColumnsModel(QAbstractTableModel):
    """A table of DTOs (`self.rows`) shown through `self.columns`: what paged and plain lists share."""
    ID_ROLE = Qt.ItemDataRole.UserRole

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(self.columns):
            return self.columns[section].header
        return super().headerData(section, orientation, role)

    def row(self, index: int):
        return self.rows[index]


class PagedTableModel(ColumnsModel):
    """`page(session, limit, offset) -> [dto]`, `count(session) -> int`; both run on the worker.
    Sorting happens in SQL: `sort()` records the column's service key (`Column.order`) in
    `order_by`/`descending`, which the page function passes on, and reloads."""
    loaded = Signal()                    # a page arrived (or the query turned out empty)
    counted = Signal(int)                # the total number of rows is known

    def __init__(self, runner, columns: list[Column], parent=None, page_size: int = PAGE):
        super().__init__(parent)
        self.runner, self.columns, self.page_size = runner, columns, page_size
        self.rows: list = []
        self.total: int | None = None
        self._page = self._count = None
        self._fetching = False
        self._exhausted = True
        self._generation = 0
        self.order_by: str | None = None
        self.descending = False

    # --- the query -------------------------------------------------------------------------------
    def set_query(self, page, count, first: tuple[list, int] | None = None) -> None:
        """`first`: (the first page, the total) already read, shown as they are instead of asked for
        (the window's first page, read before the database is open: app/services/first_page.py)."""
        self._page, self._count = page, count
        if first is None:
            self.reload()
            return
        rows, total = first
        self.beginResetModel()
        self.rows, self.total = list(rows), total
        self._generation += 1
        self._fetching = False
        self._exhausted = len(self.rows) < self.page_size or len(self.rows) >= total
        self.endResetModel()
        self.loaded.emit()
        self.counted.emit(total)

    def reload(self) -> None:
        if len(self.rows) >= FREEZE_AFTER:
            gc.unfreeze()
        self.beginResetModel()
        self.rows, self.total = [], None
        self._generation += 1
        self._fetching, self._exhausted = False, self._page is None
        self.endResetModel()
        if self._page is not None:
            self.fetchMore(QModelIndex())

    def _fetch_page(self, s, offset: int, limit: int):
        return self._page(s, limit, offset)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        key = self.columns[column].order if 0 <= column < len(self.columns) else None
        if key is None:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if (key, descending) != (self.order_by, self.descending):
            self.order_by, self.descending = key, descending
            if self._page is not None:
                self.reload()

    # --- Fetch More --------------------------------------------------------------------------------
    def canFetchMore(self, parent=QModelIndex()) -> bool:
        return not parent.isValid() and not self._fetching and not self._exhausted

    def fetchMore(self, parent=QModelIndex()) -> None:
        if parent.isValid() or self._fetching or self._exhausted:
            return
        self._fetching = True
        generation, offset, first = self._generation, len(self.rows), not self.rows
        # Pages grow with what is loaded: OFFSET costs grow with depth, so fewer, larger pages keep
        # a long scroll down 100,000 rows to a few dozen queries, each well under a tenth of a second.
        limit = min(MAX_PAGE, max(self.page_size, offset // 4))

        def arrived(batch):
            if generation != self._generation:
                return                                   # an older query's page
            if batch:
                start = len(self.rows)
                # beginInsertRows takes the *inclusive* last row: start + n - 1, not start + n.
                self.beginInsertRows(QModelIndex(), start, start + len(batch) - 1)
                self.rows.extend(batch)
                self.endInsertRows()
                if len(self.rows) >= FREEZE_AFTER:
                    gc.freeze()
            self._exhausted = len(batch) < limit or (self.total is not None and len(self.rows) >= self.total)
            self._fetching = False
            self.loaded.emit()
        self.runner.query(None, lambda s: self._fetch_page(s, offset, limit), arrived, owner=self)
        if first:
            # The total (for the "N rows" label) scans the whole table, so it comes after the first
            # page instead of delaying it.
            count = self._count

            def counted(total):
                if generation == self._generation:
                    self.total = total
                    self._exhausted = self._exhausted or len(self.rows) >= total
                    self.counted.emit(total)
            self.runner.query(None, count, counted, owner=self)

    # --- the table ---------------------------------------------------------------------------------

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        dto, col = self.rows[index.row()], self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.text(dto)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.text(dto)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align)
        if role == self.ID_ROLE:
            return dto.id
        return self.extra_data(dto, index.column(), role)

    def extra_data(self, dto, column: int, role):
        return None

    def replace_row(self, dto) -> bool:
        """Swap in a fresh DTO for the row with the same id (after an inline edit)."""
        for i, old in enumerate(self.rows):
            if old.id == dto.id:
                self.rows[i] = dto
                self.dataChanged.emit(self.index(i, 0), self.index(i, len(self.columns) - 1))
                return True
        return False
