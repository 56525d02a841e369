"""The bundled Vazirmatn font, registered once with reportlab under fixed names, with a ToUnicode map
that gives base letters for the presentation-form glyphs we draw.

Why: we draw shaped text (arabic-reshaper's presentation forms, U+FB50-U+FEFF) because reportlab does
not shape. reportlab's ToUnicode maps each glyph back to the code point it was drawn from, so copy,
search and every text extractor got presentation forms (ﺑﻪ instead of به), which no typed search
matches. Here a presentation form maps to its base letters (its Unicode compatibility decomposition):
ﯽ to ی; lam-alef (ﻻ) copies as ل ا through its alef and an invisible companion (see companion()).
Everything else maps to itself, ZWNJ included (it is drawn as Vazirmatn's zero-width glyph so it
survives copy/paste), and so do the bidi marks reports/bidi_text.py adds. Two more glyphs are drawn
from private code points to copy differently from what they show: a bracket that bidi mirrored
copies as the bracket it stands for (mirrored()), and a space before a zero-width mark copies as
a right-to-left mark and a space (SPACE_BEFORE_MARK)."""
import unicodedata
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

import resources

FONT_DIR = Path(resources.__file__).resolve().parent / "fonts"
REGULAR = "Vazirmatn"
BOLD = "Vazirmatn-Bold"
_FILES = {REGULAR: "Vazirmatn-Regular.ttf", BOLD: "Vazirmatn-Bold.ttf"}
_FORMS = ("<initial>", "<medial>", "<final>", "<isolated>")


@lru_cache(maxsize=4096)
def base_letters(code: int) -> str:
    """What a glyph drawn from code point `code` means: base letters for an Arabic presentation form,
    the character itself otherwise."""
    if code == _SPACE_BEFORE_MARK:
        return RLM + " "
    if code == _RTL_WEIGHT:
        return ALM * RTL_WEIGHT_MARKS + " "
    if code >= MIRROR_BASE:
        return ALM + MIRROR_OF[chr(code - MIRROR_BASE)]
    if code >= COMPANION_BASE:
        return chr(code - COMPANION_BASE)
    if 0xFB50 <= code <= 0xFEFC:
        deco = unicodedata.decomposition(chr(code)).split()
        if deco and deco[0] in _FORMS:
            letters = [chr(int(h, 16)) for h in deco[1:]]
            if letters[0] == _LAM and len(letters) == 2:
                return letters[1]           # lam-alef: the lam is its companion glyph's
            return "".join(letters)
    return chr(code)


