"""Each office's signing key: an RSA key and a self-signed certificate made on first use, kept as a
passphrase-protected PKCS#12 file outside the .dabir file, in the user's data folder. A PKCS#12
from the office's certificate authority can be used instead (`--key`).

The passphrase, first found wins:
  1. DABIR_KEY_PASSPHRASE in the environment (scripts, tests, CI: fully non-interactive);
  2. the OS keyring (`keyring`: Windows Credential Locker, macOS Keychain, Secret Service), where a
     random passphrase is stored when the key is made;
  3. a prompt, when the caller can ask (a terminal, a dialog).
Where none is available the key is not made and the caller is told why (KeyUnavailable).
The folder can be moved with DABIR_KEY_DIR. No Qt and no reportlab here."""
import datetime as dt
import hashlib
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.domain.errors import DabirError
from app.storage.places import private_folder

KEYRING_SERVICE = "dabir-signing-key"
Prompt = Callable[[str], str | None]


class KeyUnavailable(DabirError):
    pass


class PassphrasesDiffer(DabirError):
    """A new key's passphrase and its confirmation differ."""


@dataclass(frozen=True)
class SigningKey:
    path: Path                 # the PKCS#12 file
    passphrase: bytes
    fingerprint: str           # sha256 of the certificate (DER)
    certificate_pem: str
    subject: str               # who the certificate names


def key_dir() -> Path:
    env = os.environ.get("DABIR_KEY_DIR")
    if env:
        return Path(env)
    import platformdirs
    return Path(platformdirs.user_data_dir("dabir", appauthor=False)) / "keys"


def office_key_path(office_id: str) -> Path:
    return key_dir() / f"{office_id}.p12"


def office_key(office_id: str, office_name: str | None, prompt: Prompt | None = None,
               secretary: str | None = None) -> SigningKey:
    """This office's key, made (with its self-signed certificate naming the office and the
    secretary) the first time it is asked for."""
    path = office_key_path(office_id)
    if path.exists():
        return _load(path, _passphrase(office_id, creating=False, prompt=prompt))
    passphrase = _passphrase(office_id, creating=True, prompt=prompt)
    _create(path, passphrase, office_name or "Dabir", secretary)
    return _load(path, passphrase)


def external_key(path: Path, prompt: Prompt | None = None) -> SigningKey:
    """A PKCS#12 from the office's certificate authority; its passphrase from the environment or a prompt."""
    path = Path(path)
    if not path.is_file():
        raise KeyUnavailable(f"فایل کلید پیدا نشد: {path}", f"key file not found: {path}")
    phrase = os.environ.get("DABIR_KEY_PASSPHRASE")
    if phrase is None and prompt is not None:
        phrase = prompt(f"گذرواژه {path.name} | passphrase for {path.name}: ")
    return _load(path, (phrase or "").encode())


def passphrase_available() -> bool:
    """Whether a key can be opened (or made) without asking: the environment or a working keyring."""
    if os.environ.get("DABIR_KEY_PASSPHRASE"):
        return True
    try:
        import keyring
        from keyring.backends.fail import Keyring as NoKeyring
        return not isinstance(keyring.get_keyring(), NoKeyring) and keyring.get_keyring().priority > 0
    except Exception:
        return False


def _passphrase(office_id: str, creating: bool, prompt: Prompt | None) -> bytes:
    env = os.environ.get("DABIR_KEY_PASSPHRASE")
    if env:
        return env.encode()
    try:
        import keyring
        from keyring.errors import KeyringError
        try:
            stored = keyring.get_password(KEYRING_SERVICE, office_id)
            if stored:
                return stored.encode()
            if creating:
                fresh = secrets.token_urlsafe(24)
                keyring.set_password(KEYRING_SERVICE, office_id, fresh)
                if keyring.get_password(KEYRING_SERVICE, office_id) == fresh:
                    return fresh.encode()
        except KeyringError:
            pass
    except ImportError:
        pass
    if prompt is not None:
        if not creating:
            phrase = prompt("گذرواژه کلید امضای دفتر | signing key passphrase: ")
        else:
            # a new key is locked for good with what is typed: asked twice, as a typo would lose it
            phrase = prompt("گذرواژه تازه برای کلید امضای دفتر | new signing key passphrase: ")
            if phrase and prompt("همان گذرواژه را دوباره بنویسید | the same passphrase again: ") != phrase:
                raise PassphrasesDiffer("دو گذرواژه یکی نیستند؛ کلید امضا ساخته نشد و چیزی امضا نشد",
                                        "the two passphrases differ: no key was made, nothing was signed")
        if phrase:
            return phrase.encode()
    raise KeyUnavailable("گذرواژه کلید امضا در دسترس نیست (DABIR_KEY_PASSPHRASE یا keyring)",
                         "no passphrase for the signing key: set DABIR_KEY_PASSPHRASE or use an OS keyring")


