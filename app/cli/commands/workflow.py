"""Issue 14's workflow commands: undo, the recycle bin (trash, restore)."""
import json

from app.cli.commands.core import add_db_arg, open_db
from app.domain import jalali
from app.services import undo

BIN_KINDS = undo.BIN_KINDS


def register(sub) -> None:
    p = sub.add_parser("undo", help="take back the file's last local edit (one command or GUI action)")
    add_db_arg(p)
    p.set_defaults(handler=cmd_undo)

    p = sub.add_parser("trash", help="the recycle bin: deleted rows, newest first")
    add_db_arg(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_trash)

    p = sub.add_parser("restore", help="bring a deleted row back from the recycle bin")
    add_db_arg(p)
    p.add_argument("kind", choices=BIN_KINDS)
    p.add_argument("id")
    p.set_defaults(handler=cmd_restore)


def cmd_undo(args) -> int:
    db = open_db(args)
    try:
        with db.session() as s:
            changes = undo.undo_last(s)
    finally:
        db.close()
    print(f"واگردانی شد | undone: {', '.join(sorted(changes.entities - {'undo'}))}")
    return 0


def cmd_trash(args) -> int:
    db = open_db(args, read_only=True)
    try:
        with db.session() as s:
            rows = undo.list_deleted(s)
    finally:
        db.close()
    out = [{"kind": r.entity, "id": r.id, "what": r.label, "where": r.where,
            "deleted": jalali.format_date(r.deleted_at.date(), persian_digits=False) if r.deleted_at else None}
           for r in rows]
    if args.json:
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        for r in out:
            print("\t".join(str(v or "") for v in r.values()))
    return 0


def cmd_restore(args) -> int:
    db = open_db(args)
    try:
        with db.session() as s:
            undo.restore(s, args.kind, args.id)
    finally:
        db.close()
    print(args.id)
    return 0
