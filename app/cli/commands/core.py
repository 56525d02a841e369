"""The foundation's commands: demo, import, export, list, follow-up."""
import argparse
import json
import sys
from pathlib import Path

from app.domain import jalali, json_input
from app.domain.errors import DabirError, DabirFileError, ValidationError
from app.services import committees, demo, directory, exchange, meetings, resolutions
from app.services.files import Database, db_target, default_db_path, open_database

SUPPRESS = argparse.SUPPRESS


def add_db_arg(p: argparse.ArgumentParser) -> None:
    """--db on a subcommand too (`dabir list meetings --db F`), without clobbering a global --db."""
    p.add_argument("--db", default=SUPPRESS, help="the .dabir file (default: $DABIR_DB or the user data folder)")


def db_path(args) -> "Path | str":
    """The --db file, or a postgresql:// URL kept as text (a central database on a server)."""
    return db_target(args.db) if getattr(args, "db", None) else default_db_path()


def open_db(args, create: bool = False, read_only: bool = False) -> Database:
    """The --db file. read_only: a read command, which takes no write lock and leaves the file
    byte-identical (an older file is upgraded in a temporary copy)."""
    return open_database(db_path(args), create=create and not read_only, read_only=read_only)


def _json_out(value) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False))


def register(sub) -> None:
    p = sub.add_parser("demo", help="build the demo database (Lorestan committee); --scale N adds N meetings")
    add_db_arg(p)
    p.add_argument("--scale", type=int, default=0, metavar="N")
    p.set_defaults(handler=cmd_demo)

    p = sub.add_parser("import", help="import a meeting in the dabir-meeting/1 JSON format")
    add_db_arg(p)
    p.add_argument("file", metavar="MEETING.json")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="export a meeting (or all) as dabir-meeting/1 JSON to stdout")
    add_db_arg(p)
    p.add_argument("--meeting", required=True, metavar="ID|all")
    p.set_defaults(handler=cmd_export)

    p = sub.add_parser("list", help="list committees, meetings, resolutions or people")
    add_db_arg(p)
    p.add_argument("what", choices=["committees", "meetings", "resolutions", "people"])
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("follow-up", help="record a follow-up on a resolution")
    add_db_arg(p)
    p.add_argument("--resolution", required=True, metavar="ID")
    p.add_argument("--status", required=True, choices=["pending", "in_progress", "done", "cancelled"])
    p.add_argument("--note")
    p.add_argument("--date", help="Jalali date YYYY/MM/DD (default: today)")
    p.add_argument("--letter", metavar="NUMBER", help="the letter's number (شماره نامه)")
    p.add_argument("--attach", metavar="FILE", help="attach the letter itself")
    p.set_defaults(handler=cmd_follow_up)


def cmd_demo(args) -> int:
    if args.scale < 0:
        raise ValidationError("--scale", "باید صفر یا بیشتر باشد", "must be zero or more")
    db = open_db(args, create=True)
    progress = None
    if args.scale >= 1000 and sys.stderr.isatty():
        progress = lambda done, total: print(f"\r{done}/{total}", end="", file=sys.stderr)  # noqa: E731
    with db.session() as s:
        demo.build_demo(s, scale=args.scale, progress=progress)
    if args.scale:
        db.compact()        # a bulk build leaves free pages (8% of a 2,000-meeting file)
    print(db.path or db.source)
    return 0


def _read_json(path: str):
    p = Path(path)
    try:
        text = sys.stdin.read() if path == "-" else p.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DabirFileError(path, "پرونده پیدا نشد", "file not found") from None
    except (OSError, UnicodeDecodeError) as e:
        raise DabirFileError(path, f"پرونده خوانده نمی‌شود ({e})", f"cannot read file ({e})") from None
    try:
        return json_input.loads(text)       # depth and number limits: a crafted file is one line
    except json.JSONDecodeError as e:
        raise ValidationError(f"{path}:{e.lineno}:{e.colno}", f"JSON نامعتبر ({e.msg})",
                              f"invalid JSON ({e.msg})") from None
    except json_input.JSONLimitError as e:
        raise ValidationError(path, f"JSON پذیرفته نمی‌شود ({e.fa})", f"JSON refused ({e.en})") from None


