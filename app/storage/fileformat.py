"""Recognising a Dabir file from its header alone, so that a foreign file is refused before SQLite
(or we) write a single byte to it."""
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import DabirFileError
from . import held

APPLICATION_ID = 0x44616272  # "Dabr": PRAGMA application_id of every Dabir file
SQLITE_MAGIC = b"SQLite format 3\x00"
EXTENSION = ".dabir"


@dataclass(frozen=True)
class FileInfo:
    path: Path
    exists: bool
    user_version: int = 0
    read_only: bool = False


def inspect_file(path: str | os.PathLike) -> FileInfo:
    """Read the 100-byte SQLite header and say what the file is. Raises DabirFileError for anything
    that is not a Dabir database. Never writes."""
    p = Path(path)
    if not p.exists():
        if not p.parent.is_dir():
            raise DabirFileError(str(p.parent), "پوشه وجود ندارد", "folder does not exist")
        return FileInfo(p, exists=False)
    if p.is_dir():
        raise DabirFileError(str(p), "این مسیر یک پوشه است، نه پرونده", "path is a folder, not a file")
    if not stat.S_ISREG(p.stat().st_mode):
        # opening a FIFO blocks until someone writes to it, a device reads for ever: refuse at once
        raise DabirFileError(str(p), "این مسیر پرونده معمولی نیست (لوله یا دستگاه)",
                             "not a regular file (a pipe, socket or device)")
    try:
        header = held.read_head(p, 100)    # a close of our own would drop this process's SQLite locks
    except OSError as e:
        raise DabirFileError(str(p), f"پرونده خوانده نمی‌شود ({os_reason(e)})",
                             f"cannot read file ({os_reason(e)})") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise DabirFileError(str(p), "این پرونده پایگاه داده دبیر نیست (SQLite نیست)",
                             "not a Dabir file (not an SQLite database)")
    app_id = int.from_bytes(header[68:72], "big")
    if app_id != APPLICATION_ID:
        raise DabirFileError(str(p), "این پرونده SQLite است ولی پرونده دبیر نیست",
                             "an SQLite file, but not a Dabir file")
    user_version = int.from_bytes(header[60:64], "big")
    check_companions(p)
    if not p.with_name(p.name + "-journal").exists():
        # with a journal beside it, the header may describe a half-written transaction that the
        # journal's rollback will undo; check_size() runs again after recovery
        _check_size(p, header)
    # root ignores permission bits, so look at them rather than trusting os.access
    read_only = not (p.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) \
        or not os.access(p, os.W_OK)
    return FileInfo(p, exists=True, user_version=user_version, read_only=read_only)


def check_size(path: Path) -> None:
    """The truncation check alone, after a crashed transaction has been rolled back."""
    _check_size(Path(path), held.read_head(path, 100))


def _check_size(p: Path, header: bytes) -> None:
    """A file cut short (a copy interrupted, a USB stick pulled) is shorter than the page count its
    header promises; say so before SQLite reads past the end and reports something vaguer."""
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    size = p.stat().st_size
    # the in-header page count is only trusted when its "valid-for" counter matches (SQLite's rule)
    counted = header[24:28] == header[92:96] and pages > 0
    if page_size < 512 or page_size & (page_size - 1) or size % page_size \
            or (counted and size < pages * page_size):
        raise DabirFileError(str(p), "پرونده ناقص است (بریده یا آسیب‌دیده)؛ از نسخه پشتیبان استفاده کنید",
                             "file is truncated or damaged; use a backup")


# SQLite opens these beside a database by name, following links, and reads, writes, truncates and
# deletes them: a rollback journal, and in WAL mode the log and its shared-memory index.
COMPANIONS = ("-journal", "-wal", "-shm")
_KINDS = {stat.S_IFLNK: ("پیوند نمادین", "a symbolic link"), stat.S_IFIFO: ("لوله", "a pipe"),
          stat.S_IFDIR: ("پوشه", "a folder"), stat.S_IFCHR: ("دستگاه", "a device"),
          stat.S_IFBLK: ("دستگاه", "a device"), stat.S_IFSOCK: ("سوکت", "a socket")}


def os_reason(e: OSError) -> str:
    """An OSError's reason for a message: its strerror, or its text when it has none (shutil's
    SpecialFileError, "is a named pipe", has no strerror: "(None)" said nothing)."""
    return e.strerror or str(e) or type(e).__name__


def check_companions(p: Path) -> None:
    """Refuse a database whose -journal, -wal or -shm is anything but a plain file of its own. A FIFO
    blocks the first read for ever (`dabir list` hung); a link to /dev/zero is a journal without end
    (a merge copied it until the disk was full); a link or a second hard link to another file makes
    SQLite write, truncate and delete that file. Looked at with lstat, so a link is seen as a link."""
    for suffix in COMPANIONS:
        c = p.with_name(p.name + suffix)
        try:
            st = os.lstat(c)
        except FileNotFoundError:
            continue
        except OSError as e:
            raise DabirFileError(str(c), f"پرونده {suffix} کنار این پرونده خوانده نمی‌شود ({os_reason(e)})",
                                 f"cannot look at the {suffix} file beside it ({os_reason(e)})") from None
        kind = _KINDS.get(stat.S_IFMT(st.st_mode))
        if kind is None and st.st_nlink > 1:
            kind = ("پیوند سخت به پرونده دیگری", "a hard link to another file")
        if kind is not None:
            raise DabirFileError(str(c), f"پرونده {suffix} کنار پایگاه داده پرونده معمولی نیست ({kind[0]})؛ "
                                         "دبیر آن را باز نمی‌کند. آن را بردارید",
                                 f"the {suffix} beside the database is not a regular file ({kind[1]}); "
                                 "Dabir will not open it: remove it")


def open_regular(path: Path) -> int:
    """A read-only descriptor of `path` if it is a regular file, not a link: O_NONBLOCK so that a FIFO
    put in its place meanwhile does not block the open, O_NOFOLLOW so a link is refused, and fstat on
    the descriptor itself, so what is checked is what is read."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as e:
        if os.path.islink(path):
            raise DabirFileError(str(path), "پرونده پیوند نمادین است؛ دبیر آن را باز نمی‌کند",
                                 "a symbolic link; Dabir will not open it") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise DabirFileError(str(path), "پرونده معمولی نیست (لوله یا دستگاه)",
                             "not a regular file (a pipe, socket or device)")
    return fd


def copy_regular(src: Path, dst: Path) -> None:
    """Copy a regular file (open_regular), no more bytes than its size when opened: a file that grows
    while copied, or is swapped for a device, cannot make the copy endless. dst is created new."""
    fd = open_regular(src)
    try:
        left = os.fstat(fd).st_size
        out = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        try:
            while left > 0:
                chunk = memoryview(os.read(fd, min(left, 1 << 20)))
                if not chunk:
                    break
                left -= len(chunk)
                while chunk:
                    chunk = chunk[os.write(out, chunk):]
        finally:
            os.close(out)
    finally:
        os.close(fd)
