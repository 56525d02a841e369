"""The table models: lazy paging with Fetch More (inclusive last row), filters, and Qt's model tester."""

import pytest
from PySide6.QtCore import QModelIndex, Qt

from app.services import demo, meetings, resolutions
from app.services.files import open_database
from ui.models.table import ListTableModel
from ui.ops import OpRunner
from ui.screens.meetings import MeetingsModel
from ui.screens.tracker import ResolutionsModel


@pytest.fixture(scope="module")
def scaled_db(tmp_path_factory):
    path = tmp_path_factory.mktemp("scaled") / "scaled.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        demo.build_demo(s, scale=30)
    yield db
    db.close()


def _load_all(qtbot, runner, model):
    qtbot.waitUntil(runner.idle)
    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
        qtbot.waitUntil(runner.idle)


def test_resolutions_model_pages_in_with_inclusive_last_row(qtbot, scaled_db):
    runner = OpRunner(scaled_db)
    model = ResolutionsModel(runner)
    model.page_size = 50
    inserted = []
    model.rowsInserted.connect(lambda parent, first, last: inserted.append((first, last)))
    model.apply(status="all")
    qtbot.waitUntil(runner.idle)
    with scaled_db.session() as s:
        total = resolutions.count_resolutions(s, status="all")
        first_page = resolutions.list_resolutions(s, status="all", limit=50)
    assert total > 150
    assert model.rowCount() == 50 and model.total == total
    assert inserted == [(0, 49)]                        # not (0, 50): the last index is inclusive
    assert [model.row(i).id for i in range(50)] == [r.id for r in first_page]
    model.fetchMore(QModelIndex())
    qtbot.waitUntil(runner.idle)
    assert inserted[-1] == (50, 99)
    _load_all(qtbot, runner, model)
    assert model.rowCount() == total and not model.canFetchMore(QModelIndex())
    assert len({model.row(i).id for i in range(total)}) == total


def test_resolutions_model_filters_and_marks_overdue(qtbot, scaled_db):
    runner = OpRunner(scaled_db)
    model = ResolutionsModel(runner)
    model.apply(status="overdue")
    _load_all(qtbot, runner, model)
    with scaled_db.session() as s:
        assert model.rowCount() == resolutions.count_resolutions(s, status="overdue") > 0
    for i in range(model.rowCount()):
        assert model.row(i).overdue
        assert model.data(model.index(i, 0), Qt.ItemDataRole.BackgroundRole) is not None
        assert "معوق" in model.data(model.index(i, 6))


def test_meetings_model_sorts_both_ways_across_pages(qtbot, scaled_db):
    runner = OpRunner(scaled_db)
    model = MeetingsModel(runner)
    model.page_size = 7
    model.apply()
    _load_all(qtbot, runner, model)
    newest_first = [model.row(i).id for i in range(model.rowCount())]
    with scaled_db.session() as s:
        assert newest_first == [m.id for m in meetings.list_meetings(s)]
    model.sort(1, Qt.SortOrder.AscendingOrder)
    _load_all(qtbot, runner, model)
    assert [model.row(i).id for i in range(model.rowCount())] == list(reversed(newest_first))


def test_meetings_model_filters_by_date_range(qtbot, scaled_db):
    runner = OpRunner(scaled_db)
    model = MeetingsModel(runner)
    with scaled_db.session() as s:
        all_rows = meetings.list_meetings(s)
    dates = sorted(m.date for m in all_rows)
    lo, hi = dates[len(dates) // 4], dates[3 * len(dates) // 4]
    model.apply(date_from=lo, date_to=hi)
    _load_all(qtbot, runner, model)
    got = [model.row(i) for i in range(model.rowCount())]
    assert got and all(lo <= m.date <= hi for m in got)
    assert len(got) == sum(lo <= m.date <= hi for m in all_rows)
    assert model.data(model.index(0, 1)).startswith("۱۴")          # Jalali, Persian digits


def test_model_tester_on_every_model(qtbot, qtmodeltester, scaled_db):
    runner = OpRunner(scaled_db)
    for model in (ResolutionsModel(runner), MeetingsModel(runner)):
        model.apply()
        qtbot.waitUntil(runner.idle)
        qtmodeltester.check(model, force_py=True)
    with scaled_db.session() as s:
        m = meetings.get_meeting(s, meetings.list_meetings(s, limit=1)[0].id)
    from ui.models.paged import Column
    from ui.models.table import EditableColumn
    edits = []
    lt = ListTableModel([Column("a", lambda a: a.person.full_name),
                         EditableColumn("b", lambda a: a.status.value)], on_edit=lambda *a: edits.append(a))
    lt.set_rows(m.attendance)
    qtmodeltester.check(lt, force_py=True)
    assert lt.setData(lt.index(0, 1), "absent") and edits[0][1:] == (1, "absent")
    assert not lt.setData(lt.index(0, 0), "x")
    lt.read_only = True
    assert not lt.setData(lt.index(0, 1), "absent")


def test_a_stale_page_is_dropped(qtbot, scaled_db):
    runner = OpRunner(scaled_db)
    model = ResolutionsModel(runner)
    model.apply(status="all")
    model.apply(status="done")                     # the first query's page is still in flight
    qtbot.waitUntil(runner.idle)
    assert all(model.row(i).status == "done" for i in range(model.rowCount()))


def test_pages_grow_as_the_list_is_scrolled(qtbot, scaled_db):
    runner = OpRunner(scaled_db)
    model = ResolutionsModel(runner)
    model.page_size = 20
    sizes = []
    model.rowsInserted.connect(lambda parent, first, last: sizes.append(last - first + 1))
    model.apply(status="all")
    _load_all(qtbot, runner, model)
    assert sizes[:4] == [20, 20, 20, 20] and max(sizes) > 20
    assert sum(sizes) == model.total == model.rowCount()
