"""Temporary folders for copies of a file (a received file in a merge, an older file upgraded for a
read command). Each is removed on any exit Python sees (`finally`; the CLI turns SIGTERM into one); a
process killed outright leaves its folder, so the next one removes folders whose process is gone."""
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_STALE_AFTER = 24 * 3600       # where we cannot ask whether a process lives (Windows): a day


def _alive(pid: int) -> bool | None:
    if os.name != "posix":
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True              # it exists, owned by someone else
    return True


def remove_stale(kind: str) -> list[Path]:
    """Remove dabir-KIND-PID-* folders left by processes that no longer run."""
    removed = []
    for folder in Path(tempfile.gettempdir()).glob(f"dabir-{kind}-*-*"):
        try:
            pid = int(folder.name.split("-")[2])
        except (IndexError, ValueError):
            continue
        alive = _alive(pid)
        if pid == os.getpid() or alive or (alive is None and time.time() - folder.stat().st_mtime < _STALE_AFTER):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def make(kind: str) -> Path:
    remove_stale(kind)
    return Path(tempfile.mkdtemp(prefix=f"dabir-{kind}-{os.getpid()}-"))


@contextmanager
def temp_folder(kind: str) -> Iterator[Path]:
    folder = make(kind)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
