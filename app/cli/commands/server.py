"""`dabir server init URL`, `dabir server add-office URL --office ROLE --committee ID…`,
`dabir server check URL`: a central PostgreSQL server's roles and access rules (docs/central.md)."""
from app.domain.errors import DabirFileError
from app.domain.persian import to_persian_digits
from app.services import central


def register(sub) -> None:
    p = sub.add_parser("server", help="a central PostgreSQL server: install its access rules, add an office, check")
    actions = p.add_subparsers(dest="action", metavar="ACTION", required=True)
    a = actions.add_parser("init", help="install or repair roles, grants, policies and triggers (as the owner)")
    a.add_argument("url", metavar="URL")
    a.set_defaults(handler=cmd_init)
    a = actions.add_parser("add-office", help="an office's role and the committees it writes (as the owner)")
    a.add_argument("url", metavar="URL")
    a.add_argument("--office", required=True, metavar="ROLE")
    a.add_argument("--committee", action="append", default=[], metavar="ID", help="a committee id (repeat)")
    a.set_defaults(handler=cmd_add_office)
    a = actions.add_parser("check", help="say what init would install that the server lacks")
    a.add_argument("url", metavar="URL")
    a.set_defaults(handler=cmd_check)


def cmd_init(args) -> int:
    central.init(args.url)
    print(f"ok: {central.display_url(args.url)}")
    return 0


def cmd_add_office(args) -> int:
    central.add_office(args.url, args.office, args.committee)
    print(f"ok: {args.office}: {len(args.committee)} committee(s)")
    return 0


def cmd_check(args) -> int:
    problems = central.problems(args.url)
    if not problems:
        print(f"ok: {central.display_url(args.url)}")
        return 0
    for line in problems:
        print(line)
    n = len(problems)
    raise DabirFileError(central.display_url(args.url), f"{to_persian_digits(n)} بخش از قواعد دسترسی نصب نیست؛ dabir server init",
                         f"{n} part(s) of the access rules are missing; run dabir server init")
