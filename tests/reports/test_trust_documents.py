"""Issue 22, attacks 1 and 2: another office's file, crafted with plain SQL, tries to make `verify` on my
file accept its altered copy of my approved minutes: through a register row, or through the office
certificates. Real files, real PDFs, real signatures (pyHanko), the real CLI; two machines are two
key folders and two trust folders. Each test shows: my register and certificates unchanged, the
genuine PDF verifying (exit 0), the forged one refused (exit 2), my approved meeting's export
byte-identical and the foreign changes listed as conflicts."""
import hashlib
import sqlite3
import uuid

import pytest

from app.services import settings
from app.services.files import open_database
from app.storage.search_keys import pack_id, unpack_id
from tests.app.sharing_data import fork
from tests.app.sharing_data import run_sql as _sql
from tests.reports.test_signing import _change_page_text, _office

NOW = "2026-12-01 10:00:00.000000"


@pytest.fixture
def offices(tmp_path, monkeypatch):
    """A's approved minutes printed (and signed) in A's file on A's machine; B, a copy for another office
    with its own office id, key and trust folder (another machine), that has signed with its key."""
    monkeypatch.setenv("DABIR_KEY_PASSPHRASE", "گذرواژه آزمون")
    a, b = tmp_path / "a.dabir", tmp_path / "b.dabir"
    mid = _office(a, "استانداری لرستان")          # approved: only approved minutes are signed (issue 25)
    fork(a, b)
    db = open_database(b)
    with db.session() as s:
        settings.update_settings(s, office_name="دفتر دیگر")
    db.close()
    machine_b = {"DABIR_KEY_DIR": str(tmp_path / "keys-b"), "DABIR_TRUST_DIR": str(tmp_path / "trust-b")}
    return a, b, mid, machine_b


def _rows(path, table):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(conn.execute(f"SELECT * FROM {table}").fetchall())
    finally:
        conn.close()


def _value(path, sql):
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("how", ["new register row", "my register row rewritten"])
def test_a_forged_register_entry_never_makes_verify_accept_an_altered_pdf(cli, offices, tmp_path, how):
    a, b, mid, _ = offices
    genuine, forged = tmp_path / "m.pdf", tmp_path / "forged.pdf"
    assert cli("minutes", "--db", a, "--meeting", mid, "-o", genuine).returncode == 0
    merge_first = cli("merge", "--db", b, "--from", a)        # B has my register row too
    assert merge_first.returncode == 0, merge_first.stderr
    _change_page_text(genuine, forged)
    if how == "new register row":
        office_a = _value(a, "SELECT value FROM setting WHERE key='office.id'")
        _sql(b, ("INSERT INTO issued_document (id, kind, meeting_id, number, issued_on, sha256, issued_by, signed, "
                 "created_at, updated_at, row_version, changed_in) VALUES (?, 'minutes', ?, '1', '2026-11-26', ?, "
                 "'استانداری لرستان', 0, ?, ?, 1, ?)",     # ids as the file holds them (pack_id)
                 (pack_id(str(uuid.uuid4())), pack_id(mid), _sha(forged), NOW, NOW, pack_id(office_a))))
    else:
        _sql(b, ("UPDATE issued_document SET sha256=?, row_version=row_version+1 WHERE sha256=?",
                 (_sha(forged), _sha(genuine))))
    register, export = _rows(a, "issued_document"), cli("export", "--db", a, "--meeting", mid).stdout
    r = cli("merge", "--db", a, "--from", b)
    assert r.returncode == 0, r.stderr
    mine_now = _rows(a, "issued_document")
    assert [row for row in mine_now if row in register] == register          # every entry of mine as it was
    assert cli("export", "--db", a, "--meeting", mid).stdout == export
    ok = cli("verify", "--db", a, genuine)
    assert ok.returncode == 0 and "register of issued documents" in ok.stdout, ok.stderr
    bad = cli("verify", "--db", a, forged)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    if how == "new register row":
        assert "recorded by another office" in bad.stderr and "Traceback" not in bad.stderr
    else:
        listed = cli("conflicts", "--db", a).stdout
        assert "issued_document.sha256" in listed and "locked" in listed


