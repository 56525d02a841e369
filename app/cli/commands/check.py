"""`dabir check --db FILE`: the schema against Dabir's, SQLite's integrity_check and foreign_key_check,
the search index's own integrity-check; never writes, not even a journal's rollback. `--repair
NEW.dabir` builds a clean file from a refused one (the original is untouched)."""
from app.domain.errors import DabirFileError
from app.domain.persian import to_persian_digits
from app.services.backup import check_file, repair_file

from .core import add_db_arg, db_path

SHOW_LEFT_OUT = 50


def register(sub) -> None:
    p = sub.add_parser("check", help="check the file's schema, integrity and foreign keys (never writes)")
    add_db_arg(p)
    p.add_argument("--repair", metavar="NEW.dabir",
                   help="build a clean copy of the file at NEW.dabir: Dabir's schema, only the rows that "
                        "validate; the file itself is not changed")
    p.set_defaults(handler=cmd_check)


def cmd_check(args) -> int:
    if args.repair:
        return _repair(args)
    report = check_file(db_path(args))
    for note in report.notes:
        print(f"note: {note}")
    if report.ok:
        print(f"ok: {report.path}")
        return 0
    for line in report.problems:
        print(line)
    n = len(report.problems)
    raise DabirFileError(str(report.path), f"پرونده {n} مشکل دارد؛ از نسخه پشتیبان استفاده کنید "
                                           f"یا با dabir check --repair پرونده سالمی بسازید",
                         f"file has {n} problem(s); use a backup, or build a clean file with "
                         f"dabir check --repair NEW.dabir")


def _repair(args) -> int:
    r = repair_file(db_path(args), args.repair)
    copied = sum(r.copied.values())
    for item in r.left_out[:SHOW_LEFT_OUT]:
        print(f"left out: {item}")
    if len(r.left_out) > SHOW_LEFT_OUT:
        print(f"… and {len(r.left_out) - SHOW_LEFT_OUT} more rows left out")
    for table in r.tables_skipped:
        print(f"left out: table {table} (not a real table in the file)")
    print(f"پرونده سالم ساخته شد: {to_persian_digits(copied)} سطر رونوشت شد، {to_persian_digits(len(r.left_out))} "
          f"سطر کنار گذاشته شد | clean file written: {copied} rows copied, {len(r.left_out)} rows left out: "
          f"{r.output}")
    return 0
