"""`dabir --db FILE` as a secretary starts it (no screenshot), ended as soon as the window is usable:
the file opened after the first page was painted (MainWindow.attach, app/services/first_page.py) and
every query the screens asked for answered. bench_startup times it from outside, beside the screenshot
run, which ends at the first page painted.

    python bench/ready_window.py FILE.dabir
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(path: str) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from ui import main_window

    attach = main_window.MainWindow.attach

    def attach_then_quit(window, db):
        attach(window, db)

        def when_idle():
            if window.runner.idle():
                window.close()
                QApplication.instance().exit(0)
            else:
                QTimer.singleShot(2, when_idle)
        when_idle()
    # the measurement's only hook: ending the process at the moment the window became usable
    main_window.MainWindow.attach = attach_then_quit
    from app.cli.main import main as dabir
    return dabir(["--db", path])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
