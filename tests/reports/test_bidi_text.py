"""The RTL text layer against GNU FriBidi, read back from real PDFs with pdfplumber."""
import re
import subprocess
from pathlib import Path

import bidi
import pytest
from reportlab.pdfgen.canvas import Canvas

from reports import bidi_text as bt
from reports.fonts import LAM_COMPANION, REGULAR, RTL_WEIGHT, SPACE_BEFORE_MARK, mirrored, register_fonts
from reports.layout import RTLParagraph

from .rtl_reference import (assert_reads_as_slices, comparable, drawn, glyph_reference, pdf_lines, plain,
                            reference)

CORPUS = [line for line in (Path(__file__).parent / "rtl-corpus.txt").read_text(encoding="utf-8").split("\n")
          if line.strip()]
OWN_CASES = [
    "بند (۱) و [۲] و «۳» و {۴} اصلاح شد.",          # round, square, guillemets, braces
    "آیا موافقید؟ بله، با ۲ شرط؛ سپس رأی‌گیری شد.",  # ؟ ، ؛ and a number inside text
    "مهلت اجرا ۱۴۰۵/۰۹/۰۵ است و جلسه بعد 1405/10/03",  # Persian and ASCII-typed dates
    "پیشرفت 75% و اعتبار ۲٬۵۰۰٬۰۰۰ ریال",               # percentages, Persian thousands separator
    "با info@dabir-2.ir یا ISO 9001 هماهنگ شود.",     # e-mail and a Latin token with digits
    "CDA مسئول هماهنگی است.",                          # a line that starts with a Latin word
    "NGO و CDA و ICT در (ICT) [CDA]",                  # Latin acronyms, bracketed
    "لاله و سلام و الأن و لآلی",                       # lam-alef ligatures
    "کتباً، لطفاً، مُسَلَّم و حتماً",                   # harakat and tanwin
    "می‌شود، نمی‌توان، خانه‌ها و شهرک‌های صنعتی",       # ZWNJ words
    "كميته يك دستگاه اجرايي را معرفي كرد",             # Arabic ي/ك pasted in
    "عبدالله و عبداللهی و الله‌وردی",                  # no ALLAH ligature
]
LINES = CORPUS + OWN_CASES


@pytest.fixture(scope="module")
def corpus_pdf(tmp_path_factory):
    register_fonts()
    path = tmp_path_factory.mktemp("bidi") / "corpus.pdf"
    c = Canvas(str(path))
    y = 800
    for line in LINES:
        bt.draw_text(c, line, 560, y, REGULAR, 11)
        y -= 20
    c.save()
    return path


@pytest.mark.parametrize("index", range(len(LINES)), ids=lambda i: LINES[i][:24])
def test_line_matches_fribidi(corpus_pdf, index):
    # What is drawn: the glyphs (presentation forms, mirrored brackets) in FriBidi's visual order.
    text = LINES[index]
    assert drawn(bt.single_line(text, REGULAR, 11).visual) == glyph_reference(text)
    # What the PDF holds, read back by position: the same glyphs, as base letters (the ToUnicode map).
    lines = pdf_lines(corpus_pdf)[0]
    assert len(lines) == len(LINES)
    assert lines[index] == reference(text)


def test_reference_catches_the_unmirrored_brackets_of_bidi_get_display():
    # python-bidi 0.6's top-level get_display leaves (الف) as )فلا(; the reference must notice.
    text = "(الف) معرفی"
    wrong = comparable(bidi.get_display(bt.shape("(الف)") + " " + bt.shape("معرفی"), base_dir="R"))
    assert wrong != glyph_reference(text)
    assert drawn(bt.visual_line(text)) == glyph_reference(text)


def test_persian_configuration_of_the_reshaper():
    assert "\ufdf2" not in bt.shape("عبدالله")          # no ALLAH ligature glyph
    assert "\u064b" in bt.shape("لطفاً")                # tanwin kept
    assert "\ufefb" in bt.shape("لا")                    # lam-alef ligature kept


@pytest.mark.parametrize("text, shown", [
    ("12 نفر در 1405/09/05", "۱۲ نفر در ۱۴۰۵/۰۹/۰۵"),
    ("٣ مورد", "۳ مورد"),
    ("گواهی ISO 9001 و ISO-14001", "گواهی ISO 9001 و ISO-14001"),
    ("نشانی info2@x9.ir و 3 نفر", "نشانی info2@x9.ir و ۳ نفر"),
    ("پیشرفت 75%", "پیشرفت ۷۵%"),
])
def test_digits(text, shown):
    assert bt.display_digits(text) == shown


