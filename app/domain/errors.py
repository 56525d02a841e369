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


class SearchIndexDamaged(DabirError):
    """The full-text index is damaged (a crafted or broken file) and cannot be rebuilt here: the file
    is open read-only. A writable session rebuilds it instead (app/storage/search_index.py)."""

    def __init__(self, writing: bool = False):
        if writing:     # met while a write refreshed the index: SQLite undid the write
            super().__init__("نمایه جستجوی این پرونده آسیب دیده است و تغییر ذخیره نشد؛ پرونده را ببندید و دوباره "
                             "باز کنید تا نمایه از نو ساخته شود",
                             "the file's search index is damaged and the change was not saved; close and open "
                             "the file again to rebuild the index")
            return
        super().__init__("نمایه جستجوی این پرونده آسیب دیده است (dabir check آن را نشان می‌دهد)؛ جستجو در پنجره "
                         "دبیر آن را از نو می‌سازد",
                         "the file's search index is damaged (dabir check names the damage); a search in the "
                         "Dabir window rebuilds it")
