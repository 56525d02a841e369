"""Paged lists sort in SQL by any whitelisted column, both ways, across pages; text in Persian order."""
import pytest

pytestmark = pytest.mark.backends

from app.domain.errors import ValidationError
from app.domain.persian import sort_key
from app.services import demo, meetings, resolutions


@pytest.fixture(scope="module")
def scaled(tmp_path_factory):
    from app.services.files import open_database
    db = open_database(tmp_path_factory.mktemp("order") / "order.dabir", create=True)
    with db.session() as s:
        demo.build_demo(s, scale=40)
        first = meetings.list_meetings(s, limit=1)[0]
        meetings.create_meeting(s, first.committee_id)          # a draft among the approved
    yield db
    db.close()


MEETING_KEYS = {"number": lambda m: m.number, "date": lambda m: (m.date, m.number),
                "committee": lambda m: sort_key(m.committee), "title": lambda m: sort_key(m.title or ""),
                "location": lambda m: sort_key(m.location or ""),
                "status": lambda m: list(type(m.status)).index(m.status), "resolutions": lambda m: m.resolution_count}

RESOLUTION_KEYS = {"code": lambda r: (r.meeting_number, r.number), "committee": lambda r: sort_key(r.committee),
                   "date": lambda r: (r.meeting_date, r.meeting_number), "text": lambda r: sort_key(r.text),
                   "responsible": lambda r: sort_key(r.responsible[0].name if r.responsible else ""),
                   "deadline": lambda r: (r.deadline is not None, r.deadline),
                   "status": lambda r: list(type(r.status)).index(r.status),
                   "latest_follow_up": lambda r: (r.latest_follow_up is not None,
                                                  max(f.date for f in r.follow_ups) if r.follow_ups else None)}


def _pages(fetch, size=17):
    out, offset = [], 0
    while True:
        page = fetch(size, offset)
        out += page
        if len(page) < size:
            return out
        offset += size


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", list(MEETING_KEYS))
def test_meetings_sort_by_every_column_across_pages(scaled, key, descending):
    assert set(MEETING_KEYS) == set(meetings.MEETING_ORDER)
    with scaled.session() as s:
        rows = _pages(lambda limit, offset: meetings.list_meetings(s, limit=limit, offset=offset, order_by=key,
                                                                   descending=descending))
        assert len(rows) == meetings.count_meetings(s) and len({r.id for r in rows}) == len(rows)
    keys = [MEETING_KEYS[key](r) for r in rows]
    assert keys == sorted(keys, reverse=descending)
    assert len(set(keys)) > 1                              # the column really varies in this file


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("key", list(RESOLUTION_KEYS))
def test_resolutions_sort_by_every_column_across_pages(scaled, key, descending):
    assert set(RESOLUTION_KEYS) == set(resolutions.RESOLUTION_ORDER)
    with scaled.session() as s:
        rows = _pages(lambda limit, offset: resolutions.list_resolutions(
            s, status="all", limit=limit, offset=offset, order_by=key, descending=descending), size=97)
        assert len(rows) == resolutions.count_resolutions(s, status="all") and len({r.id for r in rows}) == len(rows)
    keys = [RESOLUTION_KEYS[key](r) for r in rows]
    assert keys == sorted(keys, reverse=descending)
    assert len(set(keys)) > 1


def test_persian_alphabetical_order_in_sql(scaled):
    """Unicode order would put پ چ ژ after و and ک گ after ل; the lists' collation does not."""
    from sqlalchemy import literal, select, union_all
    names = ["یزد", "گیلان", "پارس", "چابهار", "کرمان", "اصفهان", "ژاله", "كرمان"]
    from app.services._order import persian, use_collation
    with scaled.session() as s:
        use_collation(s)
        q = union_all(*[select(literal(n).label("n")) for n in names]).subquery()
        ordered = list(s.scalars(select(q.c.n).order_by(persian(q.c.n))))
    assert ordered == ["اصفهان", "پارس", "چابهار", "ژاله", "کرمان", "كرمان", "گیلان", "یزد"]


def test_an_unknown_column_is_refused(scaled):
    with scaled.session() as s, pytest.raises(ValidationError):
        meetings.list_meetings(s, order_by="id; DROP TABLE meeting")
    with scaled.session() as s, pytest.raises(ValidationError):
        resolutions.list_resolutions(s, order_by="nope")
