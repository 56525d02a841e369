"""`dabir conflicts --db FILE [--json]` lists merge conflicts; `dabir resolve --db FILE ID mine|theirs`
decides one."""
import json
import sys

from app.services.conflicts import CHOICES, list_conflicts, resolve_conflict
from app.services.files import open_database

from .core import add_db_arg, db_path


def register(sub) -> None:
    p = sub.add_parser("conflicts", help="list merge conflicts awaiting a decision")
    add_db_arg(p)
    p.add_argument("--all", action="store_true", help="include resolved conflicts")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_conflicts)
    p = sub.add_parser("resolve", help="decide a merge conflict: keep mine or take theirs")
    add_db_arg(p)
    p.add_argument("conflict", metavar="ID")
    p.add_argument("choice", choices=CHOICES)
    p.set_defaults(handler=cmd_resolve)


def cmd_conflicts(args) -> int:
    db = open_database(db_path(args), read_only=True)
    try:
        with db.session() as s:
            found = list_conflicts(s, include_resolved=args.all)
    finally:
        db.close()
    if args.json:
        json.dump([c.to_json() for c in found], sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for c in found:
        what = f"{c.entity}.{c.field}" if c.field else c.entity
        other = f" / {c.other_row_id}" if c.other_row_id else ""
        state = f" [{c.resolution}]" if c.resolution else ""
        print(f"{c.id}  {c.kind:<6}  {what}  {c.row_id}{other}  mine={c.mine!r}  theirs={c.theirs!r}{state}"
              f"  {c.label}")
    if not found:
        print("تعارضی نیست | no conflicts")
    return 0


def cmd_resolve(args) -> int:
    db = open_database(db_path(args))
    try:
        with db.session() as s:
            c = resolve_conflict(s, args.conflict, args.choice)
    finally:
        db.close()
    print(f"{c.id} {c.resolution}")
    return 0
