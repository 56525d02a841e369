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
# Characters no one types and no one sees, removed from every value that comes in (typed, pasted,
# imported, merged, read from a server): Unicode's categories Cc (controls, NUL included), Cs
# (surrogates), Co (private use) and Cf (format: bidi embeddings, overrides and isolates, where an
# override shows "azeR ilA" as "Ali Reza"; the marks U+200E/U+200F/U+061C; zero-width and invisible
# operators U+200B, U+2060-U+2064; the soft hyphen U+00AD; tag characters U+E0000-U+E007F; the BOM),
# except ZWNJ and ZWJ, which Persian spelling needs. Hangul fillers (U+115F, U+1160, U+3164, U+FFA0)
# are letters (Lo) that print as nothing: named here, since no category gives them away. Newlines
# and tabs are controls too, kept where a field has more than one line.
_FILLERS = "\u115f\u1160\u3164\uffa0"


# Where controls and format characters are, by plane and block (tests/app/test_one_validator.py
# scans all of Unicode to prove none lies outside): scanning only these keeps the import fast.
_SCANNED = ((0x0000, 0x2100), (0xFE00, 0x10000), (0x11000, 0x14000), (0x1BC00, 0x1BD00),
            (0x1D100, 0x1D200), (0xE0000, 0xE0100))


def _unwanted_class() -> str:
    """A regex character class of everything above, from this Python's Unicode tables; surrogates and
    private use are whole blocks."""
    import unicodedata
    found = [chr(c) for lo, hi in _SCANNED for c in range(lo, hi)
             if unicodedata.category(chr(c)) in ("Cc", "Cf") and chr(c) not in (ZWNJ, ZWJ)]
    ranges = "".join(re.escape(c) for c in found)
    return f"{ranges}\\ud800-\\udfff\\ue000-\\uf8ff\\U000f0000-\\U000ffffd\\U00100000-\\U0010fffd{_FILLERS}"


_UNWANTED = re.compile(f"(?![\n\t])[{_unwanted_class()}]")
_BREAKS = re.compile("\r\n?|[\n\v\f\x1c-\x1e\x85\u2028\u2029]")


def clean_text(text: str | None, multiline: bool = True) -> str | None:
    """The one cleaner of text Dabir stores, whatever road it came by: NFC (one spelling of a letter
    with its marks), every invisible character above removed, ZWNJ and ZWJ kept. multiline keeps
    newlines (a line break of any kind becomes "\n") and tabs; otherwise each becomes a space."""
    if text is None:
        return None
    if text.isascii() and text.isprintable():
        return text                                  # the common case: nothing to look for
    import unicodedata
    text = _BREAKS.sub("\n", text)
    if not multiline:
        text = text.replace("\n", " ").replace("\t", " ")
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return _UNWANTED.sub("", text)


def strip_invisible(text: str | None) -> str | None:
    """clean_text for a value that may have lines: the one rule for typed text and for values
    received in another office's file."""
    return clean_text(text)


def has_invisible(text: str | None) -> bool:
    return bool(text) and _UNWANTED.search(text) is not None


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


def alphabetical(pairs) -> list[tuple[str, str]]:
    """(id, name) pairs in Persian alphabetical order of the name, the id breaking ties: every
    id/name list a combo shows (app/services/lookups.py, first_page.py)."""
    return sorted(pairs, key=lambda r: (sort_key(r[1]), r[0]))
