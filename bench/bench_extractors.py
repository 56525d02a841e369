"""Copy and paste: how many of the 45 test strings each PDF reader's text engine gives back as a
search would find them (tests/reports/extractors.py), against the floor of issue #10."""
import tempfile
from pathlib import Path

from bench.common import Row
from tests.reports import extractors as X


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "harness.pdf"
        X.build_document(path)
        scores = X.measure(path)
        zwnj = {name: X.zwnj_kept(read(path)) for name, read in X.READERS.items()}
    n = len(X.STRINGS)
    rows = []
    for name, ok in scores.items():
        got = sum(ok)
        rows.append(Row(f"{name}: strings found", got, f"/ {n}", f"≥ {X.FLOOR[name]} (goal {X.GOAL})",
                        got >= X.FLOOR[name]))
        kept, of = zwnj[name]
        rows.append(Row(f"{name}: ZWNJ kept", f"{kept} / {of}", "strings"))
    total = sum(sum(ok) for ok in scores.values())
    rows.append(Row("all readers: strings found", total, f"/ {n * len(scores)}", f"≥ {X.TOTAL_FLOOR}",
                    total >= X.TOTAL_FLOOR))
    return rows


NOTES = """A string counts when the reader's text holds it in logical order as the letters a typed search
matches: presentation forms, reversed words or numbers and a space on the wrong side fail; bidi marks,
line breaks and ZWNJ are ignored as a search ignores them. What each reader still gets wrong, and the
source file where it happens, is in docs/pdf.md."""
