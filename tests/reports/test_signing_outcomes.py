"""Signing with any office name, and `dabir verify` in one Persian line for every outcome (issue 24):
valid, changed after signing (an incremental update), corrupted, unsigned, unknown signer. Real
.dabir files, the minutes signed with pyHanko, changed with pypdf, checked by the CLI and by pdfsig."""
import datetime as dt
import re

from pypdf import PdfWriter

from app.services import committees, meetings, settings
from app.services.files import open_database
from app.services.signing_keys import UB_NAME, subject_attributes

from .test_signing import _pdfsig, keys  # noqa: F401  (fixture)

OFFICE = "اداره کل میراث فرهنگی صنایع دستی و گردشگری استان لرستان در شهرستان خرم آباد"   # 62 letters
LONGER = OFFICE + " و معاونت توسعه مدیریت و منابع انسانی استانداری لرستان"
SECRETARY = "مریم رضایی"


def _office(path, office=OFFICE) -> str:
    db = open_database(path, create=True)
    with db.session() as s:
        settings.update_settings(s, office_name=office, secretary_name=SECRETARY)
        cid = committees.create_committee(s, "کمیته امضا").id
        mid = meetings.create_meeting(s, cid, date=dt.date(2026, 11, 26)).id
        meetings.approve_meeting(s, mid)           # only approved minutes are signed (issue 25)
    db.close()
    return mid


def _one_persian_line(r, *words):
    out = (r.stdout + r.stderr).strip()
    assert "Traceback" not in out and len(out.splitlines()) == 1, out
    assert re.search("[\u0600-\u06ff]", out.split("|")[0]), out
    for w in words:
        assert w in out, (w, out)
    return out


def test_the_certificate_names_a_long_office_and_its_secretary():
    assert len(OFFICE.replace(" ", "")) >= 60 and len(LONGER) > 2 * UB_NAME
    for office in (OFFICE, LONGER):
        attributes = subject_attributes(office, SECRETARY)
        assert attributes[0] == ("CN", SECRETARY)
        assert " ".join(v for k, v in attributes if k in ("O", "OU")) == office        # nothing lost
        assert all(len(v) <= UB_NAME for _, v in attributes) and len(SECRETARY.encode()) <= UB_NAME


def test_verify_answers_each_outcome_in_one_persian_line(cli, keys, tmp_path):  # noqa: F811
    path = tmp_path / "office.dabir"
    mid = _office(path)
    pdf, signed = tmp_path / "m.pdf", tmp_path / "m-signed.pdf"
    assert cli("minutes", "--db", path, "--meeting", mid, "-o", pdf).returncode == 0
    r = cli("sign", "--db", path, pdf, "-o", signed)
    assert r.returncode == 0, r.stderr                   # a 60-letter office name crashed `sign`
    sig = _pdfsig(signed)
    assert "Signature is Valid" in sig and SECRETARY in sig   # poppler reads the certificate's CN

    r = cli("verify", "--db", path, signed)                                               # valid
    assert r.returncode == 0
    line = _one_persian_line(r, "امضای دیجیتال معتبر است", OFFICE, SECRETARY)
    assert "Common Name" not in line and "Organization" not in line

    changed = tmp_path / "changed.pdf"                  # an incremental update that turns page 1
    w = PdfWriter(signed, incremental=True)
    w.pages[0].rotate(90)
    w.write(changed)
    r = cli("verify", "--db", path, changed)
    assert r.returncode == 2
    _one_persian_line(r, "پس از امضای دیجیتال", OFFICE, "changed or added to after it was signed")

    data = bytearray(signed.read_bytes())                # corrupted: the signature's bytes overwritten
    at = data.index(b"/Contents <") + 11
    data[at + 200:at + 210] = b"0123456789"
    corrupt = tmp_path / "corrupt.pdf"
    corrupt.write_bytes(bytes(data))
    r = cli("verify", "--db", path, corrupt)
    assert r.returncode == 2
    _one_persian_line(r, "امضای دیجیتال این فایل خراب است", "damaged")

    r = cli("verify", "--db", path, pdf)                 # unsigned, and issued here: as registered
    assert r.returncode == 0
    _one_persian_line(r, "دفتر اسناد صادره")

    other = tmp_path / "other.dabir"                    # unknown signer: another office's file
    _office(other, office="فرمانداری خرم آباد")
    report, report_signed = tmp_path / "report.pdf", tmp_path / "report-signed.pdf"
    assert cli("report", "--db", path, "-o", report).returncode == 0
    assert cli("sign", "--db", path, report, "-o", report_signed).returncode == 0
    elsewhere = {"DABIR_TRUST_DIR": str(tmp_path / "another-machine")}   # trust lives on each machine (#22)
    r = cli("verify", "--db", other, report_signed, env=elsewhere)
    assert r.returncode == 2
    _one_persian_line(r, "شناخته نیست", OFFICE, SECRETARY)
    unsigned = tmp_path / "unsigned.pdf"
    w = PdfWriter(clone_from=report)
    w.add_metadata({"/Title": "x"})
    w.write(unsigned)
    r = cli("verify", "--db", other, unsigned)
    assert r.returncode == 2
    _one_persian_line(r, "امضا نشده است", "no signature")
