"""What Dabir's access rules on a central server cost (issue 23): the same writes by an office role
under row-level security, the sealed-row trigger and the server's audit triggers, and by the owner of
a database without the rules."""
import os
import time

from bench.common import Row, dabir

N = int(os.environ.get("DABIR_BENCH_ACL_N", "200"))

NOTES = """
A PostgreSQL started for the run as the suite starts it (tests/pgserver.py: Unix socket, fsync off).
"with rules": the province of tests/app/server_province.py (a non-superuser owner, `dabir server init`,
two offices by `add-office`), written as office_a; "without": a database made by `dabir demo` with no
rules, written by its owner. Each is N (200) units of work, one session each, in-process: a follow-up on
another committee's resolution (office_a may record it; its resolution's derived status is checked
against its follow-ups by the server) and an edit of one of the writer's own draft meetings (checked
against its committee, old row and new, then audited by a server trigger). Median of the per-operation
times.
"""


def _time(url: str, resolution: str, meeting: str) -> dict[str, float]:
    import statistics

    from app.services import meetings, resolutions
    from app.storage.database import open_database
    db = open_database(url)
    out = {"follow-up": [], "meeting edit": []}
    try:
        for i in range(N):
            t = time.perf_counter()
            with db.session() as s:
                resolutions.add_follow_up(s, resolution, "in_progress", note=f"پیگیری {i}")
            out["follow-up"].append(time.perf_counter() - t)
            t = time.perf_counter()
            with db.session() as s:
                meetings.update_meeting(s, meeting, location=f"سالن {i}")
            out["meeting edit"].append(time.perf_counter() - t)
    finally:
        db.close()
    return {k: statistics.median(v) for k, v in out.items()}


def run() -> list[Row]:
    from tests.app.server_province import make_province
    from tests.pgserver import PgServer
    rows = []
    with PgServer() as pg:
        province = make_province(pg, lambda *args: dabir(*args, check=False))
        ruled = _time(province.a.url, province.b.resolution, province.a.draft)
        plain = pg.new_database()
        dabir("demo", "--db", plain)
        name = plain.split("?")[0].rsplit("/", 1)[1]
        resolution = pg.psql("SELECT id FROM resolution ORDER BY number LIMIT 1", database=name).strip()
        from app.services import meetings
        from app.storage.database import open_database
        db = open_database(plain)
        with db.session() as s:
            meeting = meetings.create_meeting(s, pg.psql("SELECT id FROM committee LIMIT 1", database=name).strip()).id
        db.close()
        bare = _time(plain, resolution, meeting)
    for what in ("follow-up", "meeting edit"):
        rows += [Row(f"{what}: without rules", bare[what] * 1000, "ms"),
                 Row(f"{what}: with rules, as an office", ruled[what] * 1000, "ms"),
                 Row(f"{what}: ratio", round(ruled[what] / bare[what], 2), "×")]
    return rows
