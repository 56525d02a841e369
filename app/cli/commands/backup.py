"""`dabir backup --db FILE -o OUT`: a consistent, checked copy, safe while the file is in use."""
from app.services.backup import backup_file, copy_for_office

from .core import add_db_arg, db_path


def register(sub) -> None:
    p = sub.add_parser("backup", help="copy the database safely (while in use) to OUT, checked")
    add_db_arg(p)
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="backup file, or a folder for a dated copy")
    p.add_argument("--new-office", nargs="?", const="", default=None, metavar="NAME",
                   help="a copy for another office to work on: new office id (and name)")
    p.set_defaults(handler=cmd_backup)


def cmd_backup(args) -> int:
    if args.new_office is not None:
        b = copy_for_office(db_path(args), args.output, args.new_office or None)
    else:
        b = backup_file(db_path(args), args.output)
    print(b.path)
    return 0
