"""Pieces several documents share: the letterhead from settings, labelled detail rows, images, QR."""
import io

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, Spacer, Table, TableStyle

from app.domain import jalali
from app.domain.wording import meeting_heading, person_line, time_span  # noqa: F401  (re-exported)
from app.services.dto import SettingsDTO
from reports.layout import PAGE_W, MARGIN, Letterhead, RTLParagraph
from reports.fonts import BOLD, REGULAR

BODY_W = PAGE_W - 2 * MARGIN


def letterhead(settings: SettingsDTO | None, fallback_org: str | None, title: str, fingerprint: str | None = None,
               reference: tuple[tuple[str, str], ...] = ()) -> Letterhead:
    settings = settings or SettingsDTO()
    org = settings.letterhead_org or fallback_org or settings.office_name or ""
    if settings.letterhead_title:
        title = f"{settings.letterhead_title} - {title}" if title else settings.letterhead_title
    return Letterhead(org, title, settings.logo_png, fingerprint, reference)


def details(pairs: list[tuple[str, str]], size=10.0) -> Table:
    """Label: value rows, labels in bold on the right."""
    label_w = 30 * mm
    rows = [[RTLParagraph(v or "—", REGULAR, size), RTLParagraph(k, BOLD, size)] for k, v in pairs]
    return Table(rows, colWidths=[BODY_W - label_w, label_w], hAlign="RIGHT", style=TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0)]))


def long_date(day) -> str:
    return jalali.format_long(day) if day else "—"


def signature_image(png: bytes | None, width: float, height: float) -> Flowable:
    """The scanned signature scaled into its box, or an empty box of the same size."""
    if not png:
        return Spacer(width, height)
    return Image(io.BytesIO(png), width=width, height=height, kind="proportional")


def qr_code(content: str, size: float = 28 * mm) -> Drawing:
    widget = QrCodeWidget(content, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    d = Drawing(size, size, transform=[size / (x2 - x1), 0, 0, size / (y2 - y1), 0, 0])
    d.add(widget)
    d.hAlign = "LEFT"
    return d
