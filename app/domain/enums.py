"""The closed vocabularies of the domain. Values are stored in the database and the exchange format."""
from enum import StrEnum


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


OPEN_STATUSES = frozenset({ResolutionStatus.PENDING, ResolutionStatus.IN_PROGRESS})
