"""The minutes' first lines (issue 24): a title that restates the heading is not printed again, and
the absentees' lines stand clear of the attendance table. The demo file's minutes, read back by
position with pdfplumber."""
import pdfplumber

from app.services import meetings
from app.services.files import open_database
from reports import minutes

from .rtl_reference import pdf_lines, reference
from .test_documents import demo_db  # noqa: F401  (fixture)


def test_title_once_and_absentees_clear_of_the_table(demo_db, tmp_path):  # noqa: F811
    path, m = demo_db
    assert m.committee.name in m.title                     # «نخستین جلسه کمیته …»: restates the heading
    db = open_database(path)
    out = tmp_path / "minutes.pdf"
    minutes.render(minutes.load(db, m.id), out)
    db.close()
    first = pdf_lines(out)[0]
    assert reference(f"جلسه ۱ {m.committee.name}") in first
    assert not any(reference(m.title) in line for line in first)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        words = page.extract_words()
        absent_top = min(w["top"] for w in words if reference("غایبان") in w["text"])
        table_bottom = max(e["bottom"] for e in page.edges if e["bottom"] < absent_top + 1)
    # 7 points between the glyphs' box and the rule, before: the line seemed to sit on the table
    assert absent_top - table_bottom >= 10, (absent_top, table_bottom)


def test_a_title_of_its_own_is_printed(tmp_path):
    db = open_database(tmp_path / "t.dabir", create=True)
    with db.session() as s:
        from app.services import committees
        cid = committees.create_committee(s, "کمیته آزمون").id
        mid = meetings.create_meeting(s, cid, title="بررسی طرح‌های نیمه‌تمام").id
    out = tmp_path / "m.pdf"
    minutes.render(minutes.load(db, mid), out)
    db.close()
    first = pdf_lines(out)[0]
    assert reference("جلسه ۱ کمیته آزمون") in first and reference("بررسی طرح‌های نیمه‌تمام") in first
