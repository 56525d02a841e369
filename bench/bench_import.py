"""Importing one meeting (`dabir import`) with 500, 1,000 and 2,000 attendees: the time per attendee
stays the same (it grew with the list when every attendance read the whole list: 4.3/12.5/47.6 s)."""
import json
import os
import tempfile
import time
from pathlib import Path

from bench.common import Row

SIZES = (500, 1000, 2000)


def _document(n: int) -> dict:
    return {"format": "dabir-meeting/1", "committee": {"name": "کمیته آزمون"},
            "meeting": {"number": 1, "date": "1405/09/05", "title": "جلسه بزرگ"},
            "attendees": [{"name": f"شخص {i}", "organization": f"دستگاه {i % 20}", "role": "member"}
                          for i in range(n)]}


def run(sizes=SIZES) -> list:
    from app.services import exchange
    from app.storage.database import open_database
    folder = Path(tempfile.mkdtemp(prefix="dabir-bench-import-"))
    os.environ.setdefault("DABIR_BACKUP_DIR", str(folder / "backups"))
    rows, per = [], {}
    for n in sizes:
        data = json.loads(json.dumps(_document(n)))
        db = open_database(folder / f"import-{n}.dabir", create=True)
        t = time.perf_counter()
        with db.session() as s:
            exchange.import_meeting(s, data)
        secs = time.perf_counter() - t
        db.close()
        per[n] = secs / n
        rows.append(Row(f"import {n:,} attendees", round(secs, 2), "s"))
    small, large = min(sizes), max(sizes)
    ratio = per[large] / per[small]
    rows.append(Row(f"time per attendee, {large:,} vs {small:,}", round(ratio, 2), "×", "≤ 1.5", ratio <= 1.5))
    return rows
