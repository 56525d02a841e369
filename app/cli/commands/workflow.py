"""Issue 14's workflow commands: undo, the recycle bin (trash, restore), attachments, votes and
agenda templates."""
import json

from app.cli.commands.core import add_db_arg, open_db
from app.domain import jalali
from app.domain.errors import ValidationError
from app.domain.persian import fold_digits
from app.services import amendments, attachments, committees, resolutions, undo, votes

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

    p = sub.add_parser("attachment", help="files kept in the .dabir file: list, add, save, delete")
    add_db_arg(p)
    p.add_argument("action", choices=["list", "add", "save", "delete"])
    owner = p.add_mutually_exclusive_group()
    owner.add_argument("--meeting", metavar="ID")
    owner.add_argument("--resolution", metavar="ID")
    owner.add_argument("--follow-up", dest="follow_up", metavar="ID")
    p.add_argument("--id", metavar="ATTACHMENT_ID", help="save, delete: which attachment")
    p.add_argument("-f", "--file", help="add: the file to attach; save: where to write it")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_attachment)

    p = sub.add_parser("votes", help="record a resolution's tally (--for 7 --against 2 --abstain 1), or who "
                                     "voted how (--for NAME --for NAME --against NAME ..., the whole list; the "
                                     "tally is their count); --clear removes both")
    add_db_arg(p)
    p.add_argument("--resolution", required=True, metavar="ID")
    p.add_argument("--for", dest="for_", metavar="N|NAME", action="append")
    p.add_argument("--against", metavar="N|NAME", action="append")
    p.add_argument("--abstain", metavar="N|NAME", action="append")
    p.add_argument("--clear", action="store_true")
    p.set_defaults(handler=cmd_votes)

    p = sub.add_parser("amendment", help="amendments (اصلاحیه) of approved minutes: new, change, approve, "
                                         "show, print, delete")
    add_db_arg(p)
    p.add_argument("action", choices=["new", "change", "approve", "show", "print", "delete", "list"])
    p.add_argument("--meeting", metavar="ID", help="new, list: the approved meeting")
    p.add_argument("--id", metavar="AMENDMENT_ID", help="change, approve, show, print, delete")
    p.add_argument("--text", help="new: why; change: the new text")
    p.add_argument("--kind", choices=[k.value for k in amendments.ChangeKind], help="change: what is changed")
    p.add_argument("--target", metavar="ID", help="change: the resolution's or the person's id")
    p.add_argument("--date", help="change (resolution_deadline): the new Jalali date")
    p.add_argument("--status", help="change (attendance): present | absent | excused | late")
    p.add_argument("--old", help="change (text): the passage being replaced")
    p.add_argument("-o", "--output", metavar="OUT.pdf", help="print: default اصلاحیه-<committee>-<n>-<k>.pdf")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_amendment)

    p = sub.add_parser("agenda-template", help="the agenda items every new meeting of a committee starts with")
    add_db_arg(p)
    p.add_argument("--committee", required=True, metavar="ID")
    p.add_argument("items", nargs="*", help="the items in order (none: clear); omit with --show")
    p.add_argument("--show", action="store_true")
    p.set_defaults(handler=cmd_agenda_template)


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


def _usage(fa: str, en: str):
    return ValidationError("arguments", fa, en)


def _owner(args):
    for kind, value in (("meeting", args.meeting), ("resolution", args.resolution), ("follow_up", args.follow_up)):
        if value:
            return kind, value
    raise _usage("یکی از --meeting، --resolution یا --follow-up لازم است",
                 "one of --meeting, --resolution or --follow-up is needed")


def cmd_attachment(args) -> int:
    if args.action in ("save", "delete") and not args.id:
        raise _usage("--id پیوست لازم است", "--id of the attachment is needed")
    if args.action in ("add", "save") and not args.file:
        raise _usage("نام پرونده لازم است", "a file name is needed")
    if args.action in ("list", "add"):
        kind, owner_id = _owner(args)
    db = open_db(args, read_only=args.action in ("list", "save"))
    try:
        with db.session() as s:
            if args.action == "list":
                rows = attachments.list_attachments(s, kind, owner_id)
            elif args.action == "add":
                out = attachments.add_attachment_file(s, kind, owner_id, args.file).id
            elif args.action == "save":
                out = str(attachments.save_attachment(s, args.id, args.file))
            else:
                attachments.delete_attachment(s, args.id)
                out = args.id
    finally:
        db.close()
    if args.action == "list":
        found = [{"id": a.id, "name": a.name, "size": a.size, "sha256": a.sha256} for a in rows]
        if args.json:
            print(json.dumps(found, ensure_ascii=False, indent=2))
        else:
            for a in found:
                print("\t".join(str(v) for v in a.values()))
    else:
        print(out)
    return 0


