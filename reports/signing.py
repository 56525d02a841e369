"""PAdES signatures (pyHanko): the empty signature field printed at the secretary's block, signing a
finished PDF into it, and reading the signatures of a PDF back for `dabir verify`."""
import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFString
from reportlab.platypus import Flowable

FIELD = "Secretary"          # the secretary's signature field in the minutes and the follow-up report


class SignatureField(Flowable):
    """An empty signature field (an AcroForm /Sig widget) filling this box; draws nothing, so the
    page looks the same until the document is signed into it (`dabir sign`)."""

    def __init__(self, width: float, height: float, name: str = FIELD):
        super().__init__()
        self.width, self.height, self.name = width, height, name

    def wrap(self, availWidth, availHeight):
        return self.width, self.height

    def draw(self):
        c = self.canv
        x1, y1 = c.absolutePosition(0, 0)
        x2, y2 = c.absolutePosition(self.width, self.height)
        drawn = c.__dict__.setdefault("_dabir_signature_fields", set())
        if self.name in drawn:
            return                                   # one field per name: a split table may redraw
        drawn.add(self.name)
        form = c.acroForm
        widget = PDFDictionary({"Type": PDFName("Annot"), "Subtype": PDFName("Widget"), "FT": PDFName("Sig"),
                                "T": PDFString(self.name), "F": 4,
                                "Rect": PDFArray([min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)])})
        c._addAnnotation(widget)
        form.fields.append(form.getRef(widget))


def secretary_signature(secretary: str, width: float = 70 * mm, height: float = 16 * mm):
    """The secretary's block at the end of the minutes: «امضای دیجیتال دبیر جلسه», the name, and the
    signature field under them, on the right."""
    from reportlab.platypus import KeepTogether, Spacer, Table

    from reports.layout import RTLParagraph
    block = [RTLParagraph("امضای دیجیتال دبیر جلسه", size=9, align="center"),
             RTLParagraph(secretary, size=9, align="center"), SignatureField(width - 8, height)]
    table = Table([[block]], colWidths=[width], hAlign="RIGHT")
    return KeepTogether([Spacer(1, 3 * mm), table])


@dataclass(frozen=True)
class SignatureCheck:
    field: str
    intact: bool               # the signed bytes hash to what was signed, and the signature verifies
    whole_file: bool           # nothing was added or changed after the signature
    certificate_sha256: str    # sha256 of the signer's certificate (DER): which key signed; "" if unreadable
    signer: str                # the person the certificate names (CN)
    signed_at: str | None
    office: str = ""           # the office it names (O, continued in OU)
    damaged: bool = False      # a signature is there but cannot be read (its bytes or certificate broken)


def _stamp(signer_name: str, width: float = 200, height: float = 46) -> bytes:
    """What the signed field shows, drawn by our own text layer (pyHanko's stamp has no Persian):
    «امضای دیجیتال» with the signer's name and the Jalali date and time."""
    import datetime as dt
    import io

    from reportlab.lib import colors
    from reportlab.pdfgen.canvas import Canvas

    from app.domain import jalali
    from reports.bidi_text import draw_text
    from reports.fonts import BOLD, REGULAR, register_fonts
    register_fonts()
    now = dt.datetime.now()
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=(width, height))
    c.setFillColor(colors.HexColor("#1f3b73"))
    draw_text(c, "امضای دیجیتال", width - 6, height - 14, BOLD, 9, align="center", x_left=6)
    draw_text(c, signer_name, width - 6, height - 28, REGULAR, 8, align="center", x_left=6)
    draw_text(c, f"{jalali.format_date(now.date())} ساعت {now:%H:%M}", width - 6, height - 41, REGULAR, 7.5,
              align="center", x_left=6)
    c.save()
    return buf.getvalue()


def sign(src: Path, dst, key_path: Path, passphrase: bytes, field: str = FIELD, reason: str | None = None,
         signer_name: str | None = None) -> None:
    """Sign `src` (a finished PDF) into `dst` (a binary file) with a PKCS#12 key: PAdES baseline,
    SHA-256, an incremental update, so the printed document's bytes stay as they were."""
    import tempfile

    from pyhanko import stamp
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12(str(key_path), passphrase=passphrase or None)
    if signer is None:
        raise ValueError("cannot load the signing key")
    name = signer_name or signer.signing_cert.subject.native.get("common_name") or "Dabir"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as look:
        look.write(_stamp(name))
        look.flush()
        style = stamp.StaticStampStyle.from_pdf_file(look.name, border_width=0)
        with open(src, "rb") as f:
            writer = IncrementalPdfFileWriter(f, strict=False)
            existing = {n for n, _, _ in fields.enumerate_sig_fields(writer)}
            meta = signers.PdfSignatureMetadata(field_name=field, md_algorithm="sha256", reason=reason,
                                                subfilter=fields.SigSeedSubFilter.PADES)
            pdf_signer = signers.PdfSigner(meta, signer, stamp_style=style,
                                           new_field_spec=None if field in existing else fields.SigFieldSpec(field))
            pdf_signer.sign_pdf(writer, output=dst)


