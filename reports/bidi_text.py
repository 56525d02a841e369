"""The RTL text layer every document shares: Persian digits, letter shaping, line wrapping in
logical order, per-line reordering, and a text layer that copies as logical Persian (base letters
from the font's ToUnicode map, reports/fonts.py; invisible right-to-left marks, see _pin).

Pipeline for a paragraph (the order matters):
  1. display_digits: ASCII digits become Persian, except in tokens that carry Latin letters.
  2. split into words; each word is shaped once (arabic-reshaper) and its width measured once.
     Arabic joining never crosses a space, so shaping word by word equals shaping the line.
  3. wrap greedily in LOGICAL order using those widths.
  4. only then reorder each line on its own (UAX #9, base direction RTL) and mirror brackets.
  5. a line with Latin letters is drawn run by run in logical order (_runs), so that pdf.js, which
     runs its own bidi on each chunk of glyphs it gathers, gets chunks of one direction each.
Reordering a whole paragraph and wrapping afterwards puts lines in the wrong order.

Library defaults we override, after reading their sources:
  - arabic-reshaper deletes harakat by default (لطفاً loses its tanwin) and turns الله into one
    ligature glyph (breaks عبدالله, عبداللهی). Both are off here; only lam-alef ligatures stay.
  - python-bidi 0.6's top-level get_display (Rust) does not mirror brackets: (الف) -> )فلا(.
    bidi.algorithm.get_display (pure Python) does mirror but drops ZWNJ, and it predates the
    bracket-pair rule N0: "در (ICT) [CDA]" comes out as "[ICT) [CDA)" (FriBidi caught this).
    Neither returns levels, which paragraph-level reordering needs. So the levels come from our own
    UAX #9 (reports/bidi_levels.py, checked against all of BidiCharacterTest.txt), and we apply L1,
    L2 (reordering) and L4 (mirroring) per line ourselves; see _reorder.
  - harakat are left BEFORE their letter in drawing order (no UAX #9 L3): Vazirmatn's zero-advance
    mark glyphs extend to the right of their origin, so drawn at a letter's left edge they sit on
    it. Moving them after the letter (as FriBidi's --reordernsm does) puts the tanwin of لطفاً on the
    ف. Checked by eye in a rendering; the FriBidi comparison attaches marks to their letter.
"""
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from arabic_reshaper import ArabicReshaper
from reportlab.pdfbase import pdfmetrics

from app.domain.persian import display_digits, normalize_input  # noqa: F401  (display_digits: re-exported)
from reports.bidi_levels import MIRRORED, embedding_levels
from reports.fonts import (LAM_COMPANION, LTR_END, MIRROR_OF, RLM, RTL_WEIGHT, RTL_WEIGHT_MARKS, SPACE_BEFORE_MARK,
                           base_letters, drawable, mirrored, register_fonts, string_width)

_RESHAPER = ArabicReshaper(configuration={
    "delete_harakat": False,
    "shift_harakat_position": False,
    "support_ligatures": True,
    # Word and sentence ligatures are Arabic devotional forms; in Persian names they are wrong.
    "ARABIC LIGATURE ALLAH": False,
    "ARABIC LIGATURE BISMILLAH AR-RAHMAN AR-RAHEEM": False,
    "ARABIC LIGATURE JALLAJALALOUHOU": False,
    "ARABIC LIGATURE SALLALLAHOU ALAYHE WASALLAM": False,
    "ARABIC LIGATURE AKBAR": False,
    "ARABIC LIGATURE ALAYHE": False,
    "ARABIC LIGATURE MOHAMMAD": False,
    "ARABIC LIGATURE RASOUL": False,
    "ARABIC LIGATURE SALAM": False,
    "ARABIC LIGATURE SALLA": False,
    "ARABIC LIGATURE WASALLAM": False,
    "RIAL SIGN": False,
})

# Anything outside this set (Latin letters, any digit, Arabic number signs...) needs the full bidi
# algorithm; a line made only of these is one RTL run (see _visual).
_NEEDS_UBA = re.compile("[^\u0606-\u065f\u066a\u066d-\u06ef\u06fa-\u06ff\ufb50-\ufdff\ufe70-\ufefe"
                        " \u200c.,:;!?()\\[\\]{}«»\"'\\-_/…–—*]")
_MIRROR_TABLE = str.maketrans(MIRRORED)
_CACHE_LIMIT = 50_000


def display_form(text: str | None) -> str:
    """What a document shows for user text: Arabic ي/ك as Persian ی/ک (text pasted before input
    normalisation existed), spaces collapsed, Persian digits (see display_digits)."""
    return display_digits(normalize_input(text) or "")


