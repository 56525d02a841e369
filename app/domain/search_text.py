"""The search key: one form of Persian text that every spelling of the same words shares.

Index and query both pass through `search_key`, so variants meet in the middle:
- Arabic ي/ى/ك are Persian ی/ک (normalize_input, the input rule), and the other letter variants
  Persian is typed with (ة/ۀ→ه, أ/إ/ٱ→ا, ؤ→و, ئ→ی, a bare hamza ء dropped, so اعضاء finds اعضای);
- Arabic presentation forms (text copied out of PDFs) fold to the plain letters (NFKC);
- harakat and the tatweel stretch are dropped; Persian and Arabic-Indic digits become ASCII;
- every boundary, ZWNJ, space, punctuation or none at all, is dropped. Persian writes one word with
  a space, a ZWNJ or nothing (شهرک های، شهرک‌های، شهرکهای), and no tokenizer can tell which pieces
  belong together, so the key keeps letters and digits only and matching is by substring (the FTS5
  trigram tokenizer indexes every substring of three characters).
"""
import re
import unicodedata
from functools import lru_cache

from app.domain.persian import fold_digits, normalize_input

# Shorter substrings are not in a trigram index: a shorter query term is glued to its neighbour.
MIN_TERM = 3

_LETTERS = str.maketrans({"ة": "ه", "ۀ": "ه", "ە": "ه", "ہ": "ه", "ھ": "ه", "أ": "ا", "إ": "ا",
                          "ٱ": "ا", "ؤ": "و", "ئ": "ی", "ۍ": "ی", "ې": "ی", "ء": None})
# \W in Python's re is "not str.isalnum() and not _": harakat (Mn), ZWNJ (Cf), spaces and punctuation.
# The tatweel (U+0640) is a letter to Unicode but only stretches a word.
_BOUNDARY = re.compile(r"[\W_\u0640]+")


@lru_cache(maxsize=4096)  # a text has few distinct letters; snippets fold thousands of them
def _fold_char(cluster: str) -> str:
    """search_key of one letter and its marks."""
    return search_key(cluster)


def search_key(text: str | None) -> str:
    """The form of `text` that the index holds and a query is matched with: see the module doc."""
    if not text:
        return ""
    text = normalize_input(unicodedata.normalize("NFKC", text)).translate(_LETTERS)
    return _BOUNDARY.sub("", fold_digits(text)).casefold()


def query_terms(query: str | None) -> list[str]:
    """The keys a query asks for, all of which a hit must contain. The user's spaces only separate
    terms (each is a substring anywhere, so «شهرک های» finds شهرکهای too); a term shorter than
    MIN_TERM is glued to the next one (or the last), since the index cannot look it up alone."""
    keys = [k for k in (search_key(word) for word in (query or "").split()) if k]
    terms: list[str] = []
    carry = ""
    for key in keys:
        carry += key
        if len(carry) >= MIN_TERM:
            terms.append(carry)
            carry = ""
    if carry:
        if terms:
            terms[-1] += carry
        else:
            terms.append(carry)
    return terms


def locate(text: str, key: str) -> tuple[int, int] | None:
    """Where in the original `text` the first match of `key` (a search key) is, as (start, end)
    character offsets, so a snippet can show and mark the words as the user wrote them."""
    if not key or not text:
        return None
    folded: list[str] = []
    origin: list[int] = []
    # A letter is folded together with the marks that follow it, as NFKC composes them (ا + ٓ = آ).
    start = 0
    for i in range(1, len(text) + 1):
        if i < len(text) and unicodedata.combining(text[i]):
            continue
        for f in _fold_char(text[start:i]):
            folded.append(f)
            origin.append(start)
        start = i
    at = "".join(folded).find(key)
    if at < 0:
        return None
    end = origin[at + len(key) - 1]
    while end < len(text) - 1 and unicodedata.combining(text[end + 1]):
        end += 1  # the marks of the last letter belong to the match
    return origin[at], end + 1
