"""Does the `-journal` beside a file belong to it? SQLite plays any hot journal it finds beside a
database, and its header alone sets the page size and the size the database is cut back to, so a
journal left by another database (copied along, a name clash on a share) would corrupt the file.

A rollback journal (https://www.sqlite.org/fileformat2.html#the_rollback_journal) is a sequence of
segments, each a header padded to the sector size followed by records. The 28-byte header: magic
d9 d5 05 f9 20 a1 63 d7, record count, checksum nonce, the database's size in pages before the
transaction, sector size, page size. A record: page number, the page as it was, a checksum (the nonce
plus every 200th byte of the page, from the end). The journal holds the original of every page the
transaction wrote over, so:
- its page size is the database's page size, and the size it records is no larger than the file;
- if it holds page 1, that original page 1 is this file's header as it was: same magic, page size and
  application id, the page count the journal records, and a change counter equal to the file's or
  one less (the commit increments it);
- if it does not, the file's page 1 was never written, so the file's header still records the
  journal's size.
Rollback mode has no salt shared by file and journal; the checksums (keyed by the journal's nonce)
and page 1 are what bind them."""
import os
from dataclasses import dataclass
from pathlib import Path

MAGIC = bytes.fromhex("d9d505f920a163d7")
HEADER = 28


@dataclass(frozen=True)
class JournalVerdict:
    hot: bool                   # SQLite would play it (non-empty, first byte not zero)
    belongs: bool
    reason: str = ""            # why it does not belong (English, for the message)


def _u32(b: bytes, at: int) -> int:
    return int.from_bytes(b[at:at + 4], "big")


def _checksum(nonce: int, page: bytes) -> int:
    total, i = nonce, len(page) - 200
    while i > 0:
        total += page[i]
        i -= 200
    return total & 0xFFFFFFFF


def inspect_journal(db: Path, journal: Path) -> JournalVerdict:
    """Judge `journal` against the database file `db` (read only, both)."""
    try:
        size = journal.stat().st_size
        with open(journal, "rb") as fh:
            head = fh.read(HEADER)
    except OSError as e:
        return JournalVerdict(True, False, f"unreadable journal ({e.strerror})")
    if size == 0 or not head or head[0] == 0:
        return JournalVerdict(False, True)          # not hot: SQLite ignores it
    with open(db, "rb") as fh:
        db_head = fh.read(100)
    db_size = db.stat().st_size
    db_page = _u32(b"\0\0" + db_head[16:18], 0)
    db_page = 65536 if db_page == 1 else db_page
    if len(head) < HEADER or head[:8] != MAGIC:
        return JournalVerdict(True, False, "not an SQLite journal")
    orig_pages, sector, page = _u32(head, 16), _u32(head, 20), _u32(head, 24)
    if page != db_page:
        return JournalVerdict(True, False, f"journal page size {page}, file page size {db_page}")
    if not (512 <= sector <= 65536) or sector & (sector - 1) or page < 512 or page & (page - 1):
        return JournalVerdict(True, False, "journal header is not valid")
    if orig_pages * page > db_size:
        return JournalVerdict(True, False, f"journal records {orig_pages} pages, the file has {db_size // page}")
    page1 = _find_page1(journal, size, sector, page, orig_pages)
    if isinstance(page1, str):
        return JournalVerdict(True, False, page1)
    counter = _u32(db_head, 24)
    if page1 is None:
        header_pages = _u32(db_head, 28) if db_head[24:28] == db_head[92:96] else None
        if header_pages is not None and header_pages != orig_pages:
            return JournalVerdict(True, False, f"journal records {orig_pages} pages, the file's header "
                                               f"{header_pages}")
        return JournalVerdict(True, True)
    if page1[:16] != db_head[:16] or page1[16:18] != db_head[16:18] or page1[68:72] != db_head[68:72]:
        return JournalVerdict(True, False, "the journal's page 1 is another database's header")
    if counter - _u32(page1, 24) not in (0, 1):
        return JournalVerdict(True, False, "the journal's change counter does not follow the file's")
    if page1[24:28] == page1[92:96] and _u32(page1, 28) != orig_pages:
        return JournalVerdict(True, False, "the journal's page 1 disagrees with its header")
    return JournalVerdict(True, True)


def _find_page1(journal: Path, size: int, sector: int, page: int, orig_pages: int):
    """The original page 1 if a valid record holds it, None if none does, or a reason (str) when a
    record is impossible for this database. Reads segment by segment, as SQLite plays them."""
    record = 4 + page + 4
    off = 0
    with open(journal, "rb") as fh:
        while off + HEADER <= size:
            fh.seek(off)
            head = fh.read(HEADER)
            if head[:8] != MAGIC:
                return None
            n, nonce = _u32(head, 8), _u32(head, 12)
            if _u32(head, 16) != orig_pages or _u32(head, 24) != page:
                return "the journal's segments disagree"
            off += sector
            if n == 0xFFFFFFFF:
                n = (size - off) // record
            for _ in range(n):
                if off + record > size:
                    return None
                fh.seek(off)
                rec = fh.read(record)
                pgno, data, ck = _u32(rec, 0), rec[4:4 + page], _u32(rec, 4 + page)
                if ck != _checksum(nonce, data):
                    return None                       # SQLite stops playing here too
                if pgno == 0 or pgno > orig_pages:
                    return f"the journal restores page {pgno} of a {orig_pages}-page database"
                if pgno == 1:
                    return data
                off += record
            off = (off + sector - 1) // sector * sector if n else off
            if n == 0:
                return None
    return None


def move_aside(journal: Path) -> Path:
    """Rename a journal that is not this file's, so SQLite never plays it; returns its new name."""
    import datetime as dt
    dest = journal.with_name(f"{journal.name}.not-this-file-{dt.datetime.now():%Y%m%d-%H%M%S}")
    os.replace(journal, dest)
    return dest