_shaped: dict[str, str] = {}


def shape(word: str) -> str:
    """Presentation forms for one word (or any text without line breaks). Cached."""
    s = _shaped.get(word)
    if s is None:
        if len(_shaped) > _CACHE_LIMIT:     # bounded: memory must not grow with document size
            _shaped.clear()
        s = _shaped[word] = _RESHAPER.reshape(word) if _has_arabic(word) else word
    return s


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


def _visual(shaped_line: str) -> str:
    """Visual (left-to-right drawing) order of one shaped line, base direction RTL."""
    return _visual_runs(shaped_line)[0]


@lru_cache(maxsize=8192)
def _visual_runs(shaped_line: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The drawn glyphs of one shaped line and its runs (see _pin)."""
    if not _NEEDS_UBA.search(shaped_line):
        # No L, EN or AN characters: with an RTL base every character resolves to level 1, so
        # UAX #9 reduces to reversing the line and mirroring what is mirrorable. Exact, and fast.
        visual = shaped_line[::-1].translate(_MIRROR_TABLE)
        return _pin(visual, [1] * len(visual), list(range(len(visual) - 1, -1, -1)))
    return _pin(*_reorder(shaped_line))


LRM = "\u200e"
_NEUTRAL = ("ON", "CS", "ES", "ET", "WS")
# What poppler (pdftotext, Evince, Okular) reads as left-to-right or number: Latin letters, digits
# and these separators (its UnicodeTypeTable marks them '#'); its RTL logic is in reorderText.
_POPPLER_LTR = re.compile("[A-Za-z0-9\u06f0-\u06f9\u0660-\u0669.,:%\\-/\u060c\u066a-\u066c+#$]")


def _strong_rtl(ch: str) -> bool:
    """A letter every reader takes as right-to-left (not a mark, digit or separator)."""
    return ("\u0600" <= ch <= "\u06ff" and not _POPPLER_LTR.match(ch) and not unicodedata.combining(ch)
            and ch not in "\u060c\u061b\u061f") or "\ufb50" <= ch <= "\ufefc" or ch == RLM


def _pin(visual: str, levels: list[int], order: list[int]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Put a right-to-left mark (a zero-width glyph, nothing drawn) at the left of every left-to-right
    run and of every separator a reader takes for a number ("،", ".", ":"), unless a strong RTL
    letter is already there.

    Why: readers rebuild logical order from the glyphs with their own, simpler rules. poppler, for
    one, runs a left-to-right section from a digit or separator leftwards over every character
    that is not a strong RTL letter, so the space after ۱۳ in «در لرستان ۱۳ خوشه» ends up on the
    wrong side (۱۳خوشه). The mark stops that section where the run really ends. It is invisible,
    has no width, and a search ignores it.

    A bracket that L4 mirrored (the «(» drawn at the left of «(الف)» is its closing bracket) is drawn
    with the same glyph but copies as the bracket it stands for in logical order (reports/fonts.py,
    mirrored): poppler, MuPDF, pdf.js and pypdf reverse a right-to-left line without mirroring.
    PDFium does mirror every character of a right-to-left segment (core/fpdftext/cpdf_textpage.cpp,
    AddCharInfoByRLDirection) but not a neutral segment that follows a left-to-right one in its
    reading order (CloseTempLine), so the bracket gets a left-to-right mark at its right (read
    first), and its copy text starts with an Arabic letter mark (right-to-left), which keeps its
    neighbour at the left (a space) out of that segment. Both marks are invisible, the left-to-right
    mark has no width, and a search ignores them."""
    out: list[str] = []
    bounds: list[int] = [0]                 # where each run's glyphs start in `out`
    runs, rtl = _runs(visual, levels)
    # a mark at the far left of a line drawn in runs came after its last run, and poppler broke a
    # word there («[CDA]» ending a line read «C» on a line of its own)
    one_run = len(rtl) == 1
    for i, ch in enumerate(visual):
        new_run = i and runs[i - 1] != runs[i]
        if new_run:
            bounds.append(len(out))
        odd = levels[i] % 2 == 1
        starts = (not odd and (i == 0 or levels[i - 1] % 2 == 1)) or (odd and _POPPLER_LTR.match(ch))
        if (starts or (i == 0 and one_run)) and not (out and _strong_rtl(out[-1])) and not _strong_rtl(ch):
            if new_run:
                out.append(RLM)             # the same mark ending the run at the left: see _pin's doc
                bounds[-1] += 1
            out.append(RLM)
        if odd and ch in MIRROR_OF:
            # a bracket mirrored by L4: drawn as now, copies as the bracket in logical order after
            # an Arabic letter mark (see _pin's doc and reports/fonts.mirrored); a left-to-right
            # mark at its right
            out.append(mirrored(ch))
            out.append(LRM)
        elif ch == " " and ((i + 1 < len(visual) and unicodedata.combining(visual[i + 1]))
                            or (0 < i < len(visual) - 1 and runs[i - 1] != runs[i + 1])):
            # see reports/fonts.py: pdf.js puts this space in place, where it would leave out a space
            # before a mark or at the edge of a run drawn on its own (see _pin's doc)
            out.append(SPACE_BEFORE_MARK)
        else:
            out.append(ch)
        if odd and _POPPLER_LTR.match(ch) and i + 1 < len(visual) and not _strong_rtl(visual[i + 1]) \
                and levels[i + 1] % 2 == 1:
            out.append(RLM)                 # and at its right: PDFium reads a mark after «،» as neutral
        if "\ufef5" <= ch <= "\ufefc":
            out.append(LAM_COMPANION)       # the lam of lam-alef, see reports/fonts.companion
        if not odd and (i + 1 == len(visual) or levels[i + 1] % 2 == 1) and i > 0 \
                and unicodedata.bidirectional(ch) in _NEUTRAL and levels[i - 1] == levels[i]:
            # a neutral that ends a left-to-right run (the «)» of «(Germany)», the «.» of «Dr.»
            # ending a line before «John»): readers resolve it from its neighbours on the line, and
            # the right-to-left one at its right would take it out of the run; a left-to-right mark
            # there keeps it in (reports/fonts.py, LTR_END)
            out.append(LTR_END)
    mixed = any(level % 2 == 0 for level in levels)
    if one_run:
        return _ordered_runs([out], rtl, [0], mixed)
    firsts: dict[int, int] = {}             # each run's first character in logical order
    for i, r in enumerate(runs):
        firsts[r] = min(firsts.get(r, order[i]), order[i])
    bounds.append(len(out))
    return _ordered_runs([out[a:b] for a, b in zip(bounds, bounds[1:])], rtl,
                         sorted(firsts, key=firsts.get), mixed)


def _runs(visual: str, levels: list[int]) -> tuple[list[int], list[bool]]:
    """Each visual character's run, and whether each run reads right to left. A left-to-right run
    that holds a Latin letter (any strong left-to-right character) is a run of its own, and so is
    the right-to-left text between two such.
    A left-to-right run of digits and separators alone (the «۲» of «بند [۲] و») stays inside its
    right-to-left neighbours: pdf.js already reads it right there, and drawn on its own it put
    PDFium and pypdf off the brackets around it (5 and 2 of the 45 harness strings lost)."""
    if all(level % 2 for level in levels):
        return [0] * len(visual), [True]
    latin = [False] * len(visual)
    i = 0
    while i < len(visual):
        j = i
        while j < len(visual) and levels[j] % 2 == levels[i] % 2:
            j += 1
        if levels[i] % 2 == 0 and any(unicodedata.bidirectional(c) == "L" for c in visual[i:j]):
            latin[i:j] = [True] * (j - i)
        i = j
    out, rtl, r = [], [], 0
    for i, is_latin in enumerate(latin):
        if i == 0 or is_latin != latin[i - 1]:
            r += i > 0
            rtl.append(not is_latin)
        out.append(r)
    return out, rtl


def _ordered_runs(pieces: list[list[str]], odd: list[bool], logical: list[int],
                  mixed: bool) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The glyphs of each run (in visual order), with a right-to-left run's RTL_WEIGHT added where
    pdf.js needs it, and the runs as slices of them in logical order (the order draw_line writes
    them in)."""
    for r, piece in enumerate(pieces):
        if odd[r] and len(pieces) > 1:
            piece[:0] = RTL_WEIGHT * _weights_needed(piece, run=True)
    if len(pieces) == 1 and mixed:
        pieces[0] += RTL_WEIGHT * _weights_needed(pieces[0])
    slices, at = [], 0
    for piece in pieces:
        slices.append((at, at + len(piece)))
        at += len(piece)
    return "".join("".join(p) for p in pieces), tuple(slices[r] for r in logical)


# pdf.js takes a chunk of more than 4 characters as left-to-right when fewer than 30 % of them are
# right-to-left (R, AL, AN); we aim above that, as pdf.js may join a line with its neighbours.
_PDFJS_RTL_SHARE = 0.35


def _weights_needed(glyphs: list[str], run: bool = False) -> int:
    """How many RTL_WEIGHT glyphs (reports/fonts.py) make pdf.js read a line drawn from `glyphs`
    as right-to-left. pdf.js counts the characters of the text the glyphs copy as, leaving out a
    glyph whose text ends in a format character (src/core/unicode.js, SpecialCharRegExp); it counts
    Hebrew, Arabic (R, AL, AN) and Arabic presentation forms as right-to-left, nothing else
    (src/core/bidi.js). A right-to-left `run` drawn on its own (_runs) that has none at all, such as
    «، (» between two Latin runs, needs weight too, as pdf.js keeps such a chunk as it is drawn."""
    n = strong = 0
    for g in glyphs:
        text = base_letters(ord(g))
        if not text or unicodedata.category(text[-1]) == "Cf":
            continue
        n += len(text)
        strong += sum(_pdfjs_rtl(ch) for ch in text)
    weights = 0
    while (n > 4 and strong < _PDFJS_RTL_SHARE * n) or (run and strong == 0 and n > 1):
        weights += 1
        n += RTL_WEIGHT_MARKS + 1
        strong += RTL_WEIGHT_MARKS
    return weights


def _pdfjs_rtl(ch: str) -> bool:
    return (("\u0590" <= ch <= "\u06ff" or "\ufb1d" <= ch <= "\ufdfd" or "\ufe70" <= ch <= "\ufefc")
            and unicodedata.bidirectional(ch) in ("R", "AL", "AN"))


def _levels(text: str) -> list[int]:
    """Resolved embedding levels per character of one paragraph, base direction RTL (UAX #9 up to
    I2; reports/bidi_levels.py)."""
    return embedding_levels(text, 1)


def _reorder(line: str, levels: list[int] | None = None) -> tuple[str, list[int], list[int]]:
    """UAX #9 L1, L2 and L4 for one line: the visual string, each of its characters' levels and
    logical positions.
    `levels` are the line's slice of its paragraph's resolved levels (rule L1 and L2 apply after
    line breaking, on levels resolved once for the paragraph); a line on its own is its own
    paragraph."""
    levels = list(_levels(line) if levels is None else levels)
    # L1: whitespace (and invisible joiners) at the end of the line go to the paragraph level
    i = len(line)
    while i > 0 and line[i - 1] in " \t\u200c\u200d":
        i -= 1
        levels[i] = 1
    order = list(range(len(line)))
    # L2: from the highest level down to the lowest odd one, reverse every run at that level or above
    for level in range(max(levels, default=1), 0, -1):
        j = 0
        while j < len(order):
            if levels[order[j]] >= level:
                k = j
                while k < len(order) and levels[order[k]] >= level:
                    k += 1
                order[j:k] = order[j:k][::-1]
                j = k
            else:
                j += 1
    # L4: a mirrorable character at an odd (RTL) level shows its mirror image
    out = [line[i] if levels[i] % 2 == 0 else MIRRORED.get(line[i], line[i]) for i in order]
    return "".join(out), [levels[i] for i in order], order


def visual_line(logical: str) -> str:
    """One line of logical text (no wrapping) in drawing order: digits, shaping, reordering."""
    text = display_digits(logical)
    return _visual(" ".join(shape(w) for w in text.split(" ")))


_widths: dict[tuple[str, str, float], float] = {}


def text_width(shaped: str, font: str, size: float) -> float:
    key = (shaped, font, size)
    w = _widths.get(key)
    if w is None:
        if not _widths:     # measuring before any document was built (wrap called on its own)
            register_fonts()
        if len(_widths) > _CACHE_LIMIT:
            _widths.clear()
        w = _widths[key] = string_width(shaped, font, size)
    return w


@dataclass(frozen=True)
class Line:
    logical: str     # what copy/paste should give back
    visual: str      # what is drawn, left to right
    width: float
    runs: tuple[tuple[int, int], ...] = ()   # its directional runs as slices of visual, in logical order


def _line(logical: str, shaped: str, width: float) -> Line:
    visual, runs = _visual_runs(shaped)
    return Line(logical, visual, width, runs)


def wrap(text: str | None, font: str, size: float, width: float) -> list[Line]:
    """Wrap a paragraph (or several, separated by newlines) to `width` points.

    Words are measured shaped and lines filled in logical order; the paragraph's embedding levels
    are resolved once (UAX #9 up to I2), and each line is then reordered from its slice of them
    (L1, L2): a Latin run broken across lines keeps its punctuation and digits in order, as in one
    line («ISO 9001:2015», «Müller & Söhne GmbH»). A single word wider than the line is split
    between characters rather than overflowing."""
    lines: list[Line] = []
    space = text_width(" ", font, size)
    for para in display_form(text).split("\n"):
        words = para.split()
        shaped = [shape(w) for w in words]
        # each line: (its words' range in `words`, or the pre-made lines of a split word) and width
        spans: list[tuple[int, int, float] | list[Line]] = []
        start, cur_w = 0, 0.0
        for n, word in enumerate(words):
            ww = text_width(shaped[n], font, size)
            if ww > width:
                pieces = _split_long(word, font, size, width)
                if n > start:
                    spans.append((start, n, cur_w))
                spans.append([_line(p, ps, w) for p, ps, w in pieces[:-1]])
                word, shaped[n], ww = pieces[-1]
                words[n] = word
                start, cur_w = n, 0.0
            add = ww + (space if n > start else 0.0)
            if n > start and cur_w + add > width:
                spans.append((start, n, cur_w))
                start, cur_w, add = n, 0.0, ww
            cur_w += add
        if words or not spans:
            spans.append((start, len(words), cur_w))
        lines.extend(_paragraph_lines(words, shaped, spans))
    return lines


def _paragraph_lines(words: list[str], shaped: list[str], spans) -> list[Line]:
    """The lines of one paragraph, each reordered from the paragraph's levels (see wrap)."""
    para = " ".join(shaped)
    levels = _levels(para) if _NEEDS_UBA.search(para) else None
    offsets, at = [], 0
    for w in shaped:
        offsets.append(at)
        at += len(w) + 1
    out = []
    for span in spans:
        if isinstance(span, list):
            out.extend(span)
            continue
        i, j, width = span
        line = " ".join(shaped[i:j])
        if levels is None or i == j:
            out.append(_line(" ".join(words[i:j]), line, width))  # no L, EN or AN in the paragraph: one RTL run
        else:
            visual, runs = _pin(*_reorder(line, levels[offsets[i]:offsets[i] + len(line)]))
            out.append(Line(" ".join(words[i:j]), visual, width, runs))
    return out


def _split_long(word: str, font: str, size: float, width: float) -> list[tuple[str, str, float]]:
    pieces, start = [], 0
    for end in range(1, len(word) + 1):
        if text_width(shape(word[start:end]), font, size) > width and end - 1 > start:
            piece = word[start:end - 1]
            pieces.append((piece, shape(piece), text_width(shape(piece), font, size)))
            start = end - 1
    piece = word[start:]
    pieces.append((piece, shape(piece), text_width(shape(piece), font, size)))
    return pieces


def draw_line(canv, line: Line, x_right: float, y: float, font: str, size: float,
              align: str = "right", x_left: float | None = None) -> None:
    """Draw one line ending at x_right (RTL text is right-aligned), or centred between x_left and
    x_right. No ActualText: the font's ToUnicode gives base letters (reports/fonts.py) and every
    reader reorders the glyphs itself; see docs/pdf.md for what each reader does with ActualText."""
    if align == "center" and x_left is not None:
        x = x_left + (x_right - x_left - line.width) / 2
    elif align == "left" and x_left is not None:
        x = x_left
    else:
        x = x_right - line.width
    drawn, overlays = drawable(line.visual, font)
    canv.setFont(font, size)
    if len(line.runs) < 2:
        canv.drawString(x, y, drawn)
    else:
        # each directional run on its own, in logical order: see _pin
        left, at = {}, x                    # each run's left edge
        for start, end in sorted(line.runs):
            left[start] = at
            at += pdfmetrics.stringWidth(drawn[start:end], font, size)
        for start, end in line.runs:
            canv.drawString(left[start], y, drawn[start:end])
    # glyphs the font lacks, drawn from a fallback over their invisible stand-ins (reports/fonts.py)
    for i, fallback, ch in overlays:
        canv.setFont(fallback, size)
        canv.drawString(x + pdfmetrics.stringWidth(drawn[:i], font, size), y, ch)


def single_line(text: str, font: str, size: float) -> Line:
    """A line that is never wrapped (headers, footers, labels)."""
    text = display_form(" ".join((text or "").split()))
    words = text.split(" ")
    shaped = [shape(w) for w in words]
    width = sum(text_width(s, font, size) for s in shaped) + text_width(" ", font, size) * (len(words) - 1)
    return _line(text, " ".join(shaped), width)


def draw_text(canv, text: str, x_right: float, y: float, font: str, size: float,
              align: str = "right", x_left: float | None = None) -> float:
    """Draw unwrapped text; returns its width."""
    line = single_line(text, font, size)
    draw_line(canv, line, x_right, y, font, size, align, x_left)
    return line.width
