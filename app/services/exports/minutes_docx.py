"""The minutes as a Word document, for an organisation's own letterhead workflow: the PDF's sections
in the same order (details, attendees, agenda, discussion, resolutions, earlier resolutions'
follow-up, signatures), as editable paragraphs and tables.

Right to left is set where Word reads it: every paragraph carries <w:bidi/> (base direction RTL,
so "start" is the right margin), every run <w:rtl/> with Vazirmatn as its complex-script font,
every table <w:bidiVisual/> (first column on the right), and the section <w:bidi/>. No paragraph is
given left/right alignment: Word and LibreOffice read those differently in RTL paragraphs, while
the default (start) is the right margin in both.
"""
import datetime as dt
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from sqlalchemy.orm import Session

from app.domain import jalali
from app.domain.enums import AttendanceStatus
from app.domain.persian import display_digits, to_persian_digits
from app.services import directory, meetings, resolutions, settings
from app.services.dto import MeetingDTO, ResolutionDTO, SettingsDTO
from app.domain import doc_strings as S
from app.domain.wording import (absentees, attachment_lines, attendee_name, meeting_heading, person_line, resolution_text,
                             shows_title, time_span)

FONT = "Vazirmatn"
PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
OVERDUE_SHADE = "FDE2E1"
HEADER_SHADE = "E8EEF4"


def minutes_docx(s: Session, meeting_id: str) -> bytes:
    """The meeting's minutes as .docx bytes (what `dabir minutes --format docx` writes)."""
    m = meetings.get_meeting(s, meeting_id)
    earlier = resolutions.open_resolutions_before(s, meeting_id)
    signatures = {a.person.id: directory.get_signature(s, a.person.id)
                  for a in m.attendance if a.status in PRESENT and a.person.has_signature}
    return build(m, earlier, settings.get_settings(s), {k: v for k, v in signatures.items() if v})


# --- RTL in OOXML ---------------------------------------------------------------------------------

def _flag(parent, tag: str):
    """Add an on/off element such as <w:bidi/> once."""
    if parent.find(qn(tag)) is None:
        parent.append(OxmlElement(tag))


def _fonts(rpr, size: float | None = None, bold: bool = False) -> None:
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if bold:
        _flag(rpr, "w:bCs")
    if size:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(int(size * 2)))
    _flag(rpr, "w:rtl")


def _rtl_paragraph(p, center: bool = False) -> None:
    _flag(p._p.get_or_add_pPr(), "w:bidi")
    if center:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _run(p, text: str, size: float = 11, bold: bool = False, color: str | None = None):
    run = p.add_run(display_digits(text))        # Persian digits, Latin runs' digits as typed
    run.bold = bold or None
    run.font.size = Pt(size)
    run.font.name = FONT
    if color:
        run.font.color.rgb = RGBColor.from_string(color)
    _fonts(run._r.get_or_add_rPr(), size, bold)
    return run


def para(doc_or_cell, text: str = "", size: float = 11, bold: bool = False, center: bool = False,
         space_after: float = 4):
    p = doc_or_cell.add_paragraph()
    _rtl_paragraph(p, center)
    p.paragraph_format.space_after = Pt(space_after)
    p.paragraph_format.space_before = Pt(0)
    for i, line in enumerate(text.split("\n")):
        if i:
            p.add_run().add_break()
        if line:
            _run(p, line, size, bold)
    return p


def heading(doc, text: str, size: float = 12.5):
    p = para(doc, text, size, bold=True, space_after=3)
    p.paragraph_format.space_before = Pt(8)
    p.paragraph_format.keep_with_next = True
    return p


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _cell_text(cell, text, size: float, bold: bool = False, center: bool = False) -> None:
    # a new cell holds one empty paragraph: write into it rather than add a second
    p = cell.paragraphs[0]
    _rtl_paragraph(p, center)
    p.paragraph_format.space_after = Pt(0)
    lines = str(text).split("\n")
    for i, line in enumerate(lines):
        if i:
            p.add_run().add_break()
        if line:
            _run(p, line, size, bold)


