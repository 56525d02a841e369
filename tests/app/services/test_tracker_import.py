"""Issue 26: hand-kept Excel trackers, built here with openpyxl in the shapes secretariats keep them
(a title above the header, the header starting in column B, meeting dates merged down their rows,
two digit sets with and without padding, several bodies per cell, a comma in an organisation's name,
blank and total rows), imported as a real process and read back row by row."""
import datetime as dt
import hashlib

import openpyxl
import pytest

from app.domain.enums import ResolutionStatus
from app.domain.jalali import parse_date as J
from app.services import committees, directory, resolutions, search
from app.services.files import open_database
from app.services.tracker_import import read_tracker

COMMITTEE = "کمیته آب استان"
SAMT = "سازمان صنعت، معدن و تجارت"
HEADER = ["ردیف", "تاریخ جلسه", "شماره جلسه", "شرح مصوبه", "مسئول اجرا", "مهلت", "وضعیت", "توضیحات"]


def tracker(path, rows, header=HEADER, title=True, col=2, merges=(), sheet_name="پیگیری"):
    """A workbook: a sheet before ours, then ours with an optional title row (merged), a blank row,
    the header at column `col`, and `rows`; `merges` are (first row index, last row index, header name)
    to merge down, in `rows` indexes."""
    wb = openpyxl.Workbook()
    wb.active.title = "راهنما"
    wb["راهنما"]["A1"] = "این برگه راهنماست"
    ws = wb.create_sheet(sheet_name)
    top = 1
    if title:
        ws.cell(1, col, "پیگیری مصوبات کمیته آب ۱۴۰۳")
        ws.merge_cells(start_row=1, start_column=col, end_row=1, end_column=col + len(header) - 1)
        top = 3
    for j, h in enumerate(header):
        ws.cell(top, col + j, h)
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            if v is not None:
                ws.cell(top + 1 + i, col + j, v)
    for first, last, name in merges:
        c = col + header.index(name)
        ws.merge_cells(start_row=top + 1 + first, start_column=c, end_row=top + 1 + last, end_column=c)
    wb.save(path)
    return path


ROWS = [  # ردیف، تاریخ جلسه، شماره، شرح، مسئول، مهلت، وضعیت، توضیحات
    [1, "۱۴۰۳/۵/۷", "۱۲", "لایروبی رودخانه خرم‌رود", "استانداری\nجهاد کشاورزی", "۱۴۰۳/۶/۳۱", "انجام شد",
     "گزارش پایانی رسید"],
    [2, None, None, "تأمین اعتبار طرح آبرسانی", "سازمان صنعت، معدن و تجارت", "1403/07/15", "در دست اقدام", None],
    [3, None, None, "بازدید از سد مروک", "آب منطقه‌ای / محیط زیست؛ استانداری", None, None,
     "هماهنگی با فرمانداری انجام شد"],
    [None, None, None, None, None, None, None, None],                                   # blank (inside the merge)
    [4, "1403/08/09", 13, "جمع‌آوری آمار چاه‌های غیرمجاز", "جهاد كشاورزي", "مستمر", "انجام‌شده", None],
    [5, None, None, "تهیه گزارش خشکسالی", "محیط زیست", "1403/9/1", "لغو شد", "با تصمیم رئیس منتفی شد"],
    [6, None, None, "پیگیری سهمیه آب کشاورزی", "مریم احمدی", "۱۴۰۳/۰۹/۳۰", "معوق", None],
    [7, None, None, "برگزاری کارگاه آموزشی", "استانداری", "1403/10/01", "شروع نشده", None],
    [8, "۱۴۰۳/۰۷/۰۱", "۱۱", "ارسال فهرست پروژه‌ها", "استانداری", "۱۴۰۳/۰۷/۱۰", "در حال پیگیری", None],
    [None, None, None, None, None, None, None, None],
    ["جمع کل", None, None, None, None, None, 8, None],
]
MERGES = [(0, 3, "تاریخ جلسه"), (0, 3, "شماره جلسه"), (4, 7, "تاریخ جلسه"), (4, 7, "شماره جلسه")]

