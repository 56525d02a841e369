"""Run every bench module (each exposes run() -> list of result rows) and print one table."""
import importlib
import pkgutil
import sys

import bench


def main(argv: list[str]) -> int:
    names = [m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_")]
    wanted = set(argv) or set(names)
    rows = []
    for name in sorted(names):
        if name in wanted:
            rows += [{"module": name, **row} for row in importlib.import_module(f"bench.{name}").run()]
    columns = list(dict.fromkeys(k for row in rows for k in row))
    table = [[str(row.get(c, "")) for c in columns] for row in rows]
    widths = [max(len(c), *(len(r[i]) for r in table)) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths)))
    for r in table:
        print("  ".join(v.ljust(w) for v, w in zip(r, widths)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
