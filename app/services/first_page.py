"""The first page the window shows, read with the standard library's sqlite3 before SQLAlchemy loads.

Issue 28: importing SQLAlchemy, declaring the models and configuring the mappers cost more than the
whole bare Qt window does, so the desktop start reads the meetings list's first page, its total and
the committee filter's names here, paints them, and opens the file through `open_database` (and
SQLAlchemy) just after. The rows are the ones `meetings.list_meetings(s, limit=N)`,
`meetings.count_meetings(s)` and `lookups.committee_names(s)` give for the list as it first opens
(newest first, no filter); tests/app/test_first_page.py compares them on files with deleted, undated,
untitled and unknown-status meetings.

Only a file exactly as Dabir last closed it cleanly is read this way (filestate.py: the same test
that lets `open_database` skip the page check), with the current schema and no journal beside it.
Anything else (a copy from another office, an older or newer schema, a crash's journal, a server)
returns None, and the window waits for the full open as before, with its checks and messages.
Nothing is written: the connection is read-only and closed before the file is opened for real.
Ids are stored packed (issue 28, models.Key) and read back here as the ORM reads them, to text; a
value no Dabir packs there waits for the full open, like any value SQLAlchemy would read otherwise."""
import datetime as dt
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.domain.enums import MeetingStatus, read
from app.domain.errors import DabirFileError
from app.domain.persian import alphabetical
from app.storage import filestate
from app.storage.fileformat import inspect_file
from app.storage.migrate import SCHEMA_VERSION
from app.storage.search_keys import unpack_id
from app.storage.target import is_server_url

from .dto import MeetingSummaryDTO

# list_meetings' query for the unfiltered list in its first order (date, newest first), as SQLAlchemy
# compiles it, with the resolution count it adds in a second query folded in
MEETINGS = """
SELECT meeting.id, meeting.committee_id, committee.name, meeting.number, meeting.title, meeting.date,
       meeting.status, meeting.location,
       (SELECT count(*) FROM resolution
         WHERE resolution.meeting_id = meeting.id AND resolution.deleted_at IS NULL)
FROM meeting JOIN committee ON committee.id = meeting.committee_id
WHERE meeting.deleted_at IS NULL
ORDER BY meeting.date DESC, meeting.number DESC, meeting.id
LIMIT ?"""
TOTAL = "SELECT count(*) FROM meeting WHERE meeting.deleted_at IS NULL"
COMMITTEES = "SELECT id, name FROM committee WHERE deleted_at IS NULL"


@dataclass(frozen=True)
class FirstPage:
    path: Path                                  # the file, resolved
    meetings: list[MeetingSummaryDTO]           # newest first, at most the limit asked for
    total: int                                  # every live meeting
    committees: list[tuple[str, str]]           # (id, name) of live committees, alphabetical


def read_first_page(target, limit: int) -> FirstPage | None:
    """The first `limit` meetings, the total and the committees of the file `target`, or None when the
    file must go through the full open first (see the module's docstring)."""
    if is_server_url(target):
        return None
    try:
        info = inspect_file(target)
    except DabirFileError:
        return None                 # the full open says what is wrong, as before
    if not info.exists or info.user_version != SCHEMA_VERSION:
        return None
    path = info.path.resolve()
    if path.with_name(path.name + "-journal").exists() or not filestate.unchanged_since_recorded(path):
        return None
    try:
        con = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            con.execute("PRAGMA query_only=ON")
            con.execute("PRAGMA trusted_schema=OFF")
            meetings = [_meeting(row) for row in con.execute(MEETINGS, (limit,))]
            total = con.execute(TOTAL).fetchone()[0]
            committees = alphabetical((_id(cid), name) for cid, name in con.execute(COMMITTEES))
        finally:
            con.close()
    except (sqlite3.Error, ValueError, TypeError):    # UnicodeDecodeError is a ValueError
        return None                 # whatever the full open makes of it, it says it better
    return FirstPage(path, meetings, total, committees)


def _meeting(row) -> MeetingSummaryDTO:
    mid, committee_id, committee, number, title, date, status, location, resolutions = row
    if not isinstance(number, int) or not all(isinstance(v, (str, type(None))) for v in (title, location, date)):
        raise TypeError("a value SQLAlchemy would read differently")
    if date is not None and len(date) != 10:
        raise ValueError(date)      # SQLAlchemy's Date reads YYYY-MM-DD only
    return MeetingSummaryDTO(_id(mid), _id(committee_id), committee, number, title,
                             dt.date.fromisoformat(date) if date else None, read(MeetingStatus, status),
                             location, resolutions)


def _id(stored) -> str:
    """An id as models.Key reads it from the file (search_keys.unpack_id of its packed bytes)."""
    if not isinstance(stored, bytes):
        raise TypeError("an id not stored as Dabir stores one")
    found = unpack_id(stored)
    if not isinstance(found, str):
        raise TypeError("an id not stored as Dabir stores one")
    return found
