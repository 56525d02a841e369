"""The offices whose signing keys this machine trusts: kept outside every .dabir file, in the user's
data folder (`$DABIR_TRUST_DIR` moves it), as one JSON file written only by an explicit act:
`dabir trust add` (a certificate file, or one a .dabir file proposes, its fingerprint shown), and
signing with this office's own key (trusted implicitly: this machine made or was given it).

A certificate row in a .dabir file (`office_certificate`, travelling through merges) only *proposes* a
key: it is listed as untrusted and can neither replace nor revoke a trusted one. `verify` accepts a
signature only from a key trusted here, and names the office as this store does, never as the file
does. Fingerprints are always worked out here from the certificate's bytes (sha256 of its DER), never
read from a file's `fingerprint` column. See docs/security-trust.md."""
import datetime as dt
import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from app.domain.errors import DabirError
from app.storage.places import private_folder

from . import issued

STORE = "trusted-keys.json"


class TrustError(DabirError):
    pass


@dataclass(frozen=True)
class TrustedKey:
    fingerprint: str          # sha256 of the certificate (DER), hex
    office_id: str | None
    office_name: str | None
    certificate_pem: str
    added_at: str             # ISO, UTC
    own: bool = False         # this office's own key (trusted by signing with it)


@dataclass(frozen=True)
class ProposedKey:
    """A certificate a .dabir file holds that this machine does not trust (yet)."""
    fingerprint: str          # worked out here from the PEM
    office_id: str | None     # as the file claims
    office_name: str | None   # as the file claims
    subject: str
    certificate_pem: str


def trust_dir() -> Path:
    env = os.environ.get("DABIR_TRUST_DIR")
    if env:
        return Path(env)
    import platformdirs
    return Path(platformdirs.user_data_dir("dabir", appauthor=False)) / "trust"


def spaced(fingerprint: str) -> str:
    """A fingerprint as read aloud over the phone: groups of four, upper case."""
    f = fingerprint.upper()
    return " ".join(f[i:i + 4] for i in range(0, len(f), 4))


def read_certificate(data: bytes) -> tuple[str, str, str]:
    """(fingerprint, PEM, subject) of an X.509 certificate given as PEM or DER. TrustError if it is not one."""
    from cryptography import x509
    from cryptography.hazmat.primitives.serialization import Encoding
    try:
        cert = x509.load_pem_x509_certificate(data) if b"-----BEGIN" in data else x509.load_der_x509_certificate(data)
    except ValueError:
        raise TrustError("این فایل گواهی کلید نیست (PEM یا DER)", "not a certificate (PEM or DER)") from None
    der = cert.public_bytes(Encoding.DER)
    return hashlib.sha256(der).hexdigest(), cert.public_bytes(Encoding.PEM).decode(), cert.subject.rfc4514_string()


def certificate_file(data: bytes) -> ProposedKey:
    """A certificate file handed over by another office (PEM or DER), read but not trusted yet: its
    fingerprint worked out here, and the office as its subject names it (O and OU, else CN), for the
    user to compare with what that office reads out before `add`."""
    from cryptography import x509
    from cryptography.x509.oid import NameOID
    fingerprint, pem, subject = read_certificate(data)
    name = x509.load_pem_x509_certificate(pem.encode()).subject

    def values(oid):
        return [str(a.value) for a in name.get_attributes_for_oid(oid)]
    office = " ".join(values(NameOID.ORGANIZATION_NAME) + values(NameOID.ORGANIZATIONAL_UNIT_NAME))
    return ProposedKey(fingerprint, None, office or " ".join(values(NameOID.COMMON_NAME)) or subject, subject, pem)


@dataclass(frozen=True)
class TrustView:
    """What the trust screen shows: the keys trusted here (`own` worked out, is_own) and the keys the
    open file proposes that are not."""
    trusted: list[TrustedKey]
    proposed: list[ProposedKey]


def view(s: Session | None) -> TrustView:
    keys = [k if k.own or not is_own(k) else TrustedKey(**{**asdict(k), "own": True}) for k in trusted_keys()]
    # a key made before its office had a name (the row key of a new file) is named after the office's
    # other key of the same id, so this office's two keys read as one office's
    names = {k.office_id: k.office_name for k in keys if k.office_id and k.office_name}
    keys = [k if k.office_name or k.office_id not in names else TrustedKey(**{**asdict(k), "office_name": names[k.office_id]})
            for k in keys]
    return TrustView(keys, proposed(s) if s is not None else [])


def trusted_keys() -> list[TrustedKey]:
    path = trust_dir() / STORE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as e:
        raise TrustError(f"فهرست کلیدهای مورد اعتماد خوانده نشد: {path}",
                         f"cannot read the trusted keys list {path} ({e})") from None
    keys = data.get("keys") if isinstance(data, dict) else None
    if not isinstance(keys, list):
        raise TrustError(f"فهرست کلیدهای مورد اعتماد خراب است: {path}", f"the trusted keys list is damaged: {path}")
    fields = set(TrustedKey.__dataclass_fields__)
    return [TrustedKey(**{k: v for k, v in k_.items() if k in fields}) for k_ in keys if isinstance(k_, dict)]


def find(fingerprint: str) -> TrustedKey | None:
    return next((k for k in trusted_keys() if k.fingerprint == fingerprint), None)


