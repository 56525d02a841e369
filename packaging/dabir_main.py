"""The bundle's entry point (PyInstaller freezes this script): the same `dabir` as `.venv/bin/dabir`,
no arguments for the desktop application, a command for the command line."""
import os
import sys


def _windowed_streams() -> None:
    """Windows' windowed dabir.exe has no console: sys.stdout/stderr are None, and a command that
    writes (`dabir.exe --version` from a shortcut) would fail on them. dabir-cli.exe has a console."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))


def _utf8_locale() -> None:
    """What Python does unfrozen (PEP 538) and the frozen interpreter does not: under the C locale
    (a bare environment, some service managers) ask for C.UTF-8, as Qt itself would after printing a
    four-line warning on every start."""
    if os.name == "posix" and not os.environ.get("LC_ALL") and \
            (os.environ.get("LC_CTYPE") or os.environ.get("LANG") or "C") in ("C", "POSIX"):
        os.environ["LC_CTYPE"] = "C.UTF-8"


if __name__ == "__main__":
    _windowed_streams()
    _utf8_locale()
    from app.cli.main import run
    run()
