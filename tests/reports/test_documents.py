"""The four documents and `dabir verify`: real SQLite files, real PDFs read back with pdfplumber and
compared with GNU FriBidi, rendered to PNG with poppler."""
import datetime as dt
import subprocess

import pdfplumber
import pytest

from app.domain import jalali
from app.services import committees, demo, directory, meetings, resolutions
from app.services.files import open_database
from reports import attendance, minutes
from reports.fingerprint import meeting_fingerprint, short, stamp

from .rtl_reference import assert_reads_as_slices, pdf_lines, reference, row_reference

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("demo") / "demo.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        demo.build_demo(s)
        meeting_id = meetings.list_meetings(s)[0].id
        meeting = meetings.get_meeting(s, meeting_id)
    db.close()
    return path, meeting


def all_lines(pdf) -> list[str]:
    return [line for page in pdf_lines(pdf) for line in page]


def has(lines, text) -> bool:
    """Some line holds FriBidi's form of `text` (table rows put several cells on one line)."""
    ref = reference(text)
    return any(ref in line for line in lines)


def render_png(pdf, out_prefix) -> list:
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out_prefix)], check=True)
    pngs = sorted(out_prefix.parent.glob(out_prefix.name + "-*.png"))
    assert pngs and all(p.read_bytes().startswith(PNG) and p.stat().st_size > 5000 for p in pngs)
    return pngs


def test_minutes_of_the_demo_meeting(cli, demo_db, tmp_path):
    path, m = demo_db
    out = tmp_path / "minutes.pdf"
    r = cli("minutes", "--db", path, "--meeting", m.id, "-o", out)
    assert r.returncode == 0, r.stderr
    pages = pdf_lines(out)
    n = len(pages)
    assert n >= 2
    fp = meeting_fingerprint(m)
    for i, page in enumerate(pages, 1):
        assert any(reference(f"صفحه {i} از {n}") in line and f"Dabir {short(fp)}" in line for line in page)
        assert reference("استانداری لرستان") in page               # letterhead on every page
    lines = [line for page in pages for line in page]
    assert has(lines, f"جلسه ۱ {m.committee.name}")
    assert has(lines, "چهارشنبه ۲۰ آبان ۱۴۰۵") and has(lines, "۱۰:۳۰ تا ۱۲:۰۰")
    assert has(lines, "شماره: ۱") and has(lines, "تاریخ: ۱۴۰۵/۰۸/۲۰") and has(lines, "پیوست: ندارد")
    assert row_reference(["ردیف", "نام و نام خانوادگی", "سمت", "دستگاه"]) in lines
    assert row_reference(["ردیف", "شرح مصوبه", "مسئول اجرا", "مهلت اجرا"]) in lines
    present = [a for a in m.attendance if a.status in ("present", "late")]
    for a in present:
        assert has(lines, a.person.full_name)
    assert has(lines, "غایبان: نرگس حیدری") and has(lines, "غایبان با اطلاع: رضا عبداللهی")
    for r in m.resolutions:
        assert has(lines, jalali.format_date(r.deadline))
    furniture = lambda line: "Dabir" in line or line in (reference("استانداری لرستان"), reference("صورتجلسه"))  # noqa
    for paragraph in m.summary.split("\n"):
        assert_reads_as_slices(lines, paragraph, skip=furniture)
    with pdfplumber.open(out) as pdf:
        assert stamp(m.id, fp) in pdf.metadata["Keywords"]
        assert len(pdf.pages[-1].rects) > 100                      # the QR code's modules
    render_png(out, tmp_path / "minutes")