def table(doc, header: list[str], rows: list[list], widths_cm: list[float], center_cols=(0,),
          size: float = 9.5, shaded_rows=(), label_column: bool = False):
    """A bordered table whose first column is on the right; the header row repeats on every page."""
    t = doc.add_table(rows=0, cols=len(widths_cm))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _flag(t._tbl.tblPr, "w:bidiVisual")
    if header:
        cells = t.add_row().cells
        for i, h in enumerate(header):
            _cell_text(cells[i], h, size, bold=True, center=True)
            _shade(cells[i], HEADER_SHADE)
        trpr = t.rows[0]._tr.get_or_add_trPr()
        _flag(trpr, "w:tblHeader")
    for n, row in enumerate(rows):
        added = t.add_row()
        _flag(added._tr.get_or_add_trPr(), "w:cantSplit")     # a row stays on one page, as in the PDF
        cells = added.cells
        for i, value in enumerate(row):
            if isinstance(value, bytes):              # a signature image
                run = cells[i].paragraphs[0].add_run()
                run.add_picture(io.BytesIO(value), height=Cm(1.2))
                _rtl_paragraph(cells[i].paragraphs[0])
            else:
                _cell_text(cells[i], value if value is not None else "", size,
                           bold=label_column and i == 0, center=i in center_cols)
            if n in shaded_rows:
                _shade(cells[i], OVERDUE_SHADE)
    # widths in the grid too, with a fixed layout: LibreOffice sizes columns from the grid alone
    t.autofit = False
    for col, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths_cm):
        col.set(qn("w:w"), str(round(w / 2.54 * 1440)))
    for row in t.rows:
        for i, w in enumerate(widths_cm):
            row.cells[i].width = Cm(w)
    return t


# --- the package: python-docx's template leaves its own metadata ------------------------------------

APP_XML = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
           '<Application>Dabir</Application><DocSecurity>0</DocSecurity></Properties>').encode()
LEFTOVERS = ("/metadata/thumbnail", "/relationships/customXml")


def _own_package(doc, title: str, creator: str) -> None:
    """Core properties of this document (python-docx's template says created 2013 by "python-docx"),
    its own app.xml (the template's names "Microsoft Macintosh Word" and counts of an empty page),
    and no template thumbnail or customXml item."""
    for part in (doc.part.package, doc.part):
        for rid, rel in list(part.rels.items()):
            if rel.reltype.endswith(LEFTOVERS):
                del part.rels[rid]
    for rel in doc.part.package.rels.values():
        if rel.reltype.endswith("/extended-properties"):
            rel.target_part._blob = APP_XML
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0, tzinfo=None)
    cp = doc.core_properties
    cp.title, cp.subject, cp.language = title, S.MINUTES, "fa-IR"
    cp.author = cp.last_modified_by = creator
    cp.comments = cp.keywords = cp.category = ""
    cp.created = cp.modified = now
    cp.revision = 1


def _field(p, instr: str, shown: str, size: float) -> None:
    """A field Word and LibreOffice compute when they lay the page out (PAGE, NUMPAGES)."""
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), f" {instr} ")
    run = _run(p, shown, size)
    fld.append(run._r)                          # the run moves into the field as its last result
    p._p.append(fld)


def _footer(doc) -> None:
    """«صفحه n از N», centred at the foot of every page."""
    p = doc.sections[0].footer.paragraphs[0]
    _rtl_paragraph(p, center=True)
    _run(p, "صفحه ", 9)
    _field(p, "PAGE", "1", 9)
    _run(p, " از ", 9)
    _field(p, "NUMPAGES", "1", 9)


# --- the document ----------------------------------------------------------------------------------

def _setup(doc) -> None:
    """A4, the PDF's margins, RTL section; Normal style in Vazirmatn, RTL, Persian language."""
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin = section.bottom_margin = Cm(1.8)
    _flag(section._sectPr, "w:bidi")
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    _fonts(rpr, 11)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "fa-IR")
    lang.set(qn("w:bidi"), "fa-IR")
    rpr.append(lang)
    _flag(normal.element.get_or_add_pPr(), "w:bidi")


def _letterhead(doc, m: MeetingDTO, st: SettingsDTO) -> None:
    org = st.letterhead_org or m.committee.organization or st.office_name or ""
    if st.logo_png:
        p = doc.add_paragraph()
        _rtl_paragraph(p, center=True)
        p.add_run().add_picture(io.BytesIO(st.logo_png), height=Cm(1.8))
    if org:
        para(doc, org, 12, bold=True, center=True, space_after=0)
    title = f"{st.letterhead_title} - {S.MINUTES}" if st.letterhead_title else S.MINUTES
    para(doc, title, 13, bold=True, center=True, space_after=2)
    reference = [(S.NUMBER, to_persian_digits(m.number)), (S.DATE, jalali.format_date(m.date) or "—"),
                 (S.ATTACHMENT, S.HAS if attachment_lines(m) else S.NONE)]
    para(doc, "    ".join(f"{k}: {v}" for k, v in reference), 9.5, center=True, space_after=6)


