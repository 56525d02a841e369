"""A large file: 2,000 generated meetings, then search and the tracker's queries, without errors, with
the index complete and the tracker's plans walking meetings in date order (no sort of every row)."""
import datetime as dt

import pytest
from sqlalchemy import event

from app.services import demo, resolutions
from app.services.search import count, search

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def big_db(tmp_path_factory):
    from app.services.files import open_database
    db = open_database(tmp_path_factory.mktemp("big") / "big.dabir", create=True)
    with db.session() as s:
        demo.build_demo(s, scale=2000)
    yield db
    db.close()


def test_search_and_tracker_on_2000_meetings(big_db):
    with big_db.session() as s:
        conn = s.connection()
        live = conn.exec_driver_sql(
            "SELECT (SELECT count(*) FROM resolution WHERE deleted_at IS NULL) + "
            "(SELECT count(*) FROM follow_up WHERE deleted_at IS NULL AND note IS NOT NULL) + "
            "(SELECT count(*) FROM agenda_item) + (SELECT count(*) FROM meeting) + "
            "(SELECT count(*) FROM committee) + (SELECT count(*) FROM person)").scalar_one()
        assert conn.exec_driver_sql("SELECT count(*) FROM search_doc").scalar_one() == live
        assert conn.exec_driver_sql("SELECT count(*) FROM search_dirty").scalar_one() == 0
        for query in ("قزل آلا", "گزارش پیشرفت", "كسب و كار", "۴۵ میلیارد", "دو"):
            hits = search(s, query)
            assert hits and all(h.snippet for h in hits), query
            assert count(s, query) >= len(hits)
        assert len(search(s, "مکاتبه", limit=500)) == 500
        for status in ("open", "overdue"):
            page = resolutions.list_resolutions(s, status=status, limit=100, today=TODAY)
            assert len(page) == 100 and resolutions.count_resolutions(s, status=status, today=TODAY) > 100
            assert all(r.status in ("pending", "in_progress") for r in page)
            dates = [r.meeting_date for r in page]
            assert dates == sorted(dates)
        assert all(r.overdue for r in resolutions.list_resolutions(s, status="overdue", limit=50, today=TODAY))


def test_tracker_plans_use_the_indexes(big_db):
    statements = []
    listener = lambda conn, cur, stmt, params, ctx, many: statements.append((stmt, params))  # noqa: E731
    event.listen(big_db.engine, "before_cursor_execute", listener)
    try:
        with big_db.session() as s:
            for status in ("open", "overdue"):
                statements.clear()
                resolutions.list_resolutions(s, status=status, limit=100, today=TODAY)
                stmt, params = next((st, p) for st, p in statements if "FROM resolution JOIN meeting" in st)
                plan = " | ".join(r[3] for r in s.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + stmt,
                                                                                params))
                # Meetings in date order, each one's resolutions of the status from the partial index;
                # not every open resolution fetched and sorted.
                assert "SCAN meeting USING INDEX ix_meeting_date" in plan, plan
                assert "ix_resolution_meeting_status" in plan, plan
                assert "USE TEMP B-TREE FOR ORDER BY" not in plan, plan
    finally:
        event.remove(big_db.engine, "before_cursor_execute", listener)
