"""Long documents (issue 24, item 1): a minutes drawing 300+ distinct glyphs of one font copies back,
resolution by resolution, in pdftotext, pypdf and pdf.js exactly as a small one does.

reportlab embeds a TrueType font as subsets of 256 one-byte codes; past 256 glyphs a line could mix
two subsets (two fonts to a reader), and pdf.js and pypdf read such a line as two chunks in visual
order: 8 of 30 resolutions copied back. Real .dabir file, real PDFs, the readers of
tests/reports/extractors.py."""
import re

import pypdf
import pytest

from app.domain.enums import AttendanceStatus
from app.services import committees, directory, meetings, resolutions
from app.services.files import open_database
from reports import minutes

from . import extractors as X

# Persian words that between them use every letter in every joining form
VOCAB = ("ثبت ضوابط ظرفیت غذایی ژاله چاپ پژوهش ذخیره صادرات طرح عضو قزل‌آلا رئیس مؤسسه آموزش گلخانه "
         "خشکبار زعفران جوجه‌کشی ثغور حفظ ضمانت شفافیت فهرست عطف غرفه بذر ظروف سیلاب تجهیز مخزن "
         "لوازم کشاورزی ملزومات هماهنگی بازرسی نظارت ارزیابی پیگیری تصویب تأمین اعتبار منابع طبیعی "
         "بهداشت محیط زیست گردشگری صنایع‌دستی فرش گلیم جاجیم ورشو عسل سنگ طیور خوراک دام ماهی").split()
# European partners of a long meeting: names in accented Latin, which Vazirmatn draws (Latin-1 and
# Latin Extended-A), so that the document needs far more than 256 glyphs of the regular font
PARTNERS = ["Société Générale", "Müller & Söhne GmbH", "Łódź Ćwiczenia", "Ærøskøbing Fælles",
            "Škoda Žilina", "Ålesund Næring", "Çukurova Üniversitesi", "Őrség Ünnepe", "Þórshöfn ehf",
            "Ďurčo Ťahan", "Ğazi Şirketi", "Ŵrecsam Ŷnys", "Ĳsselmeer Ĳzer", "Ėglė Ąžuolas Ųkis",
            "Ħamrun Ġnejna Ċirkewwa", "Ŧest Ŋorth", "Ĥeĉo Ĝuĵo Ŝaŭ", "Ñandú Íñigo Úbeda",
            "Évora Ôlhão Ãgueda", "Ìschia Òrvieto Ùmbria", "Ïle Ëlne Ÿères", "Ŕásť Ĺúka Ľavý",
            "Ŏmsk Ĭvan Ŭlan", "ďábel ťěžký ňúfať", "Ģirts Ķemeri Ļaudona Ņina", "Īrisa Ūdrs Ēriks Āboliņš",
            "ðæþ ßœŀ ĸŉſ", "Œuvre Ŀlavaneres", "Ŝtupa Ĵaŭdo", "Ŗēzekne Ŧŧ"]
# and every other letter of those two blocks, six to a name
LETTERS = [chr(c) for c in range(0xC0, 0x180) if chr(c).isalpha()]
PARTNERS += ["Partner " + "".join(LETTERS[i:i + 6]) for i in range(0, len(LETTERS), 6)]


def resolution_texts(n: int = 30) -> list[str]:
    """n distinct Persian resolutions, no digits or Latin (which some readers reorder on their own)."""
    out = []
    for i in range(n):
        words = [VOCAB[(i * 7 + k * (i % 5 + 1)) % len(VOCAB)] for k in range(9 + i % 6)]
        out.append(f"مقرر شد {' '.join(words)} انجام شود")
    assert len(set(out)) == n
    return out


def build(path, partners: list[str]) -> minutes.MinutesData:
    db = open_database(path, create=True)
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته توسعه همکاری‌های بین‌المللی").id
        people = []
        for i, partner in enumerate(partners or ["سازمان جهاد کشاورزی"]):
            org = directory.get_or_create_organization(s, partner).id
            pid = directory.create_person(s, f"نماینده {VOCAB[i % len(VOCAB)]} {VOCAB[(i * 3 + 1) % len(VOCAB)]}",
                                          post="کارشناس", organization_id=org).id
            committees.add_member(s, cid, pid)
            people.append(pid)
        mid = meetings.create_meeting(s, cid, title="جلسه هماهنگی شرکای خارجی").id
        for pid in people:
            meetings.set_attendance(s, mid, pid, AttendanceStatus.PRESENT)
        for text in resolution_texts():
            resolutions.add_resolution(s, mid, text, responsible=["دبیرخانه کمیته"])
    data = minutes.load(db, mid)
    db.close()
    return data


def regular_glyphs(path) -> int:
    """Glyphs of the regular Vazirmatn in the PDF: its fonts' ToUnicode entries, less reportlab's
    one-byte padding (codes that map to U+0000 or repeat the space), however many subsets."""
    seen = 0
    reader = pypdf.PdfReader(str(path))
    fonts = {}
    for page in reader.pages:
        for ref in (page["/Resources"].get("/Font") or {}).values():
            font = ref.get_object()
            fonts[font["/BaseFont"]] = font
    for name, font in fonts.items():
        if name.endswith("+Vazirmatn-Regular"):
            cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
            for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
                seen += sum(t not in ("0000", "0020") for t in re.findall(r"^<[0-9A-F]+> <([0-9A-F]+)>", block, re.M))
    return seen


@pytest.fixture(scope="module")
def documents(tmp_path_factory):
    base = tmp_path_factory.mktemp("glyphs")
    out = {}
    for kind, partners in (("small", []), ("large", PARTNERS)):
        pdf = base / f"{kind}.pdf"
        minutes.render(build(base / f"{kind}.dabir", partners), pdf)
        out[kind] = pdf
    return out


def test_the_large_minutes_needs_more_than_300_glyphs(documents):
    assert regular_glyphs(documents["small"]) < 256
    assert regular_glyphs(documents["large"]) > 300


@pytest.mark.parametrize("reader", ["pdftotext", "pypdf", "pdf.js"])
def test_every_resolution_copies_back_however_many_glyphs(documents, reader):
    texts = resolution_texts()
    read = X.READERS[reader]
    for kind in ("small", "large"):
        found = X.score(read(documents[kind]), texts)
        missed = [t for t, ok in zip(texts, found) if not ok]
        assert not missed, f"{reader}, {kind} minutes: {len(missed)} of {len(texts)} missed, e.g. {missed[:2]}"
