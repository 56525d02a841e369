"""Glyphs Vazirmatn lacks (issue 24, item 2): → ✓ ✗ ؋ and the isolated ۀ (after a letter that does not
join, «پروندۀ») were neither drawn nor copied (they copied as NUL). They are now drawn from a bundled
fallback (Noto Sans Arabic, Noto Sans Symbols, Noto Sans Symbols 2; the isolated ۀ from Vazirmatn's
own ۀ) and copy back. Real .dabir file, real minutes, read back by every reader of the harness."""
import pdfplumber
import pytest

from app.services import committees, directory, meetings, resolutions
from app.services.files import open_database
from app.domain.enums import AttendanceStatus
from reports import minutes

from . import extractors as X

RESOLUTIONS = [
    "پروندۀ طرح به دبیرخانه ارسال شود",
    "مرحله اول → مرحله دوم اجرا شود",
    "موارد تأییدشده با ✓ و ردشده با ✗ علامت بخورند",
    "هزینه سفر به ؋ پرداخت شود",
]
# where each character's visible glyph comes from
DRAWN_FROM = {"→": "NotoSansSymbols-Regular", "✓": "NotoSansSymbols2-Regular",
              "✗": "NotoSansSymbols2-Regular", "؋": "NotoSansArabic-Regular", "ۀ": "Vazirmatn-Regular"}


@pytest.fixture(scope="module")
def pdf(tmp_path_factory):
    base = tmp_path_factory.mktemp("fallback")
    db = open_database(base / "f.dabir", create=True)
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته پروژه‌ها").id
        pid = directory.create_person(s, "مریم احمدی", post="کارشناس").id
        committees.add_member(s, cid, pid)
        mid = meetings.create_meeting(s, cid, title="پیگیری پروندۀ طرح‌ها → گام بعد").id
        meetings.set_attendance(s, mid, pid, AttendanceStatus.PRESENT)
        for text in RESOLUTIONS:
            resolutions.add_resolution(s, mid, text, responsible=["دبیرخانه"])
    data = minutes.load(db, mid)
    db.close()
    out = base / "minutes.pdf"
    minutes.render(data, out)
    return out


def test_every_character_is_drawn_from_a_font_that_has_it(pdf):
    """A character Vazirmatn lacks is an invisible stand-in in the line (it copies as the character)
    with the fallback's glyph drawn at exactly its place; the isolated ۀ is Vazirmatn's ۀ glyph."""
    with pdfplumber.open(pdf) as doc:
        chars = [c for page in doc.pages for c in page.chars]
    for ch, font in DRAWN_FROM.items():
        stand_ins = [c for c in chars if ch in c["text"]]
        assert stand_ins, f"{ch} is not in the text"
        for c in stand_ins:
            assert c["fontname"].split("+")[-1].startswith("Vazirmatn")
            assert c["x1"] - c["x0"] > 2, f"{ch} has no advance"
            if font.startswith("Vazirmatn"):
                assert c["text"] == ch                   # its own glyph, in the line
                continue
            drawn = [o for o in chars if o["fontname"].endswith("+" + font) and abs(o["x0"] - c["x0"]) < 0.01
                     and abs(o["matrix"][5] - c["matrix"][5]) < 0.01]     # the same origin, baseline too
            assert len(drawn) == 1 and drawn[0]["x1"] - drawn[0]["x0"] == pytest.approx(c["x1"] - c["x0"])


@pytest.mark.parametrize("reader", list(X.READERS))
def test_every_character_copies_back(pdf, reader):
    text = X.READERS[reader](pdf)
    assert "\x00" not in text and "\ufffd" not in text
    for ch in DRAWN_FROM:                    # as a search sees it: PDFium gives ۀ as ه and hamza above
        assert ch in X.searchable(text), f"{reader} lost {ch}"
    missed = [r for r, ok in zip(RESOLUTIONS, X.score(text, RESOLUTIONS)) if not ok]
    assert not missed, f"{reader}: {missed}"
