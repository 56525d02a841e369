"""`dabir check --db FILE`: SQLite's integrity_check and foreign_key_check, read-only."""
from app.domain.errors import DabirFileError
from app.services.backup import check_file

from .core import add_db_arg, db_path


def register(sub) -> None:
    p = sub.add_parser("check", help="check the file's integrity and foreign keys (never writes)")
    add_db_arg(p)
    p.set_defaults(handler=cmd_check)


def cmd_check(args) -> int:
    report = check_file(db_path(args))
    if report.ok:
        print(f"ok: {report.path}")
        return 0
    for line in report.problems:
        print(line)
    n = len(report.problems)
    raise DabirFileError(str(report.path), f"پرونده {n} مشکل دارد؛ از نسخه پشتیبان استفاده کنید",
                         f"file has {n} problem(s); use a backup")
