"""Which SQL statements Dabir runs on a file, and which index each uses (issue 28's plan,
bench/storage_plan.py): the lists, the tracker's filters and orders, search, export, edits in two
copies of one file (one under another office id) and the merge of one into the other, each statement
logged as SQLAlchemy sends it and explained by EXPLAIN QUERY PLAN."""
import contextlib
import datetime as dt
import io
import re
import shutil
import sqlite3
import time
from pathlib import Path

QUERIES = ["شهرکهای صنعتی", "گزارش پیشرفت", "قزل آلا", "دو", "آب", "جلسه", "پیگیری", "منطقه",
           "کمیته", "اعتبارات", "سد", "خرم آباد"]


def _fork(path: Path, dest: Path) -> Path:
    """A copy of the file as another office's (the tests' own fork: a new office id)."""
    from tests.app.sharing_data import fork
    return fork(path, dest)


def _workload(mine: Path, theirs: Path, step: list) -> None:
    from app.cli.main import main
    from app.services import meetings, resolutions
    from app.storage.database import open_database

    def cli(*args):
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            rc = main([str(a) for a in args])
        if rc:
            raise RuntimeError(f"dabir {args} exited {rc}")

    step[0] = "list"
    for what in ("committees", "meetings", "resolutions", "people"):
        cli("list", "--db", mine, what)
    step[0] = "search"
    for q in QUERIES:
        cli("search", "--db", mine, q)
    step[0] = "export"
    cli("export", "--db", mine, "--meeting", "all")
    step[0] = "tracker"
    db = open_database(mine)
    try:
        with db.session() as s:
            committee = s.connection().exec_driver_sql(
                "SELECT committee_id FROM meeting GROUP BY committee_id ORDER BY count(*) DESC").first()[0]
            org = s.connection().exec_driver_sql(
                "SELECT organization_id FROM resolution_party WHERE organization_id IS NOT NULL "
                "GROUP BY 1 ORDER BY count(*) DESC").first()[0]
            meeting = s.connection().exec_driver_sql("SELECT id FROM meeting ORDER BY date DESC").first()[0]
            filters = [{}, {"status": "open"}, {"status": "overdue"}, {"status": "done"}, {"status": "pending"},
                       {"committee_id": committee}, {"committee_id": committee, "status": "open"},
                       {"organization_id": org}, {"organization_id": org, "status": "open"},
                       {"meeting_id": meeting},
                       {"deadline_from": dt.date(2024, 1, 1), "deadline_to": dt.date(2024, 6, 30)},
                       {"date_from": dt.date(2023, 1, 1), "date_to": dt.date(2023, 12, 31)}]
            for f in filters:
                for offset in (0, 5000):
                    resolutions.list_resolutions(s, limit=100, offset=offset, **f)
                resolutions.count_resolutions(s, **f)
            for key in resolutions.RESOLUTION_ORDER:
                for desc in (False, True):
                    resolutions.list_resolutions(s, status="open", limit=100, order_by=key, descending=desc)
            mfilters = [{}, {"committee_id": committee}, {"status": "approved"}, {"status": "draft"},
                        {"date_from": dt.date(2023, 1, 1), "date_to": dt.date(2023, 12, 31)}, {"search": "جلسه"}]
            for f in mfilters:
                meetings.list_meetings(s, limit=100, **f)
                meetings.count_meetings(s, **f)
            for key in meetings.MEETING_ORDER:
                meetings.list_meetings(s, limit=100, order_by=key)
    finally:
        db.close()
    step[0] = "edit"
    # both offices change things before the merge, so that its inserts, updates, twins and conflicts
    # run (a merge of two identical copies only reads): follow-ups on the same resolutions on both
    # sides, and in the other office a new meeting with resolutions and an agenda, then an edit of it
    _edit(mine, "mine", new_meeting=False)
    _edit(theirs, "theirs", new_meeting=True)
    step[0] = "merge"
    cli("merge", "--db", mine, "--from", theirs)


