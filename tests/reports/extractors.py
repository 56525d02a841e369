"""The copy/paste harness: one generated document, read back by five text extractors (the engines of
the PDF readers secretaries use), scored on logical strings.

A string counts when the extractor's text contains it in logical order as the letters a typed search
would match: presentation forms (ﺑﻪ for به) fail, reversed words or numbers fail, a space on the
wrong side of a word fails. What a search box ignores does not count against an extractor: bidi
control marks (Unicode's Bidi_Control set: U+061C, U+200E/F, U+202A-E, U+2066-9), line breaks (a paragraph that wraps), the order of marks stacked on one letter (canonically
equivalent text, as NFC sees it) and ZWNJ
(a default-ignorable character; Chrome's find, based on ICU collation, skips it). Whether ZWNJ
survives is reported on its own (`zwnj_kept`), since a pasted می‌شود should keep it.

Readers: poppler `pdftotext` (Evince, Okular), MuPDF (PyMuPDF), PDFium (pypdfium2: Chrome, older Edge),
pdf.js (pdfjs-dist under node: Firefox) and pypdf. Used by tests/reports/test_extractors.py and by
bench/bench_extractors.py."""
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

from reports.bidi_text import display_form

HERE = Path(__file__).resolve().parent
PDFJS_DIR = HERE / "pdfjs"
CORPUS = [line for line in (HERE / "rtl-corpus.txt").read_text(encoding="utf-8").split("\n") if line.strip()]
# Our own cases: what the corpus does not cover (brackets, punctuation, digits, Latin, lam-alef,
# harakat, ZWNJ, pasted Arabic letters), drawn as paragraphs like the corpus ...
OWN_CASES = [
    "بند (۱) و [۲] و «۳» و {۴} اصلاح شد.",
    "آیا موافقید؟ بله، با ۲ شرط؛ سپس رأی‌گیری شد.",
    "مهلت اجرا ۱۴۰۵/۰۹/۰۵ است و جلسه بعد 1405/10/03",
    "پیشرفت 75% و اعتبار ۲٬۵۰۰٬۰۰۰ ریال",
    "با info@dabir-2.ir یا ISO 9001 هماهنگ شود.",
    "CDA مسئول هماهنگی است.",
    "NGO و CDA و ICT در (ICT) [CDA]",
    "لاله و سلام و الأن و لآلی",
    "کتباً، لطفاً، مُسَلَّم و حتماً",
    "می‌شود، نمی‌توان، خانه‌ها و شهرک‌های صنعتی",
    "كميته يك دستگاه اجرايي را معرفي كرد",
    "عبدالله و عبداللهی و الله‌وردی",
]
# ... and what minutes hold in table cells: organisations, names, resolutions, statuses.
TABLE_CASES = [
    "شرکت شهرک‌های صنعتی لرستان",
    "سازمان جهاد کشاورزی لرستان",
    "اداره کل میراث فرهنگی، صنایع‌دستی و گردشگری",
    "اتاق بازرگانی خرم‌آباد",
    "دستگاه‌های اجرایی مرتبط برای عضویت در کمیته معرفی شوند.",
    "گزارش پیشرفت تا پایان مهلت به دبیرخانه ارسال شود.",
    "مهلت اجرا: ۱۴۰۵/۱۰/۰۳",
    "مصوبه ۱-۲ انجام شد.",
    "رئیس جلسه: دکتر مهدی رضایی",
    "دبیر کمیته خوشه‌های صنعتی",
    "برنامه‌ریزی آموزش بهره‌برداران خوشه عسل",
    "آقای حسین‌زاده (معاون استاندار) گزارش داد.",
    "در حال اجرا",
    "غایبان با اطلاع: رضا عبداللهی",
    "سهم ۱۲٫۵٪ از اعتبارات استانی",
]
STRINGS = CORPUS + OWN_CASES + TABLE_CASES

_INVISIBLE = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\f]")
ZWNJ = "\u200c"


