"""Reading JSON that Dabir did not write (an imported meeting, a received file's audit log) within
limits, so that a crafted document is refused with one line instead of crashing the reader: Python's
json recurses once per nesting level (100,000 levels: RecursionError) and refuses to turn more than
4,300 digits into an int only by raising deep inside the parse (a 5,000-digit number: exit 1)."""
import json
import math
import re

MAX_DEPTH = 64          # the exchange format nests 5 deep; a received audit entry 3
MAX_DIGITS = 30         # an integer's digits (a count, a number, a stamp: 19 fit in 64 bits)
MAX_NUMBER_TEXT = 40    # characters of a number with a fraction or an exponent

# a JSON string, unrolled so that a long one (an attachment's base64) is one pass of the C engine
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_BRACKET = re.compile(r"[\[\]{}]")


class JSONLimitError(ValueError):
    """Valid or not, the document is beyond what Dabir reads. `en` says which limit."""

    def __init__(self, fa: str, en: str):
        super().__init__(en)
        self.fa, self.en = fa, en


def depth(text: str) -> int:
    """The deepest nesting of arrays and objects, brackets inside strings not counted."""
    level = deepest = 0
    for m in _BRACKET.finditer(_STRING.sub('""', text)):
        if m.group() in "[{":
            level += 1
            deepest = max(deepest, level)
            if deepest > MAX_DEPTH:
                return deepest                       # deep enough to refuse: no need to go on
        else:
            level -= 1
    return deepest


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise JSONLimitError(f"عددی با بیش از {MAX_DIGITS} رقم", f"a number of more than {MAX_DIGITS} digits")
    return int(text)


def _float(text: str) -> float:
    value = float(text) if len(text) <= MAX_NUMBER_TEXT else math.inf
    if not math.isfinite(value):
        raise JSONLimitError("عددی بیرون از اندازه", f"a number out of range ({text[:20]}…)")
    return value


def _constant(name: str):
    raise JSONLimitError(f"مقدار {name} در JSON مجاز نیست", f"{name} is not JSON")


def loads(text: str):
    """json.loads with Dabir's limits: JSONLimitError past MAX_DEPTH levels or an over-long number
    (and for NaN/Infinity, which are not JSON); json.JSONDecodeError as usual. Both are ValueErrors."""
    if depth(text) > MAX_DEPTH:
        raise JSONLimitError(f"بیش از {MAX_DEPTH} لایه تودرتو", f"nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
    except RecursionError:          # not reached after the depth check; kept so it never crashes
        raise JSONLimitError(f"بیش از {MAX_DEPTH} لایه تودرتو", f"nested more than {MAX_DEPTH} levels deep") from None
