"""Opening a .dabir file: check it, create or migrate it, and hand out sessions."""
import datetime as dt
import getpass
import os
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import DabirFileError
from . import audit  # noqa: F401  (installs the audit and versioning hook on Session)
from . import search_index  # noqa: F401  (keeps the full-text index in step at every commit)
from .engine import make_engine
from .filecheck import quick_check, recover_hot_journal
from .fileformat import APPLICATION_ID, FileInfo, inspect_file
from .migrate import SCHEMA_VERSION, upgrade
from .models import Setting
from .snapshot import snapshot

OFFICE_ID_KEY = "office.id"


class Database:
    """One open .dabir file. `session()` is a unit of work: commit on success, rollback on error."""

    def __init__(self, path: Path, read_only: bool = False):
        self.path = path
        self.read_only = read_only
        self.engine = make_engine(path, read_only=read_only)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        self.actor = os.environ.get("DABIR_USER") or _login_name()
        self.office_id = self._read_office_id()

    def _read_office_id(self) -> str | None:
        with self._sessions() as s:
            return s.scalar(select(Setting.value).where(Setting.key == OFFICE_ID_KEY))

    @contextmanager
    def session(self, actor: str | None = None) -> Iterator[Session]:
        try:
            with self._sessions() as s, s.begin():
                s.info["actor"] = actor or self.actor
                s.info["office_id"] = self.office_id
                yield s
        except OperationalError as e:
            raise _file_error(self.path, e) from None

    def close(self) -> None:
        self.engine.dispose()


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers and services
        return "dabir"


def _file_error(path: Path, e: Exception) -> DabirFileError:
    msg = str(getattr(e, "orig", e))
    if "locked" in msg or "busy" in msg:
        return DabirFileError(str(path), "پرونده در دست برنامه دیگری است؛ کمی بعد دوباره امتحان کنید",
                              "file is locked by another program; try again shortly")
    if "readonly" in msg or "read-only" in msg:
        return DabirFileError(str(path), "پرونده فقط‌خواندنی است", "file is read-only")
    return DabirFileError(str(path), f"پرونده باز نمی‌شود ({msg})", f"cannot open file ({msg})")


def open_database(path: str | os.PathLike, create: bool = False, check_contents: bool = True) -> Database:
    """Open a Dabir file, migrating an older schema. With create=True a missing file is created.
    A foreign, corrupt, newer or unreadable file raises DabirFileError and is left untouched.

    check_contents=False skips the page-by-page `quick_check` (it reads the whole file: 0.2 s at
    10,000 meetings). Only a caller that runs `verify_contents` itself before its first write may
    pass it: the GUI does, beside its first screen's queries. An older file is always checked,
    since it is about to be migrated."""
    info = inspect_file(path)
    p = info.path.resolve() if info.exists else info.path.absolute()
    if not info.exists:
        if not create:
            raise DabirFileError(str(p), "پرونده وجود ندارد", "file does not exist")
        _create(p)
        return _open(p, read_only=False)
    info = check_existing(info, contents=check_contents)
    if info.user_version < SCHEMA_VERSION:
        backup = p.with_name(f"{p.stem}.schema{info.user_version}-{dt.datetime.now():%Y%m%d-%H%M%S}{p.suffix}")
        snapshot(p, backup)  # the untouched old file stays beside the upgraded one
        _migrate(p)
    return _open(p, read_only=info.read_only)


def verify_contents(path: str | os.PathLike) -> None:
    """SQLite's quick_check on a read-only connection; DabirFileError unless the file is sound."""
    quick_check(Path(path).resolve())


def check_existing(info: FileInfo, contents: bool = True) -> FileInfo:
    """Everything we check before trusting an existing file, in an order that writes nothing to a
    file we refuse: header (done by inspect_file), schema version, then the contents, read-only.
    The one write is SQLite's own rollback of a crashed transaction's -journal, which restores the
    last committed state of a Dabir file of our schema. Returns the header as it is after that."""
    p = info.path.resolve()
    if info.user_version > SCHEMA_VERSION:
        raise DabirFileError(str(p), "این پرونده با نسخه جدیدتری از دبیر ساخته شده است؛ دبیر را به‌روز کنید",
                             f"file has schema {info.user_version}, newer than this Dabir's "
                             f"{SCHEMA_VERSION}; upgrade Dabir")
    recover_hot_journal(p, writable=not info.read_only)
    info = inspect_file(p)  # the header again: a rollback may have restored an older one
    if contents or info.user_version < SCHEMA_VERSION:
        quick_check(p)
    if info.user_version < SCHEMA_VERSION and info.read_only:
        raise DabirFileError(str(p), "پرونده قدیمی و فقط‌خواندنی است و به‌روز نمی‌شود",
                             "file has an older schema and is read-only, so it cannot be upgraded")
    return info


def _open(p: Path, read_only: bool) -> Database:
    try:
        return Database(p, read_only=read_only)
    except OperationalError as e:
        raise _file_error(p, e) from None


def _create(path: Path) -> None:
    try:
        path.touch(exist_ok=False)
    except OSError as e:
        raise DabirFileError(str(path.parent), f"پرونده ساخته نمی‌شود ({e.strerror})",
                             f"cannot create file ({e.strerror})") from None
    try:
        _migrate(path, new=True)
    except BaseException:
        path.unlink(missing_ok=True)
        raise


def _migrate(path: Path, new: bool = False) -> None:
    engine = make_engine(path)
    try:
        with engine.begin() as conn:
            upgrade(conn)
            conn.exec_driver_sql(f"PRAGMA application_id={APPLICATION_ID}")
            conn.exec_driver_sql(f"PRAGMA user_version={SCHEMA_VERSION}")
            if new:
                conn.execute(text("INSERT INTO setting (id, key, value, created_at, updated_at, row_version)"
                                  " VALUES (:id, :key, :value, datetime('now'), datetime('now'), 1)"),
                             {"id": str(uuid.uuid4()), "key": OFFICE_ID_KEY, "value": str(uuid.uuid4())})
    except (OperationalError, sqlite3.Error) as e:
        raise _file_error(path, e) from None
    finally:
        engine.dispose()
