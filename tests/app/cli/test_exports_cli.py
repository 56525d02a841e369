"""Issue 14 on the command line, as real processes: export-xlsx with report's filters, minutes as
.docx and the invitation as .ics under their default names, duplicate printing the new id, and
mistakes exiting 2 with one line and the file untouched."""
import hashlib
import io
import json

import openpyxl
from docx import Document
from icalendar import Calendar

from tests.conftest import _run_cli

COMMITTEE = "کمیته توسعه خوشه‌های کسب و کار"


def _demo(cli, tmp_path):
    db = tmp_path / "demo.dabir"
    assert cli("demo", "--db", db).returncode == 0
    first = json.loads(cli("list", "meetings", "--db", db, "--json").stdout)[0]
    return db, first["id"]


def test_exports_and_duplicate(cli, tmp_path):
    db, mid = _demo(cli, tmp_path)
    out = tmp_path / "tracker.xlsx"
    r = cli("export-xlsx", "--db", db, "--committee", COMMITTEE, "--status", "all", "--from", "۱۴۰۵/۰۸/۰۱",
            "--to", "1405/08/30", "-o", out)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == str(out)
    ws = openpyxl.load_workbook(out).active
    assert ws.sheet_view.rightToLeft and ws.max_row == 1 + 3
    empty = tmp_path / "none.xlsx"
    assert cli("export-xlsx", "--db", db, "--from", "1406/01/01", "-o", empty).returncode == 0
    assert openpyxl.load_workbook(empty).active.max_row == 1

    # without -o: the default names, in the current folder
    here = tmp_path / "out"
    here.mkdir()
    docx = _run_cli("minutes", "--db", db, "--meeting", mid, "--format", "docx", cwd=here)
    assert docx.returncode == 0, docx.stderr
    name = f"صورتجلسه-{COMMITTEE}-۱-۱۴۰۵-۰۸-۲۰.docx"
    assert docx.stdout.strip() == name and (here / name).exists()
    doc = Document(io.BytesIO((here / name).read_bytes()))
    assert "<w:bidi/>" in doc.paragraphs[0]._p.xml and "جلسه ۱" in "".join(p.text for p in doc.paragraphs)
    ics = _run_cli("invitation", "--db", db, "--meeting", mid, "--format", "ics", cwd=here)
    assert ics.returncode == 0, ics.stderr
    event = Calendar.from_ical((here / ics.stdout.strip()).read_bytes()).walk("VEVENT")[0]
    assert ics.stdout.strip().startswith("دعوتنامه-") and event["DTSTART"].params["TZID"] == "Asia/Tehran"
    pdf = _run_cli("attendance-sheet", "--db", db, "--meeting", mid, cwd=here)
    assert pdf.returncode == 0 and pdf.stdout.strip() == f"فهرست حضور و غیاب-{COMMITTEE}-۱-۱۴۰۵-۰۸-۲۰.pdf"
    assert (here / pdf.stdout.strip()).read_bytes().startswith(b"%PDF")

    dup = cli("duplicate", "--db", db, "--meeting", mid, "--date", "۱۴۰۵/۰۹/۲۰")
    assert dup.returncode == 0, dup.stderr
    new_id = dup.stdout.strip()
    rows = {m["id"]: m for m in json.loads(cli("list", "meetings", "--db", db, "--json").stdout)}
    assert rows[new_id]["number"] == 2 and rows[new_id]["status"] == "draft"
    assert rows[new_id]["date"] == "1405/09/20" and rows[new_id]["title"] == rows[mid]["title"]
    exported = json.loads(cli("export", "--db", db, "--meeting", new_id).stdout)
    original = json.loads(cli("export", "--db", db, "--meeting", mid).stdout)
    assert exported["agenda"] == original["agenda"] and exported["resolutions"] == []
    assert [a["name"] for a in exported["attendees"]] == [a["name"] for a in original["attendees"]]


def test_export_mistakes_exit_2_and_leave_the_file_alone(cli, tmp_path):
    db, mid = _demo(cli, tmp_path)
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for args in (["export-xlsx", "--db", db, "--org", "دستگاهی که نیست"],
                 ["export-xlsx", "--db", db, "--from", "1405/13/01"],
                 ["minutes", "--db", db, "--meeting", mid, "--format", "ics"],
                 ["invitation", "--db", db, "--meeting", "no-such-id", "--format", "ics"],
                 ["duplicate", "--db", db, "--meeting", "no-such-id"],
                 ["minutes", "--db", db, "--meeting", mid, "--format", "docx", "-o", tmp_path / "no" / "x.docx"]):
        r = cli(*args)
        assert r.returncode == 2, (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
        assert "خطا" in r.stderr and "error" in r.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert list(tmp_path.glob("*.xlsx")) == []
