"""The text layer's embedding levels (reports/bidi_levels.py, our pure-Python UAX #9): time for a
mixed Persian-Latin paragraph and for one line. python-bidi's Rust core, whose debug dump the text
layer parsed before, is timed beside it when installed (the test extra has it): the dump alone, not
counting the parsing that came on top."""
import time

from bench.common import Row
from reports import bidi_text as bt
from reports.bidi_levels import embedding_levels

PARAGRAPH = ("شرکت Müller & Söhne GmbH گواهی ISO 9001:2015 را دریافت کرد و نشانی info@dabir-2.ir برای مکاتبه "
             "اعلام شد؛ کد پیگیری 48# و نامه شماره 1405/123 ثبت شد و نماینده Dr. John Smith, Ph.D. از طرف "
             "Siemens AG (Germany) و شرکت Acme-Tech, Inc. حضور داشتند و «گزارش Q3/2025» را ارائه کردند.")
LINE = "با info@dabir-2.ir یا ISO 9001 هماهنگ شود."
NOTES = ("Levels of one shaped paragraph or line, base direction RTL. 'python-bidi debug dump' is the Rust "
         "core's dump alone; the text layer parsed it with a regular expression on top (same levels on these "
         "texts).")


def _per_call(fn, text: str, seconds: float = 0.5) -> float:
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        fn(text)
        n += 1
    return (time.perf_counter() - start) / n


def run() -> list:
    rows = []
    shaped = {name: " ".join(bt.shape(w) for w in bt.display_form(text).split())
              for name, text in (("paragraph", PARAGRAPH), ("line", LINE))}
    try:
        from bidi.wrapper import get_display
    except ImportError:
        get_display = None
    for name, text in shaped.items():
        ours = _per_call(lambda t: embedding_levels(t, 1), text)
        rows.append(Row(f"levels of a {len(text)}-character {name}", round(ours * 1e3, 3), "ms"))
        if get_display is not None:
            theirs = _per_call(lambda t: get_display(t, base_dir="R", debug=True), text)
            rows.append(Row(f"python-bidi debug dump, same {name}", round(theirs * 1e3, 3), "ms"))
    return rows
