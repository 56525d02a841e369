"""An amendment (اصلاحیه) of approved minutes, as its own document: which minutes it corrects, why,
and each change against the original (or the latest approved amendment of the same thing). The
original minutes are not reprinted or touched; they stay as approved."""
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from app.domain import doc_strings as S
from app.domain import jalali
from app.domain.persian import to_persian_digits
from app.domain.wording import meeting_heading
from app.services.amendments import AmendmentDTO
from app.services.dto import MeetingDTO, SettingsDTO
from reports.common import BODY_W, details, letterhead, long_date, person_line
from reports.fingerprint import meeting_fingerprint, short
from reports.layout import DabirDocument, KeepWithNext, heading, para, rtl_table
from reports.signing import secretary_signature

STATUS_FA = {"draft": "پیش‌نویس (تصویب نشده)", "approved": "تصویب‌شده"}


@dataclass(frozen=True)
class AmendmentData:
    amendment: AmendmentDTO
    meeting: MeetingDTO
    settings: SettingsDTO | None = None


def load(db, amendment_id: str) -> AmendmentData:
    from app.services import amendments, meetings, settings
    with db.session() as s:
        a = amendments.get_amendment(s, amendment_id)
        return AmendmentData(a, meetings.get_meeting(s, a.meeting_id), settings.get_settings(s))


def story(data: AmendmentData) -> list:
    a, m = data.amendment, data.meeting
    original = short(meeting_fingerprint(m))
    out = [heading(a.title, 13), para(meeting_heading(m), 11, bold=True), Spacer(1, 3 * mm), details([
        (S.AMENDS, f"{meeting_heading(m)}، {long_date(m.date)}"),
        (S.ORIGINAL_ID, original),
        (S.AMENDMENT_STATUS, STATUS_FA.get(a.status.value, a.status.value)),
        ("دبیر جلسه", person_line(m.secretary)),
    ]), Spacer(1, 4 * mm)]
    if a.text:
        out.append(KeepWithNext(heading(S.AMENDMENT_REASON), para(a.text, 10)))
        out.append(Spacer(1, 3 * mm))
    rows = [[to_persian_digits(c.position), c.subject, c.old, c.new] for c in a.changes]
    out.append(KeepWithNext(heading(S.AMENDMENT_CHANGES), rtl_table(
        [S.ROW, S.AMENDMENT_SUBJECT, S.BEFORE, S.AFTER], rows or [["—", "—", "—", "—"]],
        [12 * mm, 38 * mm, (BODY_W - 50 * mm) / 2, (BODY_W - 50 * mm) / 2],
        align=["center", "right", "right", "right"])))
    out.append(Spacer(1, 4 * mm))
    out.append(para(S.AMENDMENT_NOTE.format(original=original), 9))
    out.append(secretary_signature(person_line(m.secretary)))
    return out


def render(data: AmendmentData, target) -> None:
    a = data.amendment
    reference = ((S.NUMBER, f"{to_persian_digits(a.meeting_number)}/{to_persian_digits(a.number)}"),
                 (S.DATE, jalali.format_date(a.created) or "—"))
    lh = letterhead(data.settings, a.committee.organization, S.AMENDMENT, None, reference)
    doc = DabirDocument(target, lh, title=a.title, subject=S.AMENDMENT,
                        keywords=f"dabir-amendment:{a.id}")
    doc.build(story(data))
