"""The invitation as an iCalendar event, so the meeting lands in the invitees' calendars at the right
hour in Tehran time whatever the reader's own zone is (the VTIMEZONE travels in the file)."""
import datetime as dt
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event, Timezone, vCalAddress, vText
from sqlalchemy.orm import Session

from app import __version__
from app.domain import jalali
from app.domain.enums import Role
from app.domain.errors import ValidationError
from app.domain.persian import to_persian_digits
from app.services import meetings
from app.services.dto import MeetingDTO

TZID = "Asia/Tehran"
DEFAULT_START = "09:00"          # a meeting with no start time still needs an hour in a calendar
DEFAULT_LENGTH = dt.timedelta(hours=2)
ROLES = {Role.CHAIR: "CHAIR", Role.SECRETARY: "REQ-PARTICIPANT", Role.MEMBER: "REQ-PARTICIPANT",
         Role.GUEST: "OPT-PARTICIPANT"}


def invitation_ics(s: Session, meeting_id: str, now: dt.datetime | None = None) -> bytes:
    """The meeting as one VEVENT (.ics bytes): summary, Tehran-time start and end, location, the
    agenda in the description, and every expected attendee."""
    return build(meetings.get_meeting(s, meeting_id), now)


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    h, m = (int(x) for x in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, h, m, tzinfo=ZoneInfo(TZID))


def summary(m: MeetingDTO) -> str:
    text = f"جلسه {to_persian_digits(m.number)} {m.committee.name}"
    return f"{text}: {m.title}" if m.title else text


def description(m: MeetingDTO) -> str:
    lines = [summary(m), f"تاریخ: {jalali.format_long(m.date)}"]
    if m.start:
        hours = f"{m.start} تا {m.end}" if m.end else m.start
        lines.append(f"ساعت: {to_persian_digits(hours)}")
    if m.location:
        lines.append(f"مکان: {m.location}")
    if m.agenda:
        lines += ["", "دستور جلسه:"]
        lines += [f"{to_persian_digits(i.position)}. {i.title}" + (f" (ارائه: {i.presenter})" if i.presenter else "")
                  for i in m.agenda]
    if m.attendance:
        lines += ["", "مدعوین:"]
        lines += [a.person.full_name + (f" ({a.person.post})" if a.person.post else "") for a in m.attendance]
    return "\n".join(lines)


def _address(person) -> vCalAddress:
    # a calendar address is a URI: mailto when the directory has an e-mail, else the person's id
    uri = f"mailto:{person.email}" if person.email else f"urn:uuid:{person.id}"
    addr = vCalAddress(uri)
    addr.params["CN"] = vText(person.full_name)
    return addr


def build(m: MeetingDTO, now: dt.datetime | None = None) -> bytes:
    if m.date is None:
        raise ValidationError("date", "جلسه تاریخ ندارد؛ برای تقویم تاریخ لازم است",
                              "the meeting has no date; a calendar needs one")
    start = _at(m.date, m.start or DEFAULT_START)
    end = _at(m.date, m.end) if m.start and m.end else start + DEFAULT_LENGTH
    cal = Calendar()
    cal.add("prodid", f"-//Dabir {__version__}//dabir//FA")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    cal.add_component(Timezone.from_tzid(TZID))
    ev = Event()
    ev.add("uid", f"{m.id}@dabir")
    ev.add("dtstamp", now or dt.datetime.now(dt.timezone.utc))
    ev.add("dtstart", start)
    ev.add("dtend", end)
    ev.add("summary", summary(m))
    if m.location:
        ev.add("location", m.location)
    ev.add("description", description(m))
    if m.secretary:
        ev.add("organizer", _address(m.secretary))
    for a in m.attendance:
        addr = _address(a.person)
        addr.params["ROLE"] = vText(ROLES.get(a.role, "REQ-PARTICIPANT"))
        addr.params["PARTSTAT"] = vText("NEEDS-ACTION")
        ev.add("attendee", addr, encode=0)
    cal.add_component(ev)
    return cal.to_ical()
