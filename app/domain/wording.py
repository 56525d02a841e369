"""How a meeting's people and times read in a document: plain text, shared by the PDFs (reports/) and
the Word minutes (app/services/exports), so that no reportlab is needed to say them. Kept in the
domain, below both (issue 27); the arguments are the services' DTOs (MeetingDTO, PersonDTO,
ResolutionDTO, AttendanceDTO), read by attribute, as the domain imports nothing above it."""
from app.domain import doc_strings as S
from app.domain.enums import AttendanceStatus, VoteChoice
from app.domain.persian import display_digits, to_persian_digits


def person_line(p) -> str:
    if p is None:
        return "—"
    return f"{p.full_name} ({p.post})" if p.post else p.full_name


def time_span(m) -> str:
    if m.start and m.end:
        return f"{to_persian_digits(m.start)} تا {to_persian_digits(m.end)}"
    return to_persian_digits(m.start) if m.start else "—"


def meeting_heading(m) -> str:
    return f"جلسه {to_persian_digits(m.number)} {m.committee.name}"


def shows_title(m) -> bool:
    """Whether the minutes print the meeting's title under its heading «جلسه ۱ کمیته …»: not when the
    title restates it, naming the committee («نخستین جلسه کمیته …», generated «جلسه ۳ کمیته …»),
    which printed the same line twice."""
    if not m.title:
        return False
    title = " ".join(display_digits(m.title).split())
    return title != meeting_heading(m) and " ".join(m.committee.name.split()) not in title


def absentees(m) -> list[tuple[str, str]]:
    """(«غایبان», names) and («غایبان با اطلاع», names), names joined, "" where nobody."""
    return [(label, S.NAMES_SEPARATOR.join(a.person.full_name for a in m.attendance if a.status == status))
            for status, label in ((AttendanceStatus.ABSENT, "غایبان"), (AttendanceStatus.EXCUSED, "غایبان با اطلاع"))]


def attendee_name(a) -> str:
    name = a.person.full_name
    if a.on_behalf_of:
        name += f" (به نمایندگی از {a.on_behalf_of.full_name})"
    if a.status == AttendanceStatus.LATE:
        name += f" ({S.ATTENDANCE[AttendanceStatus.LATE]})"
    return name


def resolution_text(r) -> str:
    """A resolution as the minutes print it: its text, its tally on a line of its own if recorded, and
    who voted how on the next, if the names were recorded (issue 14)."""
    if r.votes is None:
        return r.text
    v = r.votes
    text = r.text + "\n" + S.VOTES.format(for_=to_persian_digits(v.for_), against=to_persian_digits(v.against),
                                          abstain=to_persian_digits(v.abstain))
    names = voters_line(r)
    return text + "\n" + names if names else text


def voters_line(r) -> str:
    """«موافق: علی رضایی، مریم احمدی — مخالف: … — ممتنع: …», the choices that have names, in the
    voters' (attendance) order; "" when no names were recorded."""
    groups = []
    for choice in VoteChoice:
        names = [v.name for v in getattr(r, "voters", ()) if v.choice == choice]
        if names:
            groups.append(S.VOTERS_GROUP.format(choice=S.VOTE_CHOICES[choice], names=S.NAMES_SEPARATOR.join(names)))
    return S.VOTERS_SEPARATOR.join(groups)


def attachment_lines(m) -> list[str]:
    """The meeting's attached files by name, then each resolution's, naming the resolution."""
    lines = list(m.attachments)
    for r in m.resolutions:
        lines += [f"{name} ({S.OF_RESOLUTION.format(code=r.code)})" for name in r.attachments]
    return lines