@contextmanager
def _quiet(logger: str):
    """pyHanko logs a whole traceback when a revision after the signature changes signed objects;
    `verify` states the outcome in one line, so its log stays silent while we check."""
    log = logging.getLogger(logger)                # its modules' loggers inherit the level
    before = log.level
    log.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        log.setLevel(before)


def check(path: Path) -> list[SignatureCheck]:
    """Every signature in the PDF, with what its bytes say. No network: nothing is fetched. A
    signature that is there but cannot be read (its contents or certificate damaged) is one with
    `damaged`, never taken for no signature."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from app.services.signing_keys import names_in

    out = []
    with _quiet("pyhanko"), open(path, "rb") as f:
        reader = PdfFileReader(f, strict=False)
        try:
            signatures = list(reader.embedded_signatures)
        except Exception:                          # a signature dictionary whose bytes do not parse
            return [SignatureCheck(FIELD, False, False, "", "", None, damaged=True)]
        for sig in signatures:
            try:
                cert = sig.signer_cert
                office, person = names_in(cert.subject.native)
                sha = hashlib.sha256(cert.dump()).hexdigest()
            except Exception:                      # the signature's CMS or certificate is broken
                out.append(SignatureCheck(sig.field_name, False, False, "", "", None, damaged=True))
                continue
            ctx = ValidationContext(trust_roots=[cert], allow_fetching=False)
            try:
                status = validate_pdf_signature(sig, ctx)
                intact = bool(status.intact and status.valid)
                whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
                when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else None
            except Exception:                      # a broken signature is a failed check, not a crash
                intact, whole, when = False, False, None
            out.append(SignatureCheck(sig.field_name, intact, whole, sha, person, when, office))
    return out


def sign_file(db, src: Path, out: Path, key_file: Path | None = None, prompt=None) -> Path:
    """`dabir sign` and the Documents screen's «امضای دیجیتال»: sign `src` into `out` (written beside it
    and renamed when complete) with this office's key (made on first use) or a CA-issued PKCS#12,
    put the public certificate in the file, and enter the signed copy in the register."""
    import os
    import tempfile

    from app.domain.errors import DabirError, DabirFileError
    from app.services import issued, meetings, settings, signing_keys, trust
    from app.services.exports import publish
    from reports.fingerprint import read_stamp

    src, out = Path(src), Path(out)
    stamp = read_stamp(src)                       # also: a clear error for a missing or non-PDF file
    if not out.parent.is_dir():
        raise DabirFileError(str(out.parent), "پوشه مقصد وجود ندارد", "output folder does not exist")
    with db.session() as s:
        if stamp:                                 # minutes: only approved ones are signed (issue 25)
            meetings.refuse_draft_signature(s, stamp[0])
        st = settings.get_settings(s)
        before = issued.find_issued(s, issued.file_sha256(src))
    if key_file:
        key = signing_keys.external_key(Path(key_file), prompt)
    else:
        key = signing_keys.office_key(st.office_id or "office", st.office_name or st.letterhead_org, prompt,
                                      st.secretary_name)
    fd, tmp = tempfile.mkstemp(prefix=".dabir-", suffix=".pdf", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            sign(src, f, key.path, key.passphrase)
        publish(tmp, out)                         # the user's umask, not mkstemp's 0600
    except DabirError:
        Path(tmp).unlink(missing_ok=True)
        raise
    except Exception as e:                        # pyHanko: a damaged, encrypted or already-locked PDF
        Path(tmp).unlink(missing_ok=True)
        raise DabirFileError(str(src), "امضای این PDF ممکن نشد", f"cannot sign this PDF ({e})") from None
    # the key this office signs with is trusted on this machine by that act (trust.py): a certificate
    # row another file brings can never stand in for it
    trust.add(key.certificate_pem, st.office_id, st.office_name, own=True)
    with db.session() as s:                       # the public certificate travels with the file
        issued.add_certificate(s, key.fingerprint, key.certificate_pem, st.office_id, st.office_name)
        # the signed copy keeps the unsigned one's number (a letter's number is its own)
        issued.issue_file(s, before.kind if before else "signed", out, stamp[0] if stamp else None, signed=True,
                          number=before.number if before else None)
    return out
