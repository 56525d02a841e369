"""What Dabir last saw of a file it closed cleanly, so that opening my own file need not read every
page (quick_check) each time.

The record lives in the user's state folder, keyed by the file's resolved path, device and inode, and
holds its size, SQLite's change counter (header bytes 24-27, incremented by every commit in rollback
mode), mtime and ctime. A copy of the file (USB stick, e-mail, another office) gets a new inode or
path and so has no record; a file changed outside Dabir has a new counter, size or timestamps; either
is checked in full. A record inside the file could be copied along with it, and so could not tell.
"""
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from . import held
from .places import state_folder


@dataclass(frozen=True)
class FileState:
    size: int
    counter: int
    mtime_ns: int
    ctime_ns: int


def current(path: Path) -> FileState | None:
    try:
        st = os.stat(path)
        head = held.read_head(path, 28)     # our own connection's locks survive it (held.py)
    except OSError:
        return None
    return FileState(st.st_size, int.from_bytes(head[24:28], "big"), st.st_mtime_ns, st.st_ctime_ns)


def _record_path(path: Path) -> Path | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    key = f"{Path(path).resolve()}\0{st.st_dev}\0{st.st_ino}"
    return state_folder() / f"{hashlib.sha256(key.encode()).hexdigest()[:32]}.json"


def recorded(path: Path) -> FileState | None:
    rec = _record_path(path)
    try:
        data = json.loads(rec.read_text(encoding="utf-8")) if rec else None
        return FileState(**{k: int(data[k]) for k in FileState.__dataclass_fields__}) if data else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def unchanged_since_recorded(path: Path) -> bool:
    """True when the file is exactly as Dabir last recorded it (so its pages need no re-reading)."""
    rec = recorded(path)
    return rec is not None and rec == current(path)


def record(path: Path, state: FileState | None = None) -> None:
    """Remember `state` (default: the file as it is now). Failing to write the record only costs a
    full check at the next open, so errors are ignored."""
    state = state or current(path)
    rec = _record_path(path)
    if state is None or rec is None or recorded(path) == state:
        return
    try:
        tmp = rec.with_name(f".{rec.name}.{os.getpid()}")
        tmp.write_text(json.dumps({"path": str(Path(path).resolve()), **asdict(state)}), encoding="utf-8")
        os.replace(tmp, rec)
        _prune(rec.parent)
    except OSError:
        pass


KEEP = 1000   # records; the oldest beyond this are forgotten (they only cost a check at next open)


def _prune(folder: Path) -> None:
    found = list(folder.glob("*.json"))
    if len(found) > KEEP:
        found.sort(key=lambda p: p.stat().st_mtime)
        for p in found[:len(found) - KEEP]:
            p.unlink(missing_ok=True)


def forget(path: Path) -> None:
    rec = _record_path(path)
    if rec is not None:
        rec.unlink(missing_ok=True)