def test_followup_report(cli, demo_db, tmp_path):
    path, m = demo_db
    out = tmp_path / "report.pdf"
    r = cli("report", "--db", path, "--status", "all", "-o", out)
    assert r.returncode == 0, r.stderr
    lines = all_lines(out)
    res = {r.code: r for r in m.resolutions}
    today = dt.date.today()
    overdue = sum(1 for r in m.resolutions if r.deadline < today and r.status in ("pending", "in_progress"))
    assert row_reference(["کل مصوبات", "در انتظار اقدام", "در حال اجرا", "معوق", "انجام‌شده", "لغوشده",
                          "درصد پیشرفت"]) in lines
    pending = sum(1 for r in m.resolutions if r.status == "pending" and not r.deadline < today)
    assert row_reference(["۳", "۰۱۲۳"[pending], "۰۱۲۳"[3 - overdue - pending], "۰۱۲۳"[overdue], "۰", "۰",
                          "۰٪"]) in lines
    assert has(lines, "شرکت شهرک‌های صنعتی لرستان (۲ مصوبه)")
    assert has(lines, "سازمان جهاد کشاورزی لرستان (۱ مصوبه)")
    assert has(lines, "معوق:") == (overdue > 0)                   # overdue rows are marked
    assert has(lines, "دبیر کمیته") and has(lines, "رئیس کمیته")
    assert has(lines, "فهرست اولیه")                              # latest follow-up note
    assert len(res) == 3
    # filters: one organisation only
    out2 = tmp_path / "org.pdf"
    r = cli("report", "--db", path, "--status", "all", "--org", "سازمان جهاد کشاورزی لرستان",
            "--committee", m.committee.name, "--from", "1405/01/01", "--to", "1405/12/29", "-o", out2)
    assert r.returncode == 0, r.stderr
    lines = all_lines(out2)
    assert has(lines, "سازمان جهاد کشاورزی لرستان (۱ مصوبه)")
    assert not has(lines, "شرکت شهرک‌های صنعتی لرستان (۲ مصوبه)")
    render_png(out, tmp_path / "report")


def test_attendance_sheet_and_invitation(cli, demo_db, tmp_path):
    path, m = demo_db
    sheet, letter = tmp_path / "sheet.pdf", tmp_path / "invite.pdf"
    assert cli("attendance-sheet", "--db", path, "--meeting", m.id, "-o", sheet).returncode == 0
    assert cli("invitation", "--db", path, "--meeting", m.id, "-o", letter).returncode == 0
    lines = all_lines(sheet)
    assert row_reference(["ردیف", "نام و نام خانوادگی", "سمت", "دستگاه", "نقش", "امضا"]) in lines
    for a in m.attendance:
        assert has(lines, a.person.full_name)
    assert has(lines, "مدعو") and has(lines, "رئیس")
    lines = all_lines(letter)
    assert has(lines, "با سلام و احترام،")
    for item in m.agenda:
        assert has(lines, f"{item.position}. {item.title}")
    for a in m.attendance:
        assert has(lines, a.person.full_name)
    assert has(lines, "دعوتنامه")
    render_png(sheet, tmp_path / "sheet")
    render_png(letter, tmp_path / "letter")


def _committee(s, people: int, name="کمیته آزمون صفحه‌بندی"):
    org_names = ["استانداری لرستان", "سازمان جهاد کشاورزی لرستان", "اداره کل میراث فرهنگی، صنایع‌دستی و گردشگری",
                 "شرکت شهرک‌های صنعتی لرستان", "اتاق بازرگانی خرم‌آباد"]
    orgs = [directory.get_or_create_organization(s, n) for n in org_names]
    cid = committees.create_committee(s, name, organization_id=orgs[0].id).id
    for i in range(people):
        pid = directory.create_person(s, f"عضو شماره {i + 1} عبداللهی", post=f"کارشناس مسئول واحد {i + 1}",
                                      organization_id=orgs[i % len(orgs)].id).id
        committees.add_member(s, cid, pid, "chair" if i == 0 else "secretary" if i == 1 else "member")
    return cid, org_names


def test_pagination_40_people_30_resolutions(tmp_path):
    db = open_database(tmp_path / "big.dabir", create=True)
    with db.session() as s:
        cid, orgs = _committee(s, 40)
        mid = meetings.create_meeting(s, cid, date=dt.date(2026, 11, 26), title="جلسه بزرگ", start="09:00",
                                      end="12:30", location="سالن اجتماعات").id
        meetings.update_meeting(s, mid, summary="گزارش طولانی جلسه (CDA) با ۱۳ خوشه. " * 30)
        for i in range(30):
            resolutions.add_resolution(
                s, mid, f"مصوبه شماره {i + 1}: دستگاه‌های اجرایی مرتبط برای عضویت در کمیته معرفی شوند و گزارش "
                        f"پیشرفت (درصد) را تا پایان مهلت به دبیرخانه ارسال کنند.",
                responsible=[orgs[i % len(orgs)]], deadline=dt.date(2027, 1, 1) + dt.timedelta(days=i))
    out = tmp_path / "big.pdf"
    minutes.render(minutes.load(db, mid), out)
    db.close()
    pages = pdf_lines(out)
    n = len(pages)
    assert n >= 4
    for i, page in enumerate(pages, 1):
        assert sum(reference(f"صفحه {i} از {n}") in line for line in page) == 1
    people_header = row_reference(["ردیف", "نام و نام خانوادگی", "سمت", "دستگاه"])
    res_header = row_reference(["ردیف", "شرح مصوبه", "مسئول اجرا", "مهلت اجرا"])
    sign_header = row_reference(["ردیف", "نام و نام خانوادگی", "سمت", "امضا"])
    assert sum(people_header in p for p in pages) >= 2              # header repeated on the next page
    assert sum(res_header in p for p in pages) >= 2
    assert sum(sign_header in p for p in pages) >= 2
    tokens = {tok for page in pages for line in page for tok in line.split()}
    for i in range(1, 31):
        assert reference(f"۱-{i}") in tokens                         # every resolution code printed
    for i in range(1, 41):
        assert any(reference(f"عضو شماره {i} عبداللهی") in line for page in pages for line in page)


