"""The attendance sheet: every expected member and guest with an empty box, signed at the door."""
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.domain import doc_strings as S
from app.domain import jalali
from app.domain.persian import to_persian_digits
from app.services.dto import MeetingDTO, PersonDTO, SettingsDTO
from reports.common import BODY_W, details, letterhead, long_date, meeting_heading, time_span
from reports.layout import DabirDocument, heading, rtl_table


@dataclass(frozen=True)
class SheetData:
    meeting: MeetingDTO
    # (person, role label) for everyone expected: the meeting's attendance list, then active members
    # of the committee who are not on it yet
    people: tuple[tuple[PersonDTO, str], ...]
    settings: SettingsDTO | None = None


def load(db, meeting_id: str) -> SheetData:
    from app.services import committees, meetings, settings
    with db.session() as s:
        m = meetings.get_meeting(s, meeting_id)
        people = [(a.person, S.ROLES[a.role]) for a in m.attendance]
        seen = {p.id for p, _ in people}
        for mem in committees.list_members(s, m.committee.id, active_on=m.date):
            if mem.person.id not in seen:
                people.append((mem.person, S.ROLES[mem.role]))
                seen.add(mem.person.id)
        return SheetData(m, tuple(people), settings.get_settings(s))


def story(data: SheetData) -> list:
    m = data.meeting
    out = [heading(f"{S.ATTENDANCE_SHEET} {meeting_heading(m)}", 13),
           details([("تاریخ", long_date(m.date)), ("ساعت", time_span(m)), ("مکان", m.location or "—")]),
           Spacer(1, 4 * mm)]
    # the empty signature cell is a spacer: every row is at least tall enough to sign in
    rows = [[to_persian_digits(i), p.full_name, p.post or "", p.organization or "", role, Spacer(1, 11 * mm)]
            for i, (p, role) in enumerate(data.people, 1)]
    table = rtl_table([S.ROW, S.NAME, S.POST, S.ORG, S.ROLE, S.SIGNATURE], rows,
                      [10 * mm, 40 * mm, 38 * mm, BODY_W - 140 * mm, 14 * mm, 38 * mm],
                      align=["center", "right", "right", "right", "center", "right"])
    out.append(table)
    return out


def render(data: SheetData, target) -> None:
    m = data.meeting
    lh = letterhead(data.settings, m.committee.organization, S.ATTENDANCE_SHEET,
                    reference=((S.NUMBER, to_persian_digits(m.number)), (S.DATE, jalali.format_date(m.date) or "—")))
    DabirDocument(target, lh, title=S.ATTENDANCE_SHEET, subject=S.ATTENDANCE_SHEET).build(story(data))
