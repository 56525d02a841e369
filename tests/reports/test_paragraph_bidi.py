"""Paragraph-level bidi (issue 24, item 3): embedding levels are resolved once for the paragraph
(UAX #9 up to I2), lines are broken, and each line is reordered from its slice of those levels (L1,
L2). Reordering each line as a paragraph of its own broke Latin runs at a line break: «Müller &» at
the end of a line resolved the «&» right-to-left and drew it on the wrong side. The reference is GNU
FriBidi's levels for the whole paragraph (`fribidi --levels`); lines are read back from real PDFs."""
import shutil
import subprocess

import pytest
from reportlab.pdfgen.canvas import Canvas

from reports import bidi_text as bt
from reports.fonts import LAM_COMPANION, REGULAR, RTL_WEIGHT, SPACE_BEFORE_MARK, register_fonts
from reports.layout import RTLParagraph

from . import extractors as X
from .rtl_reference import comparable, letters, pdf_lines

MIXED = ("شرکت Müller & Söhne GmbH گواهی ISO 9001:2015 را دریافت کرد و نشانی info@dabir-2.ir برای مکاتبه "
         "اعلام شد؛ کد پیگیری 48# و نامه شماره 1405/123 ثبت شد و نماینده Dr. John Smith, Ph.D. از طرف "
         "Siemens AG (Germany) و شرکت Acme-Tech, Inc. حضور داشتند و «گزارش Q3/2025» را (با 12.5% رشد) ارائه کردند.")
WIDTHS = range(70, 430, 6)
# MIXED's Latin runs with a Persian neighbour each side, as a secretary would search for them
RUNS = ["شرکت Müller & Söhne GmbH گواهی", "گواهی ISO 9001:2015 را", "نشانی info@dabir-2.ir برای", "کد پیگیری 48# و",
        "شماره 1405/123 ثبت", "نماینده Dr. John Smith, Ph.D. از", "طرف Siemens AG (Germany) و",
        "شرکت Acme-Tech, Inc. حضور", "«گزارش Q3/2025» را", "(با 12.5% رشد)"]


def fribidi_levels(text: str) -> list[int]:
    exe = shutil.which("fribidi")
    if exe is None:
        pytest.fail("GNU FriBidi is missing: apt-get install libfribidi-bin (see Makefile DEB_PACKAGES)")
    out = subprocess.run([exe, "--rtl", "--nopad", "--nobreak", "--levels", "--novisual"], input=text + "\n",
                         capture_output=True, text=True, check=True).stdout
    levels = [int(n) for n in out.split()]
    assert len(levels) == len(text)
    return levels


def line_reference(logical: str, levels: list[int]) -> str:
    """One line's characters in visual order from its slice of the paragraph's levels (L1: trailing
    white space at the paragraph level; L2), each bracket as itself (what the text layer copies)."""
    levels = list(levels)
    i = len(logical)
    while i and logical[i - 1] in " \u200c":
        i -= 1
        levels[i] = 1
    order = list(range(len(logical)))
    for level in range(max(levels), 0, -1):
        j = 0
        while j < len(order):
            if levels[order[j]] < level:
                j += 1
                continue
            k = j
            while k < len(order) and levels[order[k]] >= level:
                k += 1
            order[j:k] = order[j:k][::-1]
            j = k
    return comparable("".join(logical[n] for n in order))


def copied(visual: str) -> str:
    """A drawn line as the glyphs' copy text in drawing order (reports/fonts.py, base_letters)."""
    visual = visual.replace(LAM_COMPANION, "").replace(RTL_WEIGHT, "").replace(SPACE_BEFORE_MARK, " ")
    return comparable(letters(visual))


def references(width: float) -> tuple[list[bt.Line], list[str]]:
    logical = bt.display_form(MIXED)
    levels = fribidi_levels(logical)
    lines, refs, at = bt.wrap(MIXED, REGULAR, 10, width), [], 0
    for line in lines:
        assert logical[at:at + len(line.logical)] == line.logical
        refs.append(line_reference(line.logical, levels[at:at + len(line.logical)]))
        at += len(line.logical) + 1
    return lines, refs


def test_every_line_is_reordered_from_the_paragraphs_levels():
    broken = 0
    for width in WIDTHS:
        lines, refs = references(width)
        assert len(lines) > 1
        for line, ref in zip(lines, refs):
            assert copied(line.visual) == ref, f"width {width}: {line.logical!r}"
            broken += bt.visual_line(line.logical) != line.visual
    assert broken, "no width broke a line where the paragraph's levels matter: the test proves nothing"


@pytest.mark.parametrize("width", [118, 190, 262])
def test_the_pdf_draws_each_line_so(tmp_path, width):
    register_fonts()
    path = tmp_path / "mixed.pdf"
    c = Canvas(str(path))
    p = RTLParagraph(MIXED, size=10)
    _, h = p.wrapOn(c, width, 800)
    p.drawOn(c, 100, 800 - h)
    c.save()
    _, refs = references(width)
    drawn = pdf_lines(path)[0]
    assert len(drawn) == len(refs)
    for got, ref in zip(drawn, refs):
        # pdf_lines gives the glyphs' text by position, each bracket as the bracket it stands for
        assert comparable(got.replace("\u061c", "")) == ref


def test_latin_runs_copy_back(tmp_path):
    """The paragraph wrapped at five widths, copied back by pdftotext and pdf.js: every run, 50 of 50.
    A neutral ending a left-to-right run («)» of «(Germany)», «.» of «Dr.» ending a line) gets an
    invisible left-to-right mark at its right (reports/fonts.py, LTR_END): pdftotext read 45 of 50
    without it. pdf.js runs its own simplified bidi on each text chunk it builds; a line drawn as one
    string was one chunk, and it read 35 of 50 («.Dr», «)Siemens AG (Germany»): each Latin run is now
    drawn on its own, in logical order (reports/bidi_text.py, _runs), so each chunk is of one
    direction. MuPDF and pypdf, which read 0 of 50 before, must not fall back below what they read
    now."""
    register_fonts()
    found = {"pdftotext": 0, "pdf.js": 0, "MuPDF": 0, "pypdf": 0}
    for width in (120, 180, 250, 330, 480):
        path = tmp_path / f"runs{width}.pdf"
        c = Canvas(str(path))
        p = RTLParagraph(MIXED, size=10)
        _, h = p.wrapOn(c, width, 800)
        p.drawOn(c, 50, 800 - h)
        c.save()
        for reader in found:
            found[reader] += sum(X.score(X.READERS[reader](path), RUNS))
    assert found["pdftotext"] == 50 and found["pdf.js"] == 50, found
    assert found["MuPDF"] >= 19 and found["pypdf"] >= 17, found
