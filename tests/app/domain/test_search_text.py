"""The search key: every way Persian is typed for the same words gives the same key."""
import pytest
from hypothesis import given, settings, strategies as st

from app.domain.search_text import locate, query_terms, search_key

ZWNJ = "\u200c"


@pytest.mark.parametrize("variants", [
    # a space, a ZWNJ or nothing between a word and its suffix
    ["شهرکهای", f"شهرک{ZWNJ}های", "شهرک های", "شهرک  های", f"شهرک {ZWNJ}های"],
    # Arabic yeh / kaf / alef maksura
    ["کمیته کسب و کار", "كميته كسب و كار", "كمىته کسب و کار"],
    # harakat, hamza above, tatweel
    ["مصوبه", "مُصَوَّبه", "مصـــوبه"],
    ["توسعه خوشه", "توسعهٔ خوشه", "توسعۀ خوشه"],
    # digits: Persian, Arabic-Indic, ASCII
    ["۱۲۰۰ میلیارد", "1200 میلیارد", "١٢٠٠ میلیارد"],
    # Arabic presentation forms, as text copied out of a PDF
    ["سنگ", "ﺳﻨﮓ"],
    # hamza and teh marbuta spellings
    ["اعضا", "اعضاء"], ["مسأله", "مساله"], ["مسئول", "مسيول"], ["ماده", "مادة"],
    # punctuation and line breaks are boundaries too
    ["قزل‌آلا، ورشو", "قزل آلا\nورشو", "قزلآلا ورشو"],
])
def test_variants_share_one_key(variants):
    keys = {search_key(v) for v in variants}
    assert len(keys) == 1, keys


def test_key_keeps_letters_and_digits_and_lowercases_latin():
    assert search_key("CDA آموزش — ۱۴۰۵/۰۹/۰۵") == "cdaآموزش14050905"
    assert search_key("آب") != search_key("اب")  # madda is a letter of its own in Persian
    assert search_key(None) == "" and search_key("  \u200c ") == ""


def test_query_terms_split_on_spaces_and_glue_short_words():
    assert query_terms("شهرک های صنعتی") == ["شهرک", "های", "صنعتی"]
    assert query_terms(f"شهرک{ZWNJ}های") == ["شهرکهای"]
    # «آب» alone is shorter than a trigram: glued to the next word, or to the last term
    assert query_terms("آب منطقه ای") == ["آبمنطقهای"]
    assert query_terms("آب منطقه") == ["آبمنطقه"]
    assert query_terms("سد آب") == ["سدآب"]
    assert query_terms("خوشه آب") == ["خوشهآب"]
    assert query_terms("آب") == ["آب"]
    assert query_terms("  ، ") == [] and query_terms(None) == []


def test_locate_maps_the_key_back_to_the_written_text():
    text = f"مدیرعامل شرکت شهرک{ZWNJ}های صنعتی لرستان"
    for query in ("شهرکهای", "شهرک های", "شهركهاي"):
        start, end = locate(text, search_key(query))
        assert text[start:end] == f"شهرک{ZWNJ}های"
    assert locate(text, search_key("ورشو")) is None
    start, end = locate("در لرستان 13 خوشه", search_key("۱۳ خوشه"))
    assert "در لرستان 13 خوشه"[start:end] == "13 خوشه"


@settings(max_examples=300)
@given(st.text(alphabet="اآبپتثجچحخدذرزسشصضطظعغفقکگلمنوهیيكةۀأؤئء ً ٌ ٍ َ ُ ِ ّ ْ ٔٓـ\u200c ۰۱۲۹0123٤,.،؛abcABﻻﺳ", max_size=40))
def test_the_key_of_text_is_found_in_it_by_locate(text):
    key = search_key(text)
    if key:
        start, end = locate(text, key)
        assert key in search_key(text[start:end])  # the span holds the match (a ligature may add a letter)
        assert key == search_key(text[start:end]) or "ﻻ" in text[start:end]
        assert search_key(search_key(text)) == key  # idempotent
