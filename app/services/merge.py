"""Merging another office's copy of the database into this one ("dabir merge", and the GUI's
"Merge an office's file…"). Nothing either office recorded is lost: rows are matched by UUID, a change
made on one side only is taken, different fields of one row are combined, and the same field changed
differently on both sides becomes a conflict for the secretary (the local value stays meanwhile).

The other file is never written to: it is checked read-only, copied to a local temporary file
(SQLite's backup API, so a file still open in another office or on a network share is read in one
consistent state), upgraded there if it is older, and read from the copy. Every row of the copy is
checked (app/storage/validate.py) before anything is written: one invalid value refuses the whole
merge, naming table, id and field. This file gets an automatic backup, then the whole merge runs as
one transaction.
"""
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.domain.errors import DabirFileError, NeedsConsent
from app.domain.persian import strip_invisible, to_persian_digits
from app.storage import tempdirs
from app.storage.budget import Budget
from app.storage.database import Database, open_received
from app.storage.filecheck import check_untrusted, journal_path
from app.storage.fileformat import check_companions, copy_regular, inspect_file, os_reason
from app.storage.merge_models import MergePeer
from app.storage.migrate import SCHEMA_VERSION
from app.storage.models import Setting, utcnow
from app.storage.snapshot import snapshot
from app.storage.validate import Invalid, Registry, convert_row, read_raw, row_tables

from .backup import auto_backup
from .conflicts import count_conflicts
from .merge_history import audit_position, summarise_received
from .merge_rows import MASS_DELETION, RowMerger

Progress = Callable[[int, int], None]  # (steps done, steps in all), for a progress bar


@dataclass(frozen=True)
class MergeSummary:
    source: str                      # the other office's file
    other_office: str | None         # its office id
    other_office_name: str | None
    added: int                       # rows that were only in the other file
    updated: int                     # rows that took changes from the other file
    conflicting: int                 # conflicts recorded by this merge
    unchanged: int                   # rows already the same, or changed only here
    open_conflicts: int              # conflicts awaiting a decision, after this merge
    backup: str | None               # the automatic backup taken before merging (None in a preview)
    by_table: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False            # a preview: counted, then rolled back
    same_office: bool = False        # both files carry one office id: a copy made by hand
    deleted_meetings: int = 0        # meetings this merge deletes (tombstones taken from the other file)
    received_audit_entries: int = 0  # the other file's audit log, summarised (never copied)
    possible_duplicates: list[dict] = field(default_factory=list)  # new people named like existing ones

    def to_json(self) -> dict:
        return dict(self.__dict__)


class InvalidRowsError(DabirFileError):
    """The other file holds values no Dabir writes; nothing was merged. `problems` lists them."""

    def __init__(self, path: str, problems: list[Invalid]):
        first = problems[0]
        more = len(problems) - 1
        fa = (f"این پرونده داده نامعتبر دارد ({first.table}، {first.row_id or '؟'}، {first.field}: {first.fa})"
              + (f" و {to_persian_digits(more)} مورد دیگر" if more else "")
              + "؛ هیچ چیز ادغام نشد. با dabir check --repair رونوشت سالمی از آن بسازید")
        en = (f"invalid data ({first.one_line()})" + (f" and {more} more" if more else "")
              + "; nothing was merged; dabir check --repair builds a clean copy of it")
        super().__init__(path, fa, en)
        self.problems = problems


MAX_PROBLEMS = 100  # listed in an InvalidRowsError; checking stops there


def check_incoming(mine, theirs) -> list[Invalid]:
    """Every problem in the other file's rows: values (types, sets, dates, sizes, required), references
    that do not resolve in either file, and ids that are another kind of row in either file."""
    tables = row_tables()
    registry = Registry()
    registry.add_connection(mine, tables)  # this file's own ids first: theirs may not clash with them
    problems = registry.add_connection(theirs, tables)
    for t in tables:
        for raw in read_raw(theirs, t):
            values, found = convert_row(t, raw)
            problems += found or registry.check(t, values)
            if len(problems) >= MAX_PROBLEMS:
                return problems[:MAX_PROBLEMS]
    return problems


class _Preview(Exception):
    """Raised inside the merge transaction of a dry run, so that it rolls back."""