def cmd_import(args) -> int:
    data = _read_json(args.file)  # before touching the database: bad JSON never creates a file
    path = db_path(args)
    existed = not isinstance(path, Path) or path.exists()
    db = open_db(args, create=True)
    try:
        with db.session() as s:
            changes = exchange.import_meeting(s, data)
            namesakes = _namesakes(s, changes.warnings)
    except DabirError:
        db.close()
        if not existed:
            path.unlink(missing_ok=True)  # a file we just created for a failed import is not wanted
        raise
    print(changes.id)
    for line in namesakes:
        print(line)
    return 0


def _namesakes(s, warnings) -> list[str]:
    """One line per imported person created beside a namesake already in the file, to merge by hand
    if they are one person after all."""
    from app.services import directory

    def who(p):
        extra = "، ".join(x for x in (p.post, p.organization) if x)
        return f"{p.full_name} ({extra})" if extra else p.full_name
    lines = []
    for w in warnings:
        if w.startswith("namesake:"):
            _, new_id, old_id = w.split(":")
            new, old = directory.get_person(s, new_id), directory.get_person(s, old_id)
            lines.append(f"هم‌نام: «{who(new)}» تازه ثبت شد، جدا از «{who(old)}» | namesake: new person "
                         f"'{who(new)}' [{new.id}] kept apart from '{who(old)}' [{old.id}]")
    return lines


def cmd_export(args) -> int:
    db = open_db(args, read_only=True)
    try:
        with db.session() as s:
            out = exchange.export_all(s) if args.meeting == "all" else exchange.export_meeting(s, args.meeting)
    finally:
        db.close()
    _json_out(out)
    return 0


def _date(d):
    return jalali.format_date(d, persian_digits=False) if d else None


def _cell(value) -> str:
    """A value as one tab-separated cell: names joined, follow-ups counted."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "، ".join(value) if value and all(isinstance(x, str) for x in value) else str(len(value))
    return str(value)


def cmd_list(args) -> int:
    db = open_db(args, read_only=True)
    with db.session() as s:
        if args.what == "committees":
            rows = [{"id": c.id, "name": c.name, "organization": c.organization, "meetings": c.meeting_count}
                    for c in committees.list_committees(s)]
        elif args.what == "people":
            rows = [{"id": p.id, "name": p.full_name, "post": p.post, "organization": p.organization,
                     "phone": p.phone, "email": p.email} for p in directory.list_people(s)]
        elif args.what == "meetings":
            rows = [{"id": m.id, "committee": m.committee, "number": m.number, "date": _date(m.date),
                     "date_iso": m.date.isoformat() if m.date else None, "title": m.title,
                     "status": m.status.value} for m in meetings.list_meetings(s)]
            rows.reverse()  # oldest first reads naturally in a terminal
        else:
            rows = [{"id": r.id, "meeting_id": r.meeting_id, "code": r.code, "text": r.text,
                     "responsible": [p.name for p in r.responsible],
                     "deadline": _date(r.current_deadline),          # an approved amendment's (issue 25)
                     "status": r.status.value, "overdue": r.overdue,
                     "follow_ups": [{"date": _date(f.date), "status": f.status.value, "note": f.note}
                                    for f in r.follow_ups]} for r in resolutions.list_resolutions(s)]
    db.close()
    if args.json:
        _json_out(rows)
    else:
        for row in rows:
            print("\t".join(_cell(v) for v in row.values()))
    return 0


def cmd_follow_up(args) -> int:
    day = jalali.parse_date(args.date, "--date") if args.date else None
    db = open_db(args)
    with db.session() as s:
        fid = resolutions.add_follow_up(s, args.resolution, args.status, note=args.note, date=day,
                                        letter_number=args.letter, attachment=args.attach).id
        status = resolutions.get_resolution(s, args.resolution).status
    print(f"{fid}\t{status.value}")
    return 0