PARAGRAPH = ("برای ایجاد و توسعه خوشه‌های صنعتی به عامل توسعه خوشه (CDA) و حمایت نهادهای پشتیبان "
             "دولتی و غیردولتی نیاز است؛ جلسه بعد در تاریخ 1405/10/03 ساعت ۱۰:۳۰ برگزار می‌شود. "
             "نشانی دبیرخانه info@example.ir است و گواهی ISO 9001 تا پایان سال [۱۴۰۵] تمدید شود. "
             "آقای عبدالله عبداللهی گزارش «پیشرفت ۷۵٪» را کتباً ارائه کرد؛ آیا موافقید؟")


@pytest.mark.parametrize("width", [140, 230, 400])
def test_wrapped_paragraph_reads_line_after_line(tmp_path, width):
    register_fonts()
    path = tmp_path / "para.pdf"
    c = Canvas(str(path))
    p = RTLParagraph(PARAGRAPH, size=10)
    _, h = p.wrapOn(c, width, 800)
    p.drawOn(c, 100, 800 - h)
    c.save()
    lines = pdf_lines(path)[0]
    assert len(lines) >= (3 if width < 400 else 2)
    assert_reads_as_slices(lines, PARAGRAPH)
    # every line fits and all but the last are reasonably full
    wrapped = bt.wrap(PARAGRAPH, REGULAR, 10, width)
    assert all(line.width <= width for line in wrapped)


def test_wrapping_first_then_reordering_keeps_line_order():
    # the classic bug: reorder the paragraph, then wrap -> the first visual line holds the END
    lines = bt.wrap("یک دو سه چهار پنج شش هفت هشت نه ده", REGULAR, 10, 60)
    assert lines[0].logical.startswith("یک")
    assert lines[-1].logical.endswith("ده")


PERSIAN_WORD = re.compile("[\u0621-\u063a\u0641-\u065f\u066e-\u06d3\u200c]+")


def test_copy_paste_gives_logical_persian(corpus_pdf):
    out = subprocess.run(["pdftotext", str(corpus_pdf), "-"], capture_output=True, text=True, check=True).stdout
    out = re.sub("[\u202a-\u202e\f]", "", out)
    assert not re.search("[\ufb50-\ufdff\ufe70-\ufeff]", out), "presentation forms leaked into the text"
    got = [line for line in out.split("\n") if line.strip()]
    assert len(got) == len(LINES)
    for text, line in zip(LINES, got):
        want = PERSIAN_WORD.findall(bt.display_form(text))
        assert PERSIAN_WORD.findall(line) == want
        for latin in re.findall(r"[A-Za-z][\w@.\-]*[A-Za-z]", text):
            assert latin in line


def test_a_word_wider_than_the_column_is_split_not_overflowing():
    text = "نشانی " + "x" * 60 + "@example.ir" + " ثبت شد"
    lines = bt.wrap(text, REGULAR, 10, 90)
    assert len(lines) >= 4 and all(line.width <= 90 for line in lines)
    assert "".join(line.logical.replace(" ", "") for line in lines) == text.replace(" ", "")


def test_lazy_story_holds_only_a_window():
    from reports.layout import LazyStory
    pulled = []
    story = LazyStory((pulled.append(i) or i for i in range(100)), ahead=5)
    assert len(story) == 5 and len(pulled) == 5
    seen = []
    while len(story):
        seen.append(story[0])
        del story[0]
        assert len(pulled) - len(seen) <= 5
    assert seen == list(range(100))


def test_invisible_glyphs_change_no_pixel(tmp_path):
    """The right-to-left marks and lam-alef companions exist only for the text layer: a page drawn
    with them renders exactly like the same glyphs drawn without them."""
    register_fonts()
    pages = []
    for name, strip in (("layer", False), ("plain", True)):
        path = tmp_path / f"{name}.pdf"
        c = Canvas(str(path))
        y = 800
        for text in LINES:
            line = bt.single_line(text, REGULAR, 11)
            visual = line.visual
            if strip:
                visual = plain(visual)
            c.setFont(REGULAR, 11)
            c.drawString(560 - line.width, y, visual)
            y -= 20
        c.save()
        subprocess.run(["pdftoppm", "-png", "-r", "100", str(path), str(tmp_path / name)], check=True)
        pages.append((tmp_path / f"{name}-1.png").read_bytes())
    assert any(bt.RLM in bt.single_line(t, REGULAR, 11).visual for t in LINES)
    assert any(LAM_COMPANION in bt.single_line(t, REGULAR, 11).visual for t in LINES)
    assert any(mirrored("(") in bt.single_line(t, REGULAR, 11).visual for t in LINES)
    assert any(SPACE_BEFORE_MARK in bt.single_line(t, REGULAR, 11).visual for t in LINES)
    assert any(RTL_WEIGHT in bt.single_line(t, REGULAR, 11).visual for t in LINES)
    assert pages[0] == pages[1]
