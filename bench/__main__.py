"""`python -m bench [NAME...]`: run every bench/bench_*.py (or those whose name contains NAME), print one
table and write docs/PERFORMANCE.md with the machine noted. Ratios are measured within one run, since
absolute times on a shared machine drift."""
import argparse
import datetime as dt
import importlib
import os
import platform
import sqlite3
import sys
import traceback
from dataclasses import replace
from pathlib import Path

from bench.common import ROOT, Row

HERE = Path(__file__).resolve().parent


def _rows(name: str, raw) -> list[Row]:
    rows = []
    for r in raw or ():
        if isinstance(r, Row):
            row = r
        elif isinstance(r, dict):
            row = Row(**{k: v for k, v in r.items() if k in Row.__dataclass_fields__})
        else:
            row = Row(*r)
        rows.append(replace(row, bench=row.bench or name))
    return rows


def machine() -> dict[str, str]:
    return {"date (UTC)": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M"),
            "cpus (nproc)": str(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                else os.cpu_count()),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(), "load average": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def _value(v) -> str:
    return f"{v:.3g}" if isinstance(v, float) else str(v)


def table(rows: list[Row]) -> list[list[str]]:
    out = [["bench", "metric", "value", "unit", "target", "ok"]]
    for r in rows:
        out.append([r.bench, r.metric, _value(r.value), r.unit, r.target or "",
                    "" if r.ok is None else ("yes" if r.ok else "NO")])
    return out


def markdown(rows: list[Row], notes: dict[str, str], info: dict[str, str], errors: dict[str, str]) -> str:
    lines = ["# Performance", "", "Written by `make bench` (`python -m bench`); do not edit by hand. Ratios are",
             "measured within one run: absolute times on a shared machine drift.", "", "## Machine", ""]
    lines += [f"- {k}: {v}" for k, v in info.items()]
    lines += ["", "## Results", ""]
    t = table(rows)
    lines.append("| " + " | ".join(t[0]) + " |")
    lines.append("|" + "---|" * len(t[0]))
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in t[1:]]
    for name, text in notes.items():
        lines += ["", f"## {name}", "", text.strip()]
    for name, err in errors.items():
        lines += ["", f"## {name}: FAILED", "", "```", err.strip(), "```"]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    ap.add_argument("names", nargs="*", help="run only benches whose module name contains one of these")
    ap.add_argument("--out", help="the report to write (default docs/PERFORMANCE.md, and only when every "
                                   "bench runs: a partial run does not overwrite the full report)")
    args = ap.parse_args(argv)
    modules = sorted(p.stem for p in HERE.glob("bench_*.py"))
    if args.names:
        modules = [m for m in modules if any(n in m for n in args.names)]
    rows: list[Row] = []
    notes: dict[str, str] = {}
    errors: dict[str, str] = {}
    for name in modules:
        short = name.removeprefix("bench_")
        print(f"… {short}", file=sys.stderr, flush=True)
        try:
            mod = importlib.import_module(f"bench.{name}")
            rows += _rows(short, mod.run())
            if getattr(mod, "NOTES", None):
                notes[short] = mod.NOTES
        except Exception:
            errors[short] = traceback.format_exc()
            print(errors[short], file=sys.stderr)
    t = table(rows)
    widths = [max(len(r[i]) for r in t) for i in range(len(t[0]))]
    for r in t:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    out = Path(args.out) if args.out else (None if args.names else ROOT / "docs" / "PERFORMANCE.md")
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(markdown(rows, notes, machine(), errors), encoding="utf-8")
        print(f"→ {out}", file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
