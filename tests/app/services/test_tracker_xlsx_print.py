"""The Excel tracker as it prints (issue 24): A4 landscape fitted to one page wide, the header row
repeated on every page, text wrapped in columns of sane width, right to left, and Persian digits in
Persian text. Built from a real .dabir file and opened back with openpyxl and as XML."""
import datetime as dt
import io
import re
import zipfile

import openpyxl

from app.services import committees, meetings, resolutions
from app.services.exports.tracker_xlsx import tracker_xlsx


def test_tracker_prints_landscape_one_page_wide_with_headers_repeated(db):
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته آزمون اکسل").id
        mid = meetings.create_meeting(s, cid, date=dt.date(2026, 11, 11)).id
        for i in range(60):
            resolutions.add_resolution(s, mid, f"گواهی ISO 9001:2015 برای {i + 12} خوشه تا 20 آذر تمدید شود؛ "
                                               "گزارش پیشرفت به دبیرخانه ارسال شود." * 3,
                                       deadline=dt.date(2027, 1, 5))
        data = tracker_xlsx(s, status="all")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws.sheet_view.rightToLeft is True
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9    # A4
    assert ws.sheet_properties.pageSetUpPr.fitToPage is True
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert ws.print_title_rows == "$1:$1"
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/workbook.xml").decode()
    assert re.search(r'<definedName name="_xlnm.Print_Titles" localSheetId="0">.*\$1:\$1</definedName>', xml)
    widths = [ws.column_dimensions[c.column_letter].width for c in ws[1]]
    assert max(widths) <= 40 and sum(widths) <= 200, widths          # was one of 60, 267 in all
    for row in ws.iter_rows(min_row=2):
        assert all(c.alignment.wrap_text for c in row)
    texts = [c.value for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    text_col = [c.value for c in ws[1]].index("شرح مصوبه")
    first = [c.value for c in ws[2]]
    assert first[0] == "۱-۱" and first[text_col].startswith("گواهی ISO 9001:2015 برای ۱۲ خوشه تا ۲۰ آذر تمدید شود؛")
    # Persian text has no ASCII digit outside a Latin run
    for t in texts:
        assert not re.search(r"[0-9]", re.sub(r"ISO 9001:2015", "", t)), t