def searchable(text: str, keep_zwnj: bool = False) -> str:
    """What a search box compares: bidi marks (and ZWNJ unless kept) dropped, any run of white space
    one space."""
    text = unicodedata.normalize("NFC", _INVISIBLE.sub("", text))   # marks in canonical order
    if not keep_zwnj:
        text = text.replace(ZWNJ, "")
    return " ".join(text.split())


def expected(s: str, keep_zwnj: bool = False) -> str:
    """The letters a secretary would type to find `s` as printed (Persian digits, ی/ک)."""
    return searchable(display_form(s), keep_zwnj)


def score(text: str, strings=STRINGS) -> list[bool]:
    hay = searchable(text)
    return [expected(s) in hay for s in strings]


def zwnj_kept(text: str, strings=STRINGS) -> tuple[int, int]:
    """(found with every ZWNJ in place, strings that have one) among the strings that score."""
    hay, strict = searchable(text), searchable(text, keep_zwnj=True)
    with_zwnj = [s for s in strings if ZWNJ in s and expected(s) in hay]
    return sum(expected(s, True) in strict for s in with_zwnj), len(with_zwnj)


def build_document(target) -> None:
    """A minutes-like page: letterhead and footer, the corpus and our cases as paragraphs, the table
    cases in a two-column table."""
    from reportlab.lib.units import mm

    from reports.common import BODY_W
    from reports.layout import DabirDocument, Letterhead, heading, para, rtl_table
    doc = DabirDocument(target, Letterhead("استانداری لرستان", "صورتجلسه"), title="extractor harness")
    story = [heading("متن‌های آزمون")] + [para(s, 10) for s in CORPUS + OWN_CASES]
    story.append(rtl_table(["ردیف", "شرح"], [[str(i), s] for i, s in enumerate(TABLE_CASES, 1)],
                           [14 * mm, BODY_W - 14 * mm], align=["center", "right"]))
    doc.build(story)


# --- the extractors: each returns the whole document's text -------------------------------------

def pdftotext(path) -> str:
    exe = shutil.which("pdftotext")
    if exe is None:
        raise RuntimeError("poppler's pdftotext is missing: apt-get install poppler-utils (Makefile debs)")
    return subprocess.run([exe, "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def mupdf(path) -> str:
    import pymupdf
    with pymupdf.open(str(path)) as doc:
        return "\n".join(page.get_text("text") for page in doc)


def pdfium(path) -> str:
    import pypdfium2
    pdf = pypdfium2.PdfDocument(str(path))
    try:
        out = []
        for page in pdf:
            tp = page.get_textpage()
            out.append(tp.get_text_range())
            tp.close()
            page.close()
        return "\n".join(out)
    finally:
        pdf.close()


def pdfjs(path) -> str:
    node = shutil.which("node")
    if node is None or not (PDFJS_DIR / "node_modules" / "pdfjs-dist").is_dir():
        raise RuntimeError("pdf.js is not installed: run `make pdfjs` (node and npm, then npm ci in "
                           "tests/reports/pdfjs)")
    return subprocess.run([node, str(PDFJS_DIR / "extract.mjs"), str(path)], capture_output=True, text=True,
                          check=True, timeout=120).stdout


def pypdf_text(path) -> str:
    import pypdf
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


READERS = {"pdftotext": pdftotext, "MuPDF": mupdf, "PDFium": pdfium, "pdf.js": pdfjs, "pypdf": pypdf_text}
# The prototype (no ActualText, base-letter ToUnicode): the floor no reader may fall below.
FLOOR = {"pdftotext": 27, "MuPDF": 23, "PDFium": 39, "pdf.js": 29, "pypdf": 26}
GOAL = 40
# The issue asks for 170 in total; the text layer reaches 191 (docs/pdf.md lists what each reader
# still misses and why). This floor keeps what is reached.
TOTAL_FLOOR = 191


def measure(path) -> dict[str, list[bool]]:
    return {name: score(fn(path)) for name, fn in READERS.items()}
