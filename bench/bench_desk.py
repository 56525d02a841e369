"""The follow-up desk (issue 26): `dabir letters` for a meeting with 30 responsible bodies, and the
per-body figures (`stats.body_stats`, `dabir stats`) on the 10,000-meeting demo."""
import os
import tempfile
import time
from pathlib import Path

from bench.common import Row, dabir, demo_file, median_seconds, process_seconds

BODIES = 30
SCALE = 10_000

NOTES = """
`letters`: one meeting, 75 resolutions over 30 organisations (each body has two of its own and
shares a third with a neighbour), so 30 notification letters of three resolutions each; timed as whole
`dabir letters --meeting ID -o DIR` processes (start-up, 30 PDFs written, numbered and registered),
the median of three, on a fresh copy each time so the register does not grow between runs.
`stats`: `body_stats` in process on the 10,000-meeting demo (about 100,000 resolutions), the whole
file and one committee, median of five, wall time and (whole file) this process's CPU time, since
on the shared 2-core machine the wall time grows with everyone else's load (noted beside it); and
the whole `dabir stats --json` process. Target ≤ 1 s in process (issue 26).
"""


def _meeting_file(folder: Path) -> tuple[Path, str]:
    """A meeting whose 75 resolutions go to 30 bodies: two of each body's own, and one shared by each
    pair of neighbours, so every body's letter lists three."""
    from app.domain.jalali import parse_date
    from app.services import committees, meetings, resolutions
    from app.storage.database import open_database
    path = folder / "letters.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        cid = committees.create_committee(s, "کمیته بنچ").id
        mid = meetings.create_meeting(s, cid, date=parse_date("1405/09/01")).id
        bodies = [f"دستگاه اجرایی شماره {i + 1}" for i in range(BODIES)]
        for body in bodies:
            for k in range(2):
                resolutions.add_resolution(s, mid, f"مصوبه {k + 1} ویژه {body}", [body], parse_date("1405/10/01"))
        for i in range(0, BODIES, 2):
            resolutions.add_resolution(s, mid, f"مصوبه مشترک {i + 1}", bodies[i:i + 2], parse_date("1405/11/01"))
    db.close()
    return path, mid


def _median_cpu(fn, repeat: int = 5) -> float:
    """CPU seconds of this process (SQLite runs in it): what the machine's other users do not add."""
    times = []
    for _ in range(repeat):
        t = time.process_time()
        fn()
        times.append(time.process_time() - t)
    return sorted(times)[len(times) // 2]


def run() -> list[Row]:
    import shutil
    folder = Path(tempfile.mkdtemp(prefix="dabir-bench-desk-"))
    os.environ.setdefault("DABIR_BACKUP_DIR", str(folder / "backups"))
    rows = []
    source, mid = _meeting_file(folder)
    times, count = [], 0
    for i in range(3):
        copy = folder / f"copy-{i}.dabir"
        shutil.copyfile(source, copy)
        out = folder / f"out-{i}"
        times.append(process_seconds("letters", "--db", copy, "--meeting", mid, "-o", out))
        count = len(list(out.glob("*.pdf")))
    times.sort()
    rows.append(Row(f"dabir letters, a meeting with {BODIES} bodies ({count} letters)", round(times[1], 2), "s"))
    rows.append(Row("per letter", round(times[1] / max(count, 1) * 1000), "ms"))

    from app.services import lookups, stats
    from app.storage.database import open_database
    big = demo_file(SCALE)
    db = open_database(big, read_only=True)
    try:
        with db.session() as s:
            n = len(stats.body_stats(s))
            cid = lookups.committee_names(s)[0][0]

        def whole():
            with db.session() as s:
                stats.body_stats(s)

        def one():
            with db.session() as s:
                stats.body_stats(s, cid)
        t_all, t_one = median_seconds(whole), median_seconds(one)
        cpu_all = _median_cpu(whole)
    finally:
        db.close()
    rows.append(Row(f"body_stats, {SCALE:,}-meeting demo, all committees ({n} bodies)", round(t_all, 3), "s",
                    "≤ 1", t_all <= 1))
    rows.append(Row("body_stats, all committees: CPU time of this process", round(cpu_all, 3), "s"))
    rows.append(Row(f"body_stats, {SCALE:,}-meeting demo, one committee", round(t_one, 3), "s", "≤ 1", t_one <= 1))
    rows.append(Row("load average (1 min) during the stats runs", round(os.getloadavg()[0], 2), ""))
    t = time.perf_counter()
    dabir("stats", "--db", big, "--json")
    rows.append(Row("dabir stats --json process, 10,000-meeting demo", round(time.perf_counter() - t, 2), "s"))
    shutil.rmtree(folder, ignore_errors=True)
    return rows
