"""How long the main window takes to open, on the demo file and on `dabir demo --scale 10000`.

Opening = open the file, build the window, show it, and have the first page of the meetings list
painted (the row count and the filter combos arrive just after; `idle` reports that too).
Reported: `launch` (process start, imports included, to the first page painted: what the user waits
for, and what the 1.3x target is checked on), `seconds` (from opening the file only) and `idle`. The lists page lazily, so the big file should cost no more than 1.3x the small one.
Each measurement runs in a fresh process (a warm process would hide import and cache effects, and
one QApplication per process is all Qt allows).
"""
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCALE = int(os.environ.get("DABIR_BENCH_SCALE", "10000"))
RUNS = int(os.environ.get("DABIR_BENCH_RUNS", "5"))
TARGET_RATIO = 1.3
CACHE = Path(os.environ.get("DABIR_BENCH_DIR", Path(tempfile.gettempdir()) / "dabir-bench"))

_MEASURE = r"""
import time
START = time.perf_counter()
import json, os, sys
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from ui.app import application
app = application()
from app.services.files import open_database
from ui.main_window import MainWindow
t0 = time.perf_counter()
db = open_database(sys.argv[1])
window = MainWindow(db)
model = window.screen("meetings").model
shown = []
model.loaded.connect(lambda: shown.append(1))
window.show()
while not shown:
    window.runner.pool.waitForDone(1)
    app.processEvents()
window.repaint()                      # the first page is painted
elapsed = time.perf_counter() - t0
launch = time.perf_counter() - START
window.runner.wait()                  # the rest: row count, filter combos
idle = time.perf_counter() - t0
rows = model.rowCount()
window.close()
db.close()
print(json.dumps({"seconds": elapsed, "launch": launch, "idle": idle, "rows": rows}))
"""


def _cli(*args) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    subprocess.run([sys.executable, "-m", "app.cli.main", *map(str, args)], check=True, env=env,
                   capture_output=True)


def demo_file(scale: int) -> Path:
    """Built once and kept in the bench folder (the scaled demo takes a while and is deterministic)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{scale}.dabir"
    if not path.exists():
        tmp = path.with_suffix(".tmp.dabir")
        tmp.unlink(missing_ok=True)
        _cli("demo", "--db", tmp, *(["--scale", scale] if scale else []))
        tmp.rename(path)
    return path


def open_seconds(path: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(path)], check=True, env=env, capture_output=True,
                         text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def run() -> dict:
    small, big = demo_file(0), demo_file(SCALE)
    open_seconds(small)                        # warm the OS file cache and Python's bytecode once
    open_seconds(big)
    keys = ("demo", f"scale{SCALE}")
    samples = {k: [] for k in keys}
    for _ in range(RUNS):                      # interleaved, so a busy moment hurts both alike
        for key, path in zip(keys, (small, big)):
            samples[key].append(open_seconds(path))

    def median(key, field):
        return round(statistics.median(r[field] for r in samples[key]), 4)
    out = {"name": "window_open", "runs": RUNS, "rows_shown": {k: samples[k][-1]["rows"] for k in keys}}
    for field in ("launch", "seconds", "idle"):
        out[field] = {k: median(k, field) for k in keys}
        out[f"{field}_ratio"] = round(out[field][keys[1]] / out[field][keys[0]], 3)
    # "The window opens": from the start of the process to the first page of meetings painted.
    out["target_ratio"] = TARGET_RATIO
    out["ok"] = out["launch_ratio"] <= TARGET_RATIO
    return out


if __name__ == "__main__":
    print(json.dumps(run(), ensure_ascii=False, indent=2))
