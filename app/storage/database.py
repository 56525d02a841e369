"""Opening a .dabir file: check it, create or migrate it, and hand out sessions."""
import datetime as dt
import dataclasses
import getpass
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from app.domain.errors import DabirFileError
from . import audit  # noqa: F401  (installs the audit and versioning hook on Session)
from . import search_index  # noqa: F401  (keeps the full-text index in step at every commit)
from . import filestate, held, opened, server, session_hooks, tempdirs
from .budget import Budget
from .engine import make_engine
from .filecheck import quick_check, recover_hot_journal, validate_schema
from .fileformat import APPLICATION_ID, FileInfo, inspect_file
from .migrate import SCHEMA_VERSION, upgrade
from .models import Setting
from .office import OFFICE_ID_KEY, seed_office_id
from .timestamps import NOW_SQL
from .snapshot import snapshot


class Database:
    """One open .dabir file, or one central database on a PostgreSQL server (`url`; then `path` is
    None and nothing file-specific applies). `session()` is a unit of work: commit on success,
    rollback on error."""

    def __init__(self, path: Path | None, read_only: bool = False, budget: Budget | None = None,
                 needs_check: bool = False, source: Path | None = None, url: str | None = None):
        session_hooks.install()            # row signing (app/services), before the first session
        self.path = path
        self.url = url                      # a server's URL, as the user gave it
        self.server_audits = False
        self.read_only = read_only
        # True when the file may have changed outside Dabir and its pages were not read yet (the
        # caller asked open_database not to); the GUI then checks it beside its first queries
        self.needs_check = needs_check
        # the file the user named (path may be a temporary copy), or the server without a password
        self.source = source or path or server.display_url(url)
        if url is not None:
            self.engine = server.make_server_engine(url, read_only=read_only)
        else:
            self.engine = make_engine(path, read_only=read_only, budget=budget)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        if url is not None:
            # on a server, "who" is the PostgreSQL role the secretary logged in as
            with self.engine.connect() as c:
                self.actor = c.exec_driver_sql("SELECT current_user").scalar()
                # an office on a server with Dabir's access rules: the server audits its changes
                # (app/storage/server_acl.py), the client names only the batch
                self.server_audits = bool(
                    c.exec_driver_sql("SELECT to_regprocedure('dabir_acl.audit_row()') IS NOT NULL").scalar()
                    and c.exec_driver_sql("SELECT dabir_acl.is_office()").scalar())
        else:
            self.actor = os.environ.get("DABIR_USER") or _login_name()
        # the file as Dabir last saw it, once it is known to be sound; recorded at a clean close
        self._seen = None if needs_check or path is None else filestate.current(path)
        self._temp: Path | None = None      # a temporary folder to remove at close
        self.office_id = self._read_office_id()
        # a descriptor kept open while connected: see held.py (why reading the header must not close one)
        self._held = held.hold(path) if path is not None else None
        opened.note(self)

    @property
    def is_server(self) -> bool:
        return self.url is not None

    def _read_office_id(self) -> str | None:
        with self._sessions() as s:
            return s.scalar(select(Setting.value).where(Setting.key == OFFICE_ID_KEY))

    @contextmanager
    def session(self, actor: str | None = None) -> Iterator[Session]:
        if self.url is not None:
            try:
                with self._sessions() as s, s.begin():
                    s.info["actor"] = self.actor      # the role, whatever the caller says
                    s.info["office_id"] = self.office_id
                    s.info["server_audits"] = self.server_audits
                    yield s
            except DBAPIError as e:
                raise server.server_error(self.url, e) from None
            return
        own = self._seen is not None and not self.read_only and filestate.current(self.path) == self._seen
        try:
            with self._sessions() as s, s.begin():
                s.info["actor"] = actor or self.actor
                s.info["office_id"] = self.office_id
                yield s
        except OperationalError as e:
            raise _file_error(self.source, e) from None
        finally:
            if not self.read_only:
                # another program wrote since we last looked: no record at close, so the next open checks
                self._seen = filestate.current(self.path) if own else None

    def compact(self) -> None:
        """Give back the free pages a bulk write leaves inside the file (VACUUM): `dabir demo --scale
        2000` wrote 45.4 MB that hold 41.9 MB. Nothing for a server or a file open read-only."""
        if self.path is None or self.read_only:
            return
        own = self._seen is not None and filestate.current(self.path) == self._seen
        raw = self.engine.raw_connection()
        try:
            raw.driver_connection.execute("VACUUM")   # outside SQLAlchemy's transaction
        except sqlite3.Error as e:
            raise _file_error(self.source, e) from None
        finally:
            raw.close()
        if own:
            self._seen = filestate.current(self.path)

    def mark_verified(self) -> None:
        """The file's pages were checked (the GUI's deferred check): its search index is checked too,
        and rebuilt if damaged (as open_database does for a file changed elsewhere) before any write of
        the user's can fail on it; then the file is recorded as sound."""
        self.needs_check = False
        if self.path is None:
            return
        if not self.read_only and search_index.unusable(self.engine):
            _rebuild_search_index(self, close_on_error=False)
        self._seen = filestate.current(self.path)
        filestate.record(self.path, self._seen)

    def close(self) -> None:
        self.engine.dispose()
        held.release(self._held)
        self._held = None
        if self.path is None:
            return
        if not self.read_only and self._seen is not None and not _journal(self.path).exists():
            if filestate.current(self.path) == self._seen:
                filestate.record(self.path, self._seen)      # a clean close: nothing changed behind us
            else:
                filestate.forget(self.path)
        if self._temp is not None:
            shutil.rmtree(self._temp, ignore_errors=True)
            self._temp = None


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


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


