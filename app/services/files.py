"""Where files live, and opening them. The GUI and the CLI open databases through here."""
import os
from pathlib import Path

import platformdirs

from app.storage.fileformat import EXTENSION  # noqa: F401
from app.storage.target import db_target, is_server_url  # noqa: F401

# The public entry points of app/storage/database.py, imported on first use: it brings SQLAlchemy,
# which the desktop start loads only after its first page is painted (issue 28, first_page.py).
_DATABASE = ("Database", "open_database", "verify_contents")


def __getattr__(name: str):
    if name in _DATABASE:
        from app.storage import database
        return getattr(database, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

APP_NAME = "Dabir"


def default_db_path() -> "Path | str":
    """$DABIR_DB (a file, or a postgresql:// URL), else dabir.dabir in the user data folder (created
    if missing)."""
    env = os.environ.get("DABIR_DB")
    if env:
        return db_target(env)
    folder = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "dabir.dabir"


def log_dir() -> Path:
    """$DABIR_LOG_DIR, else the user log folder; created if missing."""
    env = os.environ.get("DABIR_LOG_DIR")
    folder = Path(env) if env else Path(platformdirs.user_log_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def config_dir() -> Path:
    """$DABIR_CONFIG_DIR, else the user config folder (the window's size and place); created if missing."""
    env = os.environ.get("DABIR_CONFIG_DIR")
    folder = Path(env) if env else Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
