"""Exports (issue 14): the tracker opened back with openpyxl, the minutes' Word XML read for its
right-to-left properties, the invitation parsed back with icalendar; and default file names."""
import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import openpyxl
import pytest

pytestmark = pytest.mark.backends
from docx import Document
from docx.oxml.ns import qn
from icalendar import Calendar

from app.domain import jalali
from app.domain.errors import NotFoundError, ValidationError
from app.services import demo, meetings, resolutions
from app.services.exports.invitation_ics import invitation_ics
from app.services.exports.minutes_docx import minutes_docx
from app.services.exports.tracker_xlsx import COLUMNS, filter_ids, tracker_xlsx
from app.services.naming import meeting_file_name, report_file_name, safe_file_name


@pytest.fixture
def demo_db(db):
    with db.session() as s:
        demo.build_demo(s)
    return db


def _first(db):
    with db.session() as s:
        return meetings.get_meeting(s, meetings.list_meetings(s)[-1].id)


def test_tracker_xlsx_is_rtl_with_jalali_and_real_dates_and_overdue_marked(demo_db):
    today = dt.date(2026, 12, 20)       # after the demo's first two deadlines: two overdue resolutions
    with demo_db.session() as s:
        expected = resolutions.list_resolutions(s, status="all", today=today)
        data = tracker_xlsx(s, status="all", today=today)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.sheet_view.rightToLeft is True
    assert ws.freeze_panes == "A2"
    headers = [c.value for c in ws[1]]
    assert headers == [c[0] for c in COLUMNS] and ws[1][0].font.bold
    assert all(ws.column_dimensions[chr(ord("A") + i)].width == COLUMNS[i][1] for i in range(len(COLUMNS)))
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert len(rows) == len(expected) == 3
    col = {h: i for i, h in enumerate(headers)}
    for row, r in zip(rows, expected):
        assert row[col["کد"]] == r.code and row[col["شرح مصوبه"]] == r.text
        assert row[col["تاریخ جلسه"]] == "۱۴۰۵/۰۸/۲۰"                       # Jalali, as text
        assert row[col["تاریخ جلسه (میلادی)"]].date() == r.meeting_date == dt.date(2026, 11, 11)
        assert row[col["مهلت اجرا (میلادی)"]].date() == r.deadline               # a real date Excel sorts
        assert row[col["مهلت اجرا"]] == jalali.format_date(r.deadline)
        assert (row[col["معوق"]] == "بله") == r.overdue
    overdue = [i for i, r in enumerate(expected) if r.overdue]
    assert len(overdue) == 2
    for i, r in enumerate(expected):
        fill = ws.cell(row=i + 2, column=1).fill.fgColor.rgb
        assert fill.endswith("FDE2E1") == r.overdue
    assert ws.cell(row=2, column=col["مهلت اجرا (میلادی)"] + 1).number_format == "yyyy-mm-dd"


def test_tracker_xlsx_uses_the_report_filters(demo_db):
    with demo_db.session() as s:
        ids = filter_ids(s, committee="كمیته توسعه خوشه‌های کسب و کار", organization="شرکت شهرک‌های صنعتی لرستان")
        only = tracker_xlsx(s, status="all", **ids)
        assert len(list(openpyxl.load_workbook(io.BytesIO(only)).active.iter_rows(min_row=2))) == \
            resolutions.count_resolutions(s, status="all", **ids) == 2
        done = tracker_xlsx(s, status="done")
        assert openpyxl.load_workbook(io.BytesIO(done)).active.max_row == 1      # the header alone
        with pytest.raises(NotFoundError, match="نیست|not found"):
            filter_ids(s, committee="کمیته‌ای که نیست")


def test_minutes_docx_paragraphs_and_runs_are_rtl_in_vazirmatn_with_the_pdf_sections(demo_db):
    m = _first(demo_db)
    with demo_db.session() as s:
        data = minutes_docx(s, m.id)
    doc = Document(io.BytesIO(data))
    body = [p for p in doc.paragraphs if p.text.strip()]
    assert body and all(p._p.pPr.find(qn("w:bidi")) is not None for p in body)
    runs = [r for p in body for r in p.runs if r.text]
    assert all(r._r.rPr.find(qn("w:rtl")) is not None for r in runs)
    assert {r._r.rPr.find(qn("w:rFonts")).get(qn("w:cs")) for r in runs} == {"Vazirmatn"}
    # no left/right alignment: in an RTL paragraph Word and LibreOffice disagree on what those mean
    assert {p.alignment for p in body} <= {None, 1}                         # start, or centred
    texts = [p.text for p in body]
    for section in ("حاضران", "دستور جلسه", "خلاصه مذاکرات", "مصوبات", "پیگیری مصوبات جلسات پیشین",
                    "امضای حاضران"):
        assert section in texts
    assert texts.index("حاضران") < texts.index("دستور جلسه") < texts.index("مصوبات") < texts.index("امضای حاضران")
    assert f"جلسه ۱ {m.committee.name}" in texts and m.agenda[0].title in texts[texts.index("دستور جلسه") + 1]
    details, present, res, sign = doc.tables[0], doc.tables[1], doc.tables[2], doc.tables[-1]
    assert all(t._tbl.tblPr.find(qn("w:bidiVisual")) is not None for t in doc.tables)
    assert details.cell(0, 0).text == "تاریخ" and "آبان ۱۴۰۵" in details.cell(0, 1).text
    assert [c.text for c in res.rows[0].cells] == ["ردیف", "شرح مصوبه", "مسئول اجرا", "مهلت اجرا"]
    assert [row.cells[1].text for row in res.rows[1:]] == [r.text for r in m.resolutions]
    assert len(sign.rows) - 1 == len(present.rows) - 1 == sum(a.status.value in ("present", "late")
                                                              for a in m.attendance)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert xml.count("<w:bidi/>") >= len(body) and "<w:rtl/>" in xml and "<w:bidiVisual/>" in xml
    styles = zipfile.ZipFile(io.BytesIO(data)).read("word/styles.xml").decode()
    assert 'w:bidi="fa-IR"' in styles and 'w:cs="Vazirmatn"' in styles


