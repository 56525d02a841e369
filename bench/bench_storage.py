"""Storage (issue 28): a file's size against its own JSON export at 2,000 and 10,000 meetings, and
search, list and merge timed on the schema-8 code and file against today's, alternated in one run."""
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from io import BytesIO
from pathlib import Path

from bench.common import CACHE, ROOT, Row, demo_file

SCALES = [int(s) for s in os.environ.get("DABIR_BENCH_STORAGE_SCALES", "2000,10000").split(",")]
QUERIES = ["شهرکهای صنعتی", "گزارش پیشرفت", "قزل آلا", "دو"]
RUNS = 3
TARGET = 2.0    # a 2,000-meeting file at most this many times its export
# "old" is the code just before this migration was added: 0009 (schema 8, before issue 28's storage
# work) by default; DABIR_BENCH_STORAGE_BEFORE=0010_key_bytes compares schema 9 with today's,
# DABIR_BENCH_STORAGE_BEFORE=0011_integer_times schema 10
BEFORE = os.environ.get("DABIR_BENCH_STORAGE_BEFORE", "0009_compact_signed")
OLD = f"schema {int(BEFORE[:4]) - 1}"

NOTES = """
"old" is the code of the last commit before migration 0009 (`git archive` of it into a temporary
folder, run with the same Python), on a demo file it built itself (before 0010, schema 9, with
DABIR_BENCH_STORAGE_BEFORE=0010_key_bytes); "new" is this tree on its own
demo file (`dabir demo --scale N`; the demo's texts are the same, only the random ids differ, and
both files give the same number of hits for every query below). Each timing is a whole `dabir`
process (start-up, opening and checking the file, the command), old and new alternated RUNS times,
medians; merge is `dabir merge --from` a copy of the same file under another office id, into a fresh
copy each run. "file / export" is the file's size over `dabir export --meeting all`'s.

What changed (schema 9, app/storage/migrations/compact_steps.py): the search documents name their
row in 17 bytes (kind + the UUID's 16 bytes) and their meeting in 16, where schema 8 kept the kind
and two 36-character ids in every document and the kind and id again in a unique index; the
index ix_resolution_status_deadline, which no query used, is gone. Schema 10 (migration 0010,
models.Key): every id, foreign key, office id and polymorphic reference is stored as its UUID's 16
bytes instead of 36 characters, in the rows and in every index over them. Schema 11 (migration 0011,
app/storage/timestamps.py): every DATETIME as an integer of microseconds (6 bytes, not 26 characters),
search_doc without its meeting (search derives it from the row), the unused index on responsible
people gone and the amendment index partial; `dabir demo` VACUUMs what it built.

Measured 2026-12-07 on this 2-core machine, quiet (docs/storage.md has each step and how it was
checked):

| 2,000 meetings | schema 8 | schema 10 | schema 11 |
|---|---|---|---|
| file as `dabir demo` writes it | 61.3 MiB | 42.5 MiB | 35.2 MiB |
| file / export | 3.45 | 2.39 | 1.98 (target ≤ 2.0) |
| `dabir search`, new / old | | 0.92 | 0.78 against schema 8 |
| `dabir list meetings`, new / old | | 0.97 | 0.86 against schema 8 |
| `dabir merge --from`, new / old | | 1.03 | 0.95 against schema 8 |

At 10,000 meetings: 304 MiB (3.42×) before, 175 MiB (1.97×) now. The first merge into the demo file
seals and signs its 2,000 approved meetings (issue 22; the demo generates them approved, unsealed):
against schema 8 that merge was 1.17× until the seals were signed in one batch and the meetings just
sealed were no longer fingerprinted twice (row_signing.sign_rows, merge_rows.RowMerger).
"""


