"""Repair by copy (`dabir check --repair`): a clean file built from a refused one. The new file gets
Dabir's schema fresh from the migrations; from the old one only real tables are read (never a view,
never a trigger: a read-only connection with trusted_schema off, under a time budget), and only the
rows and columns that validate (rowcheck.py), whose references resolve, are copied. The original is
not touched; what was left out is reported, row by row."""
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import DabirFileError
from . import rowcheck
from .budget import Budget
from .engine import connect
from .filecheck import quick_check, read_only_connection, sqlite_error
from .fileformat import inspect_file
from .migrate import SCHEMA_VERSION
from .models import Base, DateTime, Key
from .search_keys import pack_id
from . import timestamps
from .timestamps import NOW_SQL

_NOT_COPIED = {"alembic_version"}   # the new file has its own; the search index is rebuilt
PACKED_KEYS = 10                    # the schema whose id columns hold models.Key's packed ids (issue 28)
INTEGER_TIMES = 11                  # the schema whose DATETIME columns hold microseconds (timestamps.py)


@dataclass(frozen=True)
class LeftOut:
    table: str
    row_id: str | None
    reason: str

    def __str__(self) -> str:
        return f"{self.table} {self.row_id or '?'}: {self.reason}"


@dataclass
class RepairReport:
    source: Path
    output: Path
    copied: dict[str, int] = field(default_factory=dict)
    left_out: list[LeftOut] = field(default_factory=list)
    tables_skipped: list[str] = field(default_factory=list)   # not a real table in the old file


def repair(source, output, budget: Budget | None = None) -> RepairReport:
    from .database import _create, open_database
    info = inspect_file(source)
    src = info.path.resolve() if info.exists else info.path
    if not info.exists:
        raise DabirFileError(str(src), "پرونده وجود ندارد", "file does not exist")
    if info.user_version > SCHEMA_VERSION:
        raise DabirFileError(str(src), "این پرونده با نسخه جدیدتری از دبیر ساخته شده است؛ دبیر را به‌روز کنید",
                             "file has a newer schema; upgrade Dabir")
    out = Path(output).absolute()
    if out.exists():
        raise DabirFileError(str(out), "پرونده مقصد از پیش وجود دارد؛ نام دیگری بدهید",
                             "the output file already exists; give another name")
    if not out.parent.is_dir():
        raise DabirFileError(str(out.parent), "پوشه مقصد وجود ندارد", "destination folder does not exist")
    budget = budget or Budget()
    tmp = out.with_name(f".{out.name}.{os.getpid()}.repair")
    report = RepairReport(src, out)
    try:
        tmp.unlink(missing_ok=True)
        _create(tmp)
        try:
            old = read_only_connection(src, budget=budget)
        except sqlite3.Error as e:
            raise sqlite_error(src, e) from None
        try:
            new = connect(tmp, "rw")
            try:
                _copy(old, new, report, info.user_version)
            finally:
                new.close()
        except sqlite3.Error as e:
            raise (budget.time_error(src) if budget.exceeded else sqlite_error(src, e)) from None
        finally:
            old.close()
        db = open_database(tmp, remember=False)   # one unit of work: the search index is built at commit
        with db.session():
            pass
        db.close()
        quick_check(tmp)
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
        Path(f"{tmp}-journal").unlink(missing_ok=True)
    return report


def _copy(old: sqlite3.Connection, new: sqlite3.Connection, report: RepairReport, version: int) -> None:
    kinds = {name: "virtual" if (sql or "").startswith("CREATE VIRTUAL") else type_
             for name, type_, sql in old.execute("SELECT name, type, sql FROM sqlite_master")}
    new.execute("PRAGMA foreign_keys=OFF")
    new.execute("BEGIN IMMEDIATE")
    new.execute("DELETE FROM setting")     # the old file's settings (its office id) replace the fresh ones
    for tbl in Base.metadata.sorted_tables:
        if tbl.name in _NOT_COPIED:
            continue
        if kinds.get(tbl.name) != "table":
            report.tables_skipped.append(tbl.name)
            continue
        have = {r[1] for r in old.execute(f'PRAGMA table_xinfo("{tbl.name}")')}
        cols = [c.name for c in tbl.columns if c.name in have]
        # an older file spells its ids as text: packed as migration 0010 packs them, then checked
        keys = [i for i, c in enumerate(cols) if isinstance(tbl.c[c].type, Key)] if version < PACKED_KEYS else []
        # and its moments as text: those in schema 10's own form become integers, as migration 0011 does
        times = [i for i, c in enumerate(cols) if isinstance(tbl.c[c].type, DateTime)] if version < INTEGER_TIMES else []
        insert = f'INSERT INTO "{tbl.name}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})'
        rows = old.execute(f'SELECT {", ".join(cols)} FROM "{tbl.name}"')
        copied = 0
        while batch := rows.fetchmany(500):
            for values in batch:
                unpacked = []
                if keys:
                    values = list(values)
                    for i in keys:
                        if isinstance(values[i], str):
                            values[i] = pack_id(values[i])
                        elif values[i] is not None:      # no older Dabir wrote anything but text there
                            unpacked.append(f"{tbl.name}.{cols[i]}: {values[i]!r} is not text")
                if times:
                    values = list(values)
                    for i in times:
                        values[i] = timestamps.stored(values[i])
                row = dict(zip(cols, values))
                bad = unpacked or rowcheck.problems(tbl, row)
                if bad:
                    report.left_out.append(LeftOut(tbl.name, _id(row), "; ".join(map(str, bad))))
                    continue
                try:
                    new.execute(insert, values)
                    copied += 1
                except sqlite3.IntegrityError as e:
                    report.left_out.append(LeftOut(tbl.name, _id(row), str(e)))
        report.copied[tbl.name] = copied
    _drop_dangling(new, report)
    if new.execute("SELECT 1 FROM setting WHERE key = 'office.id'").fetchone() is None:
        import uuid
        new.execute("INSERT INTO setting (id, key, value, created_at, updated_at, row_version) "
                    f"VALUES (?, 'office.id', ?, {NOW_SQL}, {NOW_SQL}, 1)",
                    (pack_id(str(uuid.uuid4())), str(uuid.uuid4())))
    new.execute("COMMIT")


def _id(row: dict) -> str | None:
    return rowcheck.shown_key(row.get("id", row.get("office_id")))


def _drop_dangling(new: sqlite3.Connection, report: RepairReport) -> None:
    """Rows whose references do not resolve (their parent was left out, or never existed) go too,
    until none is left (a meeting's resolutions, then their follow-ups)."""
    while found := new.execute("PRAGMA foreign_key_check").fetchall():
        for table, rowid, parent, _ in found:
            row = new.execute(f'SELECT id FROM "{table}" WHERE rowid = ?', (rowid,)).fetchone()
            if row is None:
                continue
            new.execute(f'DELETE FROM "{table}" WHERE rowid = ?', (rowid,))
            report.copied[table] -= 1
            report.left_out.append(LeftOut(table, rowcheck.shown_key(row[0]),
                                           f"refers to a {parent} row that is not in the new file"))
