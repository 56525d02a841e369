"""The invitation letter (دعوتنامه): date, time, place, agenda and who is invited."""
import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.domain import doc_strings as S
from app.domain import jalali
from app.domain.enums import Role
from app.domain.persian import to_persian_digits
from app.services.dto import MeetingDTO, SettingsDTO
from reports.common import BODY_W, letterhead, long_date, meeting_heading
from reports.layout import DabirDocument, heading, para, rtl_table


@dataclass(frozen=True)
class InvitationData:
    meeting: MeetingDTO
    settings: SettingsDTO | None = None
    today: dt.date | None = None


def load(db, meeting_id: str) -> InvitationData:
    from app.services import meetings, settings
    with db.session() as s:
        return InvitationData(meetings.get_meeting(s, meeting_id), settings.get_settings(s), jalali.today())


def story(data: InvitationData) -> list:
    m = data.meeting
    when = long_date(m.date)
    hours = f"از ساعت {m.start} تا {m.end}" if m.start and m.end else (f"ساعت {m.start}" if m.start else "")
    place = f"در محل {m.location}" if m.location else ""
    out = [heading(f"{S.INVITATION} {meeting_heading(m)}", 13), Spacer(1, 3 * mm),
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
                               (S.DATE, jalali.format_date(data.today or jalali.today())), (S.ATTACHMENT, S.NONE)))
    DabirDocument(target, lh, title=S.INVITATION, subject=S.INVITATION).build(story(data))
