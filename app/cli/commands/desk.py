"""The follow-up desk (issue 26): stats, import-xlsx, letters.

reports/ (reportlab) is imported inside the handlers that print, as in documents.py."""
from app.cli.commands.core import _json_out, add_db_arg, open_db
from app.domain import jalali
from app.domain.errors import DabirError, NotFoundError
from app.domain.persian import to_persian_digits


def register(sub) -> None:
    p = sub.add_parser("stats", help="per responsible body: total, done, done on time, cancelled, open, overdue")
    add_db_arg(p)
    p.add_argument("--committee", metavar="ID|NAME")
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="judge overdue on this Jalali date (default: today)")
    p.add_argument("--json", action="store_true", help="a list of objects with exactly the figures' keys")
    p.add_argument("--chart", metavar="OUT.pdf", help="also draw the figures as a bar chart per body (PDF)")
    p.set_defaults(handler=cmd_stats)

    p = sub.add_parser("import-xlsx", help="bring in the secretariat's Excel tracker of resolutions")
    add_db_arg(p)
    p.add_argument("--committee", required=True, metavar="NAME", help="the committee (created if new)")
    p.add_argument("--sheet", metavar="NAME", help="the sheet to read (default: the first)")
    p.add_argument("tracker", metavar="TRACKER.xlsx")
    p.set_defaults(handler=cmd_import_xlsx)

    p = sub.add_parser("letters", help="a letter per responsible body: a meeting's notifications (ابلاغیه), "
                                       "or reminders of overdue resolutions")
    add_db_arg(p)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--meeting", metavar="ID", help="notify each body of its resolutions in this meeting")
    which.add_argument("--overdue", action="store_true", help="remind each body of its overdue resolutions")
    p.add_argument("--as-of", dest="as_of", metavar="DATE", help="--overdue: judged on this Jalali date (default: today)")
    p.add_argument("--committee", metavar="ID|NAME", help="--overdue: only this committee's resolutions")
    p.add_argument("--sign", action="store_true", help="sign each letter as `dabir sign` does")
    p.add_argument("--key", metavar="KEY.p12", help="with --sign: a PKCS#12 from the office's CA")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="the folder the letters go into")
    p.set_defaults(handler=cmd_letters)


def committee_id(s, value: str | None) -> str | None:
    """--committee as an id or a name (spelling variants included); NotFoundError naming it otherwise."""
    if not value:
        return None
    from app.services import committees
    try:
        return committees.get_committee(s, value).id
    except NotFoundError:
        pass
    found = committees.find_committee(s, value)
    if found is None:
        raise NotFoundError(f"کمیته «{value}» پیدا نشد", f"committee '{value}' not found")
    return found.id


def cmd_stats(args) -> int:
    """The figures only read the file (it stays byte-identical); with --chart the file is opened for
    writing, because the chart, like every PDF Dabir issues, is entered in the register of issued
    documents (so `dabir verify` accepts it): drawn whole beside its target, renamed into place, then
    registered, in that order, so a failed drawing registers nothing."""
    from app.services import stats
    as_of = jalali.parse_date(args.as_of, "--as-of") if args.as_of else None   # before the file is opened
    db = open_db(args, read_only=not args.chart)
    try:
        with db.session() as s:
            cid = committee_id(s, args.committee)
            rows = stats.body_stats(s, cid, as_of)
            if args.chart:
                from app.services import committees, settings
                st = settings.get_settings(s)
                scope = committees.get_committee(s, cid).name if cid else ""
                org = committees.letterhead_organization(s, cid)
        if args.chart:
            from app.cli.commands.documents import _issue, _write
            from reports import chart
            out = _write(args.chart, lambda f: chart.render_stats(rows, f, as_of or jalali.today(), st, scope, org))
            _issue(db, chart.KIND, out)
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


def _letters_folder(output: str):
    from pathlib import Path

    from app.domain.errors import DabirFileError
    folder = Path(output)
    if not folder.parent.is_dir():
        raise DabirFileError(str(folder.parent), "پوشه مقصد وجود ندارد", "output folder does not exist")
    if folder.exists() and not folder.is_dir():
        raise DabirFileError(str(folder), "این مسیر پوشه نیست", "not a folder")
    folder.mkdir(exist_ok=True)
    return folder


def cmd_letters(args) -> int:
    """Each letter is numbered, written (whole, then renamed into place) and registered in one unit
    of work (reports.letters.issue_letters); with --sign each is then signed in place, and the signed
    copy registered too."""
    import sys
    from pathlib import Path

    from app.cli.commands.documents import _prompt
    from app.domain.errors import ValidationError
    from app.services import letters
    from reports import letters as printed
    if (args.as_of or args.committee) and not args.overdue:
        raise ValidationError("--as-of/--committee", "فقط همراه با ‎--overdue‎", "only with --overdue")
    if args.key and not args.sign:
        raise ValidationError("--key", "فقط همراه با ‎--sign‎", "only with --sign")
    as_of = jalali.parse_date(args.as_of, "--as-of") if args.as_of else None
    folder = _letters_folder(args.output)
    db = open_db(args)
    written = []
    try:
        if args.overdue:
            written = printed.issue_letters(db, folder, lambda s: letters.overdue_letters(
                s, as_of, committee_id(s, args.committee)))
        else:
            written = printed.issue_letters(db, folder, lambda s: letters.meeting_letters(s, args.meeting))
        if args.sign:
            from reports import signing
            for out in written:
                signing.sign_file(db, out, out, Path(args.key) if args.key else None, _prompt())
    finally:
        db.close()
    for out in written:
        print(out)
    if not written:
        print("نامه‌ای برای نوشتن نبود | no letters to write", file=sys.stderr)
    return 0
