"""Document commands: minutes, report, attendance-sheet, invitation, verify.

reports/ (and with it reportlab) is imported inside the handlers: app must not import reportlab at
module level, and commands that print no PDF should not pay for loading it."""
import os
import tempfile
from pathlib import Path

from app.cli.commands.core import add_db_arg, open_db
from app.domain import jalali
from app.domain.errors import DabirError, DabirFileError


class VerifyFailed(DabirError):
    pass


def register(sub) -> None:
    for name, help_text, handler in (
            ("minutes", "print a meeting's minutes (صورتجلسه) as PDF", cmd_minutes),
            ("attendance-sheet", "print the attendance sheet for signing at the door", cmd_attendance),
            ("invitation", "print the invitation letter (دعوتنامه)", cmd_invitation)):
        p = sub.add_parser(name, help=help_text)
        add_db_arg(p)
        p.add_argument("--meeting", required=True, metavar="ID")
        p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
        p.set_defaults(handler=handler)

    p = sub.add_parser("report", help="print the signed follow-up report of resolutions as PDF")
    add_db_arg(p)
    p.add_argument("--committee", metavar="NAME")
    p.add_argument("--status", default="open", choices=["open", "overdue", "done", "all"])
    p.add_argument("--org", metavar="NAME", help="only resolutions this organisation is responsible for")
    p.add_argument("--from", dest="date_from", metavar="DATE", help="meetings from this Jalali date")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="meetings up to this Jalali date")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("verify", help="check that a minutes PDF matches the meeting's current content")
    add_db_arg(p)
    p.add_argument("pdf", metavar="MINUTES.pdf")
    p.set_defaults(handler=cmd_verify)


def _write(output: str, render) -> Path:
    """Render into a temp file beside the target, then rename: a failure never leaves half a PDF,
    and an existing file is only replaced by a complete one."""
    out = Path(output)
    if not out.parent.is_dir():
        raise DabirFileError(str(out.parent), "پوشه مقصد وجود ندارد", "output folder does not exist")
    fd, tmp = tempfile.mkstemp(prefix=".dabir-", suffix=".pdf", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            render(f)
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _document(args, module_name: str) -> int:
    import importlib
    module = importlib.import_module(f"reports.{module_name}")
    db = open_db(args, read_only=True)
    try:
        data = module.load(db, args.meeting)
    finally:
        db.close()
    print(_write(args.output, lambda f: module.render(data, f)))
    return 0


def cmd_minutes(args) -> int:
    return _document(args, "minutes")


def cmd_attendance(args) -> int:
    return _document(args, "attendance")


def cmd_invitation(args) -> int:
    return _document(args, "invitation")


def cmd_report(args) -> int:
    from reports import followup
    date_from = jalali.parse_date(args.date_from, "--from") if args.date_from else None
    date_to = jalali.parse_date(args.date_to, "--to") if args.date_to else None
    db = open_db(args, read_only=True)
    try:
        data = followup.load(db, committee=args.committee, status=args.status, organization=args.org,
                             date_from=date_from, date_to=date_to)
    finally:
        db.close()
    print(_write(args.output, lambda f: followup.render(data, f)))
    return 0


def cmd_verify(args) -> int:
    from app.services import meetings
    from reports.fingerprint import meeting_fingerprint, read_stamp, short
    stamp = read_stamp(Path(args.pdf))
    if stamp is None:
        raise VerifyFailed("این PDF شناسه سند دبیر ندارد", "this PDF carries no Dabir fingerprint")
    meeting_id, fingerprint = stamp
    db = open_db(args, read_only=True)
    try:
        with db.session() as s:
            current = meeting_fingerprint(meetings.get_meeting(s, meeting_id))
    finally:
        db.close()
    if current != fingerprint:
        raise VerifyFailed(f"محتوای جلسه پس از تهیه این صورتجلسه تغییر کرده است "
                           f"(شناسه سند {short(fingerprint)}، اکنون {short(current)})",
                           f"the meeting changed after these minutes were printed "
                           f"(PDF {short(fingerprint)}, now {short(current)})")
    print(f"صورتجلسه با محتوای کنونی جلسه مطابقت دارد | matches: meeting {meeting_id}, {short(current)}")
    return 0
