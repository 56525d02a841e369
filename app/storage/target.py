"""What --db or DABIR_DB names: a .dabir file, or a central database's `postgresql://` URL.

Plain text work, kept apart from server.py (which imports SQLAlchemy) because the desktop start asks
it before anything else and paints its first page without SQLAlchemy (issue 28)."""
import os
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

SCHEMES = ("postgresql://", "postgresql+psycopg://", "postgres://")


def is_server_url(target) -> bool:
    return isinstance(target, str) and target.lower().startswith(SCHEMES)


def db_target(value: str | os.PathLike) -> "Path | str":
    """What --db or DABIR_DB names: a server URL kept as text, else a file path."""
    return value if is_server_url(value) else Path(value)


def display_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if "@" in netloc:
        who, host = netloc.rsplit("@", 1)
        netloc = who.split(":", 1)[0] + "@" + host
    return urlunsplit((parts.scheme.split("+")[0], netloc, parts.path, parts.query, ""))
