"""`dabir merge --db MINE --from THEIRS [--json]`: merge another office's copy into this file."""
import json
import sys

from app.domain.persian import to_persian_digits
from app.services.files import open_database
from app.services.merge import merge_file

from .core import add_db_arg, db_path


def register(sub) -> None:
    p = sub.add_parser("merge", help="merge another office's copy of the database into this one")
    add_db_arg(p)
    p.add_argument("--from", dest="theirs", required=True, metavar="THEIRS", help="the other office's .dabir file")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--dry-run", action="store_true", help="only count what would change; write nothing")
    p.add_argument("--accept-deletions", action="store_true",
                   help="apply the merge even if the other file deletes many meetings at once")
    p.set_defaults(handler=cmd_merge)


def cmd_merge(args) -> int:
    db = open_database(db_path(args))
    try:
        summary = merge_file(db, args.theirs, dry_run=args.dry_run, accept_deletions=args.accept_deletions)
    finally:
        db.close()
    if args.json:
        json.dump(summary.to_json(), sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    n = summary
    if n.dry_run:
        print("پیش‌نمایش؛ چیزی نوشته نشد | preview: nothing was written")
    fa = (f"ادغام شد: {to_persian_digits(n.added)} افزوده، {to_persian_digits(n.updated)} به‌روز، "
          f"{to_persian_digits(n.conflicting)} تعارض، {to_persian_digits(n.unchanged)} بدون تغییر")
    print(f"{fa} | merged: {n.added} added, {n.updated} updated, {n.conflicting} conflicting, "
          f"{n.unchanged} unchanged")
    if n.open_conflicts:
        print(f"تعارض‌های باز: {to_persian_digits(n.open_conflicts)} (dabir conflicts) | "
              f"open conflicts: {n.open_conflicts} (see: dabir conflicts)")
    if n.deleted_meetings:
        print(f"این پرونده {to_persian_digits(n.deleted_meetings)} جلسه را حذف می‌کند | this file deletes "
              f"{n.deleted_meetings} meetings")
    for d in n.possible_duplicates:
        print(f"هشدار: «{d['name']}» همنام «{d['mine_name']}» است؛ شاید یک نفرند | warning: '{d['name']}' "
              f"({d['theirs']}) has the same name as '{d['mine_name']}' ({d['mine']}); possibly one person")
    if n.backup:
        print(f"backup: {n.backup}")
    if n.same_office:
        print("هر دو پرونده شناسه یک دفتر را دارند (رونوشت دستی)؛ برای دفتر دیگر با dabir backup --new-office "
              "رونوشت بسازید | both files carry the same office id (a hand copy); make copies for other "
              "offices with dabir backup --new-office")
    return 0
