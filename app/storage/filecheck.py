"""Checking a .dabir file's contents before we trust it, with connections that cannot write.

open_database() validates the schema of every existing file (schema.py) and runs `quick_check` when
the file may have changed outside Dabir (filestate.py); `dabir check` runs the schema comparison, the
full `integrity_check` and `foreign_key_check`. All use a read-only connection under a time budget,
so a damaged or hostile file is never modified by being looked at, and cannot hang us.
"""
import datetime as dt
import logging
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from app.domain.errors import DabirFileError
from .budget import Budget
from .engine import BUSY_TIMEOUT_MS, connect, sqlite_uri
from .fileformat import copy_regular, os_reason
from .journal import JournalVerdict, inspect_journal, live_writer, move_aside
from .migrate import SCHEMA_VERSION

log = logging.getLogger("dabir.files")


def sqlite_error(path: Path, e: Exception) -> DabirFileError:
    """One clear reason for an sqlite3 error met while opening or checking a file."""
    msg = str(e)
    if msg == "interrupted":
        return Budget().time_error(path)
    if "locked" in msg or "busy" in msg:
        return DabirFileError(str(path), "پرونده در دست برنامه دیگری است؛ کمی بعد دوباره امتحان کنید",
                              "file is locked by another program; try again shortly")
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return DabirFileError(str(path), "پرونده آسیب دیده است؛ از نسخه پشتیبان استفاده کنید",
                              f"file is damaged ({msg}); use a backup")
    if "readonly" in msg or "read-only" in msg:
        return DabirFileError(str(path), "پرونده فقط‌خواندنی است", "file is read-only")
    return DabirFileError(str(path), f"پرونده باز نمی‌شود ({msg})", f"cannot open file ({msg})")


def read_only_connection(path: Path, timeout_ms: int = BUSY_TIMEOUT_MS,
                         budget: Budget | None = None) -> sqlite3.Connection:
    # mode=ro: SQLite itself refuses every write, whatever our code does
    return connect(path, "ro", timeout_ms, budget=budget)


