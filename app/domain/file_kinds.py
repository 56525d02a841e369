"""Which files may be attached and opened: an allowlist of document kinds, each by its extension AND
its first bytes, so that neither a renamed executable nor a document named like a program gets by.

A click on an attachment hands it to the operating system, which runs what it is told to run: an
`.exe`, `.lnk`, `.hta`, `.desktop`, `.bat` or `.js` is a program, not a letter. Only documents are
taken: PDF; PNG, JPEG, GIF, WebP and TIFF images; Word, Excel and PowerPoint (OOXML, without macros);
legacy .doc/.xls; OpenDocument text and spreadsheets; plain text and CSV. A name is also cleaned of
what makes it lie: bidi controls (U+202E shows "reportfdp.exe" as "reportexe.pdf") go with every
other invisible character (persian.clean_text), and only the last dot separates an extension
("invoice.pdf.exe" is an .exe; "invoice.exe.pdf" is stored as "invoice_exe.pdf")."""
import io
import re
import zipfile

from .errors import ValidationError
from .persian import clean_text

# extension -> (label, sniffer name)
KINDS = {
    "pdf": ("PDF", "pdf"), "png": ("PNG", "png"), "jpg": ("JPEG", "jpeg"), "jpeg": ("JPEG", "jpeg"),
    "gif": ("GIF", "gif"), "webp": ("WebP", "webp"), "tif": ("TIFF", "tiff"), "tiff": ("TIFF", "tiff"),
    "docx": ("Word", "docx"), "xlsx": ("Excel", "xlsx"), "pptx": ("PowerPoint", "pptx"),
    "doc": ("Word 97-2003", "ole"), "xls": ("Excel 97-2003", "ole"),
    "odt": ("OpenDocument", "odt"), "ods": ("OpenDocument", "ods"),
    "txt": ("text", "text"), "csv": ("CSV", "text"),
}
ALLOWED = ", ".join(sorted(KINDS))
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP = b"PK\x03\x04"
# the first bytes of programs and containers a text file never starts with
_BINARY = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"\xfe\xed\xfa", _ZIP, _OLE,
           b"L\x00\x00\x00\x01\x14\x02\x00", b"#!", b"%PDF")
_OOXML_PART = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
_ODF_TYPE = {"odt": b"application/vnd.oasis.opendocument.text",
             "ods": b"application/vnd.oasis.opendocument.spreadsheet"}
_UNSAFE = re.compile(r'[/\\:*?"<>|]')


def clean_name(name: str) -> str:
    """A plain file name to store and to write a copy under: invisible characters gone, no folders, no
    characters a file system refuses, no leading dot, one extension (in lower case)."""
    base = re.split(r"[/\\]", clean_text(name or "", multiline=False))[-1]
    base = _UNSAFE.sub("_", base).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if dot:
        stem = stem.replace(".", "_").rstrip(" _") or "پیوست"
        ext = ext.strip().lower()
        base = f"{stem[:190]}.{ext[:9]}"
    return base[:200] or "پیوست"


def extension(name: str) -> str:
    stem, dot, ext = (name or "").rpartition(".")
    return ext.lower() if dot else ""


def problem(name: str, content: bytes) -> tuple[str, str] | None:
    """(fa, en) saying why a file of this name and content may not be attached, or None. The name
    should be clean_name's."""
    ext = extension(name)
    if ext not in KINDS:
        shown = f".{ext}" if ext else "بی‌پسوند"
        return (f"پیوست «{name}» از نوع مجاز نیست ({shown})؛ نوع‌های مجاز: {ALLOWED}",
                f"'{name}' is not a kind of document Dabir attaches ({'.' + ext if ext else 'no extension'}); "
                f"allowed: {ALLOWED}")
    label, sniffer = KINDS[ext]
    if not _SNIFF[sniffer](bytes(content[:_HEAD]) if sniffer not in _WHOLE else bytes(content), ext):
        return (f"محتوای «{name}» {label} نیست؛ پسوند با محتوا نمی‌خواند",
                f"the content of '{name}' is not {label}: its extension does not match what it holds")
    return None


def check(name: str, content: bytes, field: str = "attachment") -> str:
    """The clean name, or ValidationError (one line) for a kind not allowed or a content that lies."""
    name = clean_name(name)
    found = problem(name, content)
    if found:
        raise ValidationError(field, *found)
    return name


def may_open(name: str, content: bytes) -> bool:
    """Whether the operating system may be handed this attachment to open: an allowed kind whose
    content is what its name says. Anything else is only saved, never launched."""
    return problem(clean_name(name), content) is None and clean_name(name) == name


_HEAD = 4096


def _zip_names(content: bytes) -> list[str] | None:
    if not content.startswith(_ZIP):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            return z.namelist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        return None


def _ooxml(content: bytes, ext: str) -> bool:
    names = _zip_names(content)
    if names is None or "[Content_Types].xml" not in names:
        return False
    lower = [n.lower() for n in names]
    # a macro project makes a .docx a .docm in disguise
    return any(n.startswith(_OOXML_PART[ext]) for n in lower) and not any(n.endswith("vbaproject.bin") for n in lower)


def _odf(content: bytes, ext: str) -> bool:
    # the ODF package's first entry is an uncompressed "mimetype" holding the document's type
    return (content.startswith(_ZIP) and content[30:38] == b"mimetype"
            and content[38:38 + len(_ODF_TYPE[ext])] == _ODF_TYPE[ext] and _zip_names(content) is not None)


def _text(head: bytes, ext: str) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True                                   # UTF-16 with its byte-order mark
    return b"\0" not in head and not head.startswith(_BINARY)


_SNIFF = {
    "pdf": lambda h, e: h.startswith(b"%PDF-"),
    "png": lambda h, e: h.startswith(b"\x89PNG\r\n\x1a\n"),
    "jpeg": lambda h, e: h.startswith(b"\xff\xd8\xff"),
    "gif": lambda h, e: h.startswith((b"GIF87a", b"GIF89a")),
    "webp": lambda h, e: h.startswith(b"RIFF") and h[8:12] == b"WEBP",
    "tiff": lambda h, e: h.startswith((b"II*\x00", b"MM\x00*")),
    "ole": lambda h, e: h.startswith(_OLE),
    "docx": _ooxml, "xlsx": _ooxml, "pptx": _ooxml, "odt": _odf, "ods": _odf, "text": _text,
}
_WHOLE = {"docx", "xlsx", "pptx", "odt", "ods"}      # a zip's directory is at its end
