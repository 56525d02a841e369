"""Issue 25, "drafts are marked": minutes of a meeting not yet approved carry «پیش‌نویس» on every
page (a watermark under the text and a header line above the letterhead), approved ones do not; and
`dabir sign` refuses a draft's minutes with one line, exit 2, writing nothing."""
import datetime as dt
import hashlib
import re
import subprocess
import unicodedata

import pdfplumber

from app.services import demo, meetings
from app.services.files import open_database
from reports import minutes
from app.domain import doc_strings as RS

from .rtl_reference import pdf_lines, reference


def minutes_words(text: str) -> list[str]:
    """Persian words of a text, for a copy-back check that layout cannot break (pdftotext wraps runs
    in directional marks, which are dropped first; ZWNJ is part of a word)."""
    text = "".join(ch for ch in text if ch == "\u200c" or unicodedata.category(ch) != "Cf")
    return re.findall("[\u0621-\u064a\u067e-\u06cc\u200c]{3,}", text)


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
    with pdfplumber.open(tmp_path / "draft.pdf") as pdf:                 # the watermark: a large picture
        assert all(any(i["width"] > 300 and i["height"] > 300 for i in page.images) for page in pdf.pages)
    for page in pdf_lines(tmp_path / "approved.pdf"):
        assert not any(reference(RS.DRAFT) in line for line in page)
    with pdfplumber.open(tmp_path / "approved.pdf") as pdf:
        assert not any(i["width"] > 300 for page in pdf.pages for i in page.images)
    # the watermark is a picture, not text: a draft's text copies back as the approved one's does
    # (as 120-pt letters it was merged into the lines it crossed)
    def body(name):
        out = subprocess.run(["pdftotext", "-layout", str(tmp_path / name), "-"], capture_output=True,
                             text=True, check=True).stdout
        return [line for line in out.splitlines() if "شناسه سند" not in line and "صفحه" not in line]
    draft_text, approved_text = body("draft.pdf"), body("approved.pdf")
    assert not any(ch in "".join(draft_text) for ch in "ﺲﯾﻮﻧﺶﯿﭘ")    # no watermark glyphs
    db = open_database(path)
    try:
        with db.session() as s:
            m = meetings.get_meeting(s, draft)
            texts = [a.title for a in m.agenda] + [m.location]
    finally:
        db.close()
    copied = minutes_words("\n".join(draft_text))
    assert texts and all(set(minutes_words(t)) <= set(copied) for t in texts)


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
