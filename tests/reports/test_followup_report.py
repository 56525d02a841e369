"""The follow-up report at 50 meetings (issue 24): a summary whose parts add up to the total, headings
never ending a page, the header repeated only where a page starts, the signatures with the last rows,
and a letterhead that names the organisation without any settings. A real .dabir file, the real
report, read back by position with pdfplumber and rendered with poppler."""
import pytest

from app.domain.persian import to_persian_digits
from app.services import demo, resolutions, settings
from app.services.files import open_database
from reports import followup
from app.domain import doc_strings as S

from .rtl_reference import pdf_lines, reference, row_reference
from .test_documents import render_png

HEADER = [S.CODE, S.RESOLUTION_TEXT, S.DEADLINE, S.STATUS, S.LATEST]


@pytest.fixture(scope="module")
def fifty(tmp_path_factory):
    """A file with the demo seed and 50 generated meetings (about 500 resolutions, every status), and
    its report with no settings at all."""
    folder = tmp_path_factory.mktemp("fifty")
    db = open_database(folder / "fifty.dabir", create=True)
    with db.session() as s:
        demo.build_demo(s, scale=50)
        rows = resolutions.list_resolutions(s, status="all")
    data = followup.load(db, status="all")
    db.close()
    out = folder / "report.pdf"
    followup.render(data, out)
    return folder / "fifty.dabir", rows, data, out, pdf_lines(out)


def _summary_page(pages) -> int:
    """The report opens with the per-body chart (issue 26), a page or more at 50 meetings: the summary
    and the groups start on the page after it."""
    labels = [S.TOTAL_RESOLUTIONS] + [S.SUMMARY_PARTS[p] for p in followup.PARTS] + [S.PROGRESS]
    return next(i for i, page in enumerate(pages) if row_reference(labels) in page)


def test_summary_parts_add_up_to_the_total(fifty):
    _, rows, data, _, pages = fifty
    assert len(rows) > 400 and {r.status for r in rows} >= {"pending", "in_progress", "done", "cancelled"}
    n = followup.summary(data.resolutions)
    assert n["total"] == len(rows) == len({r.id for r in rows})
    assert sum(n[p] for p in followup.PARTS) == n["total"]
    assert n["cancelled"] == sum(r.status == "cancelled" for r in rows) > 0
    assert n["overdue"] == sum(r.overdue for r in rows) > 0
    assert n["pending"] == sum(r.status == "pending" and not r.overdue for r in rows)
    assert n["in_progress"] == sum(r.status == "in_progress" and not r.overdue for r in rows)
    # printed: every part under its own label, the numbers as counted
    first = pages[_summary_page(pages)]
    labels = [S.TOTAL_RESOLUTIONS] + [S.SUMMARY_PARTS[p] for p in followup.PARTS] + [S.PROGRESS]
    assert row_reference(labels) in first
    values = [to_persian_digits(n["total"])] + [to_persian_digits(n[p]) for p in followup.PARTS] + \
        [to_persian_digits(n["percent"]) + "٪"]
    assert row_reference(values) in first
    # a resolution with two responsible parties is listed under each: the report says so
    listed = sum(len(g) for _, g in followup.groups(rows))
    assert listed > len(rows)
    assert any(reference("زیر نام هر یک آمده است.") in line for line in first)


def test_headings_header_rows_and_signatures_on_their_pages(fifty):
    _, rows, data, out, pages = fifty
    assert len(pages) > 20
    header = row_reference(HEADER)
    headings = {reference(f"{name} ({to_persian_digits(len(g))} مصوبه)") for name, g in followup.groups(rows)}
    org = reference("استانداری لرستان (نمونه)")      # the seed committees' organisation, no settings
    seen = set()
    start = _summary_page(pages)
    for number, page in enumerate(pages, 1):
        assert page[1] == org and page[2] == reference(S.FOLLOW_UP_REPORT), number   # letterhead
        if number <= start:
            continue                                     # the chart's pages: no table yet
        body = page[3:-1]                                # below the letterhead, above the footer
        assert body, f"page {number} is blank"
        for i, line in enumerate(body):
            if line in headings:
                seen.add(line)
                # a group heading is followed on its page by its table's header and a row
                assert i + 2 < len(body) and body[i + 1] == header, (number, i)
            elif line == header:
                # a header row opens a group's table, or repeats at the top of a page the table runs
                # on to: never restarted mid-page
                assert i == 0 or body[i - 1] in headings, (number, i)
        if number > start + 1 and body[0] not in headings:
            assert body[0] == header, number                 # a table carried over repeats its header
    assert seen == headings
    # the signature block shares the last page with the last group's rows
    last = pages[-1]
    assert any(reference("دبیر کمیته") in line for line in last)
    assert sum(line == header for line in last) >= 1 and len(last) > 8
    render_png(out, out.parent / "report")


def test_letterhead_names_the_secretariat_when_set(fifty, tmp_path):
    path, _, _, _, _ = fifty
    db = open_database(path)
    with db.session() as s:
        settings.update_settings(s, letterhead_title="دبیرخانه شورای برنامه‌ریزی")
    data = followup.load(db, status="open", committee="کمیته اشتغال و سرمایه‌گذاری (نمونه)")
    with db.session() as s:
        settings.update_settings(s, letterhead_title=None)
    db.close()
    out = tmp_path / "one.pdf"
    followup.render(data, out)
    page = pdf_lines(out)[0]
    assert page[1] == reference("استانداری لرستان (نمونه)")
    assert page[2] == reference(f"دبیرخانه شورای برنامه‌ریزی - {S.FOLLOW_UP_REPORT}")
