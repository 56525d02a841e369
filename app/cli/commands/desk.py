"""The follow-up desk (issue 26): stats, import-xlsx, letters.

reports/ (reportlab) is imported inside the handlers that print, as in documents.py."""
from app.cli.commands.core import _json_out, add_db_arg, open_db
from app.domain import jalali
from app.domain.persian import to_persian_digits
from app.domain.errors import DabirError, NotFoundError


def register(sub) -> None:
    p = sub.add_parser("stats", help="per responsible body: total, done, done on time, cancelled, open, overdue")
    add_db_arg(p)
    p.add_argument("--committee", metavar="ID|NAME")
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="judge overdue on this Jalali date (default: today)")
    p.add_argument("--json", action="store_true", help="a list of objects with exactly the figures' keys")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("import-xlsx", help="bring in the secretariat's Excel tracker of resolutions")
    add_db_arg(p)
    p.add_argument("--committee", required=True, metavar="NAME", help="the committee (created if new)")
    p.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the first)")
    p.add_argument("tracker", metavar="TRACKER.xlsx")
    p.set_defaults(handler=cmd_import_xlsx)


def committee_id(s, value: str | None) -> str | None:
    """--committee as an id or a name (spelling variants included); NotFoundError naming it otherwise."""
    if not value:
        return None
    from app.services import committees
    from app.storage.models import Committee
    row = s.get(Committee, value)
    if row is not None and row.deleted_at is None:
        return row.id
    found = committees.find_committee(s, value)
    if found is None:
        raise NotFoundError(f"کمیته «{value}» پیدا نشد", f"committee '{value}' not found")
    return found.id


def cmd_stats(args) -> int:
    from app.services import stats
    as_of = jalali.parse_date(args.as_of, "--as-of") if args.as_of else None   # before the file is opened
    db = open_db(args, read_only=True)
    try:
        with db.session() as s:
            rows = stats.body_stats(s, committee_id(s, args.committee), as_of)
    finally:
        db.close()
    if args.json:
        _json_out([r.as_json() for r in rows])
    else:
        print("\t".join(stats.FIELDS))
        for r in rows:
            print("\t".join(str(v) for v in r.as_json().values()))
    return 0


def cmd_import_xlsx(args) -> int:
    """The workbook is read whole before the database is opened; a bad row, a missing column or an
    unknown status word stops the import with nothing written."""
    from pathlib import Path

    from app.cli.commands.core import db_path
    from app.services import tracker_import
    tracker = tracker_import.read_tracker(Path(args.tracker), args.sheet)
    path = db_path(args)
    existed = not isinstance(path, Path) or path.exists()
    db = open_db(args, create=True)
    try:
        with db.session() as s:
            result = tracker_import.import_tracker(s, args.committee, tracker)
    except DabirError:
        db.close()
        if not existed:
            path.unlink(missing_ok=True)      # a file we just created for a failed import is not wanted
        raise
    db.close()
    fa = to_persian_digits
    m, r, a = len(result.meetings_created), len(result.resolutions_created), len(result.rows_already_there)
    print(f"{fa(m)} جلسه و {fa(r)} مصوبه افزوده شد؛ {fa(a)} ردیف از پیش بود؛ "
          f"{fa(len(result.skipped))} ردیف خالی یا جمع کنار گذاشته شد | {m} meetings and {r} resolutions added; "
          f"{a} rows were already there; {len(result.skipped)} blank or total rows skipped")
    return 0
