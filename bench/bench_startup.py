"""Start-up against a bare Qt window (issue 28), and of the installed program (the PyInstaller bundle,
`make dist`) against `make run`'s (.venv/bin/dabir from this checkout), in the same run, and the bundle's size.

Against the floor: `dabir --db DEMO --screenshot OUT.png` and bench/bare_window.py (a right-to-left
window with a 30-row Persian table, grabbed into a PNG the same way), alternated in one run, each a fresh
process; the medians' time ratio and each one's peak resident memory (the child's own ru_maxrss, from
os.wait4 on that child alone) and their ratio. Targets: time ≤ 2.5×, memory ≤ 1.5×.

Each sample is a fresh process, timed from outside from exec to exit: `dabir --db DEMO --view meetings
--screenshot OUT.png` opens the window, paints the first page of meetings into the PNG and exits, which
is start to first page painted plus the same fixed tail (saving 1024×768 pixels, exit) for both.
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
READY = Path(__file__).with_name("ready_window.py")
TIME_TARGET, MEMORY_TARGET = 2.5, 1.5


def _seconds(argv: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    env.pop("PYTHONPATH", None)
    t = time.perf_counter()
    subprocess.run(argv, check=True, env=env, capture_output=True, cwd=tempfile.gettempdir())
    return time.perf_counter() - t


def _seconds_and_peak(argv: list[str], tree: Path | None = None) -> tuple[float, float, float]:
    """(wall seconds, peak resident MiB, CPU seconds) of one fresh process. CPU time (user + system)
    moves far less than wall time when other work shares the machine. os.wait4 reports that child's own rusage;
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
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime      # ru_maxrss: KiB on Linux


def _dabir_command() -> list[str]:
    return [str(DEV_EXE)] if DEV_EXE.exists() else [sys.executable, "-m", "app.cli.main"]


def bare_window_rows(runs: int = RUNS) -> list[Row]:
    """`dabir --db DEMO --screenshot` against the bare window, alternated, `runs` each."""
    db = demo_file(0)
    # as a secretary's own file is: closed cleanly by Dabir, so its first page is read ahead
    # (app/services/first_page.py); opening and closing writes nothing to the file
    from app.services import files
    files.open_database(db).close()
    with tempfile.TemporaryDirectory() as tmp:
        programs = {"dabir": _dabir_command() + ["--db", str(db), "--screenshot", str(Path(tmp) / "dabir.png")],
                    "bare window": [sys.executable, str(BARE), str(Path(tmp) / "bare.png")],
                    "dabir usable": [sys.executable, str(READY), str(db)]}
        for argv in programs.values():                      # warm the file cache and byte-code once
            _seconds_and_peak(argv)
        samples = {name: [] for name in programs}
        for _ in range(runs):
            for name, argv in programs.items():
                samples[name].append(_seconds_and_peak(argv))
    seconds = {n: statistics.median(s for s, _, _ in v) for n, v in samples.items()}
    peak = {n: statistics.median(m for _, m, _ in v) for n, v in samples.items()}
    cpu = {n: statistics.median(c for _, _, c in v) for n, v in samples.items()}
    time_ratio = seconds["dabir"] / seconds["bare window"]
    memory_ratio = peak["dabir"] / peak["bare window"]
    label = "start to first page painted (screenshot, exit)"
    return [Row(f"{label}: dabir --db demo", round(seconds["dabir"], 3), "s"),
            Row(f"{label}: bare Qt window", round(seconds["bare window"], 3), "s"),
            Row(f"{label}: dabir / bare window", round(time_ratio, 2), "×", f"≤ {TIME_TARGET}",
                time_ratio <= TIME_TARGET),
            Row("start to window usable (file open, first queries answered, exit): dabir --db demo",
                round(seconds["dabir usable"], 3), "s"),
            Row("start to window usable: dabir / bare window", round(seconds["dabir usable"] / seconds["bare window"], 2),
                "×"),
            Row("peak memory (ru_maxrss): dabir usable", round(peak["dabir usable"], 1), "MiB"),
            Row("CPU time (user + system): dabir --db demo", round(cpu["dabir"], 3), "s"),
            Row("CPU time (user + system): bare Qt window", round(cpu["bare window"], 3), "s"),
            Row("CPU time: dabir / bare window", round(cpu["dabir"] / cpu["bare window"], 2), "×"),
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
grabbed into a PNG the same way), alternated in one run, each sample a fresh process, medians. Peak
memory is each child's own ru_maxrss (os.wait4 on that child), CPU time its user + system time, which
moves far less than wall time when other sessions share the machine. The children run from byte-code
(PYTHONDONTWRITEBYTECODE is dropped), as an installed Dabir does. `python -m bench.bench_startup --bare`
runs this part alone.

### Start lean: what each step saved (issue 28)

