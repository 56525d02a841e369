"""A time and row budget for reading a file we do not trust (a received file in a merge, `check`, the
checks at open). SQLite calls a progress handler every few thousand virtual-machine steps; past the
deadline it returns non-zero and SQLite stops the statement ("interrupted"), whatever the statement
is (a recursive view, a trigger, a huge scan). The row budget bounds how many rows one table of a
received file may hold before we read it at all, so a forged million-row table is refused, not loaded."""
import os
import sqlite3
import time
from dataclasses import dataclass, field

from app.domain.errors import DabirFileError

SECONDS = float(os.environ.get("DABIR_BUDGET_SECONDS") or 120)
ROWS = int(os.environ.get("DABIR_BUDGET_ROWS") or 1_000_000)
_STEPS = 4_000    # VM instructions between two looks at the clock (well under 1 ms of work)


class BudgetExceeded(DabirFileError):
    """A received file took longer, or held more rows, than we are prepared to read."""


@dataclass
class Budget:
    seconds: float = SECONDS
    rows: int = ROWS
    started: float = field(default_factory=time.monotonic)
    exceeded: str | None = None            # "time" once the deadline has passed

    def install(self, conn: sqlite3.Connection) -> None:
        conn.set_progress_handler(self._tick, _STEPS)

    def _tick(self) -> int:
        if time.monotonic() - self.started > self.seconds:
            self.exceeded = "time"
            return 1
        return 0

    def time_error(self, path) -> BudgetExceeded:
        return BudgetExceeded(str(path), f"خواندن پرونده بیش از {self.seconds:g} ثانیه طول کشید و متوقف شد؛ "
                                         "پرونده دست‌نخورده ماند",
                              f"reading the file took longer than its budget of {self.seconds:g} s and was "
                              "stopped; the file is untouched")

    def rows_error(self, path, table: str, count: int) -> BudgetExceeded:
        return BudgetExceeded(str(path), f"جدول {table} {count} سطر دارد، بیش از سقف {self.rows}؛ پرونده خوانده نشد",
                              f"table {table} holds {count} rows, more than the budget of {self.rows}; "
                              "the file was not read")

    def check_rows(self, conn: sqlite3.Connection, tables, path) -> None:
        """Refuse a file with a table over the row budget. count(*) walks the smallest index of a real
        table (the schema was validated first), without loading a row."""
        for table in tables:
            # LIMIT keeps even this count bounded: it stops one row past the budget
            n = conn.execute(f'SELECT count(*) FROM (SELECT 1 FROM "{table}" LIMIT {self.rows + 1})').fetchone()[0]
            if n > self.rows:
                raise self.rows_error(path, table, n)
