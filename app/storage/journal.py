"""Does the `-journal` beside a file belong to it? SQLite plays any hot journal it finds beside a
database, and its header alone sets the page size and the size the database is cut back to, so a
journal left by another database (copied along, a name clash on a share) would corrupt the file.

A rollback journal (https://www.sqlite.org/fileformat2.html#the_rollback_journal) is a sequence of
segments, each a header padded to the sector size followed by records. The 28-byte header: magic
d9 d5 05 f9 20 a1 63 d7, record count, checksum nonce, the database's size in pages before the
transaction, sector size, page size. A record: page number, the page as it was, a checksum (the nonce
plus every 200th byte of the page, from the end). The journal holds the original of every page the
transaction wrote over, so:
- its page size is the database's page size, and the size it records is no larger than the file;
- if it holds page 1, that original page 1 is this file's header as it was: same magic, page size and
  application id, the page count the journal records, and a change counter equal to the file's or
  one less (the commit increments it);
- if it does not, the file's page 1 was never written, so the file's header still records the
  journal's size.
Rollback mode has no salt shared by file and journal; the checksums (keyed by the journal's nonce)
and page 1 are what bind them.

A journal is only a crash's while no connection is writing with it: SQLite calls it hot only when no
process holds the database's RESERVED lock (os_unix.c, unixCheckReservedLock), and a live writer's
half-written journal can look like anything. `live_writer` asks the lock bytes first, as SQLite does."""
import contextlib
import errno
import os
import struct
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from app.domain.errors import DabirFileError
from . import held
from .fileformat import open_regular, os_reason

MAGIC = bytes.fromhex("d9d505f920a163d7")
HEADER = 28


@dataclass(frozen=True)
class JournalVerdict:
    hot: bool                   # SQLite would play it (non-empty, first byte not zero)
    belongs: bool
    reason: str = ""            # why it does not belong (English, for the message)


def _u32(b: bytes, at: int) -> int:
    return int.from_bytes(b[at:at + 4], "big")


def _checksum(nonce: int, page: bytes) -> int:
    total, i = nonce, len(page) - 200
    while i > 0:
        total += page[i]
        i -= 200
    return total & 0xFFFFFFFF


def inspect_journal(db: Path, journal: Path) -> JournalVerdict:
    """Judge `journal` against the database file `db` (read only, both)."""
    try:
        with os.fdopen(open_regular(journal), "rb") as fh:    # never a FIFO, device or link
            size = os.fstat(fh.fileno()).st_size
            head = fh.read(HEADER)
    except DabirFileError as e:
        return JournalVerdict(True, False, e.en.rsplit(": ", 1)[0])
    except OSError as e:
        return JournalVerdict(True, False, f"unreadable journal ({os_reason(e)})")
    if size == 0 or not head or head[0] == 0:
        return JournalVerdict(False, True)          # not hot: SQLite ignores it
    db_head = held.read_head(db, 100)     # not open()/close(): that would drop our own connection's locks
    db_size = db.stat().st_size
    db_page = _u32(b"\0\0" + db_head[16:18], 0)
    db_page = 65536 if db_page == 1 else db_page
    if len(head) < HEADER or head[:8] != MAGIC:
        return JournalVerdict(True, False, "not an SQLite journal")
    orig_pages, sector, page = _u32(head, 16), _u32(head, 20), _u32(head, 24)
    if page != db_page:
        return JournalVerdict(True, False, f"journal page size {page}, file page size {db_page}")
    if not (512 <= sector <= 65536) or sector & (sector - 1) or page < 512 or page & (page - 1):
        return JournalVerdict(True, False, "journal header is not valid")
    if orig_pages * page > db_size:
        return JournalVerdict(True, False, f"journal records {orig_pages} pages, the file has {db_size // page}")
    page1 = _find_page1(journal, size, sector, page, orig_pages)
    if isinstance(page1, str):
        return JournalVerdict(True, False, page1)
    counter = _u32(db_head, 24)
    if page1 is None:
        header_pages = _u32(db_head, 28) if db_head[24:28] == db_head[92:96] else None
        if header_pages is not None and header_pages != orig_pages:
            return JournalVerdict(True, False, f"journal records {orig_pages} pages, the file's header "
                                               f"{header_pages}")
        return JournalVerdict(True, True)
    if page1[:16] != db_head[:16] or page1[16:18] != db_head[16:18] or page1[68:72] != db_head[68:72]:
        return JournalVerdict(True, False, "the journal's page 1 is another database's header")
    if counter - _u32(page1, 24) not in (0, 1):
        return JournalVerdict(True, False, "the journal's change counter does not follow the file's")
    if page1[24:28] == page1[92:96] and _u32(page1, 28) != orig_pages:
        return JournalVerdict(True, False, "the journal's page 1 disagrees with its header")
    return JournalVerdict(True, True)


