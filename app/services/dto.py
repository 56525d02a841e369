"""Plain, immutable data that services return. Nothing here is bound to a database session,
so the GUI, the reports and the CLI can keep it as long as they like."""
import datetime as dt
from dataclasses import dataclass, field

from app.domain.enums import AttendanceStatus, MeetingStatus, ResolutionStatus, Role, VoteChoice


@dataclass(frozen=True)
class OrganizationDTO:
    id: str
    name: str
    short_name: str | None = None


@dataclass(frozen=True)
class PersonDTO:
    id: str
    full_name: str
    post: str | None = None
    organization_id: str | None = None
    organization: str | None = None          # organisation's name, for display
    phone: str | None = None
    email: str | None = None
    has_signature: bool = False


@dataclass(frozen=True)
class CommitteeDTO:
    id: str
    name: str
    organization_id: str | None = None
    organization: str | None = None
    description: str | None = None
    meeting_count: int = 0
    agenda_template: tuple[str, ...] = ()     # items every new meeting's agenda starts with (issue 14)


@dataclass(frozen=True)
class MemberDTO:
    id: str                                   # the membership's id
    committee_id: str
    person: PersonDTO
    role: Role
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class AttendanceDTO:
    id: str
    person: PersonDTO
    role: Role
    status: AttendanceStatus
    on_behalf_of: PersonDTO | None = None


@dataclass(frozen=True)
class AgendaItemDTO:
    id: str
    position: int
    title: str
    presenter: str | None = None
    notes: str | None = None


@dataclass(frozen=True)
class PartyDTO:
    """One party responsible for a resolution: an organisation or a person."""
    kind: str                                 # "organization" | "person"
    id: str
    name: str


@dataclass(frozen=True)
class FollowUpDTO:
    id: str
    date: dt.date
    status: ResolutionStatus
    note: str | None
    recorded_at: dt.datetime
    recorded_by: str | None = None
    letter_number: str | None = None          # شماره نامه (issue 14)
    attachments: tuple[str, ...] = ()         # attached files' names (the letter itself)


@dataclass(frozen=True)
class Votes:
    """A resolution's tally: for, against, abstaining."""
    for_: int
    against: int
    abstain: int

    @property
    def total(self) -> int:
        return self.for_ + self.against + self.abstain


@dataclass(frozen=True)
class Amended:
    """What approved amendments changed in a resolution (issue 14): per field, the latest approved
    amendment wins. `*_in` is that amendment's number, None where the field was not amended."""
    text: str | None = None
    text_in: int | None = None
    deadline: dt.date | None = None     # None with deadline_in set: the amendment cleared the deadline
    deadline_in: int | None = None
    cancelled_in: int | None = None     # the amendment that cancelled the resolution (مصوبه حذف‌شده)
    added_in: int | None = None         # the amendment that added it (مصوبه افزوده), not the minutes

    @property
    def note(self) -> str:
        """«اصلاح‌شده در اصلاحیه ۱» (or «… اصلاحیه ۱ و ۲» when text and deadline came from two);
        «لغوشده در اصلاحیه ۲» once an amendment cancelled it, which is all that matters then."""
        from app.domain.persian import to_persian_digits
        if self.cancelled_in is not None:
            return "لغوشده در اصلاحیه " + to_persian_digits(self.cancelled_in)
        numbers = sorted({n for n in (self.text_in, self.deadline_in) if n is not None})
        changed = "اصلاح‌شده در اصلاحیه " + " و ".join(to_persian_digits(n) for n in numbers) if numbers else ""
        if self.added_in is None:
            return changed
        added = "افزوده در اصلاحیه " + to_persian_digits(self.added_in)
        return f"{added}، {changed}" if changed else added


@dataclass(frozen=True)
class VoterDTO:
    """Who voted how on a resolution (issue 14)."""
    person_id: str
    name: str
    choice: VoteChoice