def open_database(path: str | os.PathLike, create: bool = False, check_contents: bool = True,
                  read_only: bool = False, budget: Budget | None = None, remember: bool = True) -> Database:
    """Open a Dabir file, migrating an older schema. With create=True a missing file is created.
    A foreign, corrupt, newer, hostile or unreadable file raises DabirFileError and is left untouched.

    Every file's schema is compared with Dabir's first (schema.py). The page-by-page `quick_check`
    (0.2 s at 10,000 meetings) runs only when the file may have changed outside Dabir (filestate.py).
    check_contents=False skips even that: only a caller that checks `db.needs_check` and runs
    `verify_contents` before its first write may pass it (the GUI, beside its first screen's
    queries). An older file is always checked, since it is about to be migrated.

    A `postgresql://` URL opens a central database on a server instead (server.py): no file checks,
    its alembic_version is its schema version.

    read_only=True (the read commands) opens with mode=ro: no write lock, nothing written, the file
    byte-identical afterwards; an older file is then upgraded in a temporary copy, not in place.
    `budget` bounds the time every statement on this file may take (received files). remember=False:
    a temporary copy, whose state is not worth recording."""
    if server.is_server_url(path):
        server.prepare(path, create=create, read_only=read_only)
        try:
            return Database(None, read_only=read_only, url=path)
        except DBAPIError as e:
            raise server.server_error(path, e) from None
    info = inspect_file(path)
    p = info.path.resolve() if info.exists else info.path.absolute()
    if not info.exists:
        if not create:
            raise DabirFileError(str(p), "پرونده وجود ندارد", "file does not exist")
        _create(p)
        return _open(p, read_only=False)
    info = check_existing(info, contents=check_contents, budget=budget, read_only=read_only, remember=remember)
    if info.user_version < SCHEMA_VERSION:
        if read_only:
            return _open_upgraded_copy(p, budget)
        backup = p.with_name(f"{p.stem}.schema{info.user_version}-{dt.datetime.now():%Y%m%d-%H%M%S}{p.suffix}")
        snapshot(p, backup)  # the untouched old file stays beside the upgraded one
        _migrate(p)
    db = _open(p, read_only=info.read_only or read_only, budget=budget,
               needs_check=info.needs_check and info.user_version == SCHEMA_VERSION)
    if info.contents_read and not db.read_only and search_index.unusable(db.engine):
        # changed elsewhere: a crafted or broken search index would fail the user's next write
        _rebuild_search_index(db)
    if not remember:
        db._seen = None
    return db


def open_received(copy: Path, source: Path, budget: Budget) -> Database:
    """Another office's file, from a local copy: checked in full (a copy has no record), every
    statement under `budget`, no table over its row budget. Errors name `source`, not the copy."""
    from .schema import SchemaRefused, data_tables
    try:
        db = open_database(copy, budget=budget, remember=False)
    except SchemaRefused as e:
        raise SchemaRefused(source, e.problems) from None
    except DabirFileError as e:
        raise DabirFileError(str(source), e.fa.rsplit(": ", 1)[0], e.en.rsplit(": ", 1)[0]) from None
    try:
        with db.engine.connect() as c:
            # the search index is this file's own and never read by a merge
            tables = [t for t in data_tables(SCHEMA_VERSION) if not t.startswith("search_")]
            budget.check_rows(c.connection.driver_connection, tables, source)
    except OperationalError as e:
        db.close()
        raise (budget.time_error(source) if budget.exceeded else _file_error(source, e)) from None
    except BaseException:
        db.close()
        raise
    db.source = source
    return db


