"""What every bench needs: generated .dabir files cached between runs, timing and peak memory."""
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(os.environ.get("DABIR_BENCH_CACHE") or Path(tempfile.gettempdir()) / "dabir-bench-cache")


@dataclass(frozen=True)
class Row:
    metric: str
    value: float | str
    unit: str = ""
    target: str | None = None     # e.g. "≤ 1.5", "< 30"
    ok: bool | None = None        # whether value meets target; None when there is none
    bench: str = ""               # filled in by bench/__main__.py from the module name


def _code_key() -> str:
    """Changes whenever the code that builds a file (services, storage, migrations) changes."""
    h = hashlib.sha256()
    for p in sorted((ROOT / "app").rglob("*.py")):
        h.update(p.relative_to(ROOT).as_posix().encode())
        h.update(p.read_bytes())
    return h.hexdigest()[:12]


def dabir(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run the real `dabir` command line from this tree."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "app.cli.main", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=ROOT)
    if check and proc.returncode != 0:
        raise RuntimeError(f"dabir {' '.join(map(str, args))} exited {proc.returncode}: {proc.stderr}")
    return proc


def demo_file(scale: int) -> Path:
    """`dabir demo --scale N` built once per code version and kept in CACHE. Do not write to it:
    take `demo_copy` for a bench that changes the file."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"demo-{scale}-{_code_key()}.dabir"
    if not path.exists():
        # Other code keys' demos are someone else's (another worktree's bench may be reading one right
        # now): only those untouched for a day are removed, to bound the cache at a few files.
        day_ago = time.time() - 86400
        for old in CACHE.glob(f"demo-{scale}-*.dabir"):
            if old.stat().st_mtime < day_ago:
                old.unlink(missing_ok=True)
        tmp = path.with_suffix(f".building-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        dabir("demo", "--db", tmp, "--scale", scale)
        tmp.rename(path)
    return path


def demo_copy(scale: int, dest: Path) -> Path:
    shutil.copyfile(demo_file(scale), dest)
    return dest


def process_seconds(*args: str) -> float:
    """Wall time of one whole `dabir ARGS` process, start-up included."""
    t = time.perf_counter()
    dabir(*args)
    return time.perf_counter() - t


def median_seconds(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def peak_memory(fn):
    """(fn's result, Python's peak allocated bytes while it ran) by tracemalloc."""
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        result = fn()
        return result, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
