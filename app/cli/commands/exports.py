"""Exports and copies (issue 14): export-xlsx, duplicate, and the docx/ics formats of `minutes` and
`invitation` (documents.py hands those here). Without -o a file gets its default name
(app/services/naming.py) in the current folder."""
from pathlib import Path

from app.cli.commands.core import add_db_arg, open_db
from app.domain import jalali
from app.services import meetings, naming

# openpyxl, python-docx and icalendar are imported inside the handlers: every other command starts
# without loading them.

FORMATS = {"minutes": ("pdf", "docx"), "invitation": ("pdf", "ics")}


def register(sub) -> None:
    p = sub.add_parser("export-xlsx", help="the resolution tracker as an Excel workbook (filters as in report)")
    add_db_arg(p)
    add_selection_args(p)
    p.add_argument("-o", "--output", metavar="OUT.xlsx", help="default: پیگیری مصوبات-<committee>-<today>.xlsx")
    p.set_defaults(handler=cmd_export_xlsx)

    p = sub.add_parser("duplicate", help="copy a meeting as the committee's next draft; prints the new id")
    add_db_arg(p)
    p.add_argument("--meeting", required=True, metavar="ID")
    p.add_argument("--date", help="the new meeting's Jalali date (default: today)")
    p.set_defaults(handler=cmd_duplicate)


def add_selection_args(p) -> None:
    """Which resolutions: the filters `report` and `export-xlsx` share."""
    p.add_argument("--committee", metavar="NAME")
    p.add_argument("--status", default="open", choices=["open", "overdue", "done", "all"])
    p.add_argument("--org", metavar="NAME", help="only resolutions this organisation is responsible for")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="meetings from this Jalali date")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="meetings up to this Jalali date")


def selection_dates(args):
    """--from and --to as dates (checked before the file is opened)."""
    return (jalali.parse_date(args.date_from, "--from") if args.date_from else None,
            jalali.parse_date(args.date_to, "--to") if args.date_to else None)


def write_bytes(output: str, data: bytes) -> Path:
    from app.services.exports import write_file
    return write_file(output, data)


def cmd_export_xlsx(args) -> int:
    date_from, date_to = selection_dates(args)
    from app.services.exports import tracker_xlsx
    db = open_db(args, create=False)
    try:
        with db.session() as s:
            ids = tracker_xlsx.filter_ids(s, committee=args.committee, organization=args.org)
            data = tracker_xlsx.tracker_xlsx(s, status=args.status, date_from=date_from, date_to=date_to, **ids)
    finally:
        db.close()
    out = args.output or naming.report_file_name("tracker", args.committee, ext="xlsx")
    print(write_bytes(out, data))
    return 0


def export_meeting(args, kind: str, fmt: str) -> int:
    """`dabir minutes --format docx` and `dabir invitation --format ics`."""
    from app.services.exports import invitation_ics, minutes_docx
    build = {("minutes", "docx"): minutes_docx.minutes_docx,
             ("invitation", "ics"): invitation_ics.invitation_ics}[(kind, fmt)]
    db = open_db(args, create=False)
    try:
        with db.session() as s:
            data = build(s, args.meeting)
            m = meetings.get_meeting(s, args.meeting)
    finally:
        db.close()
    out = args.output or naming.meeting_file_name(kind, m.committee.name, m.number, m.date, fmt)
    print(write_bytes(out, data))
    return 0


def cmd_duplicate(args) -> int:
    day = jalali.parse_date(args.date, "--date") if args.date else None
    db = open_db(args, create=False)
    try:
        with db.session() as s:
            new_id = meetings.duplicate_meeting(s, args.meeting, date=day).id
    finally:
        db.close()
    print(new_id)
    return 0
