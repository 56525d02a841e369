"""An independent reference for the text layer: GNU FriBidi's `fribidi` command, and a reader that
turns a PDF back into visual lines with pdfplumber. Shared by the text-layer and document tests."""
import shutil
import subprocess
import unicodedata
from functools import lru_cache

import pdfplumber
import pytest

from reports.bidi_text import display_form
from reports.fonts import LAM_COMPANION, MIRROR_BASE, MIRROR_OF, RTL_WEIGHT, SPACE_BEFORE_MARK, base_letters

# ZWNJ, fribidi's lam-alef filler, ZWJ, and the bidi marks our text layer adds (all invisible)
IGNORED = {"\u200c", "\ufeff", "\u200d", "\u200f", "\u200e", "\u061c"}


def fribidi(lines: list[str]) -> list[str]:
    """Visual order with mirroring and Arabic shaping, base direction RTL, one result per line."""
    exe = shutil.which("fribidi")
    if exe is None:
        pytest.fail("GNU FriBidi is missing: apt-get install libfribidi-bin (see Makefile DEB_PACKAGES)")
    out = subprocess.run([exe, "--rtl", "--nopad", "--nobreak"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout
    return out.split("\n")[:len(lines)]


def fribidi_vtol(line: str) -> tuple[str, list[int]]:
    """FriBidi's visual string for one line and, for each visual position, the logical index of the
    character drawn there (its --vtol map)."""
    exe = shutil.which("fribidi")
    if exe is None:
        pytest.fail("GNU FriBidi is missing: apt-get install libfribidi-bin (see Makefile DEB_PACKAGES)")
    out = subprocess.run([exe, "--rtl", "--nopad", "--nobreak", "--vtol"], input=line + "\n",
                         capture_output=True, text=True, check=True).stdout.split("\n")
    return out[0], [int(n) for n in out[1].split()]


@lru_cache(maxsize=None)
def glyph_reference(text: str) -> str:
    """What a correct renderer must show for one unwrapped line of logical text: FriBidi's glyphs
    (presentation forms, mirrored brackets) in visual order."""
    return comparable(fribidi([display_form(text)])[0])


@lru_cache(maxsize=None)
def reference(text: str) -> str:
    """The same line as our PDFs' text layer gives it back, read by position: glyph_reference with
    each glyph as its base letters (see letters), a bracket FriBidi mirrored as the bracket it stands
    for in logical order (reports/bidi_text.py, _pin)."""
    logical = display_form(text)
    visual, vtol = fribidi_vtol(logical)
    assert len(vtol) == len(visual), (visual, vtol)
    return comparable("".join(logical[vtol[i]] if ch in MIRROR_OF and logical[vtol[i]] != ch else letters(ch)
                              for i, ch in enumerate(visual)))


def comparable(visual: str) -> str:
    """Isolated forms count as their base letters (they look the same); ZWNJ and fillers are
    invisible; runs of spaces are one space; marks stacked on one letter are in canonical order
    (they overlay, so their sequence is not visible)."""
    out = []
    for ch in visual:
        if ch in IGNORED:
            continue
        deco = unicodedata.decomposition(ch)
        if deco.startswith("<isolated>"):
            ch = "".join(chr(int(h, 16)) for h in deco.split()[1:])
        if out and len(ch) == 1 and unicodedata.combining(ch):
            j = len(out)
            while j > 0 and unicodedata.combining(out[j - 1]) > unicodedata.combining(ch):
                j -= 1
            out.insert(j, ch)
            continue
        out.append(ch)
    return " ".join("".join(out).split())


def drawn(visual: str) -> str:
    """The glyphs a drawn string shows, comparable with reference(): our invisible glyphs (the
    bidi marks, the lam-alef companion) left out. Marks are drawn before their letter (see
    reports/bidi_text.py) and overlay it; like pdf_lines, they are put after it here."""
    out, marks = [], []
    for ch in plain(visual):
        if unicodedata.combining(ch):
            marks.append(ch)
        else:
            out.append(ch)
            out += marks
            marks = []
    return comparable("".join(out + marks))


def plain(visual: str) -> str:
    """A drawn string with our text-layer-only glyphs taken out: the same glyphs at the same places,
    without the invisible ones (bidi marks, lam-alef companion, pdf.js's right-to-left weight), each
    bracket and space under its own code."""
    out = []
    for ch in visual:
        if ch in ("\u200e", "\u200f", LAM_COMPANION, RTL_WEIGHT):
            continue
        if ch == SPACE_BEFORE_MARK:
            ch = " "
        out.append(chr(ord(ch) - MIRROR_BASE) if ord(ch) >= MIRROR_BASE else ch)
    return "".join(out)


def letters(visual: str) -> str:
    """What the text layer gives for glyphs in visual order: base letters (reports/fonts.py), a
    lam-alef as its alef then its lam (the ligature, then the companion glyph at its right edge)."""
    out = []
    for ch in visual:
        deco = unicodedata.decomposition(ch).split()
        if len(deco) == 3 and deco[0] in ("<isolated>", "<final>") and deco[1] == "0644":
            out.append(chr(int(deco[2], 16)) + "\u0644")
        else:
            out.append(base_letters(ord(ch)))
    return "".join(out)


def pdf_lines(path, page_numbers=None) -> list[list[str]]:
    """Each page's text lines, top to bottom, each line's characters sorted by x. A zero-width
    mark belongs to the letter it overlaps, the one starting at the same x; it is put after it,
    which is where FriBidi (reordering marks after their base) has it."""
    pages = []
    with pdfplumber.open(path) as pdf:
        for i, page in enumerate(pdf.pages):
            if page_numbers is not None and i not in page_numbers:
                continue
            rows: dict[int, list] = {}
            for seq, ch in enumerate(page.chars):
                key = round(ch["top"])
                # merge baselines within 1pt (mixed fonts/sizes on one line)
                for k in (key - 1, key + 1):
                    if k in rows:
                        key = k
                        break
                rows.setdefault(key, []).append((ch["x0"], seq, ch))
            lines = []
            for top in sorted(rows):
                chars = sorted(rows[top], key=lambda t: (round(t[0], 1),
                                                         unicodedata.combining(t[2]["text"][:1] or " ") > 0, t[1]))
                text, last_x1 = [], None
                for x0, _, ch in chars:
                    # pdfplumber drops nothing but spaces may be absent between separately drawn texts
                    if last_x1 is not None and x0 - last_x1 > 1.5 and ch["text"] != " ":
                        text.append(" ")
                    text.append(ch["text"])
                    last_x1 = max(last_x1 or 0, ch["x1"]) if ch["text"] != " " else ch["x1"]
                lines.append(comparable("".join(text)))
            pages.append(lines)
    return pages


def row_reference(cells: list[str]) -> str:
    """A table row as it reads on the page: cells given right to left (reading order) appear
    left to right as their reversed sequence."""
    return " ".join(reference(c) for c in reversed(cells))


def assert_reads_as_slices(lines: list[str], text: str, skip=lambda line: False) -> None:
    """The paragraph's lines, from the first one that starts it, read as FriBidi's form of consecutive
    slices of its words. `skip` passes over page furniture between pages."""
    words = display_form(text).split()
    start, i = 0, 0
    while i < len(lines) and start == 0:
        for end in range(1, len(words) + 1):
            if reference(" ".join(words[:end])) == lines[i]:
                start = end
                break
        i += 1
    assert start, f"no line starts the paragraph {text[:30]!r}"
    while start < len(words):
        assert i < len(lines), "paragraph runs off the end"
        if skip(lines[i]):
            i += 1
            continue
        for end in range(start + 1, len(words) + 1):
            if reference(" ".join(words[start:end])) == lines[i]:
                start = end
                break
        else:
            raise AssertionError(f"line {lines[i]!r} is no slice of the words from {words[start]!r}")
        i += 1