@pytest.mark.parametrize("how", ["my certificate rewritten to their key", "mine tombstoned, theirs relabelled as mine"])
def test_a_forged_certificate_never_makes_their_signature_mine_nor_breaks_my_own(cli, offices, tmp_path, how):
    a, b, mid, machine_b = offices
    genuine, signed = tmp_path / "m.pdf", tmp_path / "m-signed.pdf"
    forged, forged_signed = tmp_path / "forged.pdf", tmp_path / "forged-signed.pdf"
    assert cli("minutes", "--db", a, "--meeting", mid, "-o", genuine).returncode == 0
    assert cli("sign", "--db", a, genuine, "-o", signed).returncode == 0       # A's key, on A's machine
    assert cli("merge", "--db", b, "--from", a, env=machine_b).returncode == 0
    _change_page_text(genuine, forged)
    r = cli("sign", "--db", b, forged, "-o", forged_signed, env=machine_b)       # B's key, on B's machine
    assert r.returncode == 0, r.stderr
    conn = sqlite3.connect(b)
    office_a, name_a = conn.execute("SELECT office_id, office_name FROM office_certificate "
                                    "WHERE office_name='استانداری لرستان'").fetchone()
    fp_b, pem_b = conn.execute("SELECT fingerprint, certificate_pem FROM office_certificate "
                               "WHERE office_name='دفتر دیگر'").fetchone()
    conn.close()
    if how == "my certificate rewritten to their key":
        _sql(b, ("UPDATE office_certificate SET fingerprint=?, certificate_pem=?, row_version=row_version+1 "
                 "WHERE office_id=?", (fp_b, pem_b, office_a)))
    else:
        _sql(b, ("UPDATE office_certificate SET deleted_at=?, row_version=row_version+1 WHERE office_id=?",
                 (NOW, office_a)),
             ("UPDATE office_certificate SET office_id=?, office_name=?, row_version=row_version+1 WHERE fingerprint=?",
              (office_a, name_a, fp_b)))
    certificates, export = _rows(a, "office_certificate"), cli("export", "--db", a, "--meeting", mid).stdout
    r = cli("merge", "--db", a, "--from", b)
    assert r.returncode == 0, r.stderr
    assert [row for row in _rows(a, "office_certificate") if row in certificates] == certificates
    assert cli("export", "--db", a, "--meeting", mid).stdout == export
    ok = cli("verify", "--db", a, signed)
    assert ok.returncode == 0 and "استانداری لرستان" in ok.stdout, ok.stderr
    bad = cli("verify", "--db", a, forged_signed)
    assert bad.returncode == 2 and "does not trust" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    listed = cli("trust", "list", "--db", a)
    assert "untrusted" in listed.stdout and fp_b[:4].upper() in listed.stdout
    # the certificate that claims to be mine is never trusted by fingerprint either
    refused = cli("trust", "add", "--db", a, "--from-file", fp_b[:16])
    if how == "mine tombstoned, theirs relabelled as mine":
        assert refused.returncode == 2 and "claims to be this office" in refused.stderr
    assert cli("verify", "--db", a, signed).returncode == 0
    conflicts = cli("conflicts", "--db", a).stdout
    assert "office_certificate" in conflicts and "locked" in conflicts


def test_trust_add_from_a_certificate_file_shows_the_fingerprint(cli, offices, tmp_path):
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding
    a, b, mid, machine_b = offices
    genuine, signed = tmp_path / "m.pdf", tmp_path / "m-signed.pdf"
    assert cli("minutes", "--db", a, "--meeting", mid, "-o", genuine).returncode == 0
    assert cli("sign", "--db", a, genuine, "-o", signed).returncode == 0
    pem = _value(a, "SELECT certificate_pem FROM office_certificate")
    der = x509.load_pem_x509_certificate(pem.encode()).public_bytes(Encoding.DER)
    (tmp_path / "a.cer").write_bytes(der)
    assert cli("verify", "--db", b, signed, env=machine_b).returncode == 2
    r = cli("trust", "add", tmp_path / "a.cer", "--office-name", "استانداری لرستان", env=machine_b)
    assert r.returncode == 0, r.stderr
    fingerprint = hashlib.sha256(der).hexdigest().upper()
    assert " ".join(fingerprint[i:i + 4] for i in range(0, 64, 4)) in r.stdout
    assert cli("verify", "--db", b, signed, env=machine_b).returncode == 0
    listed = cli("trust", "list", env=machine_b)
    assert "استانداری لرستان" in listed.stdout and fingerprint[:4] in listed.stdout
    (tmp_path / "junk.cer").write_bytes(b"not a certificate")
    bad = cli("trust", "add", tmp_path / "junk.cer", env=machine_b)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr


def test_an_older_register_entry_of_mine_still_verifies_after_a_merge(cli, offices, tmp_path):
    """The register entry verify relies on is this office's own audit record: received rows, however
    many, neither add to it nor take from it (unchanged by a merge that brings nothing)."""
    a, b, mid, machine_b = offices
    pdf = tmp_path / "m.pdf"
    assert cli("minutes", "--db", a, "--meeting", mid, "-o", pdf).returncode == 0
    assert cli("merge", "--db", b, "--from", a).returncode == 0
    # on B's machine, which has not trusted A's row key: B never issued it, recorded by A, unverified.
    # (On a machine trusting A's row key the entry, signed by it, verifies as A's: test_signed_rows.py.)
    assert cli("verify", "--db", b, pdf, env=machine_b).returncode == 2
    assert "recorded by another office" in cli("verify", "--db", b, pdf, env=machine_b).stderr
    assert cli("merge", "--db", a, "--from", b).returncode == 0
    assert cli("verify", "--db", a, pdf).returncode == 0


