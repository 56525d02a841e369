"""PySide6 6.12 loses a reference to `True` on every Python-side emit; ui.qtfix.emit repays it.
Without it the interpreter aborts (bool_dealloc) after a few hundred emits."""
import sys

from PySide6.QtCore import QObject, Signal

from ui import qtfix
from ui.qtfix import emit


class Source(QObject):
    plain = Signal()
    value = Signal(object)


def test_the_bug_is_detected_on_this_pyside():
    s = Source()
    before = sys.getrefcount(True)
    kept = [s.plain.emit() for _ in range(10)]      # kept: each returned True should own a reference
    lost = before + 10 - sys.getrefcount(True)
    del kept
    for _ in range(lost):                           # repay, so the test does not shorten the run's life
        qtfix._incref(True)
    assert qtfix.EMIT_LEAKS == (lost >= 10)
    assert qtfix.EMIT_LEAKS                         # PySide6 6.12, as pinned by this environment


def test_emit_keeps_true_alive_and_delivers():
    s = Source()
    got = []
    s.plain.connect(lambda: got.append(1))
    s.value.connect(got.append)
    before = sys.getrefcount(True)
    for _ in range(2000):                           # more than True's whole reference count
        emit(s.plain)
        emit(s.value, None)
    assert abs(sys.getrefcount(True) - before) <= 2          # not 2000 (or 4000) lower
    assert len(got) == 4000 and got[-1] is None
