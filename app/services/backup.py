"""Backups of a .dabir file: on demand (`dabir backup`), automatic and rotating (the GUI, and before
every merge, restore or schema upgrade), listing and restoring them, and a full health check.

Automatic backups live in a folder per database file under the user data folder (or $DABIR_BACKUP_DIR),
not beside the file: a file on a USB stick should not take its only backups away with it.
Rotation keeps the newest KEEP_LAST plus the newest of each of the last KEEP_DAYS days.
"""
import datetime as dt
import os
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from app.domain.errors import DabirFileError
from app.storage.engine import connect
from app.storage.filecheck import CheckReport, check_without_writing, quick_check, recover_hot_journal, validate_schema
from app.storage.fileformat import EXTENSION, check_size, inspect_file
from app.storage.migrate import SCHEMA_VERSION
from app.storage.places import backups_folder  # noqa: F401  (part of this service's API)
from app.storage.search_keys import pack_id
from app.storage.timestamps import NOW_SQL
from app.storage.server import is_server_url, server_error
from app.storage.snapshot import snapshot

KEEP_LAST = 10
KEEP_DAYS = 7
_STAMP = "%Y%m%d-%H%M%S-%f"
_NAME = re.compile(r"^(\d{8}-\d{6}-\d{6})-([a-z-]+)\.dabir$")


@dataclass(frozen=True)
class BackupDTO:
    path: Path
    created_at: dt.datetime      # local time the backup was taken
    reason: str                  # "auto", "merge", "restore", "manual", ...
    size: int                    # bytes


def _source(db_path, schema: bool = True) -> Path:
    """A checked Dabir file to copy from (header, application id, a journal that is its own rolled
    back, and, unless schema=False, a schema that is Dabir's)."""
    info = inspect_file(db_path)
    if not info.exists:
        raise DabirFileError(str(info.path), "پرونده وجود ندارد", "file does not exist")
    p = info.path.resolve()
    recover_hot_journal(p, writable=not info.read_only)
    check_size(p)
    if schema and info.user_version <= SCHEMA_VERSION:
        validate_schema(p, inspect_file(p).user_version)
    return p


def _dto(path: Path) -> BackupDTO:
    m = _NAME.match(path.name)
    created = dt.datetime.strptime(m.group(1), _STAMP) if m else \
        dt.datetime.fromtimestamp(path.stat().st_mtime)
    return BackupDTO(path, created, m.group(2) if m else "manual", path.stat().st_size)


def backup_file(db_path: str | os.PathLike, out: str | os.PathLike) -> BackupDTO:
    """`dabir backup`: a consistent, checked copy of the file at `out` (a file name, or a folder to
    put a dated copy in), safe while the file is being written. A postgresql:// URL: a .dabir file
    holding the server's rows (server_to_file)."""
    if is_server_url(db_path):
        return server_to_file(db_path, out)
    src = _source(db_path)
    out = Path(out)
    if out.is_dir():
        out = out / f"{src.stem}-{dt.datetime.now():%Y%m%d-%H%M%S}{EXTENSION}"
    return _dto(snapshot(src, out))


def copy_for_office(db_path: str | os.PathLike, out: str | os.PathLike, office_name: str | None = None) -> BackupDTO:
    """A copy to give another office to work on: the same data and history (so later merges are
    three-way from here), under a new office id, so each office's changes are stamped as its own.
    From a central database on a server (a postgresql:// URL) the copy is a new .dabir file."""
    dto = backup_file(db_path, out)
    _new_office(dto.path, office_name)
    return dto


def _new_office(path: Path, office_name: str | None) -> None:
    conn = connect(path, "rw")
    try:
        with conn:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE setting SET value=? WHERE key='office.id'", (str(uuid.uuid4()),))
            if office_name:
                conn.execute("UPDATE setting SET value=? WHERE key='office.name'", (office_name,))
                conn.execute("INSERT INTO setting (id, key, value, created_at, updated_at, row_version) "
                             f"SELECT ?, 'office.name', ?, {NOW_SQL}, {NOW_SQL}, 1 "
                             "WHERE NOT EXISTS (SELECT 1 FROM setting WHERE key='office.name')",
                             (pack_id(str(uuid.uuid4())), office_name))   # a row id is packed (models.Key)
    finally:
        conn.close()


def auto_backup(db_path: str | os.PathLike, reason: str = "auto",
                now: dt.datetime | None = None) -> BackupDTO:
    """Take an automatic backup into backups_folder() and rotate the old ones. `reason` is a short
    lowercase word ("auto", "open", "merge", ...) shown in the list."""
    if not re.fullmatch(r"[a-z-]+", reason):
        raise ValueError(f"backup reason must be lowercase letters and '-': {reason!r}")
    src = _source(db_path)
    now = now or dt.datetime.now()
    folder = backups_folder(src)
    dto = _dto(snapshot(src, folder / f"{now.strftime(_STAMP)}-{reason}{EXTENSION}"))
    prune_backups(src, now=now)
    return dto


def _file_only(db_path, what: str) -> None:
    if is_server_url(db_path):
        from app.storage.server import display_url
        raise DabirFileError(display_url(db_path), f"«dabir {what}» برای پرونده است؛ از پایگاه داده سرور با "
                             f"pg_dump یا dabir backup نسخه پشتیبان بگیرید",
                             f"dabir {what} is for .dabir files; back up a server with pg_dump or dabir backup")