`python -m bench.startup_steps 10d9474 4124ac0 08a3a6f 8e167c3` runs each commit's tree (git archive)
and the bare window alternated in one run, 5 each, medians; 2026-12-07 12:53 UTC, load average 5.3–5.9
on 2 cores (seven sessions at work: wall times are about five times a quiet machine's, and Python-heavy
work, which Dabir's start is and the bare window's is not, suffers more from the load).

| step (commit) | wall s | × bare | CPU s | × bare | peak MiB | × bare | saved (CPU s, MiB) |
|---|---|---|---|---|---|---|---|
| bare window | 0.999 | 1.00 | 0.334 | 1.00 | 60.2 | 1.00 | |
| before (10d9474) | 8.227 | 8.23 | 2.833 | 8.49 | 143.8 | 2.39 | |
| no Alembic at open (4124ac0) | 6.487 | 6.49 | 2.220 | 6.65 | 124.4 | 2.06 | 0.61 s, 19.4 MiB |
| desktop start without the command modules (08a3a6f) | 5.101 | 5.10 | 2.207 | 6.61 | 125.6 | 2.08 | 0.01 s, 0 MiB alone |
| screens, editor and demo built on first use (8e167c3) | 5.521 | 5.52 | 1.851 | 5.55 | 115.6 | 1.92 | 0.36 s, 10.0 MiB |

45bf762 built the editor with the window again for a while (the editor on first use had broken
`tests/ui/test_secretary.py`, see below). A second run, 13:16 UTC, load average 5.1–5.2, 5 each:

| step (commit) | wall s | × bare | CPU s | × bare | peak MiB | × bare |
|---|---|---|---|---|---|---|
| bare window | 0.726 | 1.00 | 0.331 | 1.00 | 60.2 | 1.00 |
| before (10d9474) | 5.464 | 7.52 | 3.098 | 9.35 | 144.0 | 2.39 |
| editor on first use (8e167c3) | 3.967 | 5.46 | 1.962 | 5.92 | 115.8 | 1.92 |
| **the editor with the window (45bf762, this branch)** | 4.513 | 6.21 | 2.264 | 6.83 | 120.2 | 2.00 |

Those first steps together: **0.83 s of CPU (27%) and 23.8 MiB (17%)** less than before; building the
editor with the window cost 0.30 s of CPU and 4.4 MiB of that back, until 9d2d668 below.

- **Alembic** (4124ac0): it was not the migration that loaded it (`migrate.py` already counts the
  revision files), but the schema check's cache key, `import alembic` for `alembic.__version__`, on
  every open of a file. Alembic pulled in `alembic.ddl.*`, and with them SQLAlchemy's PostgreSQL,
  MySQL, MSSQL and Oracle dialects, mako and pygments. The version is now read from alembic's
  `__init__.py` (then its metadata: `importlib.metadata` scans every installed distribution, about
  100 ms). Alembic now loads when a file's `user_version` (read from the 100-byte header, as before)
  is older than this Dabir's, or on the first start after a new migration, when the schema check's
  cache is built once.
- **The command modules** (08a3a6f): `dabir`, `dabir --db F [--view V] [--screenshot P]` and
  `dabir F.dabir` are parsed by the top-level options alone; `build_parser` imported all 13 command
  modules and, through them, nearly every service. Alone it saves little, since the window's screens
  imported those services anyway; with the next step it is what keeps them out.
- **Screens on first use** (8e167c3): `ui/main_window.py` imported all ten screens and the meeting
  editor (`ui.screens.meeting_editor` alone 51 ms of its own) and built the editor at every open; the
  screens were already built on first show. Now each screen's module is imported when first shown;
  `app.services.demo` loads only on the first run, which creates the demo file.
- **The meeting editor on first use** (9d2d668, with 1907537 and 7e02c42): `window.editor` is built
  by the first opened meeting, Ctrl+N or `--view meeting:…`. Tried in 8e167c3, it had made `selectRow`
  on the editor's hidden agenda table select nothing in `test_secretary`. The cause is Qt's: in
  right-to-left, `QTableView.selectRow` (6.11) looks up the column at x = the table viewport's width
  through the header's own viewport, one pixel past the last column once the header is laid out. It
  worked only on a never-shown tab whose header viewport still had its construction width (100 px
  against 98), which depended on the order of Qt's deferred layout timers, hence on when the editor was
  built. Dabir's tables (`ui/widgets/tables.py`, `Table`) now select the row themselves. One run
  (`python -m bench.startup_steps --runs 9 6743073 7e02c42`, 15:54 UTC, load 1.9–2.6): 1.182 → 1.055 s
  of CPU (4.98× → 4.44× the bare window), 120.1 → 115.7 MiB (1.99× → 1.92×). The editor's first
  build moves to the first opened meeting (0.13 s of CPU), 11 ms less since `ui.widgets.attachments`
  no longer wraps `QDesktopServices.openUrl` in `staticmethod`, which copies its `__doc__`: the first
  read of a PySide6 function's `__doc__` builds shiboken's signature tables.
- Kept as they were: the deferred whole-file check (`verify_contents` beside the first queries), the
  automatic backup 5 s after opening.
