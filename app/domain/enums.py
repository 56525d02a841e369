"""The closed vocabularies of the domain. Values are stored in the database and the exchange format."""
from enum import StrEnum
from typing import TypeVar

E = TypeVar("E", bound=StrEnum)
UNKNOWN = "?"  # how a stored value no Dabir writes is shown
_unknown: dict[type, StrEnum] = {}


class Role(StrEnum):
    CHAIR = "chair"
    SECRETARY = "secretary"
    MEMBER = "member"
    GUEST = "guest"


class MeetingStatus(StrEnum):
    DRAFT = "draft"
    HELD = "held"
    APPROVED = "approved"
    CANCELLED = "cancelled"


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    EXCUSED = "excused"
    LATE = "late"


class ResolutionStatus(StrEnum):
    PENDING = "pending"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class AmendmentStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


class VoteChoice(StrEnum):
    """How a named member voted on a resolution (issue 14): موافق / مخالف / ممتنع."""
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class ChangeKind(StrEnum):
    """What an amendment (اصلاحیه) may change in approved minutes."""
    RESOLUTION_TEXT = "resolution_text"
    RESOLUTION_DEADLINE = "resolution_deadline"
    RESOLUTION_NEW = "resolution_new"
    RESOLUTION_CANCEL = "resolution_cancel"
    ATTENDANCE = "attendance"
    TEXT = "text"


OPEN_STATUSES = frozenset({ResolutionStatus.PENDING, ResolutionStatus.IN_PROGRESS})


def read(kind: type[E], value) -> E:
    """A stored value as its member. A value no Dabir writes (a file edited with other tools) reads as
    the class's 'unknown' placeholder, shown as «?», equal to no real member and never listed among
    them, so that lists and exports survive it. Input is checked with kind(value), which refuses it."""
    try:
        return kind(value)
    except ValueError:
        if kind not in _unknown:
            placeholder = str.__new__(kind, UNKNOWN)
            placeholder._name_, placeholder._value_ = "UNKNOWN", UNKNOWN
            _unknown[kind] = placeholder
        return _unknown[kind]


def is_unknown(member) -> bool:
    return getattr(member, "_name_", None) == "UNKNOWN"


class Labels(dict):
    """Persian labels of an enum's members; the 'unknown' placeholder (or any stray value) shows as «؟»."""

    def __missing__(self, key):
        return "؟"