def _edit(path: Path, who: str, new_meeting: bool) -> None:
    from app.services import meetings, resolutions
    from app.storage.database import open_database
    db = open_database(path)
    try:
        with db.session() as s:
            sql = s.connection().exec_driver_sql
            ids = [r for (r,) in sql("SELECT id FROM resolution WHERE deleted_at IS NULL ORDER BY id LIMIT 40")]
            committee = sql("SELECT committee_id FROM meeting LIMIT 1").first()[0]
        for i, rid in enumerate(ids):
            with db.session() as s:
                resolutions.add_follow_up(s, rid, "in_progress", note=f"پیگیری {who} {i}")
        if new_meeting:
            with db.session() as s:
                meeting = meetings.create_meeting(s, committee, dt.date(2026, 12, 1), title=f"جلسه {who}").id
            with db.session() as s:
                for i in range(5):
                    resolutions.add_resolution(s, meeting, f"مصوبه آزمایشی {i}")
                meetings.add_agenda_item(s, meeting, "دستور آزمایشی")
            with db.session() as s:
                meetings.update_meeting(s, meeting, title=f"جلسه {who} ویرایش‌شده")
    finally:
        db.close()


def trace(base: Path, work: Path) -> dict:
    """Every SQLite statement the workload ran, with the indexes EXPLAIN QUERY PLAN says it uses."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    mine, theirs = work / f"trace-mine-{base.stem}.dabir", _fork(base, work / f"trace-theirs-{base.stem}.dabir")
    shutil.copyfile(base, mine)
    statements: dict[str, dict] = {}
    step = ["?"]

    def log(conn, cursor, statement, parameters, context, executemany):
        if conn.dialect.name == "sqlite":
            params = parameters[0] if executemany and parameters else parameters
            statements.setdefault(statement, {"params": params, "steps": set()})["steps"].add(step[0])

    event.listen(Engine, "before_cursor_execute", log)
    try:
        t = time.perf_counter()
        _workload(mine, theirs, step)
        seconds = time.perf_counter() - t
    finally:
        event.remove(Engine, "before_cursor_execute", log)
        mine.unlink(missing_ok=True)
        theirs.unlink(missing_ok=True)
    return {"statements": statements, "seconds": seconds}


def explain(path: Path, statements: dict[str, dict]) -> dict:
    """{index: [steps of the statements using it]}, the statements not explained, full scans."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    conn.create_collation("persian", lambda a, b: (a > b) - (a < b))   # the plan does not depend on it
    uses: dict[str, set] = {}
    scans: dict[str, set] = {}
    failed = []
    explained = 0
    per: dict[str, set] = {}
    for sql, info in statements.items():
        if not re.match(r"\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)", sql, re.I):
            continue
        try:
            plan = conn.execute("EXPLAIN QUERY PLAN " + sql, info["params"] or ()).fetchall()
        except sqlite3.Error as e:
            failed.append(f"{str(e)[:60]}: {sql[:80]}")
            continue
        explained += 1
        for row in plan:
            detail = row[-1]
            for idx in re.findall(r"USING (?:COVERING )?INDEX (\S+)", detail):
                uses.setdefault(idx, set()).update(info["steps"])
            m = re.match(r"SCAN (\S+)(?: AS \S+)?$", detail)
            if m:
                scans.setdefault(m.group(1), set()).update(info["steps"])
                per.setdefault(sql, set()).add(m.group(1))
    conn.close()
    return {"uses": uses, "failed": failed, "explained": explained, "scans": scans, "per": per}


def plain_indexes(path: Path) -> dict[str, str]:
    """Indexes a CREATE INDEX made (not a PRIMARY KEY's or UNIQUE constraint's), not unique: {name: table}."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {n: t for n, t, s in conn.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type='index' "
                                                  "AND sql IS NOT NULL")
                if not s.upper().startswith("CREATE UNIQUE")}
    finally:
        conn.close()
