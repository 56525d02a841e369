"""Library warnings go to the log folder, never to the user's terminal or window (issue 29).

A library's deprecation (cryptography 51's DSA warning, printed because pyHanko imports DSA) is a
message for us, not for a secretary: before this, every `dabir sign` and `dabir verify` started with two
lines of English naming the virtual environment. Warnings are appended to `warnings.log` in the log
folder (app/services/files.log_dir, where crash logs go), created on the first warning only. The
suite sees new ones first: pytest runs with warnings as errors (pyproject.toml, filterwarnings).
"""
import datetime as dt
import os
import warnings

LOG_NAME = "warnings.log"
MAX_BYTES = 1 << 20             # then the log starts again, keeping one older file (warnings.log.1)


def _to_log(message, category, filename, lineno, file=None, line=None) -> None:
    if file is not None:        # an explicit stream (a library's own report): leave it where it was asked
        _original(message, category, filename, lineno, file, line)
        return
    try:
        from app.services.files import log_dir
        text = warnings.formatwarning(message, category, filename, lineno, line)
        path = log_dir() / LOG_NAME
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            path.replace(path.with_name(LOG_NAME + ".1"))
        with open(path, "a", encoding="utf-8") as log:
            log.write(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S} pid {os.getpid()}: {text}")
    except Exception:
        pass                    # a read-only or missing log folder: the warning is dropped, not shown


_original = warnings.showwarning


def route_warnings_to_log() -> None:
    """Send every warning shown from here on to the log file. `python -W error` and PYTHONWARNINGS
    still apply: they decide which warnings are raised or shown, this decides where shown ones go."""
    warnings.showwarning = _to_log
