"""The floor `bench_startup` compares Dabir's start with: a bare PySide6 right-to-left window holding a
30-row Persian QTableWidget, shown offscreen at Dabir's screenshot size and grabbed into a PNG exactly
as `dabir --screenshot` does (ui/app.py `_screenshot`), then exit. Nothing of Dabir is imported.

    python bench/bare_window.py OUT.png
"""
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem  # noqa: E402

DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def main(out: str) -> int:
    app = QApplication([sys.argv[0]])
    app.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
    window = QMainWindow()
    table = QTableWidget(30, 4, window)
    table.setHorizontalHeaderLabels(["شماره", "عنوان جلسه", "تاریخ", "وضعیت"])
    for row in range(30):
        n = str(row + 1).translate(DIGITS)
        for col, text in enumerate((n, f"جلسهٔ {n} کمیتهٔ برنامه‌ریزی", f"۱۴۰۵/۰۹/{n}", "برگزارشده")):
            table.setItem(row, col, QTableWidgetItem(text))
    window.setCentralWidget(table)
    window.resize(1024, 768)
    window.show()
    app.processEvents()
    ok = window.grab().save(out, "PNG")
    window.close()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
