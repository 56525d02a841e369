"""Page furniture and flowables shared by every document: RTL paragraphs, right-to-left tables,
the A4 letterhead and the footer with 'صفحه ۱ از N' and the document fingerprint."""
import contextvars
import io
import os
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate, Table, TableStyle

from reports.bidi_text import draw_line, draw_text, single_line, wrap
from reports.fonts import BOLD, REGULAR, register_fonts

PAGE_W, PAGE_H = A4
MARGIN = 18 * mm
HEADER_H = 30 * mm
FOOTER_H = 14 * mm
GRID = colors.HexColor("#666666")
HEADER_BG = colors.HexColor("#e8edf3")
TOTAL_PAGES_FORM = "dabir-total-pages"
_TOTAL_BOX = 30  # points reserved for the page total, drawn at the end of the build
# Called with each finished page's number while a document builds (the GUI's progress bar and Cancel:
# raising from it stops the build). A context variable, so that each thread building has its own and
# every document reports pages without a parameter threaded through each render().
ON_PAGE: contextvars.ContextVar = contextvars.ContextVar("dabir_on_page", default=None)


class RTLParagraph(Flowable):
    """A right-to-left paragraph: wrapped in logical order, each line reordered and right-aligned
    (or centred). Splits between lines across pages."""

    def __init__(self, text, font=REGULAR, size=10.0, leading=None, align="right", color=colors.black,
                 space_after=0.0, _lines=None):
        super().__init__()
        self.text, self.font, self.size = text or "", font, size
        self.leading = leading or size * 1.75
        self.align, self.color, self.spaceAfter = align, color, space_after
        self._lines = _lines
        self._for_width = None

    def wrap(self, availWidth, availHeight):
        if self._lines is None or (self._for_width != availWidth and self.text):
            self._lines = wrap(self.text, self.font, self.size, availWidth)
            self._for_width = availWidth
        self.width = availWidth
        self.height = len(self._lines) * self.leading
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        n = int(availHeight // self.leading)
        if n <= 0 or n >= len(self._lines):
            return [] if n <= 0 else [self]
        return [self._part(self._lines[:n], availWidth, 0.0), self._part(self._lines[n:], availWidth,
                                                                          self.spaceAfter)]

    def _part(self, lines, width, space_after):
        p = RTLParagraph("", self.font, self.size, self.leading, self.align, self.color, space_after, lines)
        p._for_width = width
        return p

    def draw(self):
        c = self.canv
        c.setFillColor(self.color)
        # Baseline placed so Persian ascenders and descenders both sit inside the line box.
        drop = (self.leading + self.size * 0.62) / 2
        for i, line in enumerate(self._lines):
            y = self.height - i * self.leading - drop
            draw_line(c, line, self.width, y, self.font, self.size, self.align, 0.0)


def para(text, size=10.0, bold=False, **kw) -> RTLParagraph:
    return RTLParagraph(text, BOLD if bold else REGULAR, size, **kw)


def heading(text, size=12.0) -> RTLParagraph:
    return RTLParagraph(text, BOLD, size, space_after=3)


def rtl_table(header: list[str], rows: list[list], widths: list[float], size=9.0,
              highlight_rows: tuple[int, ...] = (), align: list[str] | None = None,
              row_height: float | None = None, with_header: bool = True) -> Table:
    """A table whose first column is on the right. `header`, each row and `widths` are given in
    reading order (right to left). Cells may be strings or flowables; the header repeats on every
    page the table runs over. Without `with_header` only the rows are drawn (a table's continuation
    on the same page, reports/long_table.py)."""
    align = align or ["right"] * len(header)

    def cell(value, col, bold=False):
        if isinstance(value, Flowable):
            return value
        return RTLParagraph("" if value is None else str(value), BOLD if bold else REGULAR, size,
                            align="center" if bold else align[col])

    top = 1 if with_header else 0
    data = [[cell(h, i, True) for i, h in enumerate(header)][::-1]] if with_header else []
    data += [[cell(v, i) for i, v in enumerate(row)][::-1] for row in rows]
    style = [
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
    ]
    if with_header:
        style.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_BG))
    for r in highlight_rows:
        style.append(("BACKGROUND", (0, r + top), (-1, r + top), colors.HexColor("#fde8e8")))
    heights = None if row_height is None else [None] * top + [row_height] * len(rows)
    return Table(data, colWidths=list(widths)[::-1], rowHeights=heights, repeatRows=top,
                 style=TableStyle(style), hAlign="RIGHT")


