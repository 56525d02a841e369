"""Tables of DTO rows shared by the screens: one look, the overdue colour, and row selection."""
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from ui import strings as S

OVERDUE_BG = QColor("#fde2e1")


def overdue_style(r, role):
    if getattr(r, "overdue", False) and role == Qt.ItemDataRole.BackgroundRole:
        return OVERDUE_BG
    return None


def status_text(r) -> str:
    text = S.RESOLUTION_STATUS_LABELS[r.status]
    return f"{text} ({S.OVERDUE})" if r.overdue else text


def select_row(view, row: int) -> None:
    """QTableView.selectRow picks its column at x = viewport width in RTL, one pixel past the last
    column when the columns fill the viewport, and then selects nothing; select the row directly."""
    index = view.model().index(row, 0)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    view.selectionModel().setCurrentIndex(index, flags)


class Table(QTableView):
    """Every Dabir table: a QTableView whose selectRow selects the row in right-to-left as well.

    Qt's selectRow (6.11) asks the header for the column at x = the table viewport's width, which the
    header maps through its own viewport's width, one pixel past the last column whenever the two
    widths agree, i.e. whenever the header has been laid out: then the index is invalid and nothing is
    selected. It only worked on a table never laid out since it was built (a hidden tab), whose header
    viewport still had its construction width (100 px against the table viewport's 98). Whether it
    had been laid out depended on the order of Qt's deferred layout timers, so on when the table was
    built: the meeting editor built on first use (issue 28) turned a passing selectRow into a silent
    no-op in tests/ui/test_secretary.py, and a laid-out tab never worked."""

    def selectRow(self, row: int) -> None:      # noqa: N802 (Qt's name)
        if self.model() is not None and 0 <= row < self.model().rowCount():
            select_row(self, row)


def sortable(view, column: int = -1, order=Qt.SortOrder.AscendingOrder) -> None:
    """Header clicks sort the model (in SQL for paged lists); the arrow starts on `column` (-1: none,
    the service's own order, to which a third click returns)."""
    header = view.horizontalHeader()
    header.setSortIndicatorShown(True)
    header.setSortIndicatorClearable(column < 0)
    header.setSortIndicator(column, order)
    view.setSortingEnabled(True)


def table(model, parent, stretch: int | None = None, widths: dict[int, int] | None = None,
          sort: bool = False) -> QTableView:
    """A row-selecting table, without Qt's row numbers; `widths` fixes some columns (long texts wrap
    instead of widening them); `sort`: header clicks sort it (lists, not ordered things like an agenda)."""
    view = Table(parent)
    view.setModel(model)
    if sort:
        sortable(view)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                         | QAbstractItemView.EditTrigger.SelectedClicked)
    view.setWordWrap(True)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    for col, width in (widths or {}).items():
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(col, width)
    if stretch is not None:
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    # no Qt row numbers (issue 25): beside the agenda's «شماره», a change's «ردیف» or a resolution's
    # code they numbered every row twice, in Latin digits, and out of order once a header click sorted
    # the list. A row's number, where it has one, is a column of its own. (Hidden, the header still
    # sizes the rows to their wrapped text.)
    view.verticalHeader().hide()
    return view


def list_view(model, parent, widths, stretch: int, row_height: int | None = None,
              word_wrap: bool = False, sort_column: int = -1,
              sort_order=Qt.SortOrder.AscendingOrder) -> QTableView:
    """A read-only list of database rows (meetings, tracker, search hits): whole rows selected, column
    widths the user can drag, one stretching column, no row numbers, sorted by any column's header.
    A fixed `row_height` means Qt never measures rows, which keeps inserting a lazily fetched page cheap."""
    view = Table(parent)
    view.setModel(model)
    sortable(view, sort_column, sort_order)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(word_wrap)
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    for col, width in enumerate(widths):
        header.resizeSection(col, width)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    view.verticalHeader().hide()
    if row_height is not None:
        view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        view.verticalHeader().setDefaultSectionSize(row_height)
    return view