def _count(value, name):
    if value is None:
        return None
    text = fold_digits(str(value)).strip()
    if not text.isdigit():
        raise _usage(f"{name} باید عدد باشد", f"{name} must be a whole number")
    return int(text)


def _is_count(value) -> bool:
    return fold_digits(str(value)).strip().isdigit()


def cmd_votes(args) -> int:
    given = {"for": args.for_ or [], "against": args.against or [], "abstain": args.abstain or []}
    values = [v for vs in given.values() for v in vs]
    if not args.clear and not values:
        raise _usage("--for، --against، --abstain یا --clear لازم است", "give --for/--against/--abstain or --clear")
    named = any(not _is_count(v) for v in values)
    if named and not all(not _is_count(v) for v in values):
        raise _usage("یا شمار آرا بدهید یا نام رأی‌دهندگان، نه هر دو", "give either counts or voters' names, not both")
    if not named and any(len(vs) > 1 for vs in given.values()):
        raise _usage("هر شمار یک بار", "each count once")
    db = open_db(args)
    try:
        with db.session() as s:
            if args.clear:
                votes.set_named_votes(s, args.resolution, {}, replace=True)
                resolutions.set_votes(s, args.resolution, None)
            elif named:
                wanted = {}
                for choice, names in given.items():
                    for name in names:
                        wanted[votes.voter_id(s, args.resolution, name)] = choice
                votes.set_named_votes(s, args.resolution, wanted, replace=True)
            else:
                counts = [_count(vs[0] if vs else None, f"--{n}") for n, vs in given.items()]
                resolutions.set_votes(s, args.resolution, *[c or 0 for c in counts])
    finally:
        db.close()
    print(args.resolution)
    return 0


def cmd_agenda_template(args) -> int:
    db = open_db(args, read_only=args.show)
    try:
        with db.session() as s:
            if not args.show:
                committees.set_agenda_template(s, args.committee, args.items)
            items = committees.get_committee(s, args.committee).agenda_template
    finally:
        db.close()
    for item in items:
        print(item)
    return 0


def _amendment_json(a) -> dict:
    return {"id": a.id, "meeting_id": a.meeting_id, "number": a.number, "title": a.title, "status": a.status.value,
            "text": a.text, "changes": [{"id": c.id, "kind": c.kind.value, "subject": c.subject, "before": c.old,
                                         "after": c.new} for c in a.changes]}


def cmd_amendment(args) -> int:
    needs = {"new": "meeting", "list": "meeting"}.get(args.action, "id")
    if not getattr(args, needs):
        raise _usage(f"--{needs} لازم است", f"--{needs} is needed")
    value = args.text
    if args.action == "change":
        if not args.kind:
            raise _usage("--kind لازم است", "--kind is needed")
        if args.kind == "resolution_deadline":
            value = jalali.parse_date(args.date, "--date") if args.date else None
        elif args.kind == "attendance":
            value = args.status
    if args.action == "print":
        return _print_amendment(args)
    db = open_db(args, read_only=args.action in ("show", "list"))
    try:
        with db.session() as s:
            if args.action == "new":
                out = amendments.create_amendment(s, args.meeting, args.text).id
            elif args.action == "change":
                out = amendments.add_change(s, args.id, args.kind, args.target, value, args.old).id
            elif args.action == "approve":
                out = amendments.approve_amendment(s, args.id).id
            elif args.action == "delete":
                out = amendments.delete_amendment(s, args.id).id
            elif args.action == "show":
                out = _amendment_json(amendments.get_amendment(s, args.id))
            else:
                out = [_amendment_json(a) for a in amendments.list_amendments(s, args.meeting)]
    finally:
        db.close()
    if isinstance(out, str):
        print(out)
    elif args.json or isinstance(out, list):
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        print(out["title"], f"({out['status']})")
        for c in out["changes"]:
            print("\t".join((c["subject"], c["before"], c["after"])))
    return 0


def _print_amendment(args) -> int:
    from app.cli.commands.documents import _issue, _write
    from app.services import naming
    from reports import amendment
    db = open_db(args)
    try:
        data = amendment.load(db, args.id)
        a = data.amendment
        name = args.output or naming.amendment_file_name(a.committee.name, a.meeting_number, a.number)
        out = _write(name, lambda f: amendment.render(data, f))
        _issue(db, "amendment", out, a.meeting_id)
    finally:
        db.close()
    print(out)
    return 0
