"""Start-up of the installed program (the PyInstaller bundle, `make dist`) against `make run`'s
(.venv/bin/dabir from this checkout), in the same run, and the bundle's size.

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


def _seconds(argv: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    t = time.perf_counter()
    subprocess.run(argv, check=True, env=env, capture_output=True, cwd=tempfile.gettempdir())
    return time.perf_counter() - t


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


NOTES = """The bundle (`make dist`, PyInstaller one-folder, dist/dabir/) against `make run`'s
`.venv/bin/dabir` on the demo file, each sample a fresh process timed from outside, median of interleaved
runs. The window is opened offscreen with `--view meetings --screenshot`: start to the first page of
meetings painted into a PNG, then exit. The bundle's Python modules are plain byte-code files
(`noarchive`, packaging/dabir.spec) and its libraries sit in one folder, against a checkout's
site-packages; the ratio says what a secretary's start costs beside a developer's."""


if __name__ == "__main__":
    for row in run():
        print(row)
