"""A table of any length, laid out a chunk of rows at a time, with its header row where a reader
expects it: at the table's start and at the top of every page it runs on to, never mid-page.

reportlab's Table splits at a page end by building a new Table of every remaining row, so one Table
of a few thousand rows costs time quadratic in its rows (the follow-up report at 5,000 resolutions
took twice as long as in chunks). Here only the next CHUNK rows are ever a Table: a chunk that fits is
drawn and the rest follows on the same page without a header; a chunk that does not fit is split by
reportlab, and the rest starts the next page with the header (repeatRows)."""
from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable, Table

CHUNK = 40
TALLER_THAN_ANY_PAGE = 1e6      # what wrap says while rows are left beyond this chunk: split me


class LongTable(Flowable):
    """`make(rows, with_header)` builds the Table for a slice of `rows` (reports.layout.rtl_table)."""

    def __init__(self, make: Callable[[Sequence, bool], Table], rows: Sequence, start: int = 0,
                 with_header: bool = True, _table: Table | None = None, _end: int | None = None):
        super().__init__()
        self.make, self.rows, self.start, self.with_header = make, rows, start, with_header
        self.hAlign = "RIGHT"
        # a chunk's remainder that reportlab already split off (header repeated, row heights known)
        self._table, self._made_with = _table, (with_header if _table is not None else None)
        self.end = _end if _end is not None else min(start + CHUNK, len(rows))
        self._size = None

    def _chunk(self) -> Table:
        if self._table is None or self._made_with != self.with_header:
            self.end = min(self.start + CHUNK, len(self.rows))
            self._table = self.make(self.rows[self.start:self.end], self.with_header)
            self._made_with, self._size = self.with_header, None
        return self._table

    def _table_size(self, availWidth, availHeight) -> tuple[float, float]:
        """The chunk's size; its columns have fixed widths, so it is computed once per width (Table
        recomputes every row on every wrap, and a heading, a frame and a split each ask)."""
        table = self._chunk()
        if self._size is None or self._size[0] != availWidth:
            self._size = (availWidth, table.wrap(availWidth, availHeight))
        return self._size[1]

    def _last_chunk(self) -> bool:
        self._chunk()
        return self.end >= len(self.rows)

    @property
    def _rowHeights(self):
        """The chunk's row heights, for KeepWithLast (which carries a last row over with a block)."""
        return self._chunk()._rowHeights if self._last_chunk() else None

    def wrap(self, availWidth, availHeight):
        w, h = self._table_size(availWidth, availHeight)
        self.width, self.height = w, h if self._last_chunk() else TALLER_THAN_ANY_PAGE
        return self.width, self.height

    def split(self, availWidth, availHeight):
        table = self._chunk()
        w, h = self._table_size(availWidth, availHeight)
        if h <= availHeight:             # the whole chunk fits: the next one goes on below it
            rest = [LongTable(self.make, self.rows, self.end, with_header=False)] if self.end < len(self.rows) else []
            return [_Sized(table, w, h)] + rest
        parts = table.split(availWidth, availHeight)
        if len(parts) < 2:
            # not even one row fits here: the chunk opens the next page, and there it needs the header
            self.with_header = True
            return []
        placed = len(parts[0]._cellvalues) - (1 if self.with_header else 0)
        # with a header, reportlab's remainder repeats it: keep it (its rows are measured already)
        kept = dict(_table=parts[1], _end=self.end) if self.with_header else {}
        return [parts[0], LongTable(self.make, self.rows, self.start + placed, with_header=True, **kept)]

    def draw(self):
        self._chunk().drawOn(self.canv, 0, 0)


class _Sized(Flowable):
    """A table already wrapped at this width: drawn as it is, not measured again."""

    def __init__(self, table: Table, width: float, height: float):
        super().__init__()
        self.table, self.width, self.height, self.hAlign = table, width, height, "RIGHT"

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        self.table.drawOn(self.canv, 0, 0)
