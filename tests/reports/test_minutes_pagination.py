"""Minutes pagination (issue 9): a section heading never ends a page (the «مصوبات» heading used to end
page 1 while its table began on page 2), and the QR block always shares its page with the signature
table (the last page could hold the QR code alone). Real PDFs of many sizes, read back with pdfplumber;
a sample rendered with pdftoppm."""
import dataclasses
import subprocess

import pdfplumber
import pytest

from app.domain.enums import AttendanceStatus
from app.services import committees, directory, meetings, resolutions
from app.services.files import open_database
from reports import minutes
from reports.layout import FOOTER_H, HEADER_H, MARGIN, PAGE_H

BODY_TOP = MARGIN + HEADER_H - 2
BODY_BOTTOM = PAGE_H - MARGIN - FOOTER_H + 2
HEADING_SIZE = 12          # reports.layout.heading: bold 12 pt
WORDS = ("گزارش پیشرفت طرح توسعه خوشه‌های کسب و کار استان با حضور نمایندگان دستگاه‌های اجرایی و "
         "بخش خصوصی بررسی شد و مقرر گردید برنامه زمان‌بندی تا پایان فصل ارائه شود").split()


def text(n: int, seed: int = 0) -> str:
    return " ".join(WORDS[(seed + i) % len(WORDS)] for i in range(n))


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    db = open_database(tmp_path_factory.mktemp("pages") / "pages.dabir", create=True)
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته صفحه‌بندی").id
        for i in range(24):
            pid = directory.create_person(s, f"عضو شماره {i + 1} {text(2, i)}", post=text(3, i + 5)).id
            committees.add_member(s, cid, pid)
        mid = meetings.create_meeting(s, cid, title="جلسه آزمون صفحه‌بندی").id
        for i in range(20):
            resolutions.add_resolution(s, mid, text(14 + i % 9, i), responsible=["استانداری لرستان"])
    loaded = minutes.load(db, mid)
    db.close()
    return loaded


def variant(data, attendees: int, summary_lines: int, resolutions_count: int = 20):
    m = data.meeting
    att = tuple(dataclasses.replace(a, status=AttendanceStatus.PRESENT) for a in m.attendance[:attendees])
    summary = "\n".join(text(22, k) for k in range(summary_lines))
    return dataclasses.replace(data, meeting=dataclasses.replace(
        m, attendance=att, summary=summary, resolutions=m.resolutions[:resolutions_count]))


def headings_ending_pages(pdf) -> list[int]:
    """Pages whose last body line is a section heading (bold 12 pt) with nothing under it."""
    bad = []
    for n, page in enumerate(pdf.pages, 1):
        body = [c for c in page.chars if BODY_TOP < c["top"] and c["bottom"] < BODY_BOTTOM]
        heads = [c for c in body if round(c["size"]) == HEADING_SIZE and "Bold" in c["fontname"]]
        if not heads:
            continue
        lowest = max(c["bottom"] for c in heads)
        if not any(c["top"] > lowest + 1 for c in body):
            bad.append(n)
    return bad


def qr_page_alone(pdf) -> list[int]:
    """Pages where the QR code (many small squares) has no signature-table row above it."""
    bad = []
    for n, page in enumerate(pdf.pages, 1):
        modules = [r for r in page.rects if r["width"] < 4 and r["height"] < 4 and BODY_TOP < r["top"]]
        if len(modules) < 50:
            continue
        qr_top = min(r["top"] for r in modules)
        cells = [c for c in page.chars if BODY_TOP < c["top"] and c["bottom"] < qr_top - 1
                 and round(c["size"]) == 9 and "Bold" not in c["fontname"]]
        if not cells:
            bad.append(n)
    return bad


def render(data, path):
    minutes.render(data, str(path))
    return pdfplumber.open(path)


def test_a_heading_never_ends_a_page(data, tmp_path):
    pages_seen = set()
    for lines in range(0, 30, 2):                     # the sections slide down the page, line by line
        with render(variant(data, 10, lines), tmp_path / f"h{lines}.pdf") as pdf:
            pages_seen.add(len(pdf.pages))
            assert headings_ending_pages(pdf) == [], f"summary of {lines} paragraphs"
    assert len(pages_seen) >= 2                       # the sweep crossed page boundaries


def test_the_qr_code_stays_with_the_signature_table(data, tmp_path):
    for attendees in range(2, 25, 1):
        with render(variant(data, attendees, 3, 6), tmp_path / f"q{attendees}.pdf") as pdf:
            assert qr_page_alone(pdf) == [], f"{attendees} attendees"
            assert headings_ending_pages(pdf) == [], f"{attendees} attendees"


def test_pages_render(data, tmp_path):
    out = tmp_path / "sample.pdf"
    minutes.render(variant(data, 14, 12), str(out))
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(out), str(tmp_path / "page")], check=True)
    pngs = sorted(tmp_path.glob("page-*.png"))
    assert len(pngs) >= 2 and all(p.stat().st_size > 3000 for p in pngs)