def verify_contents(path: str | os.PathLike) -> None:
    """SQLite's quick_check on a read-only connection; DabirFileError unless the file is sound.
    (A server checks its own pages.)"""
    if server.is_server_url(path):
        return
    quick_check(Path(path).resolve())


@dataclasses.dataclass(frozen=True)
class CheckedInfo(FileInfo):
    needs_check: bool = False          # the pages were not read, and may have changed outside Dabir
    contents_read: bool = False        # it may have changed outside Dabir, and its pages were read


def check_existing(info: FileInfo, contents: bool = True, budget: Budget | None = None,
                   read_only: bool = False, remember: bool = True) -> CheckedInfo:
    """Everything we check before trusting an existing file, in an order that writes nothing to a
    file we refuse: header (done by inspect_file), schema version, a journal beside it, the schema
    itself, then the contents, read-only. The one write is SQLite's own rollback of a crashed
    transaction's -journal once it is known to be this file's (backed up first), which restores the
    last committed state. Returns the header as it is after that."""
    p = info.path.resolve()
    if info.user_version > SCHEMA_VERSION:
        raise DabirFileError(str(p), "این پرونده با نسخه جدیدتری از دبیر ساخته شده است؛ دبیر را به‌روز کنید",
                             f"file has schema {info.user_version}, newer than this Dabir's "
                             f"{SCHEMA_VERSION}; upgrade Dabir")
    recovered = recover_hot_journal(p, writable=not info.read_only, tidy=not read_only)
    info = inspect_file(p)  # the header again: a rollback may have restored an older one
    budget = budget or Budget()
    validate_schema(p, info.user_version, budget)
    changed = recovered or not filestate.unchanged_since_recorded(p)
    read = False
    if changed and (contents or info.user_version < SCHEMA_VERSION):
        before = filestate.current(p)
        quick_check(p, budget)
        read = True
        if remember and filestate.current(p) == before:
            filestate.record(p, before)      # sound as it is now: the next open need not re-read it
        changed = False
    if info.user_version < SCHEMA_VERSION and info.read_only and not read_only:
        raise DabirFileError(str(p), "پرونده قدیمی و فقط‌خواندنی است و به‌روز نمی‌شود",
                             "file has an older schema and is read-only, so it cannot be upgraded")
    return CheckedInfo(**{f.name: getattr(info, f.name) for f in dataclasses.fields(FileInfo)},
                       needs_check=changed, contents_read=read)


def _rebuild_search_index(db: Database, close_on_error: bool = True) -> None:
    """The search index is derived from the rows: a damaged one (crafted, or broken) is built again at
    open, in its own transaction, before any write of the user's could fail on it."""
    import logging
    try:
        with db.session(actor="dabir") as s:
            search_index.rebuild_index(s.connection())
    except BaseException:
        if close_on_error:
            db.close()
        raise
    logging.getLogger("dabir.files").warning(
        "توجه: نمایه جستجوی %s آسیب دیده بود و از نو ساخته شد | note: the search index of %s was damaged "
        "and has been rebuilt", db.path.name, db.path)


def _open(p: Path, read_only: bool, budget: Budget | None = None, needs_check: bool = False,
          source: Path | None = None) -> Database:
    try:
        return Database(p, read_only=read_only, budget=budget, needs_check=needs_check, source=source)
    except OperationalError as e:
        raise _file_error(source or p, e) from None


def _open_upgraded_copy(p: Path, budget: Budget | None) -> Database:
    """An older file for a read command: upgraded in a temporary copy, so the file itself is not
    written. The copy is removed when the Database is closed."""
    tmp = tempdirs.make("read")
    try:
        copy = snapshot(p, tmp / p.name)
        _migrate(copy)
        db = _open(copy, read_only=True, budget=budget, source=p)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    db._temp = tmp
    return db


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
                seed_office_id(conn, NOW_SQL)   # a moment as schema 11 stores it
        if not new:
            # a migration that rewrites tables (0009 packs the search documents' keys) leaves their old
            # pages free inside the file: give them back, or the file stays as large as before
            raw = engine.raw_connection()
            try:
                raw.driver_connection.execute("VACUUM")   # outside SQLAlchemy's transaction
            finally:
                raw.close()
    except (OperationalError, sqlite3.Error) as e:
        raise _file_error(path, e) from None
    finally:
        engine.dispose()
