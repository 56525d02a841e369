"""Background operations: results on the GUI thread, Changes broadcast with their initiator, errors
as Persian message boxes (unexpected ones logged), and Cancel rolling the transaction back."""
import threading
import time

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressDialog, QPushButton, QWidget

from app.domain.errors import ValidationError
from app.services import settings
from app.services.files import open_database
from ui.ops import OpRunner

from .helpers import error_boxes


@pytest.fixture
def db(tmp_path):
    database = open_database(tmp_path / "ops.dabir", create=True)
    yield database
    database.close()


@pytest.fixture
def parent(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    w.show()
    return w


def test_query_runs_off_the_gui_thread_and_answers_on_it(qtbot, db, parent):
    runner = OpRunner(db)
    seen = {}

    def work(s):
        seen["worker"] = threading.current_thread()
        return settings.get_settings(s).office_id
    runner.query(parent, work, lambda r: seen.update(result=r, gui=threading.current_thread()))
    qtbot.waitUntil(runner.idle)
    assert seen["result"] == db.office_id
    assert seen["worker"] is not threading.main_thread() and seen["gui"] is threading.main_thread()


def test_write_broadcasts_changes_with_initiator(qtbot, db, parent):
    runner = OpRunner(db)
    heard = []
    runner.bus.changed.connect(heard.append)
    runner.write(parent, lambda s: settings.update_settings(s, office_name="دفتر مرکزی"), initiator=parent)
    qtbot.waitUntil(runner.idle)
    assert heard and "setting" in heard[0].entities and heard[0].initiator is parent
    with db.session() as s:
        assert settings.get_settings(s).office_name == "دفتر مرکزی"


def test_user_error_is_a_persian_message_box(qtbot, db, parent):
    runner = OpRunner(db)

    def bad(s):
        raise ValidationError("date", "تاریخ نادرست است", "bad date")
    runner.write(parent, bad)
    qtbot.waitUntil(runner.idle)
    boxes = error_boxes(parent)
    assert boxes and "تاریخ نادرست است" in boxes[-1].text() and "bad date" not in boxes[-1].text()


def test_unexpected_error_is_logged_and_explained(qtbot, db, parent, tmp_path):
    runner = OpRunner(db)
    runner.query(parent, lambda s: 1 / 0, lambda r: None)
    qtbot.waitUntil(runner.idle)
    logs = list((tmp_path / "logs").glob("ui-error-*.log"))
    assert len(logs) == 1 and "ZeroDivisionError" in logs[0].read_text()
    text = error_boxes(parent)[-1].text()
    assert "پیش‌بینی‌نشده" in text and str(logs[0]) in text


def test_cancel_rolls_the_work_back(qtbot, db, parent):
    runner = OpRunner(db)
    started = threading.Event()

    def long_work(s, progress):
        settings.update_settings(s, office_name="نیمه‌کاره")
        started.set()
        for i in range(1000):
            progress(i, 1000)
            time.sleep(0.01)
        return "finished"
    done = []
    runner.write(parent, long_work, done.append, label="در حال کار…")
    assert started.wait(5)
    dialog = parent.findChild(QProgressDialog)
    qtbot.waitUntil(lambda: dialog.isVisible(), timeout=5000)         # shown once the work takes a while
    cancel = dialog.findChild(QPushButton)
    assert cancel.text() == "انصراف"
    qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(runner.idle, timeout=5000)
    assert done == [] and not error_boxes(parent)
    with db.session() as s:
        assert settings.get_settings(s).office_name is None


def test_a_cancelled_read_is_dropped_even_if_it_finishes(qtbot, db, parent):
    runner = OpRunner(db)
    release = threading.Event()

    def slow(s):                               # never calls progress, like building a document
        release.wait(5)
        return "built"
    done = []
    runner.query(parent, slow, done.append, label="در حال ساختن…")
    dialog = parent.findChild(QProgressDialog)
    qtbot.waitUntil(dialog.isVisible, timeout=5000)
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(runner.idle, timeout=5000)
    assert done == [] and not error_boxes(parent)


def test_side_work_does_not_wait_for_the_queue_and_failures_are_only_logged(qtbot, db, parent, tmp_path):
    runner = OpRunner(db)
    release = threading.Event()
    order = []
    runner.query(parent, lambda s: release.wait(5) and "queue", order.append)
    runner.beside(lambda d: "side", order.append)
    qtbot.waitUntil(lambda: order == ["side"], timeout=5000)     # the queue is still blocked
    release.set()
    qtbot.waitUntil(runner.idle)
    assert order == ["side", "queue"]
    runner.beside(lambda d: 1 / 0)
    qtbot.waitUntil(runner.idle)
    assert not error_boxes(parent) and list((tmp_path / "logs").glob("ui-error-*.log"))