- `tests/ui/test_start_lean.py` runs the first window in a fresh process and fails if alembic,
  reportlab, openpyxl, docx or pyhanko, a command module, a screen other than the meetings list (the
  meeting editor included), or the demo builders were imported; that the editor's modules read no Qt docstring;
  and that an older file still loads the migrations and is upgraded.

- **The first page without SQLAlchemy** (038789f, with baf67af): what remained was mostly
  SQLAlchemy, which the first page's query needed as every service does (`python -X importtime`,
  quiet machine: `app.services.files` 408 ms of a 1.1 s start, of which `sqlalchemy` 208 ms and
  `app.storage.models` 80 ms of its own; `import sqlalchemy.orm` alone peaks 24 MiB above an empty
  Python). Now `app/services/first_page.py` reads the meetings list as it first opens, its total and
  the committee names with the standard library's `sqlite3` (10 ms on the 2,000-meeting demo), from a
  file exactly as Dabir last closed it (`filestate`, the same record that lets `open_database` skip
  the page check; anything else waits for the full open as before). The window paints them and opens
  the file through `open_database` just after its first paint; what the screens asked for meanwhile
  runs then (`OpRunner.attach`). Importing a service's DTOs no longer loads SQLAlchemy: the row-signing
  session hook is named in `app/services/__init__.py` and imported by `Database`
  (`app/storage/session_hooks.py`). `dabir demo` and the other commands now close the files they open
  (`app/storage/opened.py`), so a file a command wrote is recorded and its next start is the lean one.
  `tests/ui/test_start_lean.py` fails if the first window imports SQLAlchemy, the models or
  `app.storage.database`; `tests/app/test_first_page.py` and `tests/ui/test_first_page_window.py` check
  that the page is the services' and what the window does before and after the file opens.

`python -m bench.startup_steps --runs 7 6743073 7e02c42 038789f HEAD` (2026-12-07 16:32 UTC, load
0.9, 7 each, medians; HEAD is baf67af):

| step (commit) | wall s | × bare | CPU s | × bare | peak MiB | × bare |
|---|---|---|---|---|---|---|
| bare window | 0.255 | 1.00 | 0.253 | 1.00 | 67.2 | 1.00 |
| before this session (6743073) | 1.325 | 5.19 | 1.322 | 5.23 | 119.8 | 1.78 |
| the editor on first use (7e02c42) | 1.070 | 4.19 | 1.066 | 4.22 | 115.3 | 1.71 |
| the first page read ahead, editor with the window (038789f) | 1.251 | 4.90 | 1.248 | 4.93 | 128.3 | 1.91 |
| **both (baf67af)** | **0.446** | **1.75** | **0.444** | **1.76** | **81.9** | **1.22** |

Neither step alone helps much: the editor's modules import every service, so while it is built with
the window SQLAlchemy loads anyway (038789f is slower than 7e02c42: it reads the page twice).
`python -m bench.bench_startup --bare` at 16:33 UTC (load 0.9): **0.461 s against 0.257 s, 1.80×
(target ≤ 2.5×); CPU 1.81×; peak 82.0 against 59.9 MiB, 1.37× (target ≤ 1.5×).** (The bare window
peaked at 67.2 MiB in the steps run, where it runs beside older trees, and 59.9 MiB here.)

**What the secretary waits for after the first page.** The new rows "start to window usable" run
`bench/ready_window.py`: Dabir started as a user starts it, ended once the file is open and every
query the screens asked for is answered: 1.193 s, 4.65× the bare window, 126 MiB. Before, the window
appeared only then (the screenshot run of 7e02c42 above, 1.07 s, waited for the same queries), so the
first page now comes about 0.6 s sooner and the window is usable about 0.1 s later. Part of that is
PySide6's: after PySide6 is imported, every module imported is checked by its `__feature__` import
hook (`shibokensupport.feature.feature_imported` reads each new module's source with
`inspect.getsource`), and SQLAlchemy's ~300 modules are now imported after PySide6 instead of
before: `import app.storage.database, app.services.meetings` took 0.49–0.50 s after PySide6 against
0.38–0.55 s before it (3 runs each, quiet machine). Dabir does not reach into PySide6 to skip that
hook. While the file opens (0.5–0.7 s on this machine) the painted window does not answer input; the
events wait and are handled after.

The bundle (`make dist`, PyInstaller one-folder, dist/dabir/) against `make run`'s
`.venv/bin/dabir` on the demo file, each sample a fresh process timed from outside, median of interleaved
runs. The window is opened offscreen with `--view meetings --screenshot`: start to the first page of
meetings painted into a PNG, then exit. The bundle's Python modules are plain byte-code files
(`noarchive`, packaging/dabir.spec) and its libraries sit in one folder, against a checkout's
site-packages; the ratio says what a secretary's start costs beside a developer's."""


if __name__ == "__main__":
    for row in (bare_window_rows() if "--bare" in sys.argv else run()):
        print(row)