class LazyStory(list):
    """A story that platypus consumes from the front while a generator refills it, so a long report
    holds a few dozen flowables at a time instead of all of them (memory stays flat with page count).
    platypus only reads the first items, deletes them, and puts split remainders back at the front."""

    def __init__(self, flowables, ahead: int = 32):
        super().__init__()
        self._source, self._ahead = iter(flowables), ahead
        self._fill()

    def _fill(self):
        while self._source is not None and super().__len__() < self._ahead:
            try:
                super().append(next(self._source))
            except StopIteration:
                self._source = None

    def __delitem__(self, key):
        super().__delitem__(key)
        self._fill()


@dataclass(frozen=True)
class Letterhead:
    organization: str
    title: str
    logo_png: bytes | None = None
    fingerprint: str | None = None
    # the شماره / تاریخ / پیوست block at the top left, as (label, value) pairs
    reference: tuple[tuple[str, str], ...] = ()


class DabirDocument(BaseDocTemplate):
    """A4 portrait with the letterhead on every page and a footer 'صفحه n از N'. N is a form
    XObject drawn once at the end, so no page is kept in memory to be numbered later."""

    def __init__(self, target, letterhead: Letterhead, title: str, subject: str = "", keywords: str = ""):
        register_fonts()
        if isinstance(target, os.PathLike):
            target = os.fspath(target)     # reportlab takes str paths or binary files, not Path
        super().__init__(target, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN,
                         topMargin=MARGIN + HEADER_H, bottomMargin=MARGIN + FOOTER_H,
                         title=title, subject=subject, keywords=keywords, creator="Dabir",
                         author=letterhead.organization)
        self.letterhead = letterhead
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._furniture)])
        self._logo = None
        on_page = ON_PAGE.get()
        if on_page is not None:
            self.setProgressCallBack(lambda kind, value: on_page(value) if kind == "PAGE" else None)

    def _furniture(self, canv, doc):
        canv.saveState()
        lh = self.letterhead
        right, left = PAGE_W - MARGIN, MARGIN
        top = PAGE_H - MARGIN
        x_text_right = right
        if lh.logo_png:
            x_text_right = self._draw_logo(canv, right, top)
        draw_text(canv, lh.organization, x_text_right, top - 14, BOLD, 13)
        draw_text(canv, lh.title, x_text_right, top - 34, BOLD, 15)
        y = top - 8
        for label, value in lh.reference:
            draw_text(canv, f"{label}: {value or '—'}", left + 42 * mm, y, REGULAR, 9)
            y -= 13
        canv.setStrokeColor(GRID)
        canv.setLineWidth(0.8)
        canv.line(left, PAGE_H - MARGIN - HEADER_H + 6 * mm, right, PAGE_H - MARGIN - HEADER_H + 6 * mm)
        # footer: rule, page x of N on the right, fingerprint on the left
        fy = MARGIN + 2
        canv.line(left, fy + 16, right, fy + 16)
        label = single_line(f"صفحه {doc.page} از", REGULAR, 9)
        draw_line(canv, label, right, fy, REGULAR, 9)
        canv.saveState()
        canv.translate(right - label.width - 3 - _TOTAL_BOX, fy)
        canv.doForm(TOTAL_PAGES_FORM)
        canv.restoreState()
        if lh.fingerprint:
            canv.setFont(REGULAR, 8)
            canv.drawString(left, fy, f"Dabir {lh.fingerprint}")
        canv.restoreState()

    def _draw_logo(self, canv, right, top) -> float:
        from reportlab.lib.utils import ImageReader
        if self._logo is None:
            self._logo = ImageReader(io.BytesIO(self.letterhead.logo_png))
        size = 18 * mm
        canv.drawImage(self._logo, right - size, top - size, size, size, mask="auto",
                       preserveAspectRatio=True)
        return right - size - 3 * mm

    def _endBuild(self):
        self._doSave = 0
        super()._endBuild()
        # The last page is finished and the stream is empty, so a form can be defined now.
        c = self.canv
        c.beginForm(TOTAL_PAGES_FORM, 0, -4, _TOTAL_BOX, 12)
        draw_text(c, str(self.page), _TOTAL_BOX, 0, REGULAR, 9)
        c.endForm()
        c.save()