@pytest.mark.backends
def test_verify(cli, new_db, tmp_path):
    path = new_db("v")          # a .dabir file, and a central database on a PostgreSQL server
    db = open_database(path, create=True)
    with db.session() as s:
        cid, orgs = _committee(s, 3, "کمیته راستی‌آزمایی")
        mid = meetings.create_meeting(s, cid, date=dt.date(2026, 11, 26), title="جلسه").id
        rid = resolutions.add_resolution(s, mid, "گزارش ارسال شود.", responsible=[orgs[0]]).id
    db.close()
    pdf = tmp_path / "m.pdf"
    assert cli("minutes", "--db", path, "--meeting", mid, "-o", pdf).returncode == 0   # printed: registered
    r = cli("verify", "--db", path, pdf)
    assert r.returncode == 0 and mid in r.stdout
    assert cli("follow-up", "--db", path, "--resolution", rid, "--status", "done").returncode == 0
    assert cli("verify", "--db", path, pdf).returncode == 0     # follow-ups do not alter the minutes
    db = open_database(path)
    with db.session() as s:
        meetings.approve_meeting(s, mid)
        chair = meetings.get_meeting(s, mid).chair
    db.close()
    assert cli("verify", "--db", path, pdf).returncode == 0     # nor does approving them
    db = open_database(path)
    with db.session() as s:
        directory.update_person(s, chair.id, full_name="نام اصلاح‌شده رئیس")
    db.close()
    r = cli("verify", "--db", path, pdf)
    assert r.returncode == 2 and "changed" in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    other = tmp_path / "other.pdf"
    attendance.render(attendance.SheetData(minutes.load(open_database(path), mid).meeting, ()), other)
    r = cli("verify", "--db", path, other)
    assert r.returncode == 2 and "no Dabir fingerprint" in r.stderr
    (tmp_path / "fake.pdf").write_text("not a pdf")
    r = cli("verify", "--db", path, tmp_path / "fake.pdf")
    assert r.returncode == 2 and "not a PDF" in r.stderr


def test_document_errors_exit_2_and_write_nothing(cli, demo_db, tmp_path):
    path, m = demo_db
    out = tmp_path / "x.pdf"
    for args in (["minutes", "--meeting", "no-such-id", "-o", out],
                 ["invitation", "--meeting", m.id, "-o", tmp_path / "missing" / "x.pdf"],
                 ["report", "--from", "1405/13/40", "-o", out],
                 ["report", "--committee", "کمیته ناموجود", "-o", out],
                 ["report", "--status", "whatever", "-o", out]):
        r = cli(*args[:1], "--db", path, *args[1:])
        assert r.returncode == 2, (args, r.stderr)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.glob(".dabir-*")) == []


def test_signature_image_in_the_minutes(tmp_path):
    import io

    path = tmp_path / "sig.dabir"
    png = _tiny_png()
    db = open_database(path, create=True)
    with db.session() as s:
        cid, _ = _committee(s, 2, "کمیته امضا")
        mid = meetings.create_meeting(s, cid, date=dt.date(2026, 11, 26)).id
        chair = meetings.get_meeting(s, mid).chair
        directory.set_signature(s, chair.id, png)
    data = minutes.load(db, mid)
    db.close()
    assert set(data.signatures) == {chair.id}
    buf = io.BytesIO()
    minutes.render(data, buf)
    with pdfplumber.open(io.BytesIO(buf.getvalue())) as pdf:
        # one signature; a draft's «پیش‌نویس» watermark (a page-sized picture on every page) aside
        assert sum(1 for p in pdf.pages for i in p.images if i["width"] < 300) == 1


def _tiny_png() -> bytes:
    import struct
    import zlib
    w, h = 40, 12
    raw = b"".join(b"\x00" + bytes([0 if (x + y) % 7 == 0 else 255 for x in range(w)]) for y in range(h))
    def chunk(tag, data):
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))
    return (PNG + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))