def test_invitation_ics_parses_back_in_tehran_time_with_agenda_and_attendees(demo_db):
    m = _first(demo_db)
    with demo_db.session() as s:
        data = invitation_ics(s, m.id)
    cal = Calendar.from_ical(data)
    tz = cal.walk("VTIMEZONE")
    assert [t["TZID"] for t in tz] == ["Asia/Tehran"]
    (ev,) = cal.walk("VEVENT")
    assert ev["DTSTART"].params["TZID"] == "Asia/Tehran"
    start = ev.decoded("DTSTART")
    assert start == dt.datetime(2026, 11, 11, 10, 30, tzinfo=ZoneInfo("Asia/Tehran"))
    assert start.utcoffset() == dt.timedelta(hours=3, minutes=30)
    assert ev.decoded("DTEND") - start == dt.timedelta(minutes=90)
    assert str(ev["SUMMARY"]).startswith(f"جلسه ۱ {m.committee.name}")
    assert str(ev["LOCATION"]) == m.location
    description = str(ev["DESCRIPTION"])
    assert all(item.title in description for item in m.agenda)
    attendees = ev.get("ATTENDEE")
    assert [a.params["CN"] for a in attendees] == [a.person.full_name for a in m.attendance]
    assert attendees[0].params["ROLE"] == "CHAIR"
    with demo_db.session() as s:
        undated = meetings.create_meeting(s, m.committee.id).id
        meetings.update_meeting(s, undated, date=None)
        with pytest.raises(ValidationError, match="no date") as refused:
            invitation_ics(s, undated)
        assert "تاریخ ندارد" in refused.value.fa
        # no start time: 09:00 for two hours, still in Tehran time
        ev = Calendar.from_ical(invitation_ics(s, meetings.create_meeting(s, m.committee.id,
                                                                          date=dt.date(2026, 7, 1)).id))
        ev = ev.walk("VEVENT")[0]
        assert ev.decoded("DTSTART") == dt.datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Asia/Tehran"))


def test_default_file_names():
    day = dt.date(2026, 11, 11)
    assert meeting_file_name("minutes", "کمیته توسعه خوشه‌های کسب و کار", 1, day) == \
        "صورتجلسه-کمیته توسعه خوشه‌های کسب و کار-۱-۱۴۰۵-۰۸-۲۰.pdf"
    assert meeting_file_name("invitation", "شورا", 12, day, "ics") == "دعوتنامه-شورا-۱۲-۱۴۰۵-۰۸-۲۰.ics"
    assert report_file_name("tracker", None, day, "xlsx") == "پیگیری مصوبات-۱۴۰۵-۰۸-۲۰.xlsx"
    assert report_file_name("report", "شورا", day) == "گزارش پیگیری مصوبات-شورا-۱۴۰۵-۰۸-۲۰.pdf"
    # nothing Windows refuses, however the committee was named
    bad = meeting_file_name("minutes", 'کمیته "ویژه": بند ۲/۳ <الف>|ب*؟? \\ج.', 3, day, "docx")
    assert not set('/\\:*?"<>|') & set(bad) and bad.endswith("-۳-۱۴۰۵-۰۸-۲۰.docx")
    assert safe_file_name("CON", "pdf") == "dabir-CON.pdf" and safe_file_name(" .. ", "pdf") == "dabir.pdf"
    long = meeting_file_name("minutes", "کمیته " + "بسیار " * 40, 1, day)
    assert len(long) <= 150 and "کمیته بسیار" in long and long.endswith("-۱-۱۴۰۵-۰۸-۲۰.pdf")
    zwnj = meeting_file_name("minutes", "خوشه‌ها", 1, None)
    assert zwnj == "صورتجلسه-خوشه\u200cها-۱.pdf"


def _png(width: int, height: int) -> bytes:
    """A real (grey) PNG, written with zlib alone."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    raw = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def test_minutes_docx_carries_the_logo_and_signatures_like_the_pdf(demo_db):
    from app.services import directory, settings
    m = _first(demo_db)
    signer = next(a.person for a in m.attendance if a.status.value == "present")
    with demo_db.session() as s:
        settings.update_settings(s, logo_png=_png(40, 40), letterhead_org="سازمان آزمون")
        directory.set_signature(s, signer.id, _png(120, 40))
        data = minutes_docx(s, m.id)
    doc = Document(io.BytesIO(data))
    assert doc.paragraphs[1].text == "سازمان آزمون"
    assert len(doc.inline_shapes) == 2                          # the logo and one signature
    sign = doc.tables[-1]
    row = next(r for r in sign.rows if r.cells[1].text == signer.full_name)
    assert row.cells[3]._tc.xml.count("<pic:pic") == 1
