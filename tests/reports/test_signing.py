"""Signed documents and `dabir verify`: real .dabir files, real PDFs signed with pyHanko, checked by
poppler's pdfsig and by verify; one changed byte must fail both."""
import datetime as dt
import re
import shutil
import subprocess
import zlib

import pytest

from app.services import committees, directory, issued, meetings, resolutions, settings
from app.services.files import open_database
from tests.app.sharing_data import fork


@pytest.fixture
def keys(tmp_path, monkeypatch):
    """Keys go to the test's folder; the passphrase comes from the environment (no keyring, no prompt)."""
    env = {"DABIR_KEY_DIR": str(tmp_path / "keys"), "DABIR_KEY_PASSPHRASE": "گذرواژه آزمون"}
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    return env


def _office(path, office="استانداری لرستان", title="جلسه"):
    db = open_database(path, create=True)
    with db.session() as s:
        settings.update_settings(s, office_name=office)
        org = directory.get_or_create_organization(s, office)
        cid = committees.create_committee(s, f"کمیته {office}", organization_id=org.id).id
        for i, role in enumerate(("chair", "secretary")):
            pid = directory.create_person(s, f"عضو {i + 1}", post="کارشناس", organization_id=org.id).id
            committees.add_member(s, cid, pid, role)
        mid = meetings.create_meeting(s, cid, date=dt.date(2026, 11, 26), title=title).id
        resolutions.add_resolution(s, mid, "گزارش پیشرفت تا پایان ماه ارسال شود.", responsible=[office])
        meetings.approve_meeting(s, mid)           # only approved minutes are signed (issue 25)
    db.close()
    return mid


def _pdfsig(pdf) -> str:
    r = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True)
    return r.stdout + r.stderr


def _change_page_text(src, dst):
    """One character of page text changed: the first page content stream (ASCII85 + Flate, as
    reportlab writes it) is decoded, one character code inside a shown string is changed, and the
    stream is encoded again into the same number of bytes (padded), so every offset stays valid."""
    import base64
    data = bytearray(src.read_bytes())
    for m in re.finditer(rb"/Filter \[ /ASCII85Decode /FlateDecode \] /Length (\d+)\s*>>\s*stream\r?\n", data):
        start, length = m.end(), int(m.group(1))
        raw = bytes(data[start:start + length])
        text = zlib.decompress(base64.a85decode(raw.rstrip().removesuffix(b"~>")))
        hit = re.search(rb"\(\\[0-3][0-7]([0-7])[^)]*\) Tj", text)     # a glyph code as \ddd
        if not hit:
            continue
        pos = hit.start(1)
        changed = text[:pos] + bytes([text[pos] ^ 1]) + text[pos + 1:]      # \031 -> \030: another glyph
        packed = base64.a85encode(zlib.compress(changed, 9)) + b"~>"
        if len(packed) > length:
            continue
        data[start:start + length] = packed + b"\n" * (length - len(packed))
        dst.write_bytes(bytes(data))
        return
    raise AssertionError("no page text found")


def test_sign_verify_and_pdfsig(cli, keys, tmp_path):
    path = tmp_path / "office.dabir"
    mid = _office(path)
    pdf, signed = tmp_path / "m.pdf", tmp_path / "m-signed.pdf"
    assert cli("minutes", "--db", path, "--meeting", mid, "-o", pdf).returncode == 0
    r = cli("sign", "--db", path, pdf, "-o", signed)
    assert r.returncode == 0, r.stderr
    assert "Signature is Valid" in _pdfsig(signed) and "Secretary" in _pdfsig(signed)   # the printed field
    r = cli("verify", "--db", path, signed)
    assert r.returncode == 0, r.stderr
    assert "امضای دیجیتال معتبر است" in r.stdout and "استانداری لرستان" in r.stdout
    assert list((tmp_path / "keys").glob("*.p12"))                      # the key lives outside the file
    assert b"PRIVATE KEY" not in path.read_bytes()
    db = open_database(path)
    with db.session() as s:
        certs = issued.certificates(s)
    db.close()
    assert len(certs) == 1 and certs[0].office_name == "استانداری لرستان"
    # a second signature uses the same key: no new certificate
    assert cli("sign", "--db", path, pdf, "-o", tmp_path / "again.pdf").returncode == 0
    db = open_database(path)
    with db.session() as s:
        assert len(issued.certificates(s)) == 1
    db.close()


