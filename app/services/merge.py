"""Merging another office's copy of the database into this one ("dabir merge", and the GUI's
"Merge an office's file…"). Nothing either office recorded is lost: rows are matched by UUID, a change
made on one side only is taken, different fields of one row are combined, and the same field changed
differently on both sides becomes a conflict for the secretary (the local value stays meanwhile).

The other file is never written to: it is checked read-only, copied to a local temporary file
(SQLite's backup API, so a file still open in another office or on a network share is read in one
consistent state), upgraded there if it is older, and read from the copy. This file gets an automatic
backup, then the whole merge runs as one transaction.
"""
import datetime as dt
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.domain.errors import DabirFileError
from app.storage import tempdirs
from app.storage.budget import Budget
from app.storage.database import Database, open_received
from app.storage.filecheck import check_untrusted, journal_path
from app.storage.fileformat import inspect_file
from app.storage.merge_models import MergePeer
from app.storage.migrate import SCHEMA_VERSION
from app.storage.models import Setting, utcnow
from app.storage.snapshot import snapshot

from .backup import auto_backup
from .conflicts import count_conflicts
from .merge_history import read_history
from .merge_rows import RowMerger

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

    def to_json(self) -> dict:
        return dict(self.__dict__)


class _Preview(Exception):
    """Raised inside the merge transaction of a dry run, so that it rolls back."""


def merge_file(db: Database, their_path, progress: Progress | None = None, dry_run: bool = False) -> MergeSummary:
    """Merge the .dabir file at `their_path` into `db`. Refuses (DabirFileError, before writing
    anything) a file that is missing, foreign, damaged, from a newer Dabir, or this file itself.
    With dry_run the merge is computed in full and rolled back: a preview of the summary."""
    if db.read_only:
        raise DabirFileError(str(db.path), "پرونده فقط‌خواندنی است؛ ادغام ممکن نیست",
                             "file is read-only; cannot merge into it")
    info = inspect_file(their_path)
    theirs = info.path.resolve() if info.exists else info.path
    if not info.exists:
        raise DabirFileError(str(theirs), "پرونده وجود ندارد", "file does not exist")
    if theirs == Path(db.path).resolve():
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
            backup = None if dry_run else auto_backup(db.path, reason="merge")
            try:
                with db.session(actor="merge") as s, their_db.engine.connect() as tc:
                    mine = s.connection()
                    merger = RowMerger(mine, tc, read_history(mine, tc), db.office_id, their_db.office_id)
                    tally = merger.run(progress)
                    name = tc.scalar(select(Setting.value).where(Setting.key == "office.name"))
                    _remember_peer(s, their_db.office_id, name, theirs)
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
                        their_db.office_id == db.office_id)


def _local_copy(theirs: Path, tmp: Path, budget: Budget) -> Database:
    """A checked local copy of the other file, upgraded if older. Errors name the other file."""
    copy = tmp / "theirs.dabir"
    try:
        if journal_path(theirs).exists():
            # A crashed transaction: copy file and journal together, and let SQLite roll it back in
            # the copy; the other office's file stays exactly as it is.
            shutil.copyfile(theirs, copy)
            shutil.copyfile(journal_path(theirs), journal_path(copy))
        else:
            check_untrusted(theirs, inspect_file(theirs).user_version, budget)
            snapshot(theirs, copy)
        return open_received(copy, theirs, budget)
    except DabirFileError as e:
        raise DabirFileError(str(theirs), e.fa.rsplit(": ", 1)[0], e.en.rsplit(": ", 1)[0]) from None
    except OSError as e:
        raise DabirFileError(str(theirs), f"پرونده خوانده نمی‌شود ({e.strerror})",
                             f"cannot read file ({e.strerror})") from None


def _remember_peer(s, office_id: str | None, name: str | None, path: Path) -> None:
    if office_id is None:
        return
    peer = s.get(MergePeer, office_id) or MergePeer(office_id=office_id, merges=0)
    peer.office_name, peer.last_file, peer.last_merged_at = name, str(path), utcnow()
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
