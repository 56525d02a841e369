"""One descriptor per database file this process has a connection to, kept open until it closes.

POSIX drops every fcntl lock a process holds on a file when the process closes ANY descriptor of that
file, SQLite's own locks included (SQLite's os_unix.c keeps its descriptors open for this reason).
Dabir reads a file's header at the start and end of every session (filestate.py), for a backup
(fileformat.py) and beside a journal (journal.py), often on another thread than a write. A plain
open() and close() there silently dropped the RESERVED lock of a write in progress, and another
process (the CLI, a second window) could then begin writing the same file beside it. While a file is
held, those reads go through its held descriptor, which is never closed under a connection.

Windows locks belong to the handle that took them, so there nothing is held and each read opens its
own handle, as before."""
import contextlib
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

HOLDS = sys.platform != "win32"
_lock = threading.Lock()
_held: dict[tuple[int, int], list[int]] = {}      # (device, inode) -> [descriptor, holders]


def _key(st: os.stat_result) -> tuple[int, int]:
    return st.st_dev, st.st_ino


def hold(path: Path) -> tuple[int, int] | None:
    """Keep a descriptor of `path` open (for a connection opened on it); returns what release() takes.
    A file held already gains a holder without a new descriptor: closing a spare one would drop the
    other connection's locks."""
    if not HOLDS:
        return None
    with _lock:
        key = _key(os.stat(path))
        entry = _held.get(key)
        if entry is not None:
            entry[1] += 1
            return key
        fd = os.open(path, os.O_RDONLY)
        key = _key(os.fstat(fd))      # the file opened, should it have been replaced since the stat
        entry = _held.setdefault(key, [fd, 0])
        entry[1] += 1                 # (in that race a second descriptor stays open: never closed early)
        return key


def release(key: tuple[int, int] | None) -> None:
    """The connection is closed (its locks gone with it): the last holder closes the descriptor."""
    if key is None:
        return
    with _lock:
        entry = _held.get(key)
        if entry is None:
            return
        entry[1] -= 1
        if entry[1] > 0:
            return
        del _held[key]
    os.close(entry[0])


@contextlib.contextmanager
def descriptor(path: Path) -> Iterator[int]:
    """A read-only descriptor of `path`: the held one when this process has a connection to the file,
    else a fresh one, closed afterwards. Read it with pread (no shared offset)."""
    if HOLDS:
        st = os.stat(path)
        with _lock:
            entry = _held.get(_key(st))
        if entry is not None:
            yield entry[0]
            return
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        yield fd
    finally:
        os.close(fd)


def holding(path: Path) -> bool:
    """Does this process hold `path` (has a connection to it)?"""
    try:
        key = _key(os.stat(path))
    except OSError:
        return False
    with _lock:
        return key in _held


def read_head(path: Path, n: int) -> bytes:
    """The first `n` bytes of the file, without dropping this process's locks on it."""
    with descriptor(path) as fd:
        if HOLDS:
            return os.pread(fd, n, 0)
        return os.read(fd, n)