def test_one_changed_byte_fails_verify_signed_or_not(cli, keys, tmp_path):
    path = tmp_path / "office.dabir"
    mid = _office(path)
    pdf, signed = tmp_path / "m.pdf", tmp_path / "m-signed.pdf"
    assert cli("minutes", "--db", path, "--meeting", mid, "-o", pdf).returncode == 0
    assert cli("sign", "--db", path, pdf, "-o", signed).returncode == 0
    assert cli("verify", "--db", path, pdf).returncode == 0
    for src in (pdf, signed):
        bad = tmp_path / f"bad-{src.name}"
        _change_page_text(src, bad)
        assert bad.read_bytes() != src.read_bytes()
        before = path.read_bytes()
        r = cli("verify", "--db", path, bad)
        assert r.returncode == 2, (src.name, r.stdout)
        assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
        assert re.search("[\u0600-\u06ff]", r.stderr) and re.search("[a-z]{4}", r.stderr)   # Persian | English
        assert path.read_bytes() == before
    assert "changed after signing" in cli("verify", "--db", path, tmp_path / "bad-m-signed.pdf").stderr
    assert "Signature is Valid" not in _pdfsig(tmp_path / "bad-m-signed.pdf")
    assert "never issued here" in cli("verify", "--db", path, tmp_path / "bad-m.pdf").stderr


def test_bytes_added_after_signing_fail(cli, keys, tmp_path):
    path = tmp_path / "office.dabir"
    mid = _office(path)
    pdf, signed = tmp_path / "m.pdf", tmp_path / "s.pdf"
    cli("minutes", "--db", path, "--meeting", mid, "-o", pdf)
    assert cli("sign", "--db", path, pdf, "-o", signed).returncode == 0
    grown = tmp_path / "grown.pdf"
    shutil.copyfile(signed, grown)
    with open(grown, "ab") as f:                      # an incremental update after the signature
        f.write(b"\n1 0 obj\n<< /Type /Catalog >>\nendobj\n")
    r = cli("verify", "--db", path, grown)
    assert r.returncode == 2 and "after it was signed" in r.stderr


def test_certificates_travel_through_a_merge(cli, keys, tmp_path):
    """Office B cannot check A's signature until A's file brings A's public certificate, and even then
    only once B's secretary trusts it on B's machine, by its fingerprint (issue 22: trust comes from the
    machine, never from a received file)."""
    a, b = tmp_path / "a.dabir", tmp_path / "b.dabir"
    mid = _office(a, "استانداری لرستان")
    fork(a, b)                                         # B started from a copy of A's file, as another office
    db = open_database(b)
    with db.session() as s:
        settings.update_settings(s, office_name="دفتر دوم")
    db.close()
    machine_b = {"DABIR_KEY_DIR": str(tmp_path / "keys-b"), "DABIR_TRUST_DIR": str(tmp_path / "trust-b")}
    pdf, signed = tmp_path / "m.pdf", tmp_path / "s.pdf"
    cli("minutes", "--db", a, "--meeting", mid, "-o", pdf)
    assert cli("sign", "--db", a, pdf, "-o", signed).returncode == 0
    r = cli("verify", "--db", b, signed, env=machine_b)
    assert r.returncode == 2 and "does not know" in r.stderr
    r = cli("merge", "--db", b, "--from", a, env=machine_b)
    assert r.returncode == 0, r.stderr
    r = cli("verify", "--db", b, signed, env=machine_b)
    assert r.returncode == 2 and "does not trust" in r.stderr and "استانداری لرستان" in r.stderr
    listed = cli("trust", "list", "--db", b, env=machine_b)
    assert listed.returncode == 0 and "untrusted" in listed.stdout and "استانداری لرستان" in listed.stdout
    fingerprint = re.search(r"--from-file ([0-9A-F]{32})", r.stderr).group(1)
    added = cli("trust", "add", "--db", b, "--from-file", fingerprint[:16], env=machine_b)
    assert added.returncode == 0, added.stderr
    assert fingerprint[:4] in added.stdout and "استانداری لرستان" in added.stdout    # the whole fingerprint shown
    r = cli("verify", "--db", b, signed, env=machine_b)
    assert r.returncode == 0, r.stderr
    assert "استانداری لرستان" in r.stdout