def to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap (one byte per glyph code), with base letters as targets."""
    entries = ["<%02X> <%s>" % (i, base_letters(v).encode("utf-16-be").hex().upper())
               for i, v in enumerate(subset)]
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", "<< /Registry (%s)" % fontname, "/Ordering (%s)" % fontname,
        "/Supplement 0", ">> def", "/CMapName /%s def" % fontname, "/CMapType 2 def",
        "1 begincodespacerange", "<00> <%02X>" % (len(subset) - 1), "endcodespacerange",
        "%d beginbfchar" % len(subset), *entries, "endbfchar",
        "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"])


# Plane-15 private use: COMPANION_BASE + ord(c) draws nothing (Vazirmatn's empty zero-width glyph)
# and its ToUnicode entry is c. See companion().
COMPANION_BASE = 0xF0000
_LAM = "\u0644"


def companion(letter: str) -> str:
    """An invisible, zero-width glyph that copies as `letter`.

    Used for the lam of a lam-alef ligature: the ligature glyph copies as its alef and a companion
    drawn right after it (at its right edge) copies as its lam. Why not one glyph for both letters:
    readers disagree on the order of a multi-letter glyph in right-to-left text. poppler, MuPDF,
    PDFium and pdf.js spread the letters left to right across the glyph and then reverse the line,
    so they need them in visual order (alef, lam); pypdf keeps them as given, so it needs logical
    order (lam, alef). Two glyphs, one letter each, are read in the right order by all five."""
    return chr(COMPANION_BASE + ord(letter))


LAM_COMPANION = companion(_LAM)

# Plane-16 private use: MIRROR_BASE + ord(c) draws c's own glyph (same outline, same advance) and
# copies as c's mirror image after an Arabic letter mark. See mirrored().
MIRROR_BASE = 0x100000
MIRROR_OF = {"(": ")", ")": "(", "[": "]", "]": "[", "{": "}", "}": "{", "«": "»", "»": "«",
             "<": ">", ">": "<"}

RLM = "\u200f"     # RIGHT-TO-LEFT MARK
ALM = "\u061c"     # ARABIC LETTER MARK: invisible, a bidi control like U+200F


def mirrored(drawn: str) -> str:
    """The glyph of bracket `drawn`, copying as its mirror image: the bracket a right-to-left run
    holds in logical order (a «(» drawn at the left of a right-to-left word is the word's closing
    «)»).

    The copy text starts with an Arabic letter mark (U+061C): a right-to-left character at the
    bracket's left for readers that reorder by character class (PDFium, MuPDF; see
    reports/bidi_text.py, _pin), and it makes the glyph's text two characters long, which pypdf
    keeps as one neutral unit (it takes [ ] { } « » for left-to-right letters, «بند [۲]» came out
    as «]۲[ بند»). pdf.js drops a glyph whose text ends in a format character (its
    SpecialCharRegExp), so the mark goes first, not last."""
    return chr(MIRROR_BASE + ord(drawn))


# A space drawn from this code point is the space glyph (same advance) and copies as a right-to-left
# mark and a space. For the space drawn right before a zero-width mark (the tanwin of «لطفاً نظرات»):
# pdf.js does not output a space glyph itself but adds one when the next glyph it compares the
# position of has moved on (src/core/evaluator.js, buildTextContentItem), and it does not compare a
# zero-width mark's position, so the space lands between the mark and its letter: «لطفا ً». A glyph
# whose text starts with a format character and ends with a space is no space to pdf.js (its
# SpecialCharRegExp), so it goes out in place.
_SPACE_BEFORE_MARK = 0x10FF20
SPACE_BEFORE_MARK = chr(_SPACE_BEFORE_MARK)

# An invisible, zero-width glyph that copies as eight Arabic letter marks and a space. pdf.js
# (src/core/bidi.js) takes a text chunk as left-to-right when fewer than 30 % of its characters are
# right-to-left, so a line such as «نشانی: info@example.ir» stayed in visual order; this glyph,
# drawn at the right end of such a line (the last glyph pdf.js adds to the line's chunk), tips the
# count. It has to end in a character that is not a format character, or pdf.js drops it (its
# SpecialCharRegExp): a space, at the start of the line in reading order.
_RTL_WEIGHT = 0x10FF21
RTL_WEIGHT = chr(_RTL_WEIGHT)
RTL_WEIGHT_MARKS = 8


class PersianTTFont(TTFont):
    """TTFont whose ToUnicode streams map presentation forms to base letters (see the module doc).
    reportlab builds each subset's ToUnicode stream in addObjects and registers it under a fixed
    name; we let it do everything else and then replace that stream's content."""

    def __init__(self, name, filename, **kw):
        super().__init__(name, filename, **kw)
        glyphs, widths = self.face.charToGlyph, self.face.charWidths
        empty = glyphs[0x200C]              # ZWNJ: no outline, no advance
        glyphs[ord(LAM_COMPANION)] = empty
        widths[ord(LAM_COMPANION)] = 0
        glyphs[_RTL_WEIGHT] = empty
        widths[_RTL_WEIGHT] = 0
        glyphs[_SPACE_BEFORE_MARK] = glyphs[0x20]
        widths[_SPACE_BEFORE_MARK] = widths[0x20]
        for c in MIRROR_OF:
            if ord(c) in glyphs:
                glyphs[ord(mirrored(c))] = glyphs[ord(c)]
                widths[ord(mirrored(c))] = widths[ord(c)]

    def addObjects(self, doc):
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            doc.idToObject["toUnicodeCMap:" + base].content = to_unicode_cmap(base, subset)


def register_fonts() -> None:
    """Idempotent: reportlab keeps a process-wide registry, so a second call is a dict lookup."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in _FILES.items():
        if name not in registered:
            pdfmetrics.registerFont(PersianTTFont(name, str(FONT_DIR / file)))
    if "Vazirmatn-Family" not in pdfmetrics.getRegisteredFontNames():
        from reportlab.lib.fonts import addMapping
        addMapping(REGULAR, 0, 0, REGULAR)
        addMapping(REGULAR, 1, 0, BOLD)
