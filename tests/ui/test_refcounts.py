"""Every way a value crosses between Qt and Python in Dabir keeps `None`, `True` and `False` alive.

PySide6 6.12.0 handed Python an invalid QVariant as `None` without a reference (index.data() of an
empty role, combo.currentData() of an item without data, super().headerData(), QObject.property())
and `True` from every Signal.emit(); each call cost one reference until the interpreter aborted.
Python overrides called from C++ (data, headerData, flags, delegates, proxies) were never the
problem: those directions are probed here too, so a PySide6 upgrade that brings a leak back fails
this file (docs/gui.md, "Qt workarounds") before a secretary's session does."""
import ctypes
import sys

import pytest
from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QObject, QSortFilterProxyModel, QStringListModel,
                            Qt, Signal)
from PySide6.QtWidgets import QApplication, QComboBox, QStyledItemDelegate, QTableView

N = 300          # enough that a leak of one per call cannot hide in the noise


class Model(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 40

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else 3

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"ردیف {index.row()}"
        return None                                  # every other role: no value

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return str(section)
        return super().headerData(section, orientation, role)     # an invalid QVariant from C++

    def flags(self, index):
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class Delegate(QStyledItemDelegate):
    def sizeHint(self, option, index):
        return super().sizeHint(option, index)

    def displayText(self, value, locale):
        return super().displayText(value, locale)


class Source(QObject):
    plain = Signal()
    value = Signal(object)


SINGLETONS = {"None": None, "True": True, "False": False}


def _lost(fn) -> dict:
    before = {name: sys.getrefcount(obj) for name, obj in SINGLETONS.items()}
    fn()
    lost = {name: before[name] - sys.getrefcount(obj) for name, obj in SINGLETONS.items()}
    # On a PySide6 with the bug, give the references back so the run reports every crossing instead of
    # aborting in the next one (test-only: the application itself never does this).
    for name, n in lost.items():
        for _ in range(max(n, 0)):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(SINGLETONS[name]))
    return lost


def _view(model, delegate=False):
    view = QTableView()
    view.setModel(model)
    if delegate:
        view.setItemDelegate(Delegate(view))
    view.resize(500, 400)
    view.show()
    QApplication.processEvents()
    return view


def _crossings():
    """Built on first use: widgets need the QApplication that pytest-qt makes."""
    model = Model()
    index = model.index(0, 0)
    combo = QComboBox()
    combo.addItem("همه")                          # an item without data, as the filters' «همه»
    strings = QStringListModel(["الف"])
    source = Source()
    source.value.connect(lambda _: None)
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    obj = QObject()
    empty = Qt.ItemDataRole.DecorationRole
    return {
        "index.data() of an empty role": lambda: [index.data(empty) for _ in range(N)],
        "a C++ model's index.data() of an empty role": lambda: [strings.index(0, 0).data(empty) for _ in range(N)],
        "super().headerData() of an empty role": lambda: [model.headerData(0, Qt.Orientation.Horizontal, empty)
                                                          for _ in range(N)],
        "combo.currentData() without data": lambda: [combo.currentData() for _ in range(N)],
        "combo.itemData() without data": lambda: [combo.itemData(0) for _ in range(N)],
        "QObject.property() unset": lambda: [obj.property("dabir_unset") for _ in range(N)],
        "Signal.emit()": lambda: [source.plain.emit() for _ in range(N)],
        "Signal(object).emit(None), connected": lambda: [source.value.emit(None) for _ in range(N)],
        "a view measuring rows (data, headerData, flags from C++)": lambda: [_view(model).resizeRowsToContents()
                                                                             for _ in range(2)],
        "a view through a sorting proxy": lambda: [(proxy.sort(i % 3), _view(proxy).resizeRowsToContents())
                                                   for i in range(2)],
        "a delegate's sizeHint and paint": lambda: [_view(model, True).resizeRowsToContents() for _ in range(2)],
    }


NAMES = ["index.data() of an empty role", "a C++ model's index.data() of an empty role",
         "super().headerData() of an empty role", "combo.currentData() without data",
         "combo.itemData() without data", "QObject.property() unset", "Signal.emit()",
         "Signal(object).emit(None), connected", "a view measuring rows (data, headerData, flags from C++)",
         "a view through a sorting proxy", "a delegate's sizeHint and paint"]
_built: dict = {}


def test_every_crossing_is_probed(qapp):
    _built.update(_built or _crossings())
    assert sorted(_built) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_no_reference_is_lost(qapp, name):
    _built.update(_built or _crossings())
    _built[name]()                                   # first use may create caches: not counted
    lost = _lost(_built[name])
    assert max(lost.values()) <= 0, f"{name}: references lost {lost}"
