"""The invitation letter (دعوتنامه): date, time, place, agenda and who is invited."""
import datetime as dt
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.domain import doc_strings as S
from app.domain import jalali
from app.domain.enums import MeetingStatus, Role
from app.domain.persian import to_persian_digits
from app.services.dto import MeetingDTO, SettingsDTO
from reports.common import BODY_W, letterhead, long_date, meeting_heading
from reports.layout import DabirDocument, heading, para, rtl_table


@dataclass(frozen=True)
class InvitationData:
    meeting: MeetingDTO
    settings: SettingsDTO | None = None
    today: dt.date | None = None
    # for a meeting already held: the day this office first issued its invitation (the register of
    # issued documents), if that was not after the meeting; the reprint carries that date
    first_issued: dt.date | None = None


def load(db, meeting_id: str) -> InvitationData:
    from app.services import issued, meetings, settings
    with db.session() as s:
        m = meetings.get_meeting(s, meeting_id)
        first = None
        if m.date is not None:
            first = min((e.issued_on for e in issued.issued_for_meeting(s, meeting_id)
                         if e.kind == "invitation" and e.issued_on <= m.date), default=None)
        return InvitationData(m, settings.get_settings(s), jalali.today(), first)


def already_held(m: MeetingDTO, today: dt.date) -> bool:
    """An invitation is a letter sent before its meeting: past its day (or once recorded as held), a
    new one would be dated after the meeting it invites to."""
    return m.status in (MeetingStatus.HELD, MeetingStatus.APPROVED) or (m.date is not None and m.date < today)


def issue_date(data: InvitationData) -> dt.date | None:
    """The letter's date: today for a meeting still to come; for one already held, the day its
    invitation was first issued here, or none (the copy is marked instead, never dated after)."""
    today = data.today or jalali.today()
    return data.first_issued if already_held(data.meeting, today) else today


def story(data: InvitationData) -> list:
    m = data.meeting
    when = long_date(m.date)
    hours = f"از ساعت {m.start} تا {m.end}" if m.start and m.end else (f"ساعت {m.start}" if m.start else "")
    place = f"در محل {m.location}" if m.location else ""
    today = data.today or jalali.today()
    out = [heading(f"{S.INVITATION} {meeting_heading(m)}", 13)]
    if already_held(m, today):
        out.append(para(S.INVITATION_COPY.format(held=long_date(m.date), today=jalali.format_date(today)), 10,
                        bold=True, color=colors.HexColor("#9b1c1c"), space_after=2))
    out += [Spacer(1, 3 * mm),
           para("با سلام و احترام،", 11),
           para(" ".join(x for x in [f"بدین‌وسیله از جنابعالی دعوت می‌شود در {meeting_heading(m)}",
                                      f"«{m.title}»" if m.title else "", f"که روز {when}", hours, place,
                                      "برگزار می‌شود، حضور به هم رسانید."] if x), 11, space_after=6)]
    if m.agenda:
        out.append(heading("دستور جلسه"))
        for item in m.agenda:
            out.append(para(f"{to_persian_digits(item.position)}. {item.title}", 10.5))
        out.append(Spacer(1, 4 * mm))
    out.append(heading("مدعوین"))
    out.append(rtl_table([S.ROW, S.NAME, S.POST, S.ORG],
                         [[to_persian_digits(i), a.person.full_name, a.person.post or "", a.person.organization or ""]
                          for i, a in enumerate(m.attendance, 1)],
                         [12 * mm, 50 * mm, 55 * mm, BODY_W - 117 * mm], align=["center", "right", "right", "right"]))
    out.append(Spacer(1, 10 * mm))
    secretary = (data.settings.secretary_name if data.settings else None) or \
        (m.secretary.full_name if m.secretary else None) or \
        next((a.person.full_name for a in m.attendance if a.role == Role.SECRETARY), "")
    out.append(para(secretary, 11, bold=True, align="left"))
    out.append(para(f"دبیر {m.committee.name}", 10, align="left"))
    return out


def render(data: InvitationData, target) -> None:
    m = data.meeting
    lh = letterhead(data.settings, m.committee.organization, S.INVITATION,
                    reference=((S.NUMBER, to_persian_digits(m.number)),
                               (S.DATE, jalali.format_date(issue_date(data)) or "—"), (S.ATTACHMENT, S.NONE)))
    DabirDocument(target, lh, title=S.INVITATION, subject=S.INVITATION).build(story(data))