def list_backups(db_path: str | os.PathLike) -> list[BackupDTO]:
    """The automatic backups of this file, newest first."""
    _file_only(db_path, "backups")
    folder = backups_folder(db_path)
    found = [_dto(p) for p in folder.iterdir() if _NAME.match(p.name)]
    return sorted(found, key=lambda b: b.created_at, reverse=True)


def prune_backups(db_path: str | os.PathLike, keep_last: int = KEEP_LAST, keep_days: int = KEEP_DAYS,
                  now: dt.datetime | None = None) -> list[Path]:
    """Delete automatic backups beyond the newest `keep_last`, except the newest of each of the last
    `keep_days` days. Returns what was deleted."""
    now = now or dt.datetime.now()
    backups = list_backups(db_path)
    keep = {b.path for b in backups[:keep_last]}
    days_seen = set()
    for b in backups:  # newest first, so the first of each day is that day's newest
        day = b.created_at.date()
        if (now.date() - day).days < keep_days and day not in days_seen:
            days_seen.add(day)
            keep.add(b.path)
    removed = [b.path for b in backups if b.path not in keep]
    for p in removed:
        p.unlink(missing_ok=True)
        p.with_name(p.name + "-journal").unlink(missing_ok=True)   # a before-recovery copy's journal
    return removed


def restore_backup(backup_path: str | os.PathLike, db_path: str | os.PathLike) -> BackupDTO | None:
    """Put a backup back in place of the database file. The current file is first backed up itself
    (reason 'before-restore'), so a restore can be undone; the returned DTO is that backup (None
    when there was no file to replace).
    Close every open Database on the file first: the file is replaced, not written into."""
    _file_only(db_path, "backups --restore")
    b = inspect_file(backup_path)
    if not b.exists:
        raise DabirFileError(str(b.path), "نسخه پشتیبان وجود ندارد", "backup does not exist")
    quick_check(b.path.resolve())
    target = Path(db_path)
    undo = auto_backup(target, reason="before-restore") if target.exists() else None
    snapshot(b.path.resolve(), target)
    return undo


def repair_file(db_path: str | os.PathLike, out: str | os.PathLike):
    """`dabir check --repair`: a clean file at `out` holding the rows of `db_path` that validate; the
    original is left as it is. Returns a RepairReport (copied counts, rows left out and why)."""
    _file_only(db_path, "check --repair")
    from app.storage.repair import repair
    return repair(db_path, out)


def check_file(db_path: str | os.PathLike) -> CheckReport:
    """`dabir check`: the schema against Dabir's, integrity_check and foreign_key_check, on a
    read-only connection under a time budget. A newer file is only checked for integrity. On a
    server (a postgresql:// URL), which checks its own pages and keys: schema, values and seals."""
    if is_server_url(db_path):
        from app.storage.server import check_server
        from .seals import broken_seals, seal_problems
        return check_server(db_path, broken_seals, seal_problems)
    info = inspect_file(db_path)              # header, and nothing but plain files beside it
    if not info.exists:
        raise DabirFileError(str(info.path), "پرونده وجود ندارد", "file does not exist")
    version = info.user_version
    return check_without_writing(info.path.resolve(), version if version <= SCHEMA_VERSION else None)


def server_to_file(url: str, out: str | os.PathLike) -> BackupDTO:
    """A central database's rows in a new .dabir file at `out` (or a dated file in the folder `out`),
    read in one snapshot of the server (a REPEATABLE READ, read-only transaction), so clients may
    keep writing meanwhile. Every row of every Dabir table is copied as it is, ids, versions, audit
    log, merge bases and seals included, so the file merges back three-way later; its search index
    is built from the copied rows. Written to a temporary name and renamed when complete."""
    from app.storage import search_index
    from app.storage.database import open_database
    from app.storage.engine import make_engine
    from app.storage.stats import maybe_analyze

    out = Path(out)
    if out.is_dir():
        name = url.split("?")[0].rsplit("/", 1)[-1] or "dabir"
        out = out / f"{name}-{dt.datetime.now():%Y%m%d-%H%M%S}{EXTENSION}"
    if not out.parent.is_dir():
        raise DabirFileError(str(out.parent), "پوشه مقصد وجود ندارد", "destination folder does not exist")
    src = open_database(url, read_only=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        open_database(tmp, create=True, remember=False).close()
        engine = make_engine(tmp)
        try:
            with engine.begin() as fc, src.engine.connect() as pc:
                pc.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                fc.exec_driver_sql("DELETE FROM setting")       # the server's office id, not a new one
                copy_rows(pc, fc)
                maybe_analyze(fc, search_index.refresh(fc))
        finally:
            engine.dispose()
        tmp.replace(out)
    except DBAPIError as e:
        raise server_error(url, e) from None
    finally:
        src.close()
        tmp.unlink(missing_ok=True)
    return _dto(out)


def copy_rows(src, dst) -> int:
    """Every row of every Dabir table from connection `src` into the empty tables of `dst` (either
    backend to either), parents first, the audit log in its order. The search index is not copied:
    `dst`'s triggers queue every row, for search_index.refresh. Returns the rows copied."""
    from sqlalchemy import select, text

    from app.storage import merge_models  # noqa: F401  (its tables are copied too)
    from app.storage.models import Base
    n = 0
    for table in Base.metadata.sorted_tables:
        q = select(table)
        if table.name == "audit_entry":
            q = q.order_by(text("rowid"))             # the log's order, for merge positions
        result = src.execute(q).mappings()
        while batch := result.fetchmany(2000):
            dst.execute(table.insert(), [dict(r) for r in batch])
            n += len(batch)
    return n
