"""Issue 26: the «داشبورد» view on a file counted by hand (tests/app/services/test_stats.py): the
chart's bars and the table hold the figures, and a real click on a bar opens the tracker filtered to
that body and status, showing exactly those resolutions."""
import pytest
from PySide6.QtCore import Qt

from app.services.files import open_database
from tests.app.services.test_stats import build
from ui.screens.tracker import TrackerScreen

from .helpers import open_window, settle


@pytest.fixture
def window(qtbot, tmp_path):
    path = tmp_path / "stats.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        ids = build(s)
    db.close()
    w = open_window(qtbot, path, with_demo=False)
    w.resize(1280, 800)
    w.ids = ids
    yield w
    w.runner.wait()
    w.db.close()


def _figures(rows) -> dict:
    return {r.organisation: (r.total, r.done, r.done_on_time, r.cancelled, r.open, r.overdue) for r in rows}


def test_dashboard_bars_table_and_click_to_tracker(qtbot, window, qtmodeltester):
    window.show_view("dashboard")
    settle(qtbot, window)
    dash = window.screen("dashboard")
    assert window.stack.currentWidget() is dash and window.nav.currentItem().text() == "داشبورد"
    # all committees: r10 of «کمیته راه» counts for استانداری too (its deadline is long past today)
    got = _figures(dash.chart.rows)
    assert got["استانداری"][:5] == (6, 2, 1, 1, 3) and got["جهاد کشاورزی"][:5] == (3, 1, 1, 1, 1)
    assert dash.model.rowCount() == 3 and dash.model.index(0, 0).data() == "استانداری"
    assert dash.model.index(0, 1).data() == "۶"
    qtmodeltester.check(dash.model, force_py=True)
    # one committee: the figures of the hand count (overdue as of today: every deadline is in 1405)
    dash.committee.setCurrentIndex(dash.committee.findText("کمیته آب"))
    settle(qtbot, window, 300)
    assert [r.total for r in dash.chart.rows] == [5, 3, 1]
    # bars: one per body and series, as long as its figure on one scale
    unit = dash.chart.bar_rect(0, "done").width() / 2
    for row, body in enumerate(dash.chart.rows):
        for key in ("done", "open", "overdue"):
            assert abs(dash.chart.bar_rect(row, key).width() - unit * getattr(body, key)) < 0.01
    # a real click on استانداری's «معوق» bar
    target = dash.chart.bar_rect(0, "overdue").center().toPoint()
    qtbot.mouseClick(dash.chart, Qt.MouseButton.LeftButton, pos=target)
    settle(qtbot, window, 300)
    tracker = window.screen("tracker")
    assert isinstance(window.stack.currentWidget(), TrackerScreen) and window.stack.currentWidget() is tracker
    assert tracker.organization.currentText() == "استانداری" and tracker.status.currentData() == "overdue"
    texts = sorted(r.text for r in tracker.model.rows)
    assert texts == sorted(["سه", "چهار", "ده"])           # open and past deadline today, any committee
    # back, and the «انجام‌شده» bar of جهاد کشاورزی
    window.show_view("dashboard")
    qtbot.mouseClick(dash.chart, Qt.MouseButton.LeftButton, pos=dash.chart.bar_rect(1, "done").center().toPoint())
    settle(qtbot, window, 300)
    assert tracker.organization.currentText() == "جهاد کشاورزی" and tracker.status.currentData() == "done"
    assert [r.text for r in tracker.model.rows] == ["پنج"]
    # a click between bars does nothing
    window.show_view("dashboard")
    qtbot.mouseClick(dash.chart, Qt.MouseButton.LeftButton, pos=dash.chart.rect().topLeft() + type(target)(2, 2))
    settle(qtbot, window)
    assert window.stack.currentWidget() is dash


def test_reminder_letters_from_the_dashboard(qtbot, window, tmp_path):
    """The reminders written from the dashboard are the CLI's: one per body with overdue work today
    (all deadlines of the hand-counted file are in 1405, past), numbered and registered."""
    from app.services import issued
    window.show_view("dashboard")
    settle(qtbot, window)
    dash = window.screen("dashboard")
    assert dash.reminders_button.isVisible()
    out = tmp_path / "reminders"
    out.mkdir()
    got = []
    dash.write_reminders(str(out), on_done=got.append)
    settle(qtbot, window)
    names = sorted(p.name for p in out.glob("*.pdf"))
    assert len(got) == 1 and len(names) == 3 and all(n.startswith("یادآوری مصوبات معوق-") for n in names)
    with window.db.session() as s:
        for p in got[0]:
            entry = issued.find_issued(s, issued.file_sha256(p))
            assert entry is not None and entry.kind == "reminder"
    assert "۳ نامه در پوشه" in window.statusBar().currentMessage() and str(out) in dash.letters_label.text()
