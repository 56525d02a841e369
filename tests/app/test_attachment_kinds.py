"""Attachments a click launches (issue 22, item 10): `attachment add` took .exe, .lnk, .hta, .desktop,
.bat and .js; a name with U+202E was stored looking like a PDF; such files arrived through merge too,
and the GUI opened every attachment with the system handler. Now only documents are taken, by
extension AND content (app/domain/file_kinds.py), a received one that is not is held as a conflict,
never live, and nothing but an allowed kind is handed to the operating system."""
import shutil
import sqlite3

import pytest

from app.domain import file_kinds
from app.domain.errors import ValidationError
from app.services import attachments
from app.services.conflicts import list_conflicts, resolve_conflict
from app.storage.database import open_database
from app.storage.search_keys import pack_id, unpack_id
from tests.app.sharing_data import build, fork
from tests.app.test_safe_open import assert_refused
from tests.documents import odf, ooxml, pdf

PROGRAMS = {"a.exe": b"MZ\x90\x00" + b"\0" * 60, "a.lnk": b"L\x00\x00\x00\x01\x14\x02\x00" + b"\0" * 60,
            "a.hta": b"<script>new ActiveXObject('WScript.Shell').Run('calc')</script>",
            "a.desktop": b"[Desktop Entry]\nType=Application\nExec=sh -c 'rm -rf ~'\n",
            "a.bat": b"@echo off\r\ndel /q C:\\*\r\n", "a.js": b"WScript.Echo('x')", "a.docm": ooxml("word"),
            "a.scr": b"MZ", "a.ps1": b"Remove-Item", "a.vbs": b"MsgBox 1", "a.msi": b"\xd0\xcf\x11\xe0",
            "a.jar": b"PK\x03\x04", "a.html": b"<html>", "a.svg": b"<svg onload=alert(1)>", "noextension": b"x"}
DOCUMENTS = {"نامه.pdf": pdf(b"x"), "a.png": b"\x89PNG\r\n\x1a\n" + b"\0" * 20, "a.jpg": b"\xff\xd8\xff\xe0",
             "a.jpeg": b"\xff\xd8\xff\xe1", "a.gif": b"GIF89a...", "a.webp": b"RIFF\0\0\0\0WEBPVP8 ",
             "a.tif": b"II*\x00\x08", "a.tiff": b"MM\x00*\x00", "a.docx": ooxml("word"), "a.xlsx": ooxml("xl"),
             "a.pptx": ooxml("ppt"), "a.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 8,
             "a.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.odt": odf("text"), "a.ods": odf("spreadsheet"),
             "یادداشت.txt": "سلام\nخط دوم".encode(), "a.csv": b"a,b\n1,2\n", "A.PDF": pdf()}
LIARS = {"report.pdf": b"MZ\x90\x00", "a.png": pdf(), "a.docx": ooxml("word", macros=True),
         "a.xlsx": ooxml("word"), "a.txt": b"MZ\x90\x00", "b.txt": b"\x7fELF\x02", "a.odt": odf("spreadsheet"),
         "a.jpg": b"GIF89a", "c.txt": b"text\0with NUL"}


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


@pytest.mark.parametrize("name", sorted(PROGRAMS))
def test_programs_are_refused(name):
    with pytest.raises(ValidationError, match="not a kind of document Dabir attaches"):
        file_kinds.check(name, PROGRAMS[name])


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_documents_are_taken(name):
    assert file_kinds.check(name, DOCUMENTS[name]) == file_kinds.clean_name(name)


@pytest.mark.parametrize("name", sorted(LIARS))
def test_content_that_is_not_what_the_name_says_is_refused(name):
    with pytest.raises(ValidationError, match="its extension does not match what it holds"):
        file_kinds.check(name, LIARS[name])


def test_names_are_cleaned_of_bidi_controls_and_double_extensions():
    # U+202E shows "report\u202efdp.exe" as "reportexe.pdf": the control goes, the .exe shows and is refused
    assert file_kinds.clean_name("report\u202efdp.exe") == "reportfdp.exe"
    with pytest.raises(ValidationError, match=r"\(\.exe\)"):
        file_kinds.check("report\u202efdp.exe", PROGRAMS["a.exe"])
    assert file_kinds.clean_name("invoice.exe.pdf") == "invoice_exe.pdf"
    assert file_kinds.clean_name("invoice.pdf.exe") == "invoice_pdf.exe"
    assert file_kinds.clean_name("a.pdf:evil.exe") == "a_pdf_evil.exe"          # no alternate stream
    assert file_kinds.clean_name("x.PDF. ") == "x.pdf"                            # Windows drops the dot
    assert file_kinds.clean_name("نامه\u2063 ۱۲.pdf") == "نامه ۱۲.pdf"


# --- the command line ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("kinds") / "good.dabir"
    build(path, committees=1, meetings=2, resolutions=1)
    return path


