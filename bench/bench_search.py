"""Search and the tracker on a file of 10,000 generated meetings (`dabir demo --scale 10000`)."""
import datetime as dt
import os
import sqlite3
import statistics
import time

from bench.common import Row, demo_file, median_seconds, peak_memory, process_seconds

SCALE = int(os.environ.get("DABIR_BENCH_SCALE", "10000"))
# What a secretary types, spelt the ways Persian is typed: common words matching thousands of rows,
# rare ones, names, numbers, ZWNJ/space/none, Arabic letters, and a word too short for a trigram.
QUERIES = ["قزل آلا", "قزل‌آلا", "شهرکهای صنعتی", "گزارش پیشرفت", "ورشو", "كسب و كار", "عبداللهی",
           "اعتبار ۴۵ میلیارد", "آبرسانی روستایی", "مکاتبه", "نوسازی مدارس", "جلسه هماهنگی", "دو"]
PROCESS_RUNS = 5

NOTES = """
The index is an FTS5 trigram table over a search key (app/domain/search_text.py) in which ZWNJ,
spaces and punctuation are all dropped, so شهرکهای, شهرک‌های and شهرک های are one string and every
query word is matched as a substring. "search process / list committees" compares two whole `dabir`
processes on the same file (Python start-up, imports, opening the file and one query), alternated
PROCESS_RUNS times; the ratio is of medians. "query median" is `app.services.search.search` in-process
over the queries in bench/bench_search.py, five runs each. Tracker rows are `list_resolutions` /
`count_resolutions` as the GUI pages them (limit 100).
"""


def _process_rows(path) -> list[Row]:
    process_seconds("list", "committees", "--db", path)  # warm the page cache and the byte-code
    process_seconds("search", "--db", path, QUERIES[0])
    lists, searches = [], []
    for _ in range(PROCESS_RUNS):
        lists.append(process_seconds("list", "committees", "--db", path))
        searches.append(process_seconds("search", "--db", path, QUERIES[0]))
    lst, srch = statistics.median(lists), statistics.median(searches)
    ratio = srch / lst
    return [Row("process: dabir list committees", lst * 1000, "ms"),
            Row("process: dabir search", srch * 1000, "ms"),
            Row("process ratio search / list committees", round(ratio, 2), "×", "≤ 1.5", ratio <= 1.5)]


def _in_process_rows(path) -> list[Row]:
    from app.services import resolutions
    from app.services.files import open_database
    from app.services.search import search

    db = open_database(path)
    try:
        with db.session() as s:
            def queries():
                times, hits = [], 0
                for q in QUERIES:
                    for _ in range(5):
                        t = time.perf_counter()
                        hits += len(search(s, q))
                        times.append(time.perf_counter() - t)
                return times, hits
            search(s, QUERIES[0])  # first query pays for loading pages
            times, _ = queries()
            _, peak = peak_memory(queries)  # a run of its own: tracemalloc slows Python several-fold
            times.sort()
            med, p95 = statistics.median(times), times[int(len(times) * 0.95)]
            today = dt.date(2026, 11, 26)
            tracker = {
                "tracker: open, first page": lambda: resolutions.list_resolutions(s, status="open", limit=100,
                                                                                   today=today),
                "tracker: overdue, first page": lambda: resolutions.list_resolutions(s, status="overdue",
                                                                                      limit=100, today=today),
                "tracker: overdue, page 50": lambda: resolutions.list_resolutions(s, status="overdue", limit=100,
                                                                                   offset=4900, today=today),
                "tracker: count overdue": lambda: resolutions.count_resolutions(s, status="overdue", today=today),
            }
            rows = [Row("search query median (in-process)", med * 1000, "ms", "< 30", med < 0.030),
                    Row("search query p95", p95 * 1000, "ms"),
                    Row("search Python peak memory (tracemalloc)", peak / 1e6, "MB")]
            for name, fn in tracker.items():
                rows.append(Row(name, median_seconds(fn) * 1000, "ms"))
            _, tracker_peak = peak_memory(tracker["tracker: overdue, first page"])
            rows.append(Row("tracker Python peak memory (tracemalloc)", tracker_peak / 1e6, "MB"))
    finally:
        db.close()
    return rows


def _size_rows(path) -> list[Row]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        total = os.path.getsize(path)
        docs = conn.execute("SELECT count(*) FROM search_doc").fetchone()[0]
        try:
            index = conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%' "
                                 "OR name = 'sqlite_autoindex_search_doc_1'").fetchone()[0] or 0
            share = round(100 * index / total, 1)
        except sqlite3.OperationalError:  # an SQLite built without the dbstat table
            share = "n/a"
    finally:
        conn.close()
    return [Row("file size", total / 1e6, "MB"), Row("search index share of file", share, "%"),
            Row("indexed documents", docs)]


def run() -> list[Row]:
    t = time.perf_counter()
    path = demo_file(SCALE)
    rows = [Row(f"file of {SCALE} meetings ready (cached after the first run)", time.perf_counter() - t, "s")]
    return rows + _size_rows(path) + _process_rows(path) + _in_process_rows(path)