def test_trust_remove_makes_that_keys_signatures_untrusted_and_never_removes_my_own(cli, offices, tmp_path):
    """`dabir trust remove FINGERPRINT` on B's machine: A's key, trusted by its fingerprint, is removed
    by 16 hex digits of it and A's signed minutes no longer verify there; an unknown, a too short or an
    ambiguous fingerprint and B's own key are refused with one line, and nothing is removed."""
    import json
    a, b, mid, machine_b = offices
    genuine, signed, mine = tmp_path / "m.pdf", tmp_path / "m-signed.pdf", tmp_path / "b-signed.pdf"
    assert cli("minutes", "--db", a, "--meeting", mid, "-o", genuine).returncode == 0
    assert cli("sign", "--db", a, genuine, "-o", signed).returncode == 0
    assert cli("merge", "--db", b, "--from", a, env=machine_b).returncode == 0
    assert cli("sign", "--db", b, genuine, "-o", mine, env=machine_b).returncode == 0      # B's own key
    fp_a = _value(a, "SELECT fingerprint FROM office_certificate")
    assert cli("trust", "add", "--db", b, "--from-file", fp_a[:16], env=machine_b).returncode == 0
    assert cli("verify", "--db", b, signed, env=machine_b).returncode == 0
    store = tmp_path / "trust-b" / "trusted-keys.json"

    def refused(prefix, says):
        before = store.read_bytes()
        r = cli("trust", "remove", prefix, env=machine_b)
        assert r.returncode == 2 and says in r.stderr, (r.stdout, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
        assert store.read_bytes() == before

    refused("0123456789abcdef0123", "no trusted key has that fingerprint")
    refused(fp_a[:15], "at least 16 hex digits")
    fp_b = next(k["fingerprint"] for k in json.loads(store.read_text())["keys"] if k["fingerprint"] != fp_a)
    refused(fp_b[:16], "this office's own signing key")
    # a hand-edited store with a second key starting with the same 16 digits: the prefix names no one key
    data = json.loads(store.read_text())
    twin = dict(next(k for k in data["keys"] if k["fingerprint"] == fp_a), fingerprint=fp_a[:16] + "0" * 48)
    store.write_text(json.dumps({"version": 1, "keys": data["keys"] + [twin]}), encoding="utf-8")
    refused(fp_a[:16], "several trusted keys")
    refused(" ".join(fp_a[i:i + 4] for i in range(0, 16, 4)).upper(), "several trusted keys")
    store.write_text(json.dumps(data), encoding="utf-8")

    r = cli("trust", "remove", " ".join(fp_a[i:i + 4] for i in range(0, 20, 4)).upper(), env=machine_b)
    assert r.returncode == 0, r.stderr
    assert fp_a[:4].upper() + " " + fp_a[4:8].upper() in r.stdout and "استانداری لرستان" in r.stdout
    bad = cli("verify", "--db", b, signed, env=machine_b)
    assert bad.returncode == 2 and "does not trust" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    assert cli("verify", "--db", b, mine, env=machine_b).returncode == 0               # my own still counts
    listed = cli("trust", "list", "--db", b, env=machine_b).stdout
    assert "untrusted" in listed and fp_a[:4].upper() in listed                          # proposed again, only


def test_trust_remove_knows_my_own_key_by_the_key_this_machine_holds(cli, offices, tmp_path):
    """This office's own key, trusted from its certificate file as any other (not recorded as its own
    by signing), is still refused: this machine holds the signing key for that office and certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding
    a, _, mid, _ = offices
    genuine, signed = tmp_path / "m.pdf", tmp_path / "m-signed.pdf"
    assert cli("minutes", "--db", a, "--meeting", mid, "-o", genuine).returncode == 0
    assert cli("sign", "--db", a, genuine, "-o", signed).returncode == 0
    office_a = unpack_id(_value(a, "SELECT office_id FROM office_certificate"))    # stored packed (models.Key)
    pem = _value(a, "SELECT certificate_pem FROM office_certificate")
    (tmp_path / "a.cer").write_bytes(x509.load_pem_x509_certificate(pem.encode()).public_bytes(Encoding.DER))
    fresh = {"DABIR_TRUST_DIR": str(tmp_path / "trust-fresh")}          # same machine, a new trust list
    assert cli("trust", "add", tmp_path / "a.cer", "--office-id", office_a, env=fresh).returncode == 0
    fingerprint = _value(a, "SELECT fingerprint FROM office_certificate")
    r = cli("trust", "remove", fingerprint[:16], env=fresh)
    assert r.returncode == 2 and "this office's own signing key" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert cli("verify", "--db", a, signed, env=fresh).returncode == 0
