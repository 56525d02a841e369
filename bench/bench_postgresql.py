"""The same Dabir on a .dabir file and on a PostgreSQL server (issue 13), in one run: search and the
tracker's first page on the same generated meetings, and many clients recording follow-ups and
editing meetings at once."""
import datetime as dt
import multiprocessing
import os
import random
import statistics
import time

from bench.common import Row, demo_file, median_seconds

SCALE = int(os.environ.get("DABIR_BENCH_SCALE", "10000"))
CLIENTS = int(os.environ.get("DABIR_BENCH_PG_CLIENTS", "16"))
SECONDS = float(os.environ.get("DABIR_BENCH_PG_SECONDS", "30"))
DRAFTS = 8          # draft meetings the clients edit (two clients often pick the same one)
QUERIES = ["قزل آلا", "شهرکهای صنعتی", "گزارش پیشرفت", "ورشو", "كسب و كار", "عبداللهی",
           "اعتبار ۴۵ میلیارد", "آبرسانی روستایی", "مکاتبه", "جلسه هماهنگی", "دو"]

NOTES = """
The server is Debian's PostgreSQL started for the run as the suite starts it (tests/pgserver.py:
initdb in a temporary folder, Unix socket, fsync off, so these are the server's CPU costs, not a
disk's). The file is `dabir demo --scale N` (N = DABIR_BENCH_SCALE, 10,000); its rows are copied into
the server (app.services.backup.copy_rows) and the server's search index built by the same code, so
both hold the same meetings. "ratio" rows are PostgreSQL / SQLite medians of the same call
in-process (5 runs each; search: every query of the list). Concurrency: CLIENTS processes (16) for
SECONDS (30) each alternate a follow-up on a random resolution and an edit of one of 8 draft meetings
(get_meeting, then update_meeting with its row_version: a stale edit is
refused and counted, not lost); throughput is committed operations per second, p95 the latency of
one committed operation (a refused one is counted apart); afterwards every follow-up a client reported is counted in the database: lost and
duplicated must both be 0. The same load on the .dabir file is shown for comparison (its writers
take turns on the file's one write lock).
"""


def _copy_into_server(path, url):
    from app.services.backup import copy_rows
    from app.storage import search_index
    from app.storage.database import open_database
    from app.storage.engine import make_engine
    open_database(url, create=True).close()
    src = make_engine(path, read_only=True)
    db = open_database(url)
    try:
        with src.connect() as sc, db.engine.begin() as dc:
            dc.exec_driver_sql("DELETE FROM setting")
            copy_rows(sc, dc)
            search_index.refresh(dc)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as c:
            c.exec_driver_sql("VACUUM ANALYZE")
    finally:
        db.close()
        src.dispose()


def _timings(target) -> dict[str, float]:
    from app.services import resolutions
    from app.services.files import open_database
    from app.services.search import search
    db = open_database(target)
    today = dt.date(2026, 11, 26)
    try:
        with db.session() as s:
            search(s, QUERIES[0])
            resolutions.list_resolutions(s, status="open", limit=100, today=today)
            return {
                "search, every query": median_seconds(lambda: [search(s, q) for q in QUERIES]),
                "tracker: open, first page": median_seconds(
                    lambda: resolutions.list_resolutions(s, status="open", limit=100, today=today)),
                "tracker: overdue, first page": median_seconds(
                    lambda: resolutions.list_resolutions(s, status="overdue", limit=100, today=today)),
                "tracker: count overdue": median_seconds(
                    lambda: resolutions.count_resolutions(s, status="overdue", today=today)),
            }
    finally:
        db.close()


def _client(target, n, resolution_ids, meeting_ids, ready, out):
    try:
        out.put(_work(target, n, resolution_ids, meeting_ids, ready))
    except BaseException as e:      # noqa: BLE001 — reported by the parent, which must not wait for ever
        out.put(RuntimeError(repr(e)))       # picklable whatever e was