class KeepWithNext(Flowable):
    """A heading and what follows it (a table, a paragraph): the heading moves to the next page
    unless the start of what follows (a table's header and first row, a paragraph's first line) fits
    under it, so a heading never ends a page. What follows still splits across pages as usual."""

    def __init__(self, head: Flowable, following: Flowable):
        super().__init__()
        self.head, self.following = head, following

    def _gap(self) -> float:
        return getattr(self.head, "spaceAfter", 0) or 0

    def wrap(self, availWidth, availHeight):
        _, hh = self.head.wrap(availWidth, availHeight)
        _, fh = self.following.wrap(availWidth, max(availHeight - hh - self._gap(), 0))
        self._hh, self._fh = hh, fh
        self.width, self.height = availWidth, hh + self._gap() + fh
        return self.width, self.height

    def split(self, availWidth, availHeight):
        _, hh = self.head.wrap(availWidth, availHeight)
        room = availHeight - hh - self._gap()
        parts = self.following.split(availWidth, room) if room > 0 else []
        if parts:
            return [self.head] + list(parts)
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return [self.head, self.following]   # not even a fresh page helps: never loop
        return []                                 # the heading goes over with its content

    def draw(self):
        _drawn(self.following, self.canv, 0, self.width)
        _drawn(self.head, self.canv, self._fh + self._gap(), self.width)


class KeepWithLast(Flowable):
    """A table and a block that must follow its last row on the same page (the QR code after the
    signature table): when both do not fit, the table splits so that its last row (with the header
    repeated) goes over with the block, instead of the block standing alone on the last page."""

    def __init__(self, table: Table, block: Flowable, gap: float = 0.0):
        super().__init__()
        self.table, self.block, self.gap = table, block, gap

    def wrap(self, availWidth, availHeight):
        _, th = self.table.wrap(availWidth, availHeight)
        _, bh = self.block.wrap(availWidth, availHeight)
        self._th, self._bh = th, bh
        self.width, self.height = availWidth, th + self.gap + bh
        return self.width, self.height

    def split(self, availWidth, availHeight):
        self.wrap(availWidth, availHeight)
        if self._th <= availHeight:
            # the table fits, the block does not: carry the last row over (if the table has rows to spare)
            last = self.table._rowHeights[-1] if getattr(self.table, "_rowHeights", None) else self._th
            parts = self.table.split(availWidth, self._th - last - 0.01)
        else:
            parts = self.table.split(availWidth, availHeight)
        if len(parts) >= 2:
            return list(parts[:-1]) + [KeepWithLast(parts[-1], self.block, self.gap)]
        frame = getattr(self, "_frame", None)
        if frame is not None and getattr(frame, "_atTop", False):
            return [self.table, self.block]       # one row taller than the page: nothing better to do
        return []

    def draw(self):
        _drawn(self.block, self.canv, 0, self.width)
        _drawn(self.table, self.canv, self._bh + self.gap, self.width)


def _drawn(flowable: Flowable, canv, y: float, width: float) -> None:
    """Draw a wrapped flowable at height y, aligned in `width` by its hAlign as a frame would."""
    flowable.drawOn(canv, 0, y, _sW=width - getattr(flowable, "width", getattr(flowable, "_width", width)))
