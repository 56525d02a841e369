"""Long documents (issue 9): built off the GUI thread while the Documents screen shows a progress bar
with the pages done and a Cancel button; Cancel stops the build and keeps the old preview."""
import pytest
from PySide6.QtPdf import QPdfDocument

from app.services import demo
from ui.widgets.common import choose

from .helpers import open_window, settle


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path / "big.dabir", with_demo=False)
    with w.db.session() as s:
        demo.build_demo(s, scale=30)                 # about 300 resolutions: a report of many pages
    yield w
    w.runner.wait()
    w.db.close()


def test_report_shows_progress_and_cancel_stops_it(qtbot, window):
    w = window
    w.show_view("documents")
    docs = w.screen("documents")
    settle(qtbot, w)
    choose(docs.kind, "report")
    choose(docs.status, "all")
    assert not docs.progress.isVisible() and not docs.cancel_button.isVisible()

    docs.make_button.click()
    assert docs.progress.isVisible() and docs.cancel_button.isVisible() and not docs.make_button.isEnabled()
    qtbot.waitUntil(lambda: "صفحه آماده شد" in docs.progress_label.text(), timeout=30_000)
    assert docs.progress_label.text() != "" and docs.building()
    docs.cancel_button.click()
    assert not docs.progress.isVisible() and docs.make_button.isEnabled()
    settle(qtbot, w)
    assert docs.path is None and docs.document.status() != QPdfDocument.Status.Ready   # dropped, not shown

    docs.make_button.click()
    qtbot.waitUntil(lambda: docs.document.status() == QPdfDocument.Status.Ready, timeout=60_000)
    assert not docs.progress.isVisible() and docs.document.pageCount() > 10
    assert docs.print_button.isEnabled()