def _work(target, n, resolution_ids, meeting_ids, ready):
    from app.domain.errors import DabirFileError, StaleEditError
    from app.services import meetings, resolutions
    from app.services.files import open_database
    rng = random.Random(n)
    db = open_database(target)
    latencies, notes, stale, busy = [], [], 0, 0
    ready.wait()                        # every client has opened the database: start together
    stop_at = time.time() + SECONDS
    i = 0
    while time.time() < stop_at:
        t = time.perf_counter()
        try:
            if i % 2 == 0:
                note = f"bench c{n} {i}"
                with db.session() as s:
                    resolutions.add_follow_up(s, rng.choice(resolution_ids), "in_progress", note=note)
                notes.append(note)
            else:
                mid = rng.choice(meeting_ids)
                with db.session() as s:
                    seen = meetings.get_meeting(s, mid)
                    meetings.update_meeting(s, mid, expected_version=seen.row_version,
                                            location=f"سالن {n}-{i}")
            latencies.append(time.perf_counter() - t)
        except StaleEditError:
            stale += 1
        except DabirFileError:          # the file's write lock not had within its busy timeout
            busy += 1
        i += 1
    db.close()
    return latencies, notes, stale, busy


def _load(target) -> dict:
    from sqlalchemy import select

    from app.services.files import open_database
    from app.storage.models import FollowUp, Resolution
    db = open_database(target)
    from app.services import committees, meetings
    with db.session() as s:
        res = list(s.scalars(select(Resolution.id).where(Resolution.deleted_at.is_(None)).limit(2000)))
        cid = committees.create_committee(s, f"کمیته سنجش {time.time()}").id
        drafts = [meetings.create_meeting(s, cid, with_roster=False).id for _ in range(DRAFTS)]
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    ready = ctx.Barrier(CLIENTS)
    procs = [ctx.Process(target=_client, args=(str(target), n, res, drafts, ready, out))
             for n in range(CLIENTS)]
    for p in procs:
        p.start()
    results = [out.get(timeout=SECONDS + 600) for _ in procs]
    for p in procs:
        p.join()
    failed = [r for r in results if isinstance(r, BaseException)]
    if failed:
        raise RuntimeError(f"{len(failed)} clients failed: {failed[0]!r}")
    latencies = sorted(x for r in results for x in r[0])
    notes = [x for r in results for x in r[1]]
    with db.session() as s:
        stored = list(s.scalars(select(FollowUp.note).where(FollowUp.note.like("bench c%"))))
    db.close()
    return {"ops": len(latencies), "throughput": len(latencies) / SECONDS,
            "p95": latencies[int(len(latencies) * 0.95)] if latencies else 0.0,
            "stale": sum(r[2] for r in results), "busy": sum(r[3] for r in results),
            "lost": len(set(notes) - set(stored)), "duplicated": len(stored) - len(set(stored))}


def run() -> list[Row]:
    import shutil
    import tempfile
    from pathlib import Path

    from tests.pgserver import PgServer
    rows = []
    folder = Path(tempfile.mkdtemp(prefix="dabir-bench-pg-"))
    try:
        path = folder / "bench.dabir"
        shutil.copyfile(demo_file(SCALE), path)
        with PgServer() as pg:
            url = pg.new_database()
            t = time.perf_counter()
            _copy_into_server(path, url)
            rows.append(Row(f"copy {SCALE} meetings into the server, index built", time.perf_counter() - t, "s"))
            file_t, server_t = _timings(path), _timings(url)
            for name in file_t:
                rows.append(Row(f"{name}: SQLite", file_t[name] * 1000, "ms"))
                rows.append(Row(f"{name}: PostgreSQL", server_t[name] * 1000, "ms"))
                rows.append(Row(f"{name}: ratio PostgreSQL / SQLite", round(server_t[name] / file_t[name], 2), "×"))
            for label, target in (("PostgreSQL", url), ("SQLite", path)):
                r = _load(target)
                prefix = f"{CLIENTS} clients × {SECONDS:g} s, {label}"
                rows += [Row(f"{prefix}: throughput", round(r["throughput"], 1), "ops/s"),
                         Row(f"{prefix}: p95 latency", r["p95"] * 1000, "ms"),
                         Row(f"{prefix}: stale edits refused", r["stale"], ""),
                         Row(f"{prefix}: writes refused (busy, after the 10 s wait)", r["busy"], ""),
                         Row(f"{prefix}: follow-ups lost", r["lost"], "", "= 0", r["lost"] == 0),
                         Row(f"{prefix}: follow-ups duplicated", r["duplicated"], "", "= 0", r["duplicated"] == 0)]
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows


if __name__ == "__main__":
    for row in run():
        print(row)