def _find_page1(journal: Path, size: int, sector: int, page: int, orig_pages: int):
    """The original page 1 if a valid record holds it, None if none does, or a reason (str) when a
    record is impossible for this database. Reads segment by segment, as SQLite plays them."""
    record = 4 + page + 4
    off = 0
    with os.fdopen(open_regular(journal), "rb") as fh:
        while off + HEADER <= size:
            fh.seek(off)
            head = fh.read(HEADER)
            if head[:8] != MAGIC:
                return None
            n, nonce = _u32(head, 8), _u32(head, 12)
            if _u32(head, 16) != orig_pages or _u32(head, 24) != page:
                return "the journal's segments disagree"
            off += sector
            if n == 0xFFFFFFFF:
                n = (size - off) // record
            for _ in range(n):
                if off + record > size:
                    return None
                fh.seek(off)
                rec = fh.read(record)
                pgno, data, ck = _u32(rec, 0), rec[4:4 + page], _u32(rec, 4 + page)
                if ck != _checksum(nonce, data):
                    return None                       # SQLite stops playing here too
                if pgno == 0 or pgno > orig_pages:
                    return f"the journal restores page {pgno} of a {orig_pages}-page database"
                if pgno == 1:
                    return data
                off += record
            off = (off + sector - 1) // sector * sector if n else off
            if n == 0:
                return None
    return None


def move_aside(journal: Path) -> Path:
    """Rename a journal that is not this file's, so SQLite never plays it; returns its new name."""
    import datetime as dt
    dest = journal.with_name(f"{journal.name}.not-this-file-{dt.datetime.now():%Y%m%d-%H%M%S}")
    os.replace(journal, dest)
    return dest


# SQLite's lock bytes (os_unix.c, os_win.c), 1 GiB into the file where no page is ever read
PENDING_BYTE = 0x40000000
RESERVED_BYTE = PENDING_BYTE + 1
SHARED_FIRST = PENDING_BYTE + 2
SHARED_SIZE = 510


@contextlib.contextmanager
def live_writer(db: Path) -> Iterator[bool]:
    """True if a connection, in any process, holds SQLite's RESERVED, PENDING or EXCLUSIVE lock on
    `db`: the journal beside it is that writer's, in use, and must be neither judged, played nor
    moved; SQLite's own locking orders our reads after its commit. False otherwise, and then (POSIX)
    we hold a SHARED lock on the file until the block ends, as SQLite holds one while it decides a
    journal is hot: meanwhile no writer can begin and no other process can roll the journal back, so
    the journal judged is the journal acted on. Leave the block before a connection of ours rolls the
    journal back, or that connection finds the file busy."""
    if sys.platform == "win32":
        yield _windows_writer(db)
        return
    with held.descriptor(db) as fd:
        if not held.holding(db):
            yield _posix_writer(fd)                  # our locks go with the descriptor
            return
        if _GETLK == fcntl.F_GETLK:
            # classic locks merge with this process's own SQLite locks, and unlocking would drop
            # theirs: ask nothing, take nothing, and leave the journal to SQLite
            yield True
            return
        try:
            yield _posix_writer(fd)
        finally:
            _set(fd, fcntl.F_UNLCK, 0, 0)            # the held descriptor stays open: let go by hand


