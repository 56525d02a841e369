import datetime as dt

import pytest

from app.domain.enums import MeetingStatus, ResolutionStatus as RS
from app.domain.errors import LockedError
from app.domain.rules import FollowUpKey, derive_status, ensure_editable, is_overdue, next_number, resolution_code

D = dt.date(2026, 11, 26)
T = dt.datetime(2026, 11, 26, 9, 0)


def test_numbering():
    assert next_number([]) == 1
    assert next_number([1, 2, 3]) == 4
    assert next_number([1, 5, None]) == 6  # gaps are not refilled


def test_status_without_follow_ups_is_its_own():
    assert derive_status(RS.PENDING, []) == RS.PENDING


def test_latest_follow_up_by_date_then_recorded_then_id():
    early = FollowUpKey(D - dt.timedelta(days=3), T + dt.timedelta(hours=5), "z", RS.DONE)
    late = FollowUpKey(D, T, "a", RS.IN_PROGRESS)
    assert derive_status(RS.PENDING, [late, early]) == RS.IN_PROGRESS  # date wins over recording time
    same_day_later = FollowUpKey(D, T + dt.timedelta(minutes=1), "0", RS.CANCELLED)
    assert derive_status(RS.PENDING, [same_day_later, late]) == RS.CANCELLED
    tie_a = FollowUpKey(D, T, "a", RS.DONE)
    tie_b = FollowUpKey(D, T, "b", RS.IN_PROGRESS)
    assert derive_status(RS.PENDING, [tie_a, tie_b]) == RS.IN_PROGRESS
    assert derive_status(RS.PENDING, [tie_b, tie_a]) == RS.IN_PROGRESS  # order of input does not matter


def test_overdue_is_open_and_past_deadline():
    assert is_overdue(D - dt.timedelta(days=1), RS.PENDING, D)
    assert is_overdue(D - dt.timedelta(days=1), RS.IN_PROGRESS, D)
    assert not is_overdue(D, RS.PENDING, D)  # due today is not yet overdue
    assert not is_overdue(D - dt.timedelta(days=1), RS.DONE, D)
    assert not is_overdue(D - dt.timedelta(days=1), RS.CANCELLED, D)
    assert not is_overdue(None, RS.PENDING, D)


def test_code_and_locking():
    assert resolution_code(7, 3) == "۷-۳"
    assert resolution_code(7, 3, persian=False) == "7-3"
    ensure_editable(MeetingStatus.HELD, 1)
    with pytest.raises(LockedError, match="approved"):
        ensure_editable(MeetingStatus.APPROVED, 7)
