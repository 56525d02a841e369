"""Per-user folders Dabir keeps beside (never inside) a .dabir file: automatic backups, the record of
each file's state at its last clean close, and caches. Each has an environment override (tests)."""
import hashlib
import os
from pathlib import Path

import platformdirs

from app.domain.errors import DabirFileError

APP_NAME = "Dabir"


def _folder(env: str, default: str) -> Path:
    return _make(Path(os.environ.get(env) or default))


def _make(folder: Path) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DabirFileError(str(folder), f"پوشه ساخته نمی‌شود ({e.strerror})",
                             f"cannot create the folder ({e.strerror})") from None
    return folder


def backups_folder(db_path: str | os.PathLike) -> Path:
    """Where the automatic backups of this database file live (created if missing). Two files with
    the same name in different folders get different backup folders."""
    p = Path(db_path).absolute()
    root = os.environ.get("DABIR_BACKUP_DIR") or \
        str(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "backups")
    return _make(Path(root) / f"{p.stem}-{hashlib.sha1(str(p).encode()).hexdigest()[:8]}")


def state_folder() -> Path:
    return _folder("DABIR_STATE_DIR", platformdirs.user_state_dir(APP_NAME, appauthor=False))


def cache_folder() -> Path:
    return _folder("DABIR_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def private_folder(folder: Path) -> Path:
    """A folder only this user may open (office keys, the trust store): made if missing, then 0700
    where the system has modes (on Windows chmod changes nothing and is not an error)."""
    folder.mkdir(parents=True, exist_ok=True)
    try:
        os.chmod(folder, 0o700)
    except OSError:
        pass
    return folder
