"""The query planner's statistics (ANALYZE). Without them SQLite guesses that a status filter is
selective and sorts every open resolution for the tracker's first page (80 ms at 10,000 meetings);
with them it walks meetings in date order and stops at the page (0.3 ms). See docs/PERFORMANCE.md."""
from sqlalchemy import Connection

BULK = 1000            # documents indexed in one commit that make the statistics worth renewing
FIRST_AT_MEETINGS = 200  # a file grown by hand gets its first statistics at this size


def maybe_analyze(conn: Connection, indexed: int) -> bool:
    """Run ANALYZE after a bulk change (demo, import, merge), or once a file grown by hand is big
    enough for plans to matter. Costs ~0.15 s at 10,000 meetings, inside the committing transaction."""
    if indexed <= 0 or conn.dialect.name != "sqlite":
        return False            # a PostgreSQL server's autovacuum keeps its own statistics
    sql = conn.exec_driver_sql
    if indexed < BULK:
        if sql("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is not None:
            return False
        # max(rowid) is one index probe, count(*) a scan
        if (sql("SELECT max(rowid) FROM meeting").scalar() or 0) < FIRST_AT_MEETINGS:
            return False
    sql("ANALYZE")
    return True
