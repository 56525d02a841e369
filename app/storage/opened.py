"""The Databases a command opened, so that it closes them when it ends (app/cli/main.py): a write then
ends in a clean close, which is recorded (filestate.py), and the next open of that file need not read
every page, nor wait for SQLAlchemy to show its first page (app/services/first_page.py). Held only
while a command runs: outside one nothing is kept alive here."""
from contextlib import contextmanager

_tracking: list[list] = []


def note(db) -> None:
    if _tracking:
        _tracking[-1].append(db)


@contextmanager
def tracking():
    """Yields the list of Databases opened inside the block."""
    opened: list = []
    _tracking.append(opened)
    try:
        yield opened
    finally:
        _tracking.remove(opened)
