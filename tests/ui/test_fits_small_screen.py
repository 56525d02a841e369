"""Every screen fits a 1280×720 laptop (issue 9: the report filters made the window's minimum width
1,505 px): the main window's minimum size hint, on every screen, editor tab and document kind, with an
organisation and a committee whose names are very long."""
import pytest

from app.services import committees, directory

from .helpers import open_window, settle

LONG = "اداره کل میراث فرهنگی، صنایع‌دستی و گردشگری استان لرستان و شهرستان‌های تابعه و دفاتر نمایندگی آن"


@pytest.fixture
def window(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path / "demo.dabir", show=False)
    with w.db.session() as s:
        directory.create_organization(s, LONG)
        committees.create_committee(s, "کمیته " + LONG)
    yield w
    w.runner.wait()
    w.db.close()


def fits(w) -> tuple[int, int]:
    hint = w.minimumSizeHint()
    return hint.width(), hint.height()


def test_every_screen_fits_1280_by_720(qtbot, window):
    w = window
    w.show()
    sizes = {}
    for key in ("meetings", "tracker", "committees", "directory", "documents", "search", "sharing", "settings"):
        w.show_view(key)
        settle(qtbot, w, 50)
        sizes[key] = fits(w)
    docs = w.screen("documents")
    for i in range(docs.kind.count()):
        docs.kind.setCurrentIndex(i)
        qtbot.wait(0)
        sizes[f"documents:{docs.kind.currentData()}"] = fits(w)
    assert docs.organization.findText(LONG) >= 0       # the long name is in the filter, and still fits
    w.open_meeting(w.screen("meetings").model.row(0).id)
    settle(qtbot, w)
    for i in range(w.editor.tabs.count()):
        w.editor.tabs.setCurrentIndex(i)
        settle(qtbot, w)
        sizes[f"editor:{i}"] = fits(w)
    too_big = {k: v for k, v in sizes.items() if v[0] > 1280 or v[1] > 720}
    assert too_big == {}
    w.resize(1280, 720)
    qtbot.wait(0)
    assert (w.width(), w.height()) == (1280, 720)
