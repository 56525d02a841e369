"""Persian text rules: one place for input normalisation, digit handling and name matching."""
import re

ZWNJ = "\u200c"
ZWJ = "\u200d"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_FOLD_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789" + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
# Arabic yeh/kaf (and alef maksura, Farsi yeh's look-alike) are what Arabic keyboards and old sites produce.
_LETTERS = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی"})
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")
_SPACES = re.compile(r"[ \t\u00a0]+")
# Invisible characters that change how text looks or what it matches without being seen: bidi
# embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069; an override shows "azeR ilA" as
# "Ali Reza"), the implicit marks (U+200E/U+200F, U+061C), and zero-width characters other than ZWNJ
# and ZWJ, which Persian spelling needs (U+200B, U+2060, U+FEFF, U+180E).
_INVISIBLE = re.compile("[\u202a-\u202e\u2066-\u2069\u200b\u200e\u200f\u061c\u2060\ufeff\u180e]")


def strip_invisible(text: str | None) -> str | None:
    """Drop bidi controls and zero-width characters other than ZWNJ/ZWJ. The one rule for typed text
    and for values received in another office's file."""
    if text is None:
        return None
    return _INVISIBLE.sub("", text)


def has_invisible(text: str | None) -> bool:
    return bool(text) and _INVISIBLE.search(text) is not None


def normalize_input(text: str | None) -> str | None:
    """Normalise what a user typed or pasted: invisible bidi controls and zero-width characters
    (other than ZWNJ and ZWJ) are dropped, Arabic ي/ك become ی/ک, runs of spaces collapse, the ends
    are trimmed. ZWNJ, harakat and digits stay as typed."""
    if text is None:
        return None
    text = strip_invisible(text).translate(_LETTERS).replace("\r\n", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def fold_digits(text: str) -> str:
    """Persian and Arabic-Indic digits to ASCII, for parsing."""
    return text.translate(_FOLD_DIGITS)


def to_persian_digits(value: object) -> str:
    """ASCII and Arabic-Indic digits to Persian ones, for display in Persian text."""
    return str(value).translate(_TO_PERSIAN)


_LATIN = re.compile(r"[A-Za-z]")
_ANY_DIGIT = re.compile("[0-9\u0660-\u0669]")


def display_digits(text: str) -> str:
    """Persian digits in Persian text. A token containing Latin letters keeps its digits as typed
    (info@x2.ir), and so does a number right after such a token (ISO 9001). Every document uses it:
    the PDFs' text layer, the Word minutes and the Excel tracker."""
    if not _ANY_DIGIT.search(text):
        return text
    out, prev_latin = [], False
    for token in re.split(r"(\s+)", text):
        if token.isspace() or not token:
            out.append(token)
            continue
        latin = bool(_LATIN.search(token))
        if latin or (prev_latin and not re.search(r"[^\d.,:/\-%()]", token)):
            out.append(token)
        else:
            out.append(to_persian_digits(token))
        prev_latin = latin
    return "".join(out)


def name_key(text: str) -> str:
    """Key for matching names of people, organisations and committees: spelling variants that a
    Persian reader considers the same name (ي/ی, harakat, ZWNJ or space, digits) give one key."""
    text = normalize_input(text) or ""
    text = _HARAKAT.sub("", fold_digits(text)).replace(ZWNJ, " ")
    return _SPACES.sub(" ", text).strip().casefold()


# Persian alphabetical order (Unicode puts پ چ ژ گ ک ی out of it); آ and ا sort together, then ء.
_ALPHABET = "آاأإءئؤبپتثجچحخدذرزژسشصضطظعغفقکگلمنوهۀةی"
_SORT = str.maketrans({**{ch: chr(0xE000 + i) for i, ch in enumerate(_ALPHABET)},
                       **{d: str(i) for digits in (PERSIAN_DIGITS, ARABIC_INDIC_DIGITS) for i, d in enumerate(digits)},
                       "ي": chr(0xE000 + _ALPHABET.index("ی")), "ى": chr(0xE000 + _ALPHABET.index("ی")),
                       "ك": chr(0xE000 + _ALPHABET.index("ک")), ZWNJ: " "})


def sort_key(text: str | None) -> str:
    """A key that orders Persian text alphabetically (ا ب پ … ک گ … ی), spelling variants together;
    digits of any script compare as numbers' digits, harakat are ignored."""
    return _HARAKAT.sub("", text or "").translate(_SORT).casefold()