@dataclass(frozen=True)
class ResolutionDTO:
    id: str
    meeting_id: str
    committee_id: str
    committee: str
    meeting_number: int
    meeting_date: dt.date | None
    number: int
    text: str
    responsible: tuple[PartyDTO, ...]
    deadline: dt.date | None
    status: ResolutionStatus                  # derived: latest follow-up, else own status
    overdue: bool                             # derived from deadline and status, as of today
    follow_ups: tuple[FollowUpDTO, ...] = ()  # oldest first
    topics: tuple[str, ...] = ()
    votes: "Votes | None" = None              # موافق / مخالف / ممتنع, if recorded (issue 14)
    attachments: tuple[str, ...] = ()         # attached files' names
    # pass back to update_resolution(expected_version=…); each copy's own bookkeeping, so two offices'
    # resolutions with the same content compare equal
    row_version: int = field(default=0, compare=False)
    # `text` and `deadline` are as the approved minutes record them (the minutes print those, byte for
    # byte); an approved amendment's text and deadline are here, and `current_*` are what stands now
    amended: Amended | None = None
    # who voted how, if recorded (issue 14), in attendance order; when there are any, `votes` is their count
    voters: tuple[VoterDTO, ...] = ()

    @property
    def current_text(self) -> str:
        return self.amended.text if self.amended and self.amended.text_in is not None else self.text

    @property
    def current_deadline(self) -> dt.date | None:
        return self.amended.deadline if self.amended and self.amended.deadline_in is not None else self.deadline

    @property
    def tracked_text(self) -> str:
        """The text that stands, marked when an amendment changed the text or the deadline: what the
        tracker, the follow-up report and its export show («… (اصلاح‌شده در اصلاحیه ۱)»). A cancellation
        comes first («(لغوشده در اصلاحیه ۲) …»): it is what matters, and a narrow cell cuts the end."""
        if self.amended and self.amended.cancelled_in is not None:
            return f"({self.amended.note}) {self.current_text}"
        return f"{self.current_text} ({self.amended.note})" if self.amended else self.text

    @property
    def code(self) -> str:
        """'۷-۳': meeting number - resolution number, Persian digits."""
        from app.domain.rules import resolution_code
        return resolution_code(self.meeting_number, self.number)

    @property
    def latest_follow_up(self) -> FollowUpDTO | None:
        return self.follow_ups[-1] if self.follow_ups else None


@dataclass(frozen=True)
class MeetingSummaryDTO:
    """A row of a meeting list."""
    id: str
    committee_id: str
    committee: str
    number: int
    title: str | None
    date: dt.date | None
    status: MeetingStatus
    location: str | None = None
    resolution_count: int = 0


@dataclass(frozen=True)
class MeetingDTO:
    id: str
    committee: CommitteeDTO
    number: int
    title: str | None
    date: dt.date | None
    start: str | None                         # 'HH:MM'
    end: str | None
    location: str | None
    chair: PersonDTO | None
    secretary: PersonDTO | None
    summary: str | None
    status: MeetingStatus
    attendance: tuple[AttendanceDTO, ...] = ()
    agenda: tuple[AgendaItemDTO, ...] = ()
    resolutions: tuple[ResolutionDTO, ...] = ()
    topics: tuple[str, ...] = ()
    updated_at: dt.datetime | None = None
    attachments: tuple[str, ...] = ()         # the meeting's attached files' names (issue 14)
    row_version: int = 0                      # pass back to update_meeting(expected_version=…)

    @property
    def locked(self) -> bool:
        return self.status == MeetingStatus.APPROVED


@dataclass(frozen=True)
class TopicDTO:
    id: str
    name: str


@dataclass(frozen=True)
class AuditDTO:
    id: str
    at: dt.datetime
    actor: str
    action: str                               # create | update | delete
    entity: str                               # table name
    entity_id: str
    changes: dict


@dataclass(frozen=True)
class Changes:
    """What a write changed, so views can decide whether to refresh (after Anki's OpChanges)."""
    entities: frozenset[str] = frozenset()    # table names touched
    ids: tuple[str, ...] = ()                 # ids created or edited, first is the main one
    initiator: object | None = field(default=None, compare=False)
    # things worth a second look that did not stop the write, e.g. ("possible_duplicate:<person id>",);
    # an import's "namesake:<new person id>:<existing person id>" (a person created beside a namesake)
    warnings: tuple[str, ...] = ()

    @property
    def id(self) -> str | None:
        return self.ids[0] if self.ids else None


@dataclass(frozen=True)
class SettingsDTO:
    """What prints on every document's letterhead, and who this office is."""
    office_id: str | None = None
    office_name: str | None = None
    letterhead_org: str | None = None        # organisation name at the top of every page
    letterhead_title: str | None = None      # a second line, e.g. the secretariat's name
    logo_png: bytes | None = None
    secretary_name: str | None = None
