"""Start-up against a bare Qt window (issue 28), and of the installed program (the PyInstaller bundle,
`make dist`) against `make run`'s (.venv/bin/dabir from this checkout), in the same run, and the bundle's size.

Against the floor: `dabir --db DEMO --screenshot OUT.png` and bench/bare_window.py (a right-to-left
window with a 30-row Persian table, grabbed into a PNG the same way), alternated in one run, each a fresh
process; the medians' time ratio and each one's peak resident memory (the child's own ru_maxrss, from
os.wait4 on that child alone) and their ratio. Targets: time ≤ 2.5×, memory ≤ 1.5×.

Each sample is a fresh process, timed from outside from exec to exit: `dabir --db DEMO --view meetings
--screenshot OUT.png` opens the window, paints the first page of meetings into the PNG and exits, which
is start to first page painted plus the same fixed tail (saving 1280×800 pixels, exit) for both.
`dabir --version` is the command line's start alone. `make bench` builds the bundle first if needed.
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from bench.common import ROOT, Row, demo_file

RUNS = int(os.environ.get("DABIR_BENCH_RUNS", "5"))
BUNDLE = ROOT / "dist" / "dabir"
BUNDLE_EXE = BUNDLE / ("dabir.exe" if os.name == "nt" else "dabir")
DEV_EXE = Path(sys.executable).parent / ("dabir.exe" if os.name == "nt" else "dabir")   # what `make run` runs
BARE = Path(__file__).with_name("bare_window.py")
TIME_TARGET, MEMORY_TARGET = 2.5, 1.5


def _seconds(argv: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    t = time.perf_counter()
    subprocess.run(argv, check=True, env=env, capture_output=True, cwd=tempfile.gettempdir())
    return time.perf_counter() - t


def _seconds_and_peak(argv: list[str], tree: Path | None = None) -> tuple[float, float]:
    """(wall seconds, peak resident MiB) of one fresh process. os.wait4 reports that child's own rusage;
    RUSAGE_CHILDREN would give the largest of every child waited for so far. `tree`: run Dabir's code
    from that folder (an older commit's, bench/startup_steps.py) instead of the installed checkout."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    if tree is not None:
        env["PYTHONPATH"] = str(tree)
    # an installed Dabir runs from byte-code (pip and the bundle compile it); without it every start
    # would compile Dabir's ~130 modules again, which the one-file bare window hardly pays
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    t = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            cwd=tree or tempfile.gettempdir())
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} exited {proc.returncode}")
    return seconds, usage.ru_maxrss / 1024          # KiB on Linux


def _dabir_command() -> list[str]:
    return [str(DEV_EXE)] if DEV_EXE.exists() else [sys.executable, "-m", "app.cli.main"]


def bare_window_rows(runs: int = RUNS) -> list[Row]:
    """`dabir --db DEMO --screenshot` against the bare window, alternated, `runs` each."""
    db = demo_file(0)
    with tempfile.TemporaryDirectory() as tmp:
        programs = {"dabir": _dabir_command() + ["--db", str(db), "--screenshot", str(Path(tmp) / "dabir.png")],
                    "bare window": [sys.executable, str(BARE), str(Path(tmp) / "bare.png")]}
        for argv in programs.values():                      # warm the file cache and byte-code once
            _seconds_and_peak(argv)
        samples = {name: [] for name in programs}
        for _ in range(runs):
            for name, argv in programs.items():
                samples[name].append(_seconds_and_peak(argv))
    seconds = {n: statistics.median(s for s, _ in v) for n, v in samples.items()}
    peak = {n: statistics.median(m for _, m in v) for n, v in samples.items()}
    time_ratio = seconds["dabir"] / seconds["bare window"]
    memory_ratio = peak["dabir"] / peak["bare window"]
    label = "start to first page painted (screenshot, exit)"
    return [Row(f"{label}: dabir --db demo", round(seconds["dabir"], 3), "s"),
            Row(f"{label}: bare Qt window", round(seconds["bare window"], 3), "s"),
            Row(f"{label}: dabir / bare window", round(time_ratio, 2), "×", f"≤ {TIME_TARGET}",
                time_ratio <= TIME_TARGET),
            Row("peak memory (ru_maxrss): dabir --db demo", round(peak["dabir"], 1), "MiB"),
            Row("peak memory (ru_maxrss): bare Qt window", round(peak["bare window"], 1), "MiB"),
            Row("peak memory: dabir / bare window", round(memory_ratio, 2), "×", f"≤ {MEMORY_TARGET}",
                memory_ratio <= MEMORY_TARGET)]