# what every row must become: (meeting number, meeting date, text, bodies, deadline, status, notes)
EXPECTED = [
    (12, "1403/05/07", "لایروبی رودخانه خرم‌رود", ["استانداری", "جهاد کشاورزی"], "1403/06/31", "done",
     ["گزارش پایانی رسید"]),
    (12, "1403/05/07", "تأمین اعتبار طرح آبرسانی", [SAMT], "1403/07/15", "in_progress", []),
    (12, "1403/05/07", "بازدید از سد مروک", ["آب منطقه‌ای", "محیط زیست", "استانداری"], None, "pending",
     ["هماهنگی با فرمانداری انجام شد"]),
    (11, "1403/07/01", "ارسال فهرست پروژه‌ها", ["استانداری"], "1403/07/10", "in_progress", []),
    (13, "1403/08/09", "جمع‌آوری آمار چاه‌های غیرمجاز", ["جهاد کشاورزی"], None, "done", []),
    (13, "1403/08/09", "تهیه گزارش خشکسالی", ["محیط زیست"], "1403/09/01", "cancelled", ["با تصمیم رئیس منتفی شد"]),
    (13, "1403/08/09", "پیگیری سهمیه آب کشاورزی", ["مریم احمدی"], "1403/09/30", "pending", []),
    (13, "1403/08/09", "برگزاری کارگاه آموزشی", ["استانداری"], "1403/10/01", "pending", []),
]


@pytest.fixture
def dabir(tmp_path):
    """A file whose directory already knows the comma-named organisation and a staff member."""
    path = tmp_path / "t.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        samt = directory.create_organization(s, SAMT).id
        directory.create_person(s, "مریم احمدی", organization_id=samt)
        directory.create_organization(s, "جهاد کشاورزی")
    db.close()
    return path


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(path):
    from app.domain.jalali import format_date
    db = open_database(path)
    with db.session() as s:
        cid = committees.find_committee(s, COMMITTEE).id
        rows = resolutions.list_resolutions(s, committee_id=cid, status="all")
        got = [(r.meeting_number, format_date(r.meeting_date, False), r.text, [p.name for p in r.responsible],
                format_date(r.deadline, False) or None, r.status.value, [f.note for f in r.follow_ups])
               for r in rows]
        hits = search.search(s, "فرمانداری")
        orgs = [o.name for o in directory.list_organizations(s)]
    db.close()
    return got, hits, orgs


def test_import_tracker_every_row(cli, tmp_path, dabir):
    xlsx = tracker(tmp_path / "tracker.xlsx", ROWS, merges=MERGES)
    r = cli("import-xlsx", "--db", dabir, "--committee", COMMITTEE, "--sheet", "پیگیری", xlsx)
    assert r.returncode == 0, r.stderr
    assert "8 resolutions added" in r.stdout and "3 meetings" in r.stdout
    got, hits, orgs = _rows(dabir)
    assert got == EXPECTED
    assert [h.kind for h in hits] == ["follow_up"]             # the notes are searchable
    assert orgs.count(SAMT) == 1 and "سازمان صنعت" not in orgs  # the comma name stayed one body
    # the same tracker again: nothing added, nothing changed
    again = cli("import-xlsx", "--db", dabir, "--committee", COMMITTEE, "--sheet", "پیگیری", xlsx)
    assert again.returncode == 0 and "0 meetings and 0 resolutions added; 8 rows were already there" in again.stdout
    assert _rows(dabir)[0] == EXPECTED


def test_first_sheet_no_title_header_in_column_a_and_variant_words(tmp_path, dabir, cli):
    header = ["ردیف", "تاريخ برگزاری", "شرح مصوبات", "مسؤول اجرا", "مهلت اجرا", "وضعیت:", "ملاحظات"]
    rows = [[1, "1403/1/5", "تعمیر پل", "راه و شهرسازی", "14030210", "", "—"],
            [2, "1403/1/5", "خرید تجهیزات", "استانداری", None, "اتمام", None]]
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(tmp_path / "plain.xlsx")
    t = read_tracker(tmp_path / "plain.xlsx")
    assert t.header_row == 1 and t.columns["text"] == 3 and "meeting_number" not in t.columns
    assert [(r.text, r.deadline, r.status) for r in t.rows] == [
        ("تعمیر پل", J("1403/02/10"), ResolutionStatus.PENDING), ("خرید تجهیزات", None, ResolutionStatus.DONE)]
    r = cli("import-xlsx", "--db", dabir, "--committee", COMMITTEE, tmp_path / "plain.xlsx")
    assert r.returncode == 0, r.stderr
    got = _rows(dabir)[0]
    assert [(g[0], g[1], g[2]) for g in got] == [(1, "1403/01/05", "تعمیر پل"), (1, "1403/01/05", "خرید تجهیزات")]
    assert got[0][6] == ["—"]          # a note is kept as written


