"""`python -m bench` (make bench): run every benchmark module's run() and print its result."""
import importlib
import json
import pkgutil
import sys
from pathlib import Path


def main() -> int:
    folder = Path(__file__).parent
    ok = True
    for info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"bench.{info.name}")
        if not hasattr(module, "run"):
            continue
        result = module.run()
        print(json.dumps(result, ensure_ascii=False, default=str))
        ok = ok and result.get("ok", True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
