"""Issue 25: text in table cells of the right-to-left window is drawn against the cell's right edge.
The models said AlignRight, which Qt mirrors in a right-to-left view: the text was drawn at the left
edge. Tested by where the text's dark pixels are, not by the flag."""
from PySide6.QtGui import QColor

from app.services import meetings, resolutions

from .helpers import settle

LONG = ("گزارش پیشرفت طرح آبرسانی روستاهای شهرستان خرم‌آباد و پلدختر با جزئیات اعتبارات و زمان‌بندی اجرا "
        "و فهرست پیمانکاران تا پایان ماه آینده به دبیرخانه ارسال شود")


def ink(view, row: int, col: int) -> tuple[int, int, int, int]:
    """(cell left, cell right, leftmost ink, rightmost ink) in viewport pixels."""
    rect = view.visualRect(view.model().index(row, col))
    img = view.viewport().grab().toImage()
    xs = [x for x in range(rect.left(), rect.right()) for y in range(rect.top(), rect.bottom())
          if QColor(img.pixel(x, y)).lightness() < 100]
    assert xs, "nothing drawn in the cell"
    return rect.left(), rect.right(), min(xs), max(xs)


def test_cells_are_drawn_from_the_right_edge(qtbot, window):
    w = window
    with w.db.session() as s:
        mid = meetings.duplicate_meeting(s, meetings.list_meetings(s)[0].id).id
        resolutions.add_resolution(s, mid, LONG)
        resolutions.add_resolution(s, mid, "کوتاه")
    w.resize(1024, 768)
    w.show_view(f"meeting:{mid}")
    e = w.editor
    qtbot.waitUntil(lambda: e.meeting is not None and e.meeting.id == mid)
    e.tabs.setCurrentIndex(2)
    settle(qtbot, w, 100)
    for row in (0, 1):                       # a multi-line resolution and a one-word one
        left, right, first, last = ink(e.resolution_view, row, 1)
        assert right - last <= 10, (row, left, right, first, last)
    left, right, first, last = ink(e.resolution_view, 1, 1)
    assert first - left > 20                 # the short one leaves the left side empty
    e.tabs.setCurrentIndex(0)                # attendance: names and organisations
    settle(qtbot, w, 100)
    left, right, first, last = ink(e.attendance_view, 0, 2)
    assert right - last <= 10 and first - left > 10
    w.show_view("meetings")                  # a paged list
    settle(qtbot, w, 100)
    m = w.screen("meetings")
    left, right, first, last = ink(m.view, 0, 2)
    assert right - last <= 10