@pytest.mark.parametrize("change, words", [
    # (row index, column, value) -> what the one line must say
    ((1, 6, "نیمه‌کاره"), ["row 5", "نیمه‌کاره"]),                    # unknown status word
    ((4, 1, dt.datetime(2024, 10, 30)), ["row 8", "Gregorian"]),      # Excel read a Gregorian date
    ((4, 1, "2024/10/30"), ["row 8", "1403/08/09"]),                  # typed Gregorian: the Jalali suggested
    ((5, 5, "1403/07/31"), ["row 9", "does not exist"]),              # Mehr has 30 days
    ((8, 3, "کار"), ["row 12", "empty"]),                             # a row with no description
])
def test_bad_rows_refused_with_row_number_nothing_written(cli, tmp_path, dabir, change, words):
    rows = [list(r) for r in ROWS]
    i, j, v = change
    rows[i][j] = v
    if j == 3:                             # a row whose description is missing, but not the rest
        rows[i] = [9, "1403/10/01", 14, None, "استانداری", None, None, None]
    xlsx = tracker(tmp_path / "bad.xlsx", rows, merges=[m for m in MERGES if not (m[0] <= i <= m[1]) or j != 1])
    before = _digest(dabir)
    r = cli("import-xlsx", "--db", dabir, "--committee", COMMITTEE, "--sheet", "پیگیری", xlsx)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert all(w in r.stderr for w in words), r.stderr
    assert _digest(dabir) == before


def test_missing_required_column_refused(cli, tmp_path, dabir):
    header = [h for h in HEADER if h != "شرح مصوبه"]
    xlsx = tracker(tmp_path / "nodesc.xlsx", [r[:3] + r[4:] for r in ROWS[:3]], header=header)
    before = _digest(dabir)
    r = cli("import-xlsx", "--db", dabir, "--committee", COMMITTEE, "--sheet", "پیگیری", xlsx)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1
    assert "شرح مصوبه" in r.stderr and "description" in r.stderr
    assert _digest(dabir) == before
    for args in (("--sheet", "ناموجود", xlsx), (tmp_path / "missing.xlsx",), (dabir,)):   # not a workbook
        r = cli("import-xlsx", "--db", dabir, "--committee", COMMITTEE, *args)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert _digest(dabir) == before


def test_preview_writes_nothing_and_agrees_with_the_import(tmp_path, dabir):
    from app.services.tracker_import import import_tracker, preview_import
    t = read_tracker(tracker(tmp_path / "tracker.xlsx", ROWS, merges=MERGES), "پیگیری")
    before = _digest(dabir)
    db = open_database(dabir)
    seen = preview_import(db, COMMITTEE, t)
    db.close()
    assert (len(seen.meetings_created), len(seen.resolutions_created), seen.rows_already_there) == (3, 8, ())
    assert len(seen.organisations_created) == 3            # استانداری، آب منطقه‌ای، محیط زیست
    assert _digest(dabir) == before
    db = open_database(dabir)
    with db.session() as s:
        done = import_tracker(s, COMMITTEE, t)
    again = preview_import(db, COMMITTEE, t)
    db.close()
    assert len(done.resolutions_created) == 8 and len(again.resolutions_created) == 0
    assert sorted(again.rows_already_there) == [r.row for r in t.rows]


def test_a_comma_separates_known_bodies_and_never_cuts_a_name(dabir):
    """The window's rule (app/domain/names) in a tracker's cell: «،» separates only between known
    names; a known name holding «،» is one body, and an unknown run stays one name as typed."""
    from app.services.tracker_import import match_bodies
    db = open_database(dabir)
    with db.session() as s:
        ids = {o.name: o.id for o in directory.list_organizations(s)}
        both = match_bodies(s, f"جهاد کشاورزی، {SAMT}")
        unknown = match_bodies(s, "شرکت آب و فاضلاب، شعبه خرم‌آباد")
        mixed = match_bodies(s, f"{SAMT}، شرکت تازه / جهاد کشاورزی")
    db.close()
    assert both == [("organization", ids["جهاد کشاورزی"]), ("organization", ids[SAMT])]
    assert unknown == ["شرکت آب و فاضلاب، شعبه خرم‌آباد"]
    assert mixed == [("organization", ids[SAMT]), "شرکت تازه", ("organization", ids["جهاد کشاورزی"])]
