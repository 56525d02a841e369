"""Real-looking documents for attachment tests: Dabir attaches only the kinds of
app/domain/file_kinds.py, checked by extension AND by their first bytes (issue 22)."""
import io
import os
import zipfile


def pdf(body: bytes = b"") -> bytes:
    return b"%PDF-1.4\n" + body


def ooxml(part: str = "ppt", size: int = 0, macros: bool = False) -> bytes:
    """A Word/Excel/PowerPoint package (part 'word', 'xl' or 'ppt') with `size` random bytes inside."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        z.writestr(f"{part}/document.xml", "<doc/>")
        if size:
            z.writestr(f"{part}/media/blob.bin", os.urandom(size))
        if macros:
            z.writestr(f"{part}/vbaProject.bin", b"\xd0\xcf\x11\xe0")
    return out.getvalue()


def odf(kind: str = "text") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), f"application/vnd.oasis.opendocument.{kind}")
        z.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()
