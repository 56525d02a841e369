"""Issue 25, "names are values, not lists": a responsible body typed with «،» in its name is one
body, known or new; names split only where the user chose (the picker, or «؛»). Typed with key
events into the real editor; the resolution's parties are read back from the file."""
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.services import directory, resolutions

from .helpers import settle, type_text
from .test_pickers import counts, new_meeting


def answer_boxes(pick: str | None, seen: list, count: int) -> list:
    """Answer up to `count` question boxes in a row (each opens when the one before is answered), with
    the button containing `pick` or Cancel; append to the returned list to stop waiting for more."""
    answered, stop = [], []

    def click():
        if stop:
            return
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox) and box not in answered:
            answered.append(box)
            seen.append((box.text(), [b.text() for b in box.buttons()]))
            (box.escapeButton() if pick is None else next(b for b in box.buttons() if pick in b.text())).click()
        if len(answered) < count:
            QTimer.singleShot(20, click)
    QTimer.singleShot(0, click)
    return stop


def _responsible(w, meeting_id):
    with w.db.session() as s:
        rows = resolutions.list_resolutions(s, meeting_id=meeting_id)
    return [[(p.kind, p.name) for p in r.responsible] for r in rows]


def test_a_new_body_with_a_comma_is_one_organisation(qtbot, window):
    w = window
    e = new_meeting(qtbot, w)
    e.tabs.setCurrentIndex(2)
    before = counts(w)
    type_text(e.res_text, "گزارش صادرات استان تهیه شود")
    type_text(e.res_parties, "سازمان صنعت، معدن و تجارت")
    seen = []
    stop = answer_boxes("دستگاه جدید", seen, 5)
    e.add_resolution.click()
    settle(qtbot, w)
    stop.append(True)
    assert len(seen) == 1 and "«سازمان صنعت، معدن و تجارت» در فهرست نیست" in seen[0][0]
    assert _responsible(w, e.meeting.id) == [[("organization", "سازمان صنعت، معدن و تجارت")]]
    assert counts(w) == (before[0], before[1] + 1)


def test_a_known_body_with_a_comma_is_matched_whole(qtbot, window):
    """«اداره کل میراث فرهنگی، صنایع‌دستی و گردشگری لرستان» is in the demo's directory; typed in
    Arabic spelling, without the ZWNJ, next to another known name: two bodies, no question."""
    w = window
    e = new_meeting(qtbot, w)
    e.tabs.setCurrentIndex(2)
    before = counts(w)
    type_text(e.res_text, "فهرست بناهای تاریخی تهیه شود")
    type_text(e.res_parties, "اداره کل ميراث فرهنگي، صنايع دستي و گردشگري لرستان، استانداری لرستان")
    seen = []
    stop = answer_boxes(None, seen, 5)           # a question would be cancelled, and the test fail
    e.add_resolution.click()
    settle(qtbot, w)
    stop.append(True)
    assert seen == []
    assert _responsible(w, e.meeting.id) == [[("organization", "اداره کل میراث فرهنگی، صنایع‌دستی و گردشگری لرستان"),
                                              ("organization", "استانداری لرستان")]]
    assert counts(w) == before
    with w.db.session() as s:
        assert not any(o.name in ("اداره کل میراث فرهنگی", "صنایع دستی و گردشگری لرستان")
                       for o in directory.list_organizations(s))


def test_two_new_bodies_are_separated_by_the_user(qtbot, window):
    w = window
    e = new_meeting(qtbot, w)
    e.tabs.setCurrentIndex(2)
    type_text(e.res_text, "طرح آبرسانی بررسی شود")
    type_text(e.res_parties, "شرکت آبفا؛ سازمان صنعت، معدن و تجارت")
    seen = []
    stop = answer_boxes("دستگاه جدید", seen, 5)
    e.add_resolution.click()
    settle(qtbot, w, 100)
    stop.append(True)
    assert len(seen) == 2
    assert _responsible(w, e.meeting.id) == [[("organization", "شرکت آبفا"),
                                              ("organization", "سازمان صنعت، معدن و تجارت")]]
