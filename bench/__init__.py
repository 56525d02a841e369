"""Benchmarks, run by `make bench` (`python -m bench`). Never part of `make test`.

Each bench/bench_<name>.py exposes `run() -> list[Row]` (or dicts with the same keys, or tuples
(metric, value, unit[, target])) and may set NOTES, a paragraph for docs/PERFORMANCE.md. Shared helpers
(cached generated files, timing, memory) are in bench/common.py.
"""