def add(certificate: bytes | str, office_id: str | None, office_name: str | None, own: bool = False) -> TrustedKey:
    """Trust a certificate on this machine. Idempotent: a key trusted already keeps its entry (its
    office is not renamed by a second add)."""
    fingerprint, pem, _ = read_certificate(certificate.encode() if isinstance(certificate, str) else certificate)
    keys = trusted_keys()
    found = next((k for k in keys if k.fingerprint == fingerprint), None)
    if found is not None:
        return found
    key = TrustedKey(fingerprint, office_id, office_name, pem, dt.datetime.now(dt.timezone.utc).isoformat(), own)
    _write(keys + [key])
    return key


def _write(keys: list[TrustedKey]) -> None:
    folder = private_folder(trust_dir())
    tmp = folder / (STORE + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"version": 1, "keys": [asdict(k) for k in keys]}, f, ensure_ascii=False, indent=1)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, folder / STORE)


def proposed(s: Session) -> list[ProposedKey]:
    """Certificates the file holds whose keys this machine does not trust, fingerprints worked out here."""
    trusted = {k.fingerprint for k in trusted_keys()}
    out, seen = [], set()
    for c in issued.certificates(s):
        try:
            fingerprint, pem, subject = read_certificate(c.certificate_pem.encode())
        except TrustError:
            continue
        if fingerprint not in trusted and fingerprint not in seen:
            seen.add(fingerprint)
            out.append(ProposedKey(fingerprint, c.office_id, c.office_name, subject, pem))
    return out


def _prefix(prefix: str) -> str:
    """A fingerprint's beginning as typed or read out: spaces and case ignored, at least 16 hex digits
    (so that it names one key, the one the other office read out)."""
    want = "".join(prefix.split()).lower()
    if len(want) < 16 or any(ch not in "0123456789abcdef" for ch in want):
        raise TrustError("اثر انگشت را دست‌کم با ۱۶ رقم شانزده‌شانزدهی بدهید",
                         "give at least 16 hex digits of the fingerprint")
    return want


def is_own(key: TrustedKey) -> bool:
    """Whether `key` is this office's own signing key: recorded so when it signed, or the key this
    machine holds for that office id (when it opens without asking)."""
    if key.own:
        return True
    from . import signing_keys
    if not key.office_id or not signing_keys.office_key_path(key.office_id).exists() \
            or not signing_keys.passphrase_available():
        return False
    try:
        return signing_keys.office_key(key.office_id, key.office_name).fingerprint == key.fingerprint
    except signing_keys.KeyUnavailable:
        return False


def _one(keys, want: str, none: tuple[str, str], several: tuple[str, str]):
    """The one key whose fingerprint starts with `want`; none or several is the user's error."""
    hits = [k for k in keys if k.fingerprint.startswith(want)]
    if len(hits) != 1:
        raise TrustError(*(several if hits else none))
    return hits[0]


def remove(prefix: str) -> TrustedKey:
    """Stop trusting the key whose fingerprint starts with `prefix` (at least 16 hex digits, one key
    only). This office's own key is refused: it is trusted because it was made here, and signing would
    trust it again. Signatures by a removed key are untrusted from then on (`verify` exits 2)."""
    want = _prefix(prefix)
    keys = trusted_keys()
    key = _one(keys, want, ("کلید مورد اعتمادی با این اثر انگشت نیست", "no trusted key has that fingerprint"),
               ("چند کلید مورد اعتماد با این آغاز اثر انگشت هست؛ رقم‌های بیشتری بدهید",
                "several trusted keys start with that fingerprint; give more digits"))
    if is_own(key):
        raise TrustError("این کلید امضای خود این دفتر است و از فهرست برداشته نمی‌شود",
                         "this is this office's own signing key; it cannot be removed")
    _write([k for k in keys if k is not key])
    return key


def add_proposed(s: Session, prefix: str, my_office_id: str | None = None) -> TrustedKey:
    """Trust the certificate the file proposes whose fingerprint starts with `prefix` (spaces and case
    ignored; at least 16 hex digits, so that it is the one the other office read out). One that claims
    this office's own id is refused: this office's keys are made here, never received."""
    want = _prefix(prefix)
    if (known := next((k for k in trusted_keys() if k.fingerprint.startswith(want)), None)) is not None:
        return known
    p = _one(proposed(s), want, ("این پرونده گواهی‌ای با این اثر انگشت پیشنهاد نمی‌کند",
                                 "this file proposes no certificate with that fingerprint"),
             ("چند گواهی با این آغاز اثر انگشت هست؛ رقم‌های بیشتری بدهید",
              "several certificates start with that fingerprint; give more digits"))
    if my_office_id and p.office_id == my_office_id:
        raise TrustError("این گواهی خود را کلید همین دفتر معرفی می‌کند اما در این رایانه ساخته نشده است؛ پذیرفته نشد",
                         "this certificate claims to be this office's own key, which is never received; refused")
    return add(p.certificate_pem, p.office_id, p.office_name)


def trust_own_key(office_id: str | None, office_name: str | None) -> TrustedKey | None:
    """This office's own key (made on this machine, signing_keys.py) is trusted without being added:
    recorded here when it signs, or the first time it can be opened without asking (older
    signatures). None when there is no such key or no passphrase to hand."""
    from . import signing_keys
    if not office_id or not signing_keys.office_key_path(office_id).exists() or not signing_keys.passphrase_available():
        return None
    try:
        key = signing_keys.office_key(office_id, office_name)
    except signing_keys.KeyUnavailable:
        return None
    return add(key.certificate_pem, office_id, office_name, own=True)
