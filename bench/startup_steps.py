"""What each start-up change saved (issue 28, docs/PERFORMANCE.md): `dabir --db DEMO --screenshot` as
of several commits, each exported with `git archive` into a temporary folder and run from there, and
the bare window, all alternated in one run (a busy moment hurts all alike); medians of time and of each
child's peak memory.

    python -m bench.startup_steps [--runs N] REV [REV ...]
"""
import argparse
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

from bench.bench_startup import BARE, _seconds_and_peak
from bench.common import ROOT, demo_file


def export(rev: str, into: Path) -> Path:
    data = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.startup_steps", description=__doc__)
    ap.add_argument("revs", nargs="+")
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args(argv)
    db = demo_file(0)
    from app.services import files
    files.open_database(db).close()       # closed cleanly by Dabir, as a secretary's own file is
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        programs = {"bare window": ([sys.executable, str(BARE), str(tmp / "bare.png")], None)}
        for i, rev in enumerate(args.revs):
            tree = export(rev, tmp / f"tree{i}")
            programs[rev] = ([sys.executable, "-m", "app.cli.main", "--db", str(db), "--screenshot",
                              str(tmp / f"{i}.png")], tree)
        for argv, tree in programs.values():            # byte-code written, file cache warm
            _seconds_and_peak(argv, tree)
        samples = {name: [] for name in programs}
        for _ in range(args.runs):
            for name, (argv, tree) in programs.items():
                samples[name].append(_seconds_and_peak(argv, tree))
    def med(name, i):
        return statistics.median(x[i] for x in samples[name])
    print(f"{'program':12s} {'wall s':>7s} {'× bare':>7s} {'CPU s':>7s} {'× bare':>7s} {'peak MiB':>9s} {'× bare':>7s}")
    for name in samples:
        sec, mib, cpu = med(name, 0), med(name, 1), med(name, 2)
        print(f"{name:12s} {sec:7.3f} {sec / med('bare window', 0):7.2f} {cpu:7.3f} {cpu / med('bare window', 2):7.2f} "
              f"{mib:9.1f} {mib / med('bare window', 1):7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