def journal_path(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def recover_hot_journal(path: Path, writable: bool, tidy: bool = True) -> bool:
    """A `-journal` left by a crash or a pulled USB stick holds the pages of an unfinished
    transaction. SQLite rolls it back on the first read by a writable connection, restoring the last
    committed state, and deletes it; a read-only connection cannot, so we do it first, explicitly.
    A journal whose writer is alive (another Dabir, the CLI, sqlite3: it holds the file's RESERVED,
    PENDING or EXCLUSIVE lock) is that writer's, half-written, and is left exactly as it is: SQLite's
    locks order our reads after its commit. Only then is a journal judged: one that is not this
    file's (journal.py) is moved aside, never played; before a rollback, file and journal are copied
    into the backups folder as they are. True if one was rolled back.
    tidy=False (a read command) leaves a journal that is not hot where it is: SQLite ignores it."""
    journal = journal_path(path)
    if not journal.exists():
        return False
    with live_writer(path) as live:
        if live:
            log.debug("the journal beside %s is a live writer's; left to SQLite", path)
            return False
        # no writer can begin, and no other process can play the journal, until this block ends
        verdict = _judge(path, journal)
        if verdict is None:
            return False
        if not verdict.belongs:
            try:
                moved = move_aside(journal)
            except OSError as e:
                raise DabirFileError(str(journal), f"پرونده تراکنش کنار این پرونده مال آن نیست و جابه‌جا نمی‌شود ({os_reason(e)})",
                                     f"the journal beside the file is not its own ({verdict.reason}) and "
                                     f"cannot be moved aside ({os_reason(e)})") from None
            log.warning("توجه: پرونده تراکنش کنار %s مال آن نیست و اجرا نشد؛ به %s منتقل شد | note: the journal "
                        "beside %s is not its own (%s); it was not played, and was moved to %s",
                        path.name, moved.name, path, verdict.reason, moved)
            return False
        if not verdict.hot and not tidy:
            return False
        if not writable:
            raise DabirFileError(str(path), "پرونده تراکنش نیمه‌تمامی دارد و فقط‌خواندنی است؛ آن را قابل‌نوشتن کنید",
                                 "file has an unfinished transaction (-journal) and is read-only; make it "
                                 "writable so it can be recovered")
        if verdict.hot and not _copy_before_rollback(path, journal):
            return False                                  # the journal went: its writer committed
    # our SHARED lock is released: the connection below takes SQLite's own locks to roll back, and if
    # another process rolled the journal back in between, it finds nothing left to do
    try:
        conn = connect(path, "rw")
        try:
            conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            version = conn.execute("PRAGMA user_version").fetchone()[0]  # a read rolls back a hot journal
            if journal.exists():
                # SQLite judged it not hot (its header was never completed, so the database was
                # never touched) and leaves it; one write transaction makes SQLite delete it, so no
                # stray journal can later be paired with this file by mistake.
                conn.execute(f"PRAGMA user_version={int(version)}")
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise sqlite_error(path, e) from None
    return verdict.hot


def _judge(path: Path, journal: Path) -> JournalVerdict | None:
    """The verdict on a journal no live writer holds; None if it is gone by the end (where the
    filesystem has no locks, a writer we could not see committed meanwhile: nothing to recover)."""
    try:
        verdict = inspect_journal(path, journal)
        if verdict.hot and verdict.belongs:
            verdict = _trial_rollback(path, journal)
    except FileNotFoundError:
        if journal.exists():
            raise
        return None
    return verdict if journal.exists() else None


def _trial_rollback(path: Path, journal: Path) -> JournalVerdict:
    """Play the journal into a copy first: a journal whose headers agree with the file can still be
    another database's (two Dabir files of one size and commit count look alike from the header), but
    played into this file it leaves pages that do not fit together, and quick_check says so."""
    from . import tempdirs
    with tempdirs.temp_folder("journal") as tmp:
        copy = tmp / path.name
        try:
            copy_regular(path, copy)
            copy_regular(journal, journal_path(copy))
            conn = connect(copy, "rw")
            try:
                conn.execute("PRAGMA user_version").fetchone()          # SQLite plays the journal here
                result = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            finally:
                conn.close()
        except OSError as e:
            if not journal.exists():
                return JournalVerdict(False, True)     # a live writer's journal, gone with its commit
            raise DabirFileError(str(path), f"پرونده برای وارسی تراکنش نیمه‌تمام رونوشت نمی‌شود ({os_reason(e)})",
                                 f"cannot copy the file to check its unfinished transaction ({os_reason(e)})") from None
        except sqlite3.Error as e:
            result = str(e)
    if result != "ok":
        result = " ".join(result.replace("*** in database main ***", "").split())
        return JournalVerdict(True, False, f"played into this file it would damage it: {result}")
    return JournalVerdict(True, True)


def _copy_before_rollback(path: Path, journal: Path) -> bool:
    """The file and its journal, byte for byte, into the backups folder (opening that copy plays the
    same journal): a rollback that went wrong can be undone. False if the journal is gone by now: a
    live writer's transaction ended, and there is nothing to roll back."""
    from .places import backups_folder
    stamp = f"{dt.datetime.now():%Y%m%d-%H%M%S-%f}-before-recovery"
    dest = backups_folder(path) / f"{stamp}{path.suffix or '.dabir'}"
    try:
        copy_regular(journal, dest.with_name(dest.name + "-journal"))
    except FileNotFoundError:
        return False
    except OSError as e:
        raise DabirFileError(str(path), f"پیش از بازگردانی تراکنش نیمه‌تمام، نسخه پشتیبان گرفته نشد ({os_reason(e)})",
                             f"cannot back up the file before rolling back its unfinished transaction "
                             f"({os_reason(e)})") from None
    try:
        copy_regular(path, dest)
    except OSError as e:
        raise DabirFileError(str(path), f"پیش از بازگردانی تراکنش نیمه‌تمام، نسخه پشتیبان گرفته نشد ({os_reason(e)})",
                             f"cannot back up the file before rolling back its unfinished transaction "
                             f"({os_reason(e)})") from None
    return True


def quick_check(path: Path, budget: Budget | None = None) -> None:
    """Raise DabirFileError unless SQLite's quick_check says 'ok'."""
    budget = budget or Budget()
    try:
        conn = read_only_connection(path, budget=budget)
        try:
            rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise (budget.time_error(path) if budget.exceeded else sqlite_error(path, e)) from None
    if rows != ["ok"]:
        raise DabirFileError(str(path), "پرونده آسیب دیده است؛ از نسخه پشتیبان استفاده کنید",
                             f"file is damaged ({rows[0]}); use a backup")


@dataclass(frozen=True)
class CheckReport:
    """The result of a full check: empty lists mean a healthy file."""
    path: Path
    integrity: list[str] = field(default_factory=list)
    foreign_keys: list[str] = field(default_factory=list)
    schema: list[str] = field(default_factory=list)     # objects that are not Dabir's, or missing
    values: list[str] = field(default_factory=list)     # rows no Dabir could have written
    search_index: list[str] = field(default_factory=list)   # FTS5's own integrity-check
    notes: list[str] = field(default_factory=list)      # not problems: a journal the next open plays

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def problems(self) -> list[str]:
        return self.schema + self.integrity + self.foreign_keys + self.values + self.search_index


def full_check(path: Path, version: int | None, budget: Budget | None = None,
               immutable: bool = False) -> CheckReport:
    """The schema against Dabir's for `version`, integrity_check (every page, index and constraint),
    foreign_key_check and the search index's own integrity-check, read-only, under a time budget.
    immutable: `path` is a private copy (check_without_writing)."""
    from .schema import compare
    budget = budget or Budget()
    try:
        conn = connect(path, "ro", budget=budget, immutable=immutable)
        try:
            schema = [] if version is None else [p.en for p in compare(conn, version)]
            integrity = [r[0] for r in conn.execute("PRAGMA integrity_check(100)")]
            sound = integrity == ["ok"] and not schema
            fks = [f"{table} rowid {rowid} -> {parent}" for table, rowid, parent, _ in
                   conn.execute("PRAGMA foreign_key_check")] if sound else []
            values = bad_values(conn, version) if sound and version == SCHEMA_VERSION else []
        finally:
            conn.close()
        index = search_index_problems(path, budget, immutable) if sound and version is not None else []
    except sqlite3.Error as e:
        raise (budget.time_error(path) if budget.exceeded else sqlite_error(path, e)) from None
    return CheckReport(path, [] if integrity == ["ok"] else integrity, fks, schema, values, index)


def search_index_problems(path: Path, budget: Budget, immutable: bool = False) -> list[str]:
    """FTS5's 'integrity-check' of the search index: PRAGMA integrity_check does not look inside it
    (before SQLite 3.44), and a crafted structure record made `search` crash while check passed. The
    command is an INSERT, which a read-only connection refuses, so it runs in memory, on a copy of
    the index's tables and of the documents it indexes, read from the file through a read-only
    ATTACH. Only called once the schema is known to be Dabir's, whose CREATE statements it reuses."""
    from .search_index import SHADOWS
    mem = sqlite3.connect("file:dabir-index-check?mode=memory", uri=True, isolation_level=None)
    try:
        mem.execute("PRAGMA trusted_schema=OFF")
        budget.install(mem)
        mem.execute("ATTACH DATABASE ? AS f", (sqlite_uri(path, "ro", immutable),))
        made = dict(mem.execute("SELECT name, sql FROM f.sqlite_master WHERE name IN ('search_doc', 'search_fts')"))
        if set(made) != {"search_doc", "search_fts"}:
            return []                                    # a file from before the index (migrated later)
        mem.execute(made["search_doc"])
        mem.execute("INSERT INTO main.search_doc SELECT * FROM f.search_doc")
        mem.execute(made["search_fts"])
        for shadow in SHADOWS:
            mem.execute(f"DELETE FROM main.{shadow}")
            mem.execute(f"INSERT INTO main.{shadow} SELECT * FROM f.{shadow}")
        mem.execute("INSERT INTO search_fts(search_fts) VALUES('integrity-check')")
        # some crafted structure records pass the check yet fail the next write ("constraint failed",
        # and SQLite then rolls the writer's whole transaction back): write once, in the copy
        mem.execute("INSERT INTO search_fts(rowid, body) SELECT coalesce(max(doc_id), 0) + 1, 'dabir' FROM search_doc")
    except sqlite3.DatabaseError as e:
        if budget.exceeded or isinstance(e, sqlite3.OperationalError) and "interrupted" in str(e):
            raise
        return [f"search index: {e}; a search in the Dabir window rebuilds it"]
    finally:
        mem.close()
    return []


def check_without_writing(path: Path, version: int | None, budget: Budget | None = None) -> CheckReport:
    """`dabir check`: full_check without a byte written to the file or beside it. A `-journal` beside
    it is never played here (opening the file does that, after a backup): if no live writer holds it,
    the check reads a private copy instead, with the journal played into the copy when it is this
    file's (so what is checked is the file as the next open will see it), or without it when it is
    not. The file and the journal stay byte-identical; a note says what the next open will do."""
    journal = journal_path(path)
    if not journal.exists():
        return full_check(path, version, budget)
    from . import tempdirs
    from .fileformat import check_size
    with tempdirs.temp_folder("check") as tmp:
        copy = tmp / path.name
        with live_writer(path) as live:
            # while no writer can begin: judge the journal and copy what it is judged with
            verdict = None if live else _judge(path, journal)
            if verdict is not None and verdict.hot:
                copy_regular(path, copy)
                if verdict.belongs:
                    copy_regular(journal, journal_path(copy))
        if verdict is None or not verdict.hot:
            # a live writer's own journal (SQLite's locks order our reads after its commit), or one
            # SQLite ignores
            return full_check(path, version, budget)
        if verdict.belongs:
            note = ("the file has an unfinished transaction (-journal): the check read a copy with it "
                    "rolled back, and the next open rolls it back in the file, after a backup")
            try:
                conn = connect(copy, "rw")
                try:
                    conn.execute("PRAGMA user_version").fetchone()          # SQLite plays it here
                finally:
                    conn.close()
            except sqlite3.Error as e:
                raise sqlite_error(path, e) from None
            check_size(copy)
        else:
            note = (f"the -journal beside the file is not its own ({verdict.reason}): it was not played, "
                    "and the next open moves it aside")
        report = full_check(copy, version, budget, immutable=True)
    fields = {k: getattr(report, k) for k in report.__dataclass_fields__}
    return CheckReport(**{**fields, "path": path, "notes": [note]})


def bad_values(conn: sqlite3.Connection, version: int, limit: int = 100) -> list[str]:
    """Rows of a file with Dabir's schema that no Dabir could have written (rowcheck.py), at most `limit`."""
    from . import rowcheck
    from .schema import data_tables
    found = []
    for name in data_tables(version):
        tbl = rowcheck.table(name)
        if tbl is None:
            continue
        cols = [c.name for c in tbl.columns]
        rows = conn.execute(f'SELECT {", ".join(cols)} FROM "{name}" WHERE {rowcheck.suspect_where(tbl)}')
        while batch := rows.fetchmany(1000):
            for values in batch:
                row = dict(zip(cols, values))
                for p in rowcheck.problems(tbl, row):
                    found.append(f"{name} {rowcheck.shown_key(row['id']) if 'id' in row else '?'}: {p}")
                    if len(found) >= limit:
                        return found
    return found


def check_untrusted(path: Path, version: int, budget: Budget) -> None:
    """A file from elsewhere, before it is copied: its schema, then every page, read-only."""
    validate_schema(path, version, budget)
    quick_check(path, budget)


def validate_schema(path: Path, version: int, budget: Budget | None = None) -> None:
    """SchemaRefused unless the file's schema is exactly Dabir's for `version`; read-only."""
    from .schema import validate
    budget = budget or Budget()
    try:
        conn = read_only_connection(path, budget=budget)
        try:
            validate(conn, path, version)
        finally:
            conn.close()
    except sqlite3.Error as e:
        raise (budget.time_error(path) if budget.exceeded else sqlite_error(path, e)) from None
