"""Issue 26: File ▸ «ورود پیگیری از اکسل…»: a tracker built with openpyxl, the preview with its
counts (nothing written yet), a committee typed in Persian, «ورود» by a real click, the resolutions
in the file; and a tracker with an unknown status word refused with a Persian message, nothing written."""
import hashlib

from PySide6.QtCore import Qt

from app.services import committees, resolutions
from tests.app.services.test_tracker_import import MERGES, ROWS, tracker

from .helpers import error_boxes, open_window, settle, type_text


def _digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_import_with_preview_then_confirm(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path / "t.dabir")
    try:
        xlsx = tracker(tmp_path / "tracker.xlsx", ROWS, merges=MERGES, sheet_name="Sheet")
        # the first sheet is read: put ours first
        import openpyxl
        wb = openpyxl.load_workbook(xlsx)
        wb.move_sheet("Sheet", offset=-1)
        wb.save(xlsx)
        assert w.import_xlsx_action.text() == "ورود پیگیری از اکسل…"
        dialog = w.import_tracker(str(xlsx))
        qtbot.waitExposed(dialog)
        settle(qtbot, w)
        assert dialog.table.model().rowCount() == 8 and not dialog.import_button.isEnabled()
        assert not dialog.table.verticalHeader().isVisible()      # «ردیف» once, not twice (issue 25)
        type_text(dialog.committee.lineEdit(), "کمیته آب استان")
        before = _digest(tmp_path / "t.dabir")
        qtbot.mouseClick(dialog.preview_button, Qt.MouseButton.LeftButton)
        settle(qtbot, w)
        assert "۳ جلسه و ۸ مصوبه افزوده می‌شود" in dialog.summary.text()
        assert _digest(tmp_path / "t.dabir") == before            # a preview writes nothing
        assert dialog.import_button.isEnabled()
        qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
        settle(qtbot, w)
        assert dialog.result() == dialog.DialogCode.Accepted
        with w.db.session() as s:
            cid = committees.find_committee(s, "کمیته آب استان").id
            assert len(resolutions.list_resolutions(s, committee_id=cid, status="all")) == 8
    finally:
        w.runner.wait()
        w.db.close()


def test_unreadable_tracker_refused_with_a_message(qtbot, tmp_path):
    w = open_window(qtbot, tmp_path / "t.dabir")
    try:
        rows = [list(r) for r in ROWS]
        rows[1][6] = "نیمه‌کاره"
        xlsx = tracker(tmp_path / "bad.xlsx", rows, merges=MERGES, sheet_name="Sheet")
        import openpyxl
        wb = openpyxl.load_workbook(xlsx)
        wb.move_sheet("Sheet", offset=-1)
        wb.save(xlsx)
        before = _digest(tmp_path / "t.dabir")
        assert w.import_tracker(str(xlsx)) is None
        boxes = error_boxes(w)
        assert len(boxes) == 1 and "نیمه‌کاره" in boxes[0].text() and "ردیف ۵" in boxes[0].text()
        w.runner.wait()
        assert _digest(tmp_path / "t.dabir") == before
    finally:
        w.runner.wait()
        w.db.close()
