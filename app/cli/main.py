"""`dabir`: the command line over app's services.

Each command lives in app/cli/commands/<name>.py with `register(subparsers)`; its handler takes
the parsed args and returns an exit code. This module owns error handling: a DabirError (something
the user can fix) is one line on stderr and exit 2; anything else is logged with its traceback and
exits 1 naming the log file.
"""
import argparse
import datetime as dt
import importlib
import logging
import os
import signal
import sys
import traceback
from pathlib import Path

from app import __version__
from app.cli.warnings_log import route_warnings_to_log
from app.domain.errors import DabirError

# One line per command module; new commands add theirs here.
COMMAND_MODULES = [
    "app.cli.commands.core",
    "app.cli.commands.documents",
    "app.cli.commands.search",
    "app.cli.commands.backup",
    "app.cli.commands.check",
    "app.cli.commands.merge",
    "app.cli.commands.conflicts",
    "app.cli.commands.backups",
    "app.cli.commands.exports",
    "app.cli.commands.workflow",
    "app.cli.commands.desk",
    "app.cli.commands.server",
    "app.cli.commands.trust",
]


class UsageError(DabirError):
    pass


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage mistake is one bilingual line and exit 2, like every other user error."""

    def error(self, message: str):
        raise UsageError(f"دستور نادرست است ({message})؛ راهنما: dabir --help",
                         f"{message}; see dabir --help")


def _top_parser() -> argparse.ArgumentParser:
    """The options before a command, which are also the whole of a desktop start."""
    parser = _Parser(prog="dabir", description="Dabir (دبیر): committee meetings, minutes and resolutions")
    parser.add_argument("--version", action="version", version=f"dabir {__version__}")
    parser.add_argument("--db", help="the .dabir file (default: $DABIR_DB or the user data folder)")
    parser.add_argument("--view", help="GUI: open this view: meetings | meeting:ID[:TAB] | tracker | dashboard | …")
    parser.add_argument("--screenshot", metavar="OUT.png",
                        help="GUI: render --view offscreen at 1024x768 into OUT.png and exit")
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = _top_parser()
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    parser.command_names = frozenset(sub.choices)
    return parser


def _file_argument(argv: list[str], commands: frozenset[str]) -> list[str]:
    """`dabir FILE.dabir`, as a file manager or Windows' file association calls it (double-click):
    the GUI on that file, i.e. `dabir --db FILE.dabir`. A first word that is not a command but names
    a .dabir file or an existing file is taken as the file; anything else is left for argparse."""
    if argv and not argv[0].startswith("-") and argv[0] not in commands:
        from app.services.files import EXTENSION
        first = Path(argv[0])
        if first.suffix.lower() == EXTENSION or first.is_file():
            return ["--db", argv[0], *argv[1:]]
    return argv


def _desktop_start(argv: list[str]) -> argparse.Namespace | None:
    """A desktop start's arguments (no command: `dabir`, `dabir --db F --view V`, `dabir FILE.dabir`),
    parsed without importing the command modules, which import nearly every service (issue 28: the
    first window waits for none of them). None when argv may name a command or asks for help: the
    full parser decides, as before."""
    if "-h" in argv or "--help" in argv:
        return None
    if argv and not argv[0].startswith("-"):
        from app.services.files import EXTENSION
        if Path(argv[0]).suffix.lower() != EXTENSION:    # no command ends in .dabir
            return None
        argv = ["--db", argv[0], *argv[1:]]
    args, rest = _top_parser().parse_known_args(argv)
    if rest:
        return None
    args.command = None
    return args


def _log_crash() -> Path:
    from app.services.files import log_dir
    folder = log_dir()
    path = folder / f"crash-{dt.datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log"
    path.write_text(traceback.format_exc(), encoding="utf-8")
    return path


def _notices() -> None:
    """Things done to a file on the user's behalf (a stray journal moved aside): one line on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    log = logging.getLogger("dabir.files")
    if not log.handlers:
        log.addHandler(handler)


def _terminate(signum, _frame):
    raise SystemExit(128 + signum)   # so `finally` blocks run: temporary copies are removed


def main(argv: list[str] | None = None) -> int:
    route_warnings_to_log()
    _notices()
    if hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, _terminate)
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        args = _desktop_start(argv)
        if args is None:
            parser = build_parser()
            args = parser.parse_args(_file_argument(argv, parser.command_names))
        if not args.command:
            return _no_command(args)
        return _run_command(args)
    except DabirError as e:
        print(e.one_line(), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception:
        try:
            where = _log_crash()
            print(f"خطای پیش‌بینی‌نشده؛ جزئیات در {where} | unexpected error; details in {where}",
                  file=sys.stderr)
        except Exception:
            traceback.print_exc()
        return 1


def _run_command(args) -> int:
    """The command's handler; then the files it opened and left open are closed as the GUI closes
    them, so that what it wrote is recorded as Dabir left it (app/storage/opened.py)."""
    from app.storage import opened
    with opened.tracking() as databases:
        try:
            return int(args.handler(args) or 0)
        finally:
            for db in databases:
                try:
                    db.close()
                except Exception:           # the command's own outcome is what the user is told
                    logging.getLogger("dabir.files").exception("closing %s", db.source)


def _no_command(args) -> int:
    """No subcommand: the desktop application. Qt is imported here only, so the CLI never loads it."""
    from app.services.files import default_db_path
    from ui.signals import defer
    defer()                     # a signal from here on closes the window, however far it got (ui/signals.py)
    if not args.screenshot:
        # before Qt loads: its xcb plugin aborts the process when a system library is missing
        from ui.platform_check import require_display_libraries
        require_display_libraries()
    from ui.app import run as run_gui
    from app.services.files import db_target
    path = db_target(args.db) if args.db else default_db_path()
    return run_gui(path, is_default=not args.db, view=args.view,
                   screenshot=args.screenshot)


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
