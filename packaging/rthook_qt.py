"""Run-time hook replacing PyInstaller's pyi_rth_pyside6 (packaging/dabir.spec swaps them).

PyInstaller's hook imports PySide6.QtCore at every start to register a qt.conf that points Qt at the
bundle's plugins and translations. Dabir's command line never uses Qt, and that import cost every
command about 0.3 s (bench/bench_startup.py: `dabir --version` 1.39x make run's). This hook sets the
same environment at start and registers the same qt.conf, with PyInstaller's own helper, only once
something imports PySide6.QtCore: the GUI.
"""


def _dabir_qt_on_first_import():
    import importlib.abc
    import importlib.util
    import os
    import sys

    windows = sys.platform.startswith("win")
    qt_dir = os.path.join(sys._MEIPASS, "PySide6") if windows else os.path.join(sys._MEIPASS, "PySide6", "Qt")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(qt_dir, "plugins")
    if windows:                       # as pyi_rth_pyside6: DLLs collected beside the bundle's root
        os.environ["PATH"] = sys._MEIPASS + os.pathsep + os.environ.get("PATH", "")

    class QtCoreFinder(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name != "PySide6.QtCore":
                return None
            sys.meta_path.remove(self)
            spec = importlib.util.find_spec(name)
            run_module = spec.loader.exec_module

            def exec_module(module):
                run_module(module)
                from _pyi_rth_utils import qt as qt_rth_utils
                qt_rth_utils.ensure_single_qt_bindings_package("PySide6")
                qt_rth_utils.create_embedded_qt_conf("PySide6", qt_dir)

            spec.loader.exec_module = exec_module
            return spec

    sys.meta_path.insert(0, QtCoreFinder())


_dabir_qt_on_first_import()
del _dabir_qt_on_first_import
