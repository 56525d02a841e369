"""The minutes (صورتجلسه): what a committee signs and files."""
from dataclasses import dataclass, field

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Spacer, Table, TableStyle

from app.domain import doc_strings as S
from app.domain import jalali
from app.domain.enums import AttendanceStatus, MeetingStatus
from app.domain.persian import to_persian_digits
from app.domain.wording import absentees, attachment_lines, attendee_name, resolution_text, shows_title
from app.services.dto import MeetingDTO, ResolutionDTO, SettingsDTO
from reports.common import (BODY_W, details, letterhead, long_date, meeting_heading, person_line,
                            qr_code, signature_image, time_span)
from reports.fingerprint import meeting_fingerprint, short, stamp
from reports.bidi_text import draw_text
from reports.fonts import BOLD
from reports.layout import (MARGIN, PAGE_H, PAGE_W, KeepWithLast, KeepWithNext, DabirDocument, RTLParagraph,
                            heading, para, rtl_table)
from reports.signing import secretary_signature

PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


@dataclass(frozen=True)
class MinutesData:
    """Everything the minutes print, as service DTOs."""
    meeting: MeetingDTO
    earlier_open: tuple[ResolutionDTO, ...] = ()
    settings: SettingsDTO | None = None
    signatures: dict = field(default_factory=dict)      # person id -> PNG bytes


def load(db, meeting_id: str) -> MinutesData:
    """Read what the minutes need through the services, in one transaction."""
    from app.services import directory, meetings, resolutions, settings
    with db.session() as s:
        m = meetings.get_meeting(s, meeting_id)
        # as of the meeting: what was open that day, with the follow-ups known then (issue 25)
        earlier = tuple(resolutions.open_resolutions_before(s, meeting_id, as_of=m.date))
        sigs = {a.person.id: directory.get_signature(s, a.person.id)
                for a in m.attendance if a.status in PRESENT and a.person.has_signature}
        return MinutesData(m, earlier, settings.get_settings(s), {k: v for k, v in sigs.items() if v})


def _responsible(r: ResolutionDTO) -> str:
    return "، ".join(p.name for p in r.responsible) or "—"