def _first_meeting(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return unpack_id(conn.execute("SELECT id FROM meeting ORDER BY number LIMIT 1").fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("name", ["a.exe", "a.lnk", "a.hta", "a.desktop", "a.bat", "a.js"])
def test_attachment_add_refuses_a_program_with_one_line(name, template, tmp_path, cli):
    mine = shutil.copyfile(template, tmp_path / "mine.dabir")
    f = tmp_path / name
    f.write_bytes(PROGRAMS[name])
    line = assert_refused(cli("attachment", "add", "--meeting", _first_meeting(mine), "-f", f, "--db", mine))
    assert "not a kind of document Dabir attaches" in line
    assert cli("attachment", "list", "--meeting", _first_meeting(mine), "--db", mine).stdout.strip() == ""


def test_attachment_add_takes_a_document_under_its_clean_name(template, tmp_path, cli):
    mine = shutil.copyfile(template, tmp_path / "mine.dabir")
    f = tmp_path / "report\u202efdp.pdf"
    f.write_bytes(pdf(b"minutes"))
    result = cli("attachment", "add", "--meeting", _first_meeting(mine), "-f", f, "--db", mine)
    assert result.returncode == 0, result.stderr
    assert "reportfdp.pdf" in cli("attachment", "list", "--meeting", _first_meeting(mine), "--db", mine).stdout


# --- through a merge -------------------------------------------------------------------------------

def _plant(theirs, meeting, name, content, row_id="att-hostile"):
    import hashlib
    conn = sqlite3.connect(theirs, isolation_level=None)
    conn.execute("INSERT INTO attachment (id, meeting_id, name, size, sha256, content, created_at, updated_at, "
                 "row_version) VALUES (?, ?, ?, ?, ?, ?, '2026-04-01 10:00:00', '2026-04-01 10:00:00', 1)",
                 (pack_id(row_id), pack_id(meeting), name, len(content), hashlib.sha256(content).hexdigest(), content))
    conn.close()


@pytest.mark.parametrize("name", ["report\u202efdp.exe", "a.lnk", "run.hta", "report.pdf"])
def test_a_program_arriving_by_merge_is_held_never_live(name, template, tmp_path, cli):
    mine = shutil.copyfile(template, tmp_path / "mine.dabir")
    theirs = fork(template, tmp_path / "theirs.dabir")
    meeting = _first_meeting(mine)
    _plant(theirs, meeting, name, PROGRAMS["a.exe"])
    _plant(theirs, meeting, "نامه.pdf", pdf(b"fine"), row_id="att-fine")      # a document beside it is taken
    result = cli("merge", "--db", mine, "--from", theirs)
    assert result.returncode == 0, result.stderr
    assert "1 conflicting" in result.stdout
    conflicts = cli("conflicts", "--db", mine)
    assert "att-hostile" in conflicts.stdout and "attachment" in conflicts.stdout
    conn = sqlite3.connect(mine)
    live = {unpack_id(r[0]) for r in conn.execute("SELECT id FROM attachment WHERE deleted_at IS NULL")}
    held = conn.execute("SELECT deleted_at FROM attachment WHERE id = ?", (pack_id("att-hostile"),)).fetchone()
    conn.close()
    assert live == {"att-fine"} and held[0] is not None
    db = open_database(mine)
    try:
        with db.session() as s:
            [c] = [c for c in list_conflicts(s) if c.row_id == "att-hostile"]
            assert c.kind == "attachment" and "پیوست از نوع نامجاز" in c.label
            with pytest.raises(ValidationError, match="only 'mine' is possible"):
                resolve_conflict(s, c.id, "theirs")
            resolve_conflict(s, c.id, "mine")
        with db.session() as s:
            with pytest.raises(Exception):
                attachments.temporary_copy(s, "att-hostile")       # tombstoned: not even found
    finally:
        db.close()


def test_a_merge_cannot_rename_my_document_into_a_program(template, tmp_path, cli):
    mine = shutil.copyfile(template, tmp_path / "mine.dabir")
    meeting = _first_meeting(mine)
    _plant(mine, meeting, "گزارش.pdf", pdf(b"mine"), row_id="att-mine")
    theirs = fork(mine, tmp_path / "theirs.dabir")
    conn = sqlite3.connect(theirs, isolation_level=None)
    conn.execute("UPDATE attachment SET name = 'گزارش.exe', row_version = 2, updated_at = '2026-04-02 10:00:00' "
                 "WHERE id = ?", (pack_id("att-mine"),))
    conn.close()
    result = cli("merge", "--db", mine, "--from", theirs)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(mine)
    assert conn.execute("SELECT name, deleted_at FROM attachment WHERE id = ?",
                        (pack_id("att-mine"),)).fetchone() == ("گزارش.pdf", None)
    conn.close()
    assert "att-mine" in cli("conflicts", "--db", mine).stdout


def test_an_old_received_program_is_never_handed_to_the_system(template, tmp_path):
    """A file from before these rules may hold anything: temporary_copy refuses what may not be opened,
    and writes no copy of it."""
    mine = shutil.copyfile(template, tmp_path / "mine.dabir")
    _plant(mine, _first_meeting(mine), "setup.exe", PROGRAMS["a.exe"], row_id="att-old")
    _plant(mine, _first_meeting(mine), "letter.pdf", PROGRAMS["a.exe"], row_id="att-liar")
    db = open_database(mine)
    try:
        with db.session() as s:
            for row_id in ("att-old", "att-liar"):
                assert not attachments.may_open(s, row_id)
                with pytest.raises(ValidationError, match="Dabir does not open it"):
                    attachments.temporary_copy(s, row_id)
    finally:
        db.close()