def test_a_ca_issued_pkcs12_replaces_the_office_key(cli, keys, tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    now = dt.datetime.now(dt.timezone.utc)
    ca_key, key = rsa.generate_private_key(65537, 2048), rsa.generate_private_key(65537, 2048)
    ca = (x509.CertificateBuilder().subject_name(name("مرجع صدور آزمون")).issuer_name(name("مرجع صدور آزمون"))
          .public_key(ca_key.public_key()).serial_number(1).not_valid_before(now - dt.timedelta(days=1))
          .not_valid_after(now + dt.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True).sign(ca_key, hashes.SHA256()))
    cert = (x509.CertificateBuilder().subject_name(name("دبیرخانه")).issuer_name(ca.subject)
            .public_key(key.public_key()).serial_number(2).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=30)).sign(ca_key, hashes.SHA256()))
    p12 = tmp_path / "ca.p12"
    p12.write_bytes(pkcs12.serialize_key_and_certificates(b"k", key, cert, [ca],
                                                          serialization.BestAvailableEncryption("گذرواژه آزمون".encode())))
    path = tmp_path / "office.dabir"
    mid = _office(path)
    pdf, signed = tmp_path / "m.pdf", tmp_path / "s.pdf"
    cli("minutes", "--db", path, "--meeting", mid, "-o", pdf)
    r = cli("sign", "--db", path, pdf, "-o", signed, "--key", p12)
    assert r.returncode == 0, r.stderr
    # no office signing key was made (the row key that signs the register entry is another key)
    assert not list((tmp_path / "keys").glob("*.p12"))
    assert "Signature is Valid" in _pdfsig(signed)
    r = cli("verify", "--db", path, signed)
    assert r.returncode == 0 and "دبیرخانه" in r.stdout
    r = cli("sign", "--db", path, pdf, "-o", tmp_path / "x.pdf", "--key", p12,
            env={"DABIR_KEY_PASSPHRASE": "wrong"})
    assert r.returncode == 2 and "wrong passphrase" in r.stderr and not (tmp_path / "x.pdf").exists()


def test_without_a_passphrase_sign_says_why_and_writes_nothing(cli, tmp_path):
    path = tmp_path / "office.dabir"
    mid = _office(path)
    pdf = tmp_path / "m.pdf"
    cli("minutes", "--db", path, "--meeting", mid, "-o", pdf)
    r = cli("sign", "--db", path, pdf, "-o", tmp_path / "s.pdf",
            env={"DABIR_KEY_DIR": str(tmp_path / "keys"), "DABIR_KEY_PASSPHRASE": "",
                 "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}, input="")
    assert r.returncode == 2 and "DABIR_KEY_PASSPHRASE" in r.stderr and "Traceback" not in r.stderr
    assert not (tmp_path / "s.pdf").exists() and not list((tmp_path / "keys").glob("*.p12"))


def test_followup_report_prints_a_signature_field_and_signs(cli, keys, tmp_path):
    path = tmp_path / "office.dabir"
    _office(path)
    report, signed = tmp_path / "r.pdf", tmp_path / "rs.pdf"
    assert cli("report", "--db", path, "--status", "all", "-o", report).returncode == 0
    assert b"/FT /Sig" in report.read_bytes()
    assert cli("verify", "--db", path, report).returncode == 0       # registered when printed
    assert cli("sign", "--db", path, report, "-o", signed).returncode == 0
    assert "Signature is Valid" in _pdfsig(signed)
    assert cli("verify", "--db", path, signed).returncode == 0
