"""`dabir backups --db FILE [--json]` lists the automatic backups; `--restore BACKUP` puts one back
(the current file is backed up first, so the restore can be undone)."""
import json
import sys

from app.services.backup import list_backups, restore_backup

from .core import add_db_arg, db_path


def register(sub) -> None:
    p = sub.add_parser("backups", help="list the automatic backups of a file, or restore one")
    add_db_arg(p)
    p.add_argument("--restore", metavar="BACKUP", help="put this backup back in place of the file")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_backups)


def cmd_backups(args) -> int:
    path = db_path(args)
    if args.restore:
        undo = restore_backup(args.restore, path)
        print(f"بازگردانده شد؛ نسخه پیش از بازگردانی: {undo.path} | restored; the file as it was is kept in "
              f"{undo.path}" if undo else f"restored: {path}")
        return 0
    found = list_backups(path)
    if args.json:
        json.dump([{"path": str(b.path), "created_at": b.created_at.isoformat(), "reason": b.reason,
                    "size": b.size} for b in found], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for b in found:
        print(f"{b.created_at:%Y-%m-%d %H:%M:%S}  {b.reason:<15} {b.size:>10}  {b.path}")
    return 0
