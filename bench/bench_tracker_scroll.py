"""Scrolling the resolution tracker over `dabir demo --scale 10000` (about 100,000 resolutions):
how long the first page takes, how long each further page takes to arrive (on the worker thread),
and the longest the GUI thread is held inserting one (what the user would feel as a stutter)."""
import json
import os
import subprocess
import sys

from bench.common import ROOT, Row, demo_file

SCALE = int(os.environ.get("DABIR_BENCH_SCALE", "10000"))
ROWS = int(os.environ.get("DABIR_BENCH_SCROLL_ROWS", "20000"))
STALL_TARGET_MS = 50          # a frame or three: not felt as a delay

_MEASURE = r"""
import json, os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from ui.app import application
app = application()
from PySide6.QtCore import QModelIndex
from app.services.files import open_database
from ui.main_window import MainWindow
db = open_database(sys.argv[1])
window = MainWindow(db)
window.resize(1280, 800)
window.show()
t0 = time.perf_counter()
window.show_view("tracker")
tracker = window.screen("tracker")
tracker.status.setCurrentIndex(tracker.status.findData("all"))
tracker._debounce.stop()
tracker.refresh()
model = tracker.model
stalls, fetches = [], []

def events():
    # one turn of the event loop: inserting the rows that arrived, laying out and painting them
    t = time.perf_counter()
    app.processEvents()
    window.repaint()
    stalls.append(time.perf_counter() - t)
while model.rowCount() == 0:
    window.runner.pool.waitForDone(1)
    events()
first = time.perf_counter() - t0
stalls.clear()                                 # from here on: scrolling only
target = int(sys.argv[2])
while model.rowCount() < target and model.canFetchMore(QModelIndex()):
    t = time.perf_counter()
    before = model.rowCount()
    tracker.view.scrollToBottom()              # what a user dragging the bar down does: Qt asks fetchMore
    events()
    if model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    while model.rowCount() == before and window.runner.pending:
        window.runner.pool.waitForDone(1)
        events()
    fetches.append(time.perf_counter() - t)
print(json.dumps({"first": first, "rows": model.rowCount(), "fetches": len(fetches),
                  "mean_fetch": sum(fetches) / max(len(fetches), 1), "max_stall": max(stalls)}))
window.runner.wait()
db.close()
"""


def run() -> list[Row]:
    big = demo_file(SCALE)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(big), str(ROWS)], check=True, env=env,
                         capture_output=True, text=True).stdout
    r = json.loads(out.strip().splitlines()[-1])
    stall_ms = r["max_stall"] * 1000
    return [Row("first page of every resolution", round(r["first"], 4), "s"),
            Row(f"rows loaded by scrolling (in {r['fetches']} pages)", r["rows"], "rows"),
            Row("mean wait for the next page", round(r["mean_fetch"], 4), "s"),
            Row("longest GUI-thread stall inserting a page", round(stall_ms, 1), "ms", f"≤ {STALL_TARGET_MS}",
                stall_ms <= STALL_TARGET_MS)]


if __name__ == "__main__":
    for row in run():
        print(row)
