"""Session hooks defined above storage (row signing lives in app/services) are named here and imported
when a Database is made, not when their package is imported: the desktop start reads its first page
through app/services without SQLAlchemy (issue 28, app/services/first_page.py), and every session is
still signed, since sessions come only from a Database."""
import importlib

_MODULES: list[str] = []


def register(module: str) -> None:
    if module not in _MODULES:
        _MODULES.append(module)


def install() -> None:
    for module in _MODULES:
        importlib.import_module(module)
