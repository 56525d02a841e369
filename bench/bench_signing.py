"""Signing a 20-page follow-up report against printing it, measured in one run.

Printing: reports/followup.render to a file, text-layer caches cold (like a fresh process). Signing:
reports/signing.sign of that file with the office key (PAdES, RSA-2048, SHA-256, incremental update),
key already made and pyHanko already imported, as on every signature after the first."""
import os
import tempfile
import time
from pathlib import Path

from bench.bench_pdf import _cold, big_report
from bench.common import Row
from reports import followup, signing

TARGET_PAGES = 20


def _report_of(pages: int):
    n = 60
    while True:
        data = big_report(n)
        with tempfile.TemporaryFile() as f:
            followup.render(data, f)
            f.seek(0)
            got = f.read().count(b"/Type /Page\n")
        if got >= pages:
            return data, got
        n = int(n * pages / max(got, 1)) + 5


def run() -> list[Row]:
    from app.services import signing_keys
    saved = {k: os.environ.get(k) for k in ("DABIR_KEY_DIR", "DABIR_KEY_PASSPHRASE")}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        os.environ.update(DABIR_KEY_DIR=str(tmp / "keys"), DABIR_KEY_PASSPHRASE="bench")   # never the user's keys
        try:
            key = signing_keys.office_key("bench-office", "دفتر سنجش")
        finally:
            for k, v in saved.items():
                os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
        data, pages = _report_of(TARGET_PAGES)
        src = tmp / "report.pdf"
        followup.render(data, src)                                   # warm-up
        with open(tmp / "warm.pdf", "wb") as f:
            signing.sign(src, f, key.path, key.passphrase)
        prints, signs = [], []
        for i in range(5):
            _cold()
            t = time.perf_counter()
            followup.render(data, src)
            prints.append(time.perf_counter() - t)
            with open(tmp / f"signed-{i}.pdf", "wb") as f:
                t = time.perf_counter()
                signing.sign(src, f, key.path, key.passphrase)
                signs.append(time.perf_counter() - t)
        assert signing.check(tmp / "signed-0.pdf")[0].intact
    p, s = sorted(prints)[2], sorted(signs)[2]
    return [Row(f"print {pages}-page report (median)", round(p, 3), "s"),
            Row(f"sign {pages}-page report (median)", round(s, 3), "s"),
            Row("sign / print", round(s / p, 2), "×", "≤ 1.5", s / p <= 1.5)]


NOTES = __doc__.split("\n", 2)[2]
