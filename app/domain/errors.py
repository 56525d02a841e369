"""Errors a user can fix. Each carries a Persian and an English message.

The CLI turns any DabirError into one line on stderr and exit code 2; the GUI shows `fa` in a message box.
"""


class DabirError(Exception):
    def __init__(self, fa: str, en: str):
        super().__init__(en)
        self.fa = fa
        self.en = en

    def one_line(self) -> str:
        return f"خطا: {self.fa} | error: {self.en}".replace("\n", " ")


class ValidationError(DabirError):
    """Bad input; `field` names what is wrong."""

    def __init__(self, field: str, fa: str, en: str):
        super().__init__(f"{field}: {fa}", f"{field}: {en}")
        self.field = field


class NotFoundError(DabirError):
    pass


class LockedError(DabirError):
    """An approved meeting refuses edits."""


class NotApprovedError(DabirError):
    """A draft's minutes asked for what only approved minutes may have (a digital signature)."""


class DabirFileError(DabirError):
    """The file cannot be used: missing, not SQLite, not Dabir, newer schema, unreadable, locked."""

    def __init__(self, path: str, fa: str, en: str):
        super().__init__(f"{fa}: {path}", f"{en}: {path}")
        self.path = path


class NeedsConsent(DabirError):
    """Something the user must see and accept before it happens (a merge deleting many meetings).
    `count` says how many; the caller asks, then repeats with consent."""

    def __init__(self, fa: str, en: str, count: int = 0):
        super().__init__(fa, en)
        self.count = count


class StaleEditError(DabirError):
    """An edit based on a row as it was read earlier, since changed by someone else (the row's
    row_version moved on): refused, never silently overwritten. `changes` names what changed."""

    def __init__(self, fa: str, en: str, changes: tuple[str, ...] = ()):
        super().__init__(fa, en)
        self.changes = changes