if sys.platform != "win32":
    import fcntl

    # Linux's open-file-description locks also see a lock held by another thread of this process
    # (a classic F_GETLK reports a process's own locks as free), and closing some other descriptor
    # of the file (shutil.copyfile, a read of the header) does not drop them. Elsewhere classic locks,
    # exactly SQLite's; there the SHARED hold ends early, at the first such close while judging.
    # Either way, closing our descriptor drops every classic lock this process holds on the file
    # (POSIX), SQLite's included: as with any open() of the file elsewhere in Dabir.
    _GETLK = getattr(fcntl, "F_OFD_GETLK", fcntl.F_GETLK)
    _SETLK = getattr(fcntl, "F_OFD_SETLK", fcntl.F_SETLK)
    # struct flock: Linux {short type, whence; off_t start, len; pid_t pid}; the BSDs and macOS
    # {off_t start, len; pid_t pid; short type, whence}
    _BSD = sys.platform == "darwin" or "bsd" in sys.platform
    _FLOCK = "qqihh" if _BSD else "hhqqi"
    _PAD = b"\0" * 16                                 # room for any trailing padding the kernel writes


def _flock(kind: int, start: int, length: int) -> bytes:
    fields = (start, length, 0, kind, os.SEEK_SET) if _BSD else (kind, os.SEEK_SET, start, length, 0)
    return struct.pack(_FLOCK, *fields) + _PAD


def _set(fd: int, kind: int, start: int, length: int) -> bool:
    """Take (or with F_UNLCK drop) a lock without waiting; False if another holder's lock is in the way."""
    try:
        fcntl.fcntl(fd, _SETLK, _flock(kind, start, length))
    except OSError as e:
        if e.errno in (errno.EAGAIN, errno.EACCES):
            return False
        raise
    return True


def _held(fd: int, kind: int, start: int, length: int) -> bool:
    """F_GETLK: would a lock of `kind` on these bytes conflict with one someone else holds?"""
    got = fcntl.fcntl(fd, _GETLK, _flock(kind, start, length))
    held = struct.unpack(_FLOCK, got[:struct.calcsize(_FLOCK)])
    return (held[3] if _BSD else held[0]) != fcntl.F_UNLCK


def _posix_writer(fd: int) -> bool:
    """SQLite's own steps (unixLock to SHARED, then unixCheckReservedLock). A read lock on PENDING
    fails while a writer holds PENDING (it is waiting for readers to finish, or rolling back a hot
    journal); one on the SHARED range fails while a writer holds EXCLUSIVE; with SHARED taken, a write
    lock on RESERVED is what remains to look for. A filesystem without locks (some network mounts)
    gives no answer: SQLite cannot keep writers apart there either, so the journal is judged by its
    bytes as before."""
    try:
        if not _set(fd, fcntl.F_RDLCK, PENDING_BYTE, 1):
            return True
        shared = _set(fd, fcntl.F_RDLCK, SHARED_FIRST, SHARED_SIZE)
        _set(fd, fcntl.F_UNLCK, PENDING_BYTE, 1)
        return not shared or _held(fd, fcntl.F_WRLCK, RESERVED_BYTE, 1)
    except OSError:
        return False


def _windows_writer(db: Path) -> bool:
    """Windows (not run on this project's test machine): SQLite's winLock holds PENDING from the
    moment a writer wants EXCLUSIVE and RESERVED while it writes its journal, each a LockFileEx
    exclusive byte, and winCheckReservedLock asks by trying to lock the byte. So do we, with
    msvcrt.locking (LockFile), and let go at once. Nothing is held while the journal is judged, so a
    writer beginning in that moment is not seen; and a file we cannot open at all is taken as a live
    writer's (the journal is left where it is)."""
    import msvcrt
    try:
        fd = os.open(db, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except OSError:
        return True
    try:
        for at in (PENDING_BYTE, RESERVED_BYTE):
            os.lseek(fd, at, os.SEEK_SET)
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            except OSError:
                return True
            os.lseek(fd, at, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return False
    finally:
        os.close(fd)
