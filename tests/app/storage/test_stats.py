"""Planner statistics: renewed after a bulk commit, and taken once a file grown by hand gets big."""
import datetime as dt

from app.storage import stats
from app.storage.models import Committee, Meeting


def _has_stats(db) -> bool:
    with db.session() as s:
        return s.connection().exec_driver_sql(
            "SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").first() is not None


def test_statistics_appear_when_a_file_grows_by_hand(db):
    with db.session() as s:
        c = Committee(name="کمیته آزمون", name_key="k")
        s.add(c)
        s.flush()
        s.add_all(Meeting(committee_id=c.id, number=n, date=dt.date(2026, 1, 1), title=f"جلسه {n}")
                  for n in range(1, stats.FIRST_AT_MEETINGS))
    assert not _has_stats(db)
    with db.session() as s:
        s.add(Meeting(committee_id=c.id, number=stats.FIRST_AT_MEETINGS, title="جلسه تازه"))
    assert _has_stats(db)


def test_a_bulk_commit_takes_statistics(db):
    with db.session() as s:
        c = Committee(name="کمیته آزمون", name_key="k")
        s.add(c)
        s.flush()
        s.add_all(Meeting(committee_id=c.id, number=n, title=f"جلسه {n}") for n in range(1, stats.BULK + 1))
    assert _has_stats(db)
