"""Issue 25, "drafts are marked": minutes of a meeting not yet approved carry «پیش‌نویس» on every
page (a watermark under the text and a header line above the letterhead), approved ones do not; and
`dabir sign` refuses a draft's minutes with one line, exit 2, writing nothing."""
import datetime as dt
import hashlib

import pdfplumber

from app.services import demo, meetings
from app.services.files import open_database
from reports import minutes
from app.domain import doc_strings as RS

from .rtl_reference import pdf_lines, reference


def _files(tmp_path):
    path = tmp_path / "d.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        demo.build_demo(s)
        approved = meetings.list_meetings(s)[0].id
        draft = meetings.duplicate_meeting(s, approved).id
        meetings.update_meeting(s, draft, date=dt.date(2026, 12, 7))
    db.close()
    return path, approved, draft


def test_draft_minutes_are_marked_on_every_page_and_approved_are_not(tmp_path):
    path, approved, draft = _files(tmp_path)
    db = open_database(path)
    try:
        minutes.render(minutes.load(db, draft), tmp_path / "draft.pdf")
        minutes.render(minutes.load(db, approved), tmp_path / "approved.pdf")
    finally:
        db.close()
    pages = pdf_lines(tmp_path / "draft.pdf")
    assert len(pages) >= 2
    for page in pages:
        assert reference(RS.DRAFT_HEADER) in page                       # the header line
        assert reference(f"{RS.MINUTES} ({RS.DRAFT})") in page          # the letterhead's title
    with pdfplumber.open(tmp_path / "draft.pdf") as pdf:                 # the watermark: 120 pt letters
        assert all(len([c for c in page.chars if c["size"] > 100]) >= 5 for page in pdf.pages)
    for page in pdf_lines(tmp_path / "approved.pdf"):
        assert not any(reference(RS.DRAFT) in line for line in page)
    with pdfplumber.open(tmp_path / "approved.pdf") as pdf:
        assert not any(c["size"] > 100 for page in pdf.pages for c in page.chars)


def test_sign_refuses_a_draft(cli, tmp_path):
    path, approved, draft = _files(tmp_path)
    pdf, signed = tmp_path / "m.pdf", tmp_path / "s.pdf"
    assert cli("minutes", "--db", path, "--meeting", draft, "-o", pdf).returncode == 0
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    r = cli("sign", "--db", path, pdf, "-o", signed)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "draft" in r.stderr and "پیش‌نویس" in r.stderr and "Traceback" not in r.stderr
    assert not signed.exists()
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