def size_bytes(folder: Path) -> tuple[int, int, int]:
    """(bytes on disk, files, bytes after zlib level 6: about what a zip or installer download weighs)."""
    total = compressed = files = 0
    for p in folder.rglob("*"):
        if p.is_file() and not p.is_symlink():
            data = p.read_bytes()
            total += len(data)
            compressed += len(zlib.compress(data, 6))
            files += 1
    return total, files, compressed


def run() -> list[Row]:
    return bare_window_rows() + bundle_rows()


def bundle_rows() -> list[Row]:
    if not BUNDLE_EXE.exists():
        raise RuntimeError(f"no bundle at {BUNDLE_EXE}: run `make dist` (make bench does)")
    db = demo_file(0)
    with tempfile.TemporaryDirectory() as tmp:
        shot = str(Path(tmp) / "shot.png")
        commands = {
            "window": lambda exe: [str(exe), "--db", str(db), "--view", "meetings", "--screenshot", shot],
            "version": lambda exe: [str(exe), "--version"],
        }
        variants = {"bundle": BUNDLE_EXE, "make run": DEV_EXE}
        for exe in variants.values():                       # warm the file cache and byte-code once
            for argv in commands.values():
                _seconds(argv(exe))
        samples = {(c, v): [] for c in commands for v in variants}
        for _ in range(RUNS):                               # interleaved: a busy moment hurts all alike
            for c, argv in commands.items():
                for v, exe in variants.items():
                    samples[(c, v)].append(_seconds(argv(exe)))
    med = {k: statistics.median(v) for k, v in samples.items()}
    total, files, compressed = size_bytes(BUNDLE)
    labels = {"window": "start to first page painted (screenshot, exit)", "version": "dabir --version"}
    rows = []
    for c, label in labels.items():
        for v in variants:
            rows.append(Row(f"{label}: {v}", round(med[(c, v)], 3), "s"))
        rows.append(Row(f"{label}: bundle / make run", round(med[(c, "bundle")] / med[(c, "make run")], 2), "×"))
    rows += [Row("bundle size on disk (dist/dabir)", round(total / 2**20, 1), "MiB"),
             Row("bundle files", files),
             Row("bundle size compressed (zlib 6, about a zip download)", round(compressed / 2**20, 1), "MiB")]
    return rows


NOTES = """Against the floor (issue 28): `dabir --db DEMO --screenshot OUT.png` on the default demo file
and `bench/bare_window.py` (a bare PySide6 right-to-left window with a 30-row Persian QTableWidget,
grabbed into a PNG the same way), alternated in one run, each sample a fresh process, medians; peak
memory is each child's own ru_maxrss (os.wait4). `python -m bench.bench_startup --bare` runs this part
alone.

The bundle (`make dist`, PyInstaller one-folder, dist/dabir/) against `make run`'s
`.venv/bin/dabir` on the demo file, each sample a fresh process timed from outside, median of interleaved
runs. The window is opened offscreen with `--view meetings --screenshot`: start to the first page of
meetings painted into a PNG, then exit. The bundle's Python modules are plain byte-code files
(`noarchive`, packaging/dabir.spec) and its libraries sit in one folder, against a checkout's
site-packages; the ratio says what a secretary's start costs beside a developer's."""


if __name__ == "__main__":
    for row in (bare_window_rows() if "--bare" in sys.argv else run()):
        print(row)