# X.509's upper bounds (RFC 5280 appendix A): 64 characters for an organisation or unit name; the
# common name's 64 is counted in bytes by `cryptography` (a Persian letter is two in UTF-8).
UB_NAME = 64


def _pieces(text: str, fits) -> list[str]:
    """`text` cut at spaces into pieces that each `fits` (a word too long on its own is cut)."""
    out: list[str] = []
    for word in text.split():
        while not fits(word):
            cut = max(i for i in range(1, len(word) + 1) if fits(word[:i]))
            out.append(word[:cut])
            word = word[cut:]
        if out and fits(f"{out[-1]} {word}"):
            out[-1] = f"{out[-1]} {word}"
        else:
            out.append(word)
    return out or ["Dabir"]


def subject_attributes(office_name: str, secretary: str | None) -> list[tuple[str, str]]:
    """The certificate's subject, as (attribute, value): the office in O, continued in OU where it
    is longer than X.509 allows in one (UTF8String, 64 characters each), and the secretary in CN
    (else the office's first piece). Each value passes X.509 string preparation (_directory_string)."""
    office = _pieces(_directory_string(office_name), lambda t: len(t) <= UB_NAME)
    person = _directory_string(secretary) if secretary and secretary.strip() else office[0]
    cn = _pieces(person, lambda t: len(t.encode()) <= UB_NAME)[0]
    return [("CN", cn), ("O", office[0])] + [("OU", piece) for piece in office[1:]]


def names_in(subject: dict) -> tuple[str, str]:
    """(office, person) from a certificate subject as asn1crypto reads it (`subject.native`)."""
    def values(key):
        v = subject.get(key) or []
        return [v] if isinstance(v, str) else list(v)
    office = " ".join(values("organization_name") + values("organizational_unit_name"))
    person = " ".join(values("common_name"))
    return office or person, person


def _create(path: Path, passphrase: bytes, office_name: str, secretary: str | None = None) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    oid = {"CN": NameOID.COMMON_NAME, "O": NameOID.ORGANIZATION_NAME, "OU": NameOID.ORGANIZATIONAL_UNIT_NAME}
    attributes = subject_attributes(office_name, secretary)
    name = x509.Name([x509.NameAttribute(oid[k], v) for k, v in attributes])
    office_name = attributes[1][1]
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=3650))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .sign(key, hashes.SHA256()))
    data = pkcs12.serialize_key_and_certificates(office_name.encode(), key, cert, None,
                                                 serialization.BestAvailableEncryption(passphrase))
    private_folder(path.parent)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def _directory_string(name: str) -> str:
    """A certificate name that X.509 string preparation accepts (RFC 4518 §2.4, the bidi rule of
    RFC 3454 §6): a name with Persian letters may hold no Latin letters and must begin and end with
    a Persian letter. pyHanko (asn1crypto) refuses to load a certificate that breaks it."""
    def rtl(c):
        return "\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff"
    name = " ".join(name.split()) or "Dabir"
    if not any(rtl(c) for c in name):
        return name
    kept = "".join(c for c in name if not c.isascii() or c in " -")
    kept = " ".join(kept.split())
    while kept and not rtl(kept[0]):
        kept = kept[1:]
    while kept and not rtl(kept[-1]):
        kept = kept[:-1]
    return kept or "Dabir"


def _load(path: Path, passphrase: bytes) -> SigningKey:
    from cryptography.hazmat.primitives.serialization import Encoding, pkcs12
    try:
        key, cert, _ = pkcs12.load_key_and_certificates(path.read_bytes(), passphrase or None)
    except (ValueError, TypeError):
        raise KeyUnavailable(f"کلید امضا باز نشد (گذرواژه نادرست یا فایل خراب): {path.name}",
                             f"cannot open the signing key (wrong passphrase or damaged file): {path.name}") from None
    except OSError as e:
        raise KeyUnavailable(f"فایل کلید خوانده نشد: {path}", f"cannot read the key file ({e.strerror})") from None
    if key is None or cert is None:
        raise KeyUnavailable("فایل کلید، کلید و گواهی ندارد", "the key file holds no key and certificate")
    der = cert.public_bytes(Encoding.DER)
    return SigningKey(path, passphrase, hashlib.sha256(der).hexdigest(), cert.public_bytes(Encoding.PEM).decode(),
                      cert.subject.rfc4514_string())
