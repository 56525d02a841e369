"""Copy and paste in five PDF readers' engines: a generated document read back by pdftotext, MuPDF,
PDFium, pdf.js and pypdf, scored on the 45 strings of tests/reports/extractors.py. Prints the
figures per reader; asserts the floor (no reader below the ActualText-free prototype of issue #10)."""
import sys

import pytest

from . import extractors as X


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    path = tmp_path_factory.mktemp("extractors") / "harness.pdf"
    X.build_document(path)
    return path, X.measure(path)


def test_every_reader_at_or_above_the_floor(measured):
    path, scores = measured
    figures = {name: sum(ok) for name, ok in scores.items()}
    total = sum(figures.values())
    report = ", ".join(f"{name} {n}/{len(X.STRINGS)}" for name, n in figures.items())
    print(f"\ncopy/paste strings per reader: {report}; total {total}/{len(X.STRINGS) * len(X.READERS)}",
          file=sys.__stderr__)
    assert len(X.STRINGS) == 45
    for name, floor in X.FLOOR.items():
        missed = [X.expected(s) for s, ok in zip(X.STRINGS, scores[name]) if not ok]
        assert figures[name] >= floor, f"{name}: {figures[name]} < {floor}; missed: {missed}"
    assert total >= X.TOTAL_FLOOR, report


def test_no_presentation_forms_and_zwnj_kept(measured):
    """No reader gets presentation forms; ZWNJ comes back wherever the reader keeps it at all
    (pdf.js drops every format character, see docs/pdf.md)."""
    path, _ = measured
    for name, read in X.READERS.items():
        text = read(path)
        assert not any("\ufb50" <= c <= "\ufefc" for c in text), name
        kept, of = X.zwnj_kept(text)
        if name != "pdf.js":
            assert of and kept == of, f"{name}: ZWNJ kept in {kept} of {of} strings"


def test_the_score_fails_what_a_search_would_not_find():
    s = "می‌شود، نمی‌توان"
    assert X.score("‏می‌شود، نمی‌توان\n", [s]) == [True]
    assert X.score("ﻣﯽ‌ﺷﻮﺩ، ﻧﻤﯽ‌ﺗﻮﺍﻥ", [s]) == [False]           # presentation forms
    assert X.score("دوش‌یم ،ناوت‌یمن", [s]) == [False]            # visual order
    assert X.score("میشود، نمیتوان", [s]) == [True]             # ZWNJ is ignorable to a search
    assert X.score("لرستان ۱۳خوشه", ["لرستان ۱۳ خوشه"]) == [False]  # a space on the wrong side
