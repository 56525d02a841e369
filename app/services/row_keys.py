"""This office's row-signing key (issue 22, docs/security-trust.md "Which key signs rows"): an Ed25519
key that signs register entries, seals, amendment approvals and tombstones as they are made here, without
a passphrase prompt each time. It is kept beside the office's PDF-signing key in $DABIR_KEY_DIR, unencrypted
at rest with mode 0600 like an SSH host key, with a self-signed certificate naming the office (O) and its
office id (UID). Its public half reaches other offices as that certificate: they trust it by fingerprint
through the same trust store as PDF keys (`dabir trust add`), and this machine trusts it implicitly, since
it made it. No Qt and no reportlab here."""
import datetime as dt
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from app.storage.places import private_folder

from .signing_keys import UB_NAME, KeyUnavailable, _pieces, key_dir


@dataclass(frozen=True)
class RowKey:
    office_id: str
    private: object            # cryptography's Ed25519PrivateKey
    fingerprint: str           # sha256 of the certificate (DER), hex: what row signatures name
    certificate_pem: str


_cache: dict[Path, RowKey] = {}


ROW_KEY_NAME = "Dabir row key"      # the certificate's CN, which tells a row key from a signing key


def is_row_certificate(certificate_pem: str) -> bool:
    """Whether a certificate is an office's row key (the trust screen names it so: an office has two
    keys, and the secretary should see which one a row is)."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    try:
        cert = x509.load_pem_x509_certificate(certificate_pem.encode())
    except ValueError:
        return False
    return any(a.value == ROW_KEY_NAME for a in cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME))


def row_key_path(office_id: str) -> Path:
    return key_dir() / f"{office_id}.rowkey.pem"


def row_certificate_path(office_id: str) -> Path:
    return key_dir() / f"{office_id}.rowkey.crt"


def row_key(office_id: str, office_name: str | None) -> RowKey:
    """This office's row key, made (and trusted on this machine) the first time it is asked for."""
    path = row_key_path(office_id)
    cached = _cache.get(path)
    if cached is not None and path.exists():
        return cached
    if not path.exists():
        _create(office_id, office_name or "Dabir")
    key = _load(office_id)
    _cache[path] = key
    from . import trust
    trust.add(key.certificate_pem, office_id, office_name, own=True)
    return key


def _create(office_id: str, office_name: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    from cryptography.x509.oid import NameOID
    from .signing_keys import _directory_string
    private_folder(key_dir())
    private = Ed25519PrivateKey.generate()
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME,
                                         _pieces(_directory_string(office_name), lambda t: len(t) <= UB_NAME)[0]),
                      x509.NameAttribute(NameOID.COMMON_NAME, ROW_KEY_NAME),
                      x509.NameAttribute(NameOID.USER_ID, office_id)])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(private.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=365 * 30))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .sign(private, None))
    pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    _write(row_certificate_path(office_id), cert.public_bytes(serialization.Encoding.PEM), 0o644)
    _write(row_key_path(office_id), pem, 0o600)     # last: its presence means the pair is whole


def _write(path: Path, data: bytes, mode: int) -> None:
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _load(office_id: str) -> RowKey:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
    try:
        private = serialization.load_pem_private_key(row_key_path(office_id).read_bytes(), None)
        cert = x509.load_pem_x509_certificate(row_certificate_path(office_id).read_bytes())
    except (OSError, ValueError) as e:
        raise KeyUnavailable(f"کلید امضای ردیف‌های این دفتر خوانده نشد: {row_key_path(office_id)}",
                             f"cannot read this office's row-signing key {row_key_path(office_id)} ({e})") from None
    raw = serialization.Encoding.Raw, serialization.PublicFormat.Raw
    if not isinstance(private, Ed25519PrivateKey) or \
            cert.public_key().public_bytes(*raw) != private.public_key().public_bytes(*raw):
        raise KeyUnavailable("کلید امضای ردیف‌ها با گواهی آن نمی‌خواند",
                             "the row-signing key does not match its certificate")
    der = cert.public_bytes(serialization.Encoding.DER)
    return RowKey(office_id, private, hashlib.sha256(der).hexdigest(),
                  cert.public_bytes(serialization.Encoding.PEM).decode())
