"""An independent reference for the text layer: GNU FriBidi's `fribidi` command, and a reader that
turns a PDF back into visual lines with pdfplumber. Shared by the text-layer and document tests."""
import shutil
import subprocess
import unicodedata

import pdfplumber
import pytest

from reports.bidi_text import display_form

IGNORED = {"\u200c", "\ufeff", "\u200d"}  # ZWNJ, fribidi's lam-alef filler, ZWJ


def fribidi(lines: list[str]) -> list[str]:
    """Visual order with mirroring and Arabic shaping, base direction RTL, one result per line."""
    exe = shutil.which("fribidi")
    if exe is None:
        pytest.fail("GNU FriBidi is missing: apt-get install libfribidi-bin (see Makefile DEB_PACKAGES)")
    out = subprocess.run([exe, "--rtl", "--nopad", "--nobreak"], input="\n".join(lines) + "\n",
                         capture_output=True, text=True, check=True).stdout
    return out.split("\n")[:len(lines)]


def reference(text: str) -> str:
    """What a correct renderer must show for one unwrapped line of logical text."""
    return comparable(fribidi([display_form(text)])[0])


def comparable(visual: str) -> str:
    """Isolated forms count as their base letters (they look the same); ZWNJ and fillers are
    invisible; runs of spaces are one space."""
    out = []
    for ch in visual:
        if ch in IGNORED:
            continue
        deco = unicodedata.decomposition(ch)
        if deco.startswith("<isolated>"):
            ch = "".join(chr(int(h, 16)) for h in deco.split()[1:])
        out.append(ch)
    return " ".join("".join(out).split())


def pdf_lines(path, page_numbers=None) -> list[list[str]]:
    """Each page's text lines, top to bottom, each line's characters sorted by x (stable, so a
    zero-width mark stays after the glyph it was drawn on)."""
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
                chars = sorted(rows[top], key=lambda t: (round(t[0], 1), t[1]))
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
