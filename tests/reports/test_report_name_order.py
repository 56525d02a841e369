"""Issue 25: the follow-up report lists its bodies in Persian alphabetical order (persian.sort_key,
as the window's lists and the chart do), not in order of first appearance nor by code point (which
puts «پ» after «م» and «ک» after «گ»); a resolution without a body is listed last. Read back from the
PDF's text layer with pdfplumber."""
import datetime as dt

from app.domain.persian import to_persian_digits
from app.services import committees, meetings, resolutions
from app.services.files import open_database
from reports import followup

from .rtl_reference import pdf_lines, reference

# first appearance order: none of them alphabetical, nor their code point order
BODIES = ["یگان حفاظت", "مخابرات", "کشاورزی", "پلیس راه", "گمرک", "آموزش و پرورش", "بهداشت"]
ALPHABETICAL = ["آموزش و پرورش", "بهداشت", "پلیس راه", "کشاورزی", "گمرک", "مخابرات", "یگان حفاظت"]


def test_follow_up_report_orders_bodies_alphabetically(tmp_path):
    path = tmp_path / "order.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته نظم").id
        mid = meetings.create_meeting(s, cid, date=dt.date(2026, 11, 1)).id
        for i, body in enumerate(BODIES, 1):
            resolutions.add_resolution(s, mid, f"مصوبه شماره {i}", [body])
        resolutions.add_resolution(s, mid, "مصوبه بی‌مسئول", [])
    data = followup.load(db, status="all")
    db.close()
    assert sorted(BODIES) != ALPHABETICAL                   # the code points would order them otherwise
    assert [name for name, _ in followup.groups(data.resolutions)] == ALPHABETICAL + [followup.S.NO_RESPONSIBLE]
    out = tmp_path / "report.pdf"
    followup.render(data, out)
    lines = [line for page in pdf_lines(out) for line in page]
    headings = {reference(f"{name} ({to_persian_digits(1)} مصوبه)"): name
                for name in ALPHABETICAL + [followup.S.NO_RESPONSIBLE]}
    printed = [headings[line] for line in lines if line in headings]
    assert printed == ALPHABETICAL + [followup.S.NO_RESPONSIBLE]
