"""The Word minutes as a document of its own (issue 24): its core properties, no python-docx template
leftovers, a footer with page fields, Persian digits in Persian text (Latin runs keep theirs), the
attachment line from the data, and the title printed once. Built from a real .dabir file and opened
back as a zip and with python-docx."""
import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile

import pytest
from docx import Document

from app.services import attachments, committees, directory, meetings, resolutions, settings
from app.services.exports.minutes_docx import minutes_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _meeting(s, title="بررسی 12 طرح", attach=True, committee="کمیته آزمون ورد") -> str:
    org = directory.get_or_create_organization(s, "استانداری لرستان")
    cid = committees.create_committee(s, committee, organization_id=org.id).id
    pid = directory.create_person(s, "مریم رضایی", post="کارشناس", organization_id=org.id).id
    committees.add_member(s, cid, pid, "secretary")
    mid = meetings.create_meeting(s, cid, date=dt.date(2026, 11, 11), title=title, start="10:30", end="12:00",
                                  location="سالن 3").id
    meetings.update_meeting(s, mid, summary="گواهی ISO 9001:2015 برای 13 خوشه تا 20 آذر تمدید شود.")
    resolutions.add_resolution(s, mid, "تا 15 روز گزارش به info2@x9.ir فرستاده شود.", deadline=dt.date(2027, 1, 5))
    if attach:
        attachments.add_attachment(s, "meeting", mid, "گزارش پیشرفت.pdf", b"%PDF-1.4 example")
    return mid


def _texts(doc) -> list[str]:
    out = [p.text for p in doc.paragraphs]
    out += [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return out


def test_word_minutes_are_a_document_of_their_own(db):
    with db.session() as s:
        settings.update_settings(s, letterhead_title="دبیرخانه شورای برنامه‌ریزی")
        mid = _meeting(s)
    before = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    with db.session() as s:
        data = minutes_docx(s, mid)
    z = zipfile.ZipFile(io.BytesIO(data))
    names = z.namelist()
    assert not [n for n in names if "thumbnail" in n or n.startswith("customXml")], names
    app = z.read("docProps/app.xml").decode()
    assert "Macintosh" not in app and "Microsoft" not in app and "<Application>Dabir</Application>" in app
    types = z.read("[Content_Types].xml").decode()
    assert "thumbnail" not in types and "customXml" not in types and "jpeg" not in types
    cp = Document(io.BytesIO(data)).core_properties
    assert cp.author == cp.last_modified_by == "دبیرخانه شورای برنامه‌ریزی"
    assert cp.title == "صورتجلسه جلسه ۱ کمیته آزمون ورد" and cp.language == "fa-IR"
    created = cp.created if cp.created.tzinfo else cp.created.replace(tzinfo=dt.timezone.utc)
    assert before <= created <= dt.datetime.now(dt.timezone.utc) and cp.modified == cp.created
    assert "python-docx" not in z.read("docProps/core.xml").decode()
    # a footer on every page: «صفحه PAGE از NUMPAGES»
    footer = z.read("word/footer1.xml").decode()
    assert re.findall(r'w:instr=" (\w+) "', footer) == ["PAGE", "NUMPAGES"]
    assert "صفحه" in footer and "footerReference" in z.read("word/document.xml").decode()


def test_word_minutes_digits_attachment_line_and_title(db):
    with db.session() as s:
        mid = _meeting(s)
        data = minutes_docx(s, mid)
    doc = Document(io.BytesIO(data))
    texts = _texts(doc)
    body = "\n".join(texts)
    assert "شماره: ۱" in body and "تاریخ: ۱۴۰۵/۰۸/۲۰" in body and "پیوست: دارد" in body
    assert "بررسی ۱۲ طرح" in texts and "سالن ۳" in body and "۱۰:۳۰ تا ۱۲:۰۰" in body
    assert "گواهی ISO 9001:2015 برای ۱۳ خوشه تا ۲۰ آذر تمدید شود." in texts     # Latin run keeps its digits
    assert "تا ۱۵ روز گزارش به info2@x9.ir فرستاده شود." in body
    assert "۱. گزارش پیشرفت.pdf" in texts
    # every run of Persian text: no ASCII digit outside a token with Latin letters (and a number after one)
    for p in doc.paragraphs:
        for token in p.text.split():
            if re.search(r"[0-9]", token) and not re.search(r"[A-Za-z]", token):
                assert "ISO" in p.text, (token, p.text)

    # no attachments: «پیوست: ندارد»; a title that only repeats the heading is printed once
    with db.session() as s:
        other = _meeting(s, title="جلسه 1 کمیته آزمون ورد دوم", attach=False, committee="کمیته آزمون ورد دوم")
        data = minutes_docx(s, other)
    texts = _texts(Document(io.BytesIO(data)))
    assert "پیوست: ندارد" in "\n".join(texts)
    assert texts.count("جلسه ۱ کمیته آزمون ورد دوم") == 1


def _soffice() -> str:
    exe = shutil.which("soffice")
    if exe is None:
        pytest.fail("LibreOffice is missing: apt-get install libreoffice-writer-nogui (Makefile DEB_PACKAGES)")
    return exe


def test_the_footer_numbers_every_page_in_libreoffice(db, tmp_path):
    """The footer's PAGE and NUMPAGES fields, laid out by LibreOffice (converted to PDF, read back
    with pdftotext): «صفحه k از N» on every page k of N, and the results Dabir writes into the file
    (shown until a reader computes the fields) in Persian digits. LibreOffice's own digits follow its
    Complex Text Layout «Numerals» option, not the file: with the default they are Latin; no field
    switch or page-number format changes that (docs/pdf.md, *Word*)."""
    with db.session() as s:
        mid = _meeting(s)
        for n in range(40):
            resolutions.add_resolution(s, mid, f"مصوبه آزمون شماره {n} برای پر کردن چند صفحه از صورتجلسه ورد.",
                                       deadline=dt.date(2027, 1, 5))
        data = minutes_docx(s, mid)
    footer = zipfile.ZipFile(io.BytesIO(data)).read("word/footer1.xml").decode()
    results = re.findall(r'<w:fldSimple w:instr=" (\w+) ">.*?<w:t[^>]*>([^<]*)</w:t>', footer)
    assert results == [("PAGE", "۱"), ("NUMPAGES", "۱")], results
    docx = tmp_path / "minutes.docx"
    docx.write_bytes(data)
    # a profile of its own: never the user's, and no lock shared with another conversion
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)],
                   check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "minutes.pdf"
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True,
                                                             check=True).stdout).group(1))
    assert pages >= 2
    for k in range(1, pages + 1):
        text = subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout
        text = re.sub("[\u202a-\u202e\u200e\u200f]", "", text)
        found = re.findall(r"صفحه\s*(\d+)\s*از\s*(\d+)", text)
        assert found == [(str(k), str(pages))], (k, found)