def build(m: MeetingDTO, earlier: list[ResolutionDTO], st: SettingsDTO | None = None,
          signatures: dict | None = None) -> bytes:
    st = st or SettingsDTO()
    signatures = signatures or {}
    doc = Document()
    _setup(doc)
    _own_package(doc, f"{S.MINUTES} {meeting_heading(m)}",
                 st.letterhead_title or st.office_name or st.letterhead_org or m.committee.organization or "")
    _footer(doc)
    _letterhead(doc, m, st)

    para(doc, meeting_heading(m), 13, bold=True, center=True, space_after=2)
    if shows_title(m):
        para(doc, m.title, 11.5, bold=True, center=True)
    table(doc, [], [["تاریخ", jalali.format_long(m.date) or "—"], ["ساعت", time_span(m)],
                    ["مکان", m.location or "—"], ["رئیس جلسه", person_line(m.chair)],
                    ["دبیر جلسه", person_line(m.secretary)]],
          [3.5, 13.9], center_cols=(), size=10, label_column=True)

    present = [a for a in m.attendance if a.status in PRESENT]
    heading(doc, "حاضران")
    table(doc, [S.ROW, S.NAME, S.POST, S.ORG],
          [[to_persian_digits(i), attendee_name(a), a.person.post or "", a.person.organization or ""]
           for i, a in enumerate(present, 1)], [1.3, 5.2, 5.5, 5.4])
    for i, (label, names) in enumerate([(k, v) for k, v in absentees(m) if v]):
        p = para(doc, f"{label}: {names}", 10, space_after=0)
        if i == 0:
            p.paragraph_format.space_before = Pt(6)     # clear of the table above

    if m.agenda:
        heading(doc, "دستور جلسه")
        for item in m.agenda:
            text = f"{to_persian_digits(item.position)}. {item.title}"
            if item.presenter:
                text += f" (ارائه: {item.presenter})"
            para(doc, text, 10.5, space_after=1)
    if m.summary:
        heading(doc, "خلاصه مذاکرات")
        for paragraph in m.summary.split("\n"):
            if paragraph.strip():
                para(doc, paragraph, 10.5, space_after=3)

    heading(doc, "مصوبات")
    if m.resolutions:
        table(doc, [S.ROW, S.RESOLUTION_TEXT, S.RESPONSIBLE, S.DEADLINE],
              [[r.code, resolution_text(r), "، ".join(p.name for p in r.responsible) or "—",
                jalali.format_date(r.deadline) or "—"] for r in m.resolutions],
              [1.4, 9.2, 4.5, 2.3], center_cols=(0, 3))
    else:
        para(doc, "در این جلسه مصوبه‌ای ثبت نشد.", 10.5)
    files = attachment_lines(m)
    if files:
        heading(doc, S.ATTACHMENTS)
        for i, name in enumerate(files, 1):
            para(doc, f"{to_persian_digits(i)}. {name}", 10.5)

    heading(doc, "پیگیری مصوبات جلسات پیشین")
    if earlier:
        rows = []
        for r in earlier:
            latest = r.latest_follow_up
            note = f"{jalali.format_date(latest.date)}: {latest.note or ''}" if latest else "—"
            rows.append([r.code, r.text, S.STATUSES[r.status] + (f" ({S.OVERDUE})" if r.overdue else ""), note])
        table(doc, [S.CODE, S.RESOLUTION_TEXT, S.STATUS, S.LATEST], rows, [1.4, 7.6, 2.8, 5.6],
              center_cols=(0, 2), shaded_rows=tuple(i for i, r in enumerate(earlier) if r.overdue))
    else:
        para(doc, "مصوبه بازی از جلسات پیشین وجود ندارد.", 10.5)

    heading(doc, "امضای حاضران")
    table(doc, [S.ROW, S.NAME, S.POST, S.SIGNATURE],
          [[to_persian_digits(i), a.person.full_name, a.person.post or "", signatures.get(a.person.id, "")]
           for i, a in enumerate(present, 1)], [1.3, 5.5, 5.6, 5.0], size=10)
    for row in doc.tables[-1].rows[1:]:
        row.height = Cm(1.5)                        # room to sign by hand
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