def merge_file(db: Database, their_path, progress: Progress | None = None, dry_run: bool = False,
               accept_deletions: bool = False) -> MergeSummary:
    """Merge the .dabir file at `their_path` into `db`. Refuses (DabirFileError, before writing
    anything) a file that is missing, foreign, damaged, from a newer Dabir, or this file itself, and
    (InvalidRowsError) one with any invalid value. With dry_run the merge is computed in full and rolled
    back: a preview of the summary. A file that would delete MASS_DELETION meetings or more is refused
    (NeedsConsent, nothing written) unless accept_deletions; a preview counts them instead."""
    if db.read_only:
        raise DabirFileError(str(db.source), "پرونده فقط‌خواندنی است؛ ادغام ممکن نیست",
                             "file is read-only; cannot merge into it")
    info = inspect_file(their_path)
    theirs = info.path.resolve() if info.exists else info.path
    if not info.exists:
        raise DabirFileError(str(theirs), "پرونده وجود ندارد", "file does not exist")
    if db.path is not None and theirs == Path(db.path).resolve():
        raise DabirFileError(str(theirs), "یک پرونده را نمی‌توان با خودش ادغام کرد", "cannot merge a file into itself")
    if info.user_version > SCHEMA_VERSION:
        raise DabirFileError(str(theirs), "این پرونده با نسخه جدیدتری از دبیر ساخته شده است؛ دبیر را به‌روز کنید",
                             f"file has schema {info.user_version}, newer than this Dabir's "
                             f"{SCHEMA_VERSION}; upgrade Dabir")
    budget = Budget()   # their file is read under a time and row budget (app/storage/budget.py)
    with tempdirs.temp_folder("merge") as tmp:
        their_db = _local_copy(theirs, tmp, budget)
        try:
            if progress:
                progress(0, 1)
            with db.engine.connect() as mc, their_db.engine.connect() as tc:
                problems = check_incoming(mc, tc)
            if problems:
                raise InvalidRowsError(str(theirs), problems)
            # a central database is backed up by its server (pg_dump, docs/central.md); the merge
            # is one transaction there as here
            backup = None if dry_run or db.is_server else auto_backup(db.path, reason="merge")
            try:
                with db.session(actor="merge") as s, their_db.engine.connect() as tc:
                    mine = s.connection()
                    peer = s.get(MergePeer, their_db.office_id or "?")
                    merger = RowMerger(mine, tc, db.office_id, their_db.office_id,
                                       peer.audit_mark if peer else None)
                    tally = merger.run(progress)
                    received = summarise_received(tc)
                    merger.record_summary(received)
                    name = tc.scalar(select(Setting.value).where(Setting.key == "office.name"))
                    name = (strip_invisible(name) or "")[:300] or None if isinstance(name, str) else None
                    deleted = len(tally.deleted_meetings)
                    if deleted >= MASS_DELETION and not accept_deletions and not dry_run:
                        n = to_persian_digits(deleted)
                        raise NeedsConsent(f"این پرونده {n} جلسه را حذف می‌کند؛ چیزی ادغام نشد. اگر درست است، "
                                           "با پذیرفتن حذف‌ها دوباره ادغام کنید (--accept-deletions)",
                                           f"this file deletes {deleted} meetings; nothing was merged. If that "
                                           "is right, merge again accepting the deletions (--accept-deletions)",
                                           deleted)
                    s.flush()
                    _remember_peer(s, their_db.office_id, name, theirs, audit_position(mine))
                    s.flush()
                    open_conflicts = count_conflicts(s)
                    if dry_run:
                        raise _Preview
            except _Preview:
                pass
            except DabirFileError:
                if budget.exceeded:             # stopped while reading their file: name it
                    raise budget.time_error(theirs) from None
                raise
            except IntegrityError as e:
                # their file points at rows it does not have (edited outside Dabir?); the whole
                # transaction is rolled back, so this file is as it was
                raise DabirFileError(str(theirs), "داده‌های این پرونده ناسازگار است؛ آن را با dabir check وارسی کنید",
                                     f"its data is inconsistent ({e.orig}); run dabir check on it") from None
        finally:
            their_db.close()
    if progress:
        progress(1, 1)
    return MergeSummary(str(theirs), their_db.office_id, name, tally.added, tally.updated, tally.conflicting,
                        tally.unchanged, open_conflicts, str(backup.path) if backup else None,
                        {t: dict(c) for t, c in sorted(tally.by_table.items())}, dry_run,
                        their_db.office_id == db.office_id, len(tally.deleted_meetings), received["entries"],
                        tally.possible_duplicates)


def _local_copy(theirs: Path, tmp: Path, budget: Budget) -> Database:
    """A checked local copy of the other file, upgraded if older. Errors name the other file."""
    copy = tmp / "theirs.dabir"
    try:
        check_companions(theirs)       # no FIFO, device or link beside it (a -journal to /dev/zero)
        if journal_path(theirs).exists():
            # A crashed transaction: copy file and journal together, and let SQLite roll it back in
            # the copy; the other office's file stays exactly as it is. Each copied as the regular
            # file it was when opened, no more bytes than its size then.
            copy_regular(theirs, copy)
            copy_regular(journal_path(theirs), journal_path(copy))
        else:
            check_untrusted(theirs, inspect_file(theirs).user_version, budget)
            snapshot(theirs, copy)
        return open_received(copy, theirs, budget)
    except DabirFileError as e:
        raise DabirFileError(str(theirs), e.fa.rsplit(": ", 1)[0], e.en.rsplit(": ", 1)[0]) from None
    except OSError as e:
        raise DabirFileError(str(theirs), f"پرونده خوانده نمی‌شود ({os_reason(e)})",
                             f"cannot read file ({os_reason(e)})") from None


def _remember_peer(s, office_id: str | None, name: str | None, path: Path, audit_mark: int) -> None:
    office_id = office_id or "?"  # the key the merge base is kept under
    peer = s.get(MergePeer, office_id) or MergePeer(office_id=office_id, merges=0)
    peer.office_name, peer.last_file, peer.last_merged_at = name, str(path), utcnow()
    peer.audit_mark = audit_mark
    peer.merges += 1
    s.add(peer)


@dataclass(frozen=True)
class PeerDTO:
    office_id: str
    office_name: str | None
    last_merged_at: dt.datetime
    merges: int
    last_file: str | None


def list_peers(s) -> list[PeerDTO]:
    """Offices this file has merged from, most recent first."""
    return [PeerDTO(p.office_id, p.office_name, p.last_merged_at, p.merges, p.last_file)
            for p in s.scalars(select(MergePeer).order_by(MergePeer.last_merged_at.desc()))]