def story(data: MinutesData, fingerprint: str) -> list:
    m = data.meeting
    out = [heading(meeting_heading(m), 13)]
    if shows_title(m):
        out.append(para(m.title, 11, bold=True))
    out += [Spacer(1, 3 * mm), details([
        ("تاریخ", long_date(m.date)), ("ساعت", time_span(m)), ("مکان", m.location or "—"),
        ("رئیس جلسه", person_line(m.chair)), ("دبیر جلسه", person_line(m.secretary)),
    ]), Spacer(1, 4 * mm)]

    present = [a for a in m.attendance if a.status in PRESENT]
    # A heading is kept with the start of its section (KeepWithNext): it never ends a page.
    out.append(KeepWithNext(heading("حاضران"), rtl_table(
        [S.ROW, S.NAME, S.POST, S.ORG],
        [[to_persian_digits(i), attendee_name(a), a.person.post or "", a.person.organization or ""]
         for i, a in enumerate(present, 1)],
        [12 * mm, 50 * mm, 55 * mm, BODY_W - 117 * mm], align=["center", "right", "right", "right"])))
    absent = [(label, names) for label, names in absentees(m) if names]
    if absent:
        out.append(Spacer(1, 2.5 * mm))     # the absentees' lines stand clear of the table above
    for label, names in absent:
        out.append(para(f"{label}: {names}", 10, space_after=0))
    out.append(Spacer(1, 4 * mm))

    if m.agenda:
        items = []
        for item in m.agenda:
            text = f"{to_persian_digits(item.position)}. {item.title}"
            if item.presenter:
                text += f" (ارائه: {item.presenter})"
            items.append(para(text, 10))
        out.append(KeepWithNext(heading("دستور جلسه"), items[0]))
        out += items[1:]
        out.append(Spacer(1, 3 * mm))
    paragraphs = [p for p in (m.summary or "").split("\n") if p.strip()]
    if paragraphs:
        out.append(KeepWithNext(heading("خلاصه مذاکرات"), para(paragraphs[0], 10, space_after=2)))
        out += [para(p, 10, space_after=2) for p in paragraphs[1:]]
        out.append(Spacer(1, 3 * mm))

    if m.resolutions:
        out.append(KeepWithNext(heading("مصوبات"), rtl_table(
            [S.ROW, S.RESOLUTION_TEXT, S.RESPONSIBLE, S.DEADLINE],
            [[r.code, resolution_text(r), _responsible(r), jalali.format_date(r.deadline) or "—"] for r in m.resolutions],
            [14 * mm, BODY_W - 86 * mm, 50 * mm, 22 * mm], align=["center", "right", "right", "center"])))
    else:
        out.append(KeepWithNext(heading("مصوبات"), para("در این جلسه مصوبه‌ای ثبت نشد.")))
    out.append(Spacer(1, 4 * mm))
    files = attachment_lines(m)
    if files:                               # listed by name; the files themselves stay in the .dabir file
        items = [para(f"{to_persian_digits(i)}. {name}", 10) for i, name in enumerate(files, 1)]
        out.append(KeepWithNext(heading(S.ATTACHMENTS), items[0]))
        out += items[1:]
        out.append(Spacer(1, 3 * mm))

    earlier_heading = heading("پیگیری مصوبات جلسات پیشین")
    if data.earlier_open:
        rows = []
        for r in data.earlier_open:
            latest = r.latest_follow_up
            note = f"{jalali.format_date(latest.date)}: {latest.note or ''}" if latest else "—"
            status = S.STATUSES[r.status] + (f" ({S.OVERDUE})" if r.overdue else "")
            rows.append([r.code, r.text, status, note])
        out.append(KeepWithNext(earlier_heading, rtl_table(
            [S.CODE, S.RESOLUTION_TEXT, S.STATUS, S.LATEST], rows, [14 * mm, BODY_W - 104 * mm, 28 * mm, 62 * mm],
            align=["center", "right", "center", "right"],
            highlight_rows=tuple(i for i, r in enumerate(data.earlier_open) if r.overdue))))
    else:
        out.append(KeepWithNext(earlier_heading, para("مصوبه بازی از جلسات پیشین وجود ندارد.")))
    out.append(Spacer(1, 5 * mm))

    box_h = 14 * mm
    signatures = rtl_table([S.ROW, S.NAME, S.POST, S.SIGNATURE],
                           [[to_persian_digits(i), a.person.full_name, a.person.post or "",
                             signature_image(data.signatures.get(a.person.id), 40 * mm, box_h)]
                            for i, a in enumerate(present, 1)],
                           [12 * mm, 55 * mm, BODY_W - 117 * mm, 50 * mm], align=["center", "right", "right", "right"])
    qr = qr_code(f"dabir:meeting:{m.id}:sha256:{fingerprint}")
    note = RTLParagraph(f"شناسه سند: {short(fingerprint)}\nبرای بررسی اصالت: dabir verify", size=9)
    qr_block = Table([[qr, note]], colWidths=[32 * mm, BODY_W - 32 * mm],
                     style=TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    # the QR code follows the signature table's last row on the same page, never alone on the last one
    out.append(KeepWithNext(heading("امضای حاضران"), KeepWithLast(signatures, qr_block, gap=5 * mm)))
    out.append(secretary_signature(person_line(m.secretary)))      # the field `dabir sign` signs into
    return out


def is_draft(m: MeetingDTO) -> bool:
    """Minutes not yet approved: printed marked «پیش‌نویس», and never signed."""
    return m.status != MeetingStatus.APPROVED


_WATERMARK_CACHE: list = []


def _watermark():
    """«پیش‌نویس» as a picture, 120 pt high letters at 45°, grey at 22%: a picture, not text, so that
    copying a draft's text (pdftotext, pdf.js) never picks up its letters, which as text were merged
    into the lines they crossed (3 of 30 resolutions of a draft copied back wrong). Shaped and ordered
    by the text layer's own visual_line and drawn glyph by glyph (Pillow's basic layout: no raqm
    needed); built once per process."""
    if not _WATERMARK_CACHE:
        from PIL import Image, ImageDraw, ImageFont
        from reportlab.lib.utils import ImageReader
        from reports.bidi_text import visual_line
        from reports.fonts import FONT_DIR, _FILES
        scale, size = 4, 120                          # drawn at 4 px per point, for print
        font = ImageFont.truetype(str(FONT_DIR / _FILES[BOLD]), size * scale,
                                  layout_engine=ImageFont.Layout.BASIC)
        text = visual_line(S.DRAFT)
        left, top, right, bottom = font.getbbox(text)
        alpha = Image.new("L", (right - left, bottom - top), 0)
        ImageDraw.Draw(alpha).text((-left, -top), text, font=font, fill=round(255 * 0.22))
        alpha = alpha.rotate(45, expand=True, resample=Image.Resampling.BICUBIC)
        image = Image.new("RGBA", alpha.size, (140, 140, 140, 0))
        image.putalpha(alpha)
        _WATERMARK_CACHE.append((ImageReader(image), alpha.size[0] / scale, alpha.size[1] / scale))
    return _WATERMARK_CACHE[0]


class DraftDocument(DabirDocument):
    """Unapproved minutes: a large grey «پیش‌نویس» across every page, under the text (drawn before the
    page's content), and a line saying so above the letterhead's rule, so that no page of a draft,
    alone or photocopied, passes for the approved minutes."""
    HEADER = colors.HexColor("#b00020")

    def _furniture(self, canv, doc):
        super()._furniture(canv, doc)
        image, w, h = _watermark()
        canv.drawImage(image, (PAGE_W - w) / 2, (PAGE_H - h) / 2, w, h, mask="auto")
        canv.saveState()
        canv.setFillColor(self.HEADER)
        draw_text(canv, S.DRAFT_HEADER, PAGE_W - MARGIN, PAGE_H - MARGIN + 4, BOLD, 10, align="center",
                  x_left=MARGIN)
        canv.restoreState()


def render(data: MinutesData, target) -> str:
    """Write the minutes PDF to `target` (path or binary file); returns the fingerprint. Unapproved
    minutes are marked as a draft on every page (DraftDocument)."""
    m = data.meeting
    fp = meeting_fingerprint(m)
    reference = ((S.NUMBER, to_persian_digits(m.number)), (S.DATE, jalali.format_date(m.date) or "—"),
                 (S.ATTACHMENT, S.HAS if attachment_lines(m) else S.NONE))
    title = f"{S.MINUTES} ({S.DRAFT})" if is_draft(m) else S.MINUTES
    lh = letterhead(data.settings, m.committee.organization, title, short(fp), reference)
    doc = (DraftDocument if is_draft(m) else DabirDocument)(
        target, lh, title=f"{title} {meeting_heading(m)}", subject=S.MINUTES, keywords=stamp(m.id, fp))
    doc.build(story(data, fp))
    return fp
