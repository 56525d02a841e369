"""reports/bidi_levels.py against Unicode's own conformance data (Debian's unicode-data, Makefile
DEB_PACKAGES): every line of BidiCharacterTest.txt (real text, brackets included) and every case of
BidiTest.txt (sequences of bidi classes, each drawn as one character of that class), with the
paragraph directions each gives and rule L1 applied as for one line."""
import unicodedata
from pathlib import Path

import pytest

from reports.bidi_levels import MIRRORED, embedding_levels

UCD = Path("/usr/share/unicode")
TEST_FILE = UCD / "BidiCharacterTest.txt"
# one character of each bidi class, for BidiTest.txt (none of them a paired bracket)
SAMPLE = {"L": "a", "R": "\u05d0", "AL": "\u0627", "EN": "1", "ES": "+", "ET": "#", "AN": "\u0660",
          "CS": ",", "NSM": "\u0300", "BN": "\u00ad", "B": "\u2029", "S": "\t", "WS": " ", "ON": "!",
          "LRE": "\u202a", "RLE": "\u202b", "PDF": "\u202c", "LRO": "\u202d", "RLO": "\u202e",
          "LRI": "\u2066", "RLI": "\u2067", "FSI": "\u2068", "PDI": "\u2069"}


def read(name: str) -> list[str]:
    path = UCD / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: apt-get install unicode-data (Makefile DEB_PACKAGES)")
    return path.read_text(encoding="utf-8").splitlines()


def cases():
    for line in read("BidiCharacterTest.txt"):
        if line.strip() and not line.startswith("#"):
            fields = line.split(";")
            text = "".join(chr(int(h, 16)) for h in fields[0].split())
            yield text, {"0": 0, "1": 1, "2": None}[fields[1]], fields[3].split()


def test_every_line_of_bidi_character_test():
    total, wrong = 0, []
    for text, base, expected in cases():
        total += 1
        got = embedding_levels(text, base, line_rules=True)
        # "x": a character rule X9 removes has no level to compare
        if any(e != "x" and int(e) != g for e, g in zip(expected, got)):
            wrong.append((" ".join(f"{ord(c):04X}" for c in text), base, expected, got))
    assert total > 90_000
    assert not wrong, f"{len(wrong)} of {total} lines differ, e.g. {wrong[:3]}"


def test_every_case_of_bidi_test():
    total, wrong, levels = 0, [], None
    for line in read("BidiTest.txt"):
        if line.startswith("@Levels:"):
            levels = line.split(":")[1].split()
        elif line.strip() and not line.startswith(("#", "@")):
            classes, bits = line.split(";")
            text = "".join(SAMPLE[c] for c in classes.split())
            for bit, base in ((1, None), (2, 0), (4, 1)):
                if int(bits) & bit:
                    total += 1
                    got = embedding_levels(text, base, line_rules=True)
                    if any(e != "x" and int(e) != g for e, g in zip(levels, got)):
                        wrong.append((classes, base, levels, got))
    assert total > 400_000
    assert not wrong, f"{len(wrong)} of {total} cases differ, e.g. {wrong[:3]}"


def test_mirroring_pairs_are_symmetric_and_marked_mirrored():
    assert MIRRORED["("] == ")" and MIRRORED["«"] == "»"
    for a, b in MIRRORED.items():
        assert unicodedata.mirrored(a), a
        if b in MIRRORED:
            assert MIRRORED[b] == a


def test_removed_characters_travel_with_their_neighbour():
    # ZWNJ (BN) inside a Persian word between Latin words keeps the word's level
    text = "ISO می\u200cشود 9001"
    levels = embedding_levels(text, 1)
    assert levels[text.index("\u200c")] == levels[text.index("\u200c") - 1] == 1
