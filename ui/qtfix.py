"""A PySide6 6.12 reference-counting bug, worked around in one place.

`SignalInstance.emit()` returns `True` without giving the caller a reference to it, so every emit from
Python quietly costs `True` one reference. After a few hundred emits (a few minutes of real use: each
background operation, page and change broadcast emits) the count reaches zero and the interpreter
aborts with "Fatal Python error: bool_dealloc". `emit()` below gives the reference back, but only if
the installed PySide6 is found to have the bug (probed once at import), so a fixed PySide6 is unaffected.
Every signal Dabir emits from Python goes through here (tests/ui/test_qtfix.py).
"""
import ctypes
import sys

from PySide6.QtCore import QObject, Signal

_incref = ctypes.pythonapi.Py_IncRef
_incref.argtypes = [ctypes.py_object]
_incref.restype = None


class _Probe(QObject):
    ping = Signal()


def _emit_leaks() -> bool:
    probe, n = _Probe(), 16
    before = sys.getrefcount(True)
    results = [probe.ping.emit() for _ in range(n)]
    lost = before + n - sys.getrefcount(True)       # the list holds n references it was never given
    del results
    if lost >= n:
        for _ in range(n):                           # repay what the probe itself cost
            _incref(True)
        return True
    return False


EMIT_LEAKS = _emit_leaks()


def emit(signal, *args):
    """`signal.emit(*args)`, without the reference leak."""
    result = signal.emit(*args)
    if EMIT_LEAKS:
        _incref(result)
    return result
