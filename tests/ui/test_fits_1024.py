"""Issue 25: the window fits a 1024 × 768 laptop or projector: on every screen, editor tab and
document kind, the main window's minimum width is at most 1024 px (it was 1175 for the editor and
1069 for committees), with an organisation and a committee whose names are very long."""
from .helpers import settle
from .test_fits_small_screen import LONG, fits, window  # noqa: F401 - the fixture with the long names

SCREENS = ("meetings", "tracker", "committees", "directory", "documents", "search", "sharing", "bin", "settings")


def every_size(qtbot, w) -> dict:
    sizes = {}
    for key in SCREENS:
        w.show_view(key)
        settle(qtbot, w, 50)
        sizes[key] = fits(w)
    docs = w.screen("documents")
    for i in range(docs.kind.count()):
        docs.kind.setCurrentIndex(i)
        qtbot.wait(0)
        sizes[f"documents:{docs.kind.currentData()}"] = fits(w)
    w.open_meeting(w.screen("meetings").model.row(0).id)
    settle(qtbot, w)
    for i in range(w.editor.tabs.count()):
        w.editor.tabs.setCurrentIndex(i)
        settle(qtbot, w)
        sizes[f"editor:{i}"] = fits(w)
    return sizes


def test_every_screen_fits_1024_wide(qtbot, window):
    w = window
    w.show()
    sizes = every_size(qtbot, w)
    assert {k: v for k, v in sizes.items() if v[0] > 1024} == {}
    w.resize(1024, 768)
    qtbot.wait(0)
    assert w.width() == 1024
