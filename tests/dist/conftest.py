"""The bundle's smoke test runs only where there is a bundle: `make dist-test` (which builds one and sets
DABIR_DIST_TEST), or `make test` after `make dist`. Without one these files are not collected at all,
so a plain checkout's `make test` neither runs nor skips them."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "dabir"
EXE_NAME = "dabir.exe" if os.name == "nt" else "dabir"

if not ((BUNDLE / EXE_NAME).exists() or os.environ.get("DABIR_DIST_TEST")):
    collect_ignore_glob = ["test_*.py"]
