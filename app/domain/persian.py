"""Persian text rules: one place for input normalisation, digit handling and name matching."""
import re

ZWNJ = "\u200c"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_FOLD_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN = str.maketrans("0123456789" + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
# Arabic yeh/kaf (and alef maksura, Farsi yeh's look-alike) are what Arabic keyboards and old sites produce.
_LETTERS = str.maketrans({"ي": "ی", "ك": "ک", "ى": "ی"})
_HARAKAT = re.compile("[\u064b-\u065f\u0670]")
_SPACES = re.compile(r"[ \t\u00a0]+")


def normalize_input(text: str | None) -> str | None:
    """Normalise what a user typed or pasted: Arabic ي/ك become ی/ک, runs of spaces collapse,
    the ends are trimmed. ZWNJ, harakat and digits stay as typed."""
    if text is None:
        return None
    text = text.translate(_LETTERS).replace("\r\n", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(lines).strip()


def fold_digits(text: str) -> str:
    """Persian and Arabic-Indic digits to ASCII, for parsing."""
    return text.translate(_FOLD_DIGITS)


def to_persian_digits(value: object) -> str:
    """ASCII and Arabic-Indic digits to Persian ones, for display in Persian text."""
    return str(value).translate(_TO_PERSIAN)


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