def _old_rev() -> str | None:
    """The commit before migration BEFORE was added, or None outside a git checkout."""
    try:
        added = subprocess.run(["git", "log", "--diff-filter=A", "--format=%H", "-1", "--",
                                f"app/storage/migrations/versions/{BEFORE}.py"],
                               cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        return subprocess.run(["git", "rev-parse", f"{added}^"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout.strip() if added else None
    except (OSError, subprocess.CalledProcessError):
        return None


def _old_tree(rev: str) -> Path:
    tree = CACHE / f"{OLD.replace(' ', '')}-tree-{rev[:12]}"
    if not (tree / "app").exists():
        archive = subprocess.run(["git", "archive", rev, "app", "resources"], cwd=ROOT, capture_output=True,
                                 check=True).stdout
        tmp = Path(tempfile.mkdtemp(dir=CACHE))
        with tarfile.open(fileobj=BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        tmp.rename(tree)
    return tree


def _run(tree: Path, *args, out=None) -> float:
    env = {**os.environ, "PYTHONPATH": str(tree), "DABIR_USER": "bench"}
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "app.cli.main", *map(str, args)], env=env, cwd=tree, check=True,
                   stdout=out or subprocess.DEVNULL, stderr=subprocess.PIPE)
    return time.perf_counter() - t


def _old_file(tree: Path, rev: str, scale: int) -> Path:
    path = CACHE / f"{OLD.replace(' ', '')}-demo-{scale}-{rev[:12]}.dabir"
    if not path.exists():
        tmp = path.with_suffix(".building")
        tmp.unlink(missing_ok=True)
        _run(tree, "demo", "--db", tmp, "--scale", scale)
        tmp.rename(path)
    return path


def _export_size(tree: Path, path: Path) -> int:
    with tempfile.TemporaryFile() as f:
        _run(tree, "export", "--db", path, "--meeting", "all", out=f)
        return f.tell()


def _search_bytes(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT sum(pgsize) FROM dbstat WHERE name LIKE 'search%' "
                            "OR name = 'sqlite_autoindex_search_doc_1'").fetchone()[0] or 0
    except sqlite3.OperationalError:      # an SQLite built without the dbstat table
        return 0
    finally:
        conn.close()


def _fork(path: Path, dest: Path) -> Path:
    """A copy of the file as another office's (the tests' own fork: a new office id)."""
    from tests.app.sharing_data import fork
    return fork(path, dest)


def _hits(tree: Path, path: Path, query: str) -> int:
    with tempfile.TemporaryFile() as f:
        _run(tree, "search", "--db", path, "--limit", "100000", query, out=f)
        f.seek(0)
        return len(f.read().splitlines())


def _timings(trees: dict[str, Path], files: dict[str, Path], work: Path) -> list[Row]:
    times: dict[tuple[str, str], list[float]] = {}
    forks = {v: _fork(files[v], work / f"theirs-{v}.dabir") for v in files}
    for i in range(RUNS):
        for v in ("old", "new"):
            tree, path = trees[v], files[v]
            times.setdefault(("search", v), []).append(
                sum(_run(tree, "search", "--db", path, q) for q in QUERIES) / len(QUERIES))
            times.setdefault(("list meetings", v), []).append(_run(tree, "list", "--db", path, "meetings"))
            mine = work / f"mine-{v}.dabir"
            shutil.copyfile(path, mine)
            times.setdefault(("merge", v), []).append(_run(tree, "merge", "--db", mine, "--from", forks[v]))
            mine.unlink()
    rows = []
    for what in ("search", "list meetings", "merge"):
        old, new = (statistics.median(times[(what, v)]) for v in ("old", "new"))
        rows += [Row(f"{what}: old ({OLD})", old * 1000, "ms"),
                 Row(f"{what}: new", new * 1000, "ms"),
                 Row(f"{what}: new / old", round(new / old, 2), "×", "≤ 1.1", new / old <= 1.1)]
    return rows


def run() -> list[Row]:
    rev = _old_rev()
    CACHE.mkdir(parents=True, exist_ok=True)
    trees = {"new": ROOT} | ({"old": _old_tree(rev)} if rev else {})
    rows: list[Row] = []
    for scale in SCALES:
        files = {"new": demo_file(scale)} | ({"old": _old_file(trees["old"], rev, scale)} if rev else {})
        for v in ("old", "new"):
            if v not in files:
                continue
            size, export = files[v].stat().st_size, _export_size(trees[v], files[v])
            ratio = size / export
            target = (f"≤ {TARGET}", ratio <= TARGET) if scale == 2000 and v == "new" else (None, None)
            rows += [Row(f"{scale} meetings, {v}: file", size / 2**20, "MiB"),
                     Row(f"{scale} meetings, {v}: export", export / 2**20, "MiB"),
                     Row(f"{scale} meetings, {v}: search tables", _search_bytes(files[v]) / 2**20, "MiB"),
                     Row(f"{scale} meetings, {v}: file / export", round(ratio, 2), "×", *target)]
        if rev and scale == min(SCALES):
            same = all(_hits(trees["old"], files["old"], q) == _hits(ROOT, files["new"], q) for q in QUERIES)
            rows.append(Row(f"{scale} meetings: search hits old = new", "yes" if same else "NO", "", "yes", same))
            with tempfile.TemporaryDirectory(dir=CACHE) as work:
                rows += _timings(trees, files, Path(work))
    return rows
