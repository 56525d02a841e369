"""Run every benchmark module in this package (each exposes run()), or only those named:
python -m bench [name ...]"""
import importlib
import pkgutil
import sys
import time

import bench


def main(names: list[str]) -> None:
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda m: m.name):
        if info.name.startswith("_") or (names and info.name not in names):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if not hasattr(module, "run"):
            continue
        print(f"== {info.name}", flush=True)
        started = time.perf_counter()
        module.run()
        print(f"== {info.name}: {time.perf_counter() - started:.1f}s in all", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
