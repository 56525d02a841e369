"""Domain rules that do not need a database: numbering, derived status, overdue, locking, codes."""
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from .enums import OPEN_STATUSES, MeetingStatus, ResolutionStatus, read
from .errors import LockedError
from .persian import to_persian_digits


MAX_NUMBER = 999_999  # the largest meeting or resolution number: anything bigger is a slip (or 2**64)


def next_number(existing: Iterable[int | None]) -> int:
    """Meetings run 1, 2, 3… within a committee; resolutions within a meeting. Gaps are not refilled."""
    return max((n for n in existing if isinstance(n, int)), default=0) + 1


@dataclass(frozen=True)
class FollowUpKey:
    """What orders follow-ups: the date, then when it was recorded, then the id (deterministic everywhere)."""
    date: dt.date
    recorded_at: dt.datetime
    id: str
    status: ResolutionStatus


def derive_status(base: ResolutionStatus, follow_ups: Iterable[FollowUpKey], cancelled: bool = False) -> ResolutionStatus:
    """A resolution's current status is its latest follow-up's, or its own status if it has none. One
    that an approved amendment cancelled (`cancelled`) is cancelled, whatever was followed up: the
    committee's amended decision stands over the secretary's follow-ups."""
    if cancelled:
        return ResolutionStatus.CANCELLED
    latest = max(follow_ups, key=lambda f: (f.date or dt.date.min, f.recorded_at or dt.datetime.min, f.id),
                 default=None)  # a date unreadable on disk sorts first
    return read(ResolutionStatus, latest.status) if latest else read(ResolutionStatus, base)


def is_overdue(deadline: dt.date | None, status: ResolutionStatus, today: dt.date) -> bool:
    """Overdue: still open and the deadline day has passed."""
    return deadline is not None and read(ResolutionStatus, status) in OPEN_STATUSES and deadline < today


def resolution_code(meeting_number: int, resolution_number: int, persian: bool = True) -> str:
    """'۷-۳' for resolution 3 of meeting 7. Digits are Persian for display, ASCII for machines."""
    code = f"{meeting_number}-{resolution_number}"
    return to_persian_digits(code) if persian else code


def ensure_editable(status: MeetingStatus, meeting_number: int) -> None:
    """An approved meeting is locked: minutes that were signed must not change underneath."""
    if read(MeetingStatus, status) == MeetingStatus.APPROVED:
        n = to_persian_digits(meeting_number)
        raise LockedError(f"جلسه {n} تصویب شده و قفل است؛ ویرایش آن ممکن نیست",
                          f"meeting {meeting_number} is approved and locked; it cannot be edited")
