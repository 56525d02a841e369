"""`dabir backup --db FILE -o OUT`: a consistent, checked copy, safe while the file is in use."""
from app.services.backup import backup_file

from .core import add_db_arg, db_path


def register(sub) -> None:
    p = sub.add_parser("backup", help="copy the database safely (while in use) to OUT, checked")
    add_db_arg(p)
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="backup file, or a folder for a dated copy")
    p.set_defaults(handler=cmd_backup)


def cmd_backup(args) -> int:
    b = backup_file(db_path(args), args.output)
    print(b.path)
    return 0
