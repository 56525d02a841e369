"""--db on a subcommand (same as core.add_db_arg on main; kept here until that lands on this branch)."""
import argparse
from pathlib import Path

from app.services.files import default_db_path


def add_db_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", default=argparse.SUPPRESS, help="the .dabir file (default: $DABIR_DB or the user data folder)")


def db_path(args) -> Path:
    return Path(args.db) if getattr(args, "db", None) else default_db_path()
