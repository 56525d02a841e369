"""`dabir trust`: the offices whose signing keys this machine trusts (kept outside every .dabir file,
app/services/trust.py). `trust add CERT.pem` trusts a certificate file another office handed over;
`trust add --db FILE --from-file FINGERPRINT` trusts one that a .dabir file proposes, once its
fingerprint has been checked with that office; `trust list [--db FILE]` lists the trusted keys and,
with a file, the ones it proposes that are not trusted. Both print the full fingerprint.
`trust remove FINGERPRINT` stops trusting a key (never this office's own)."""
import json
import sys
from pathlib import Path

from app.services import trust

from .core import add_db_arg, open_db


def register(sub) -> None:
    p = sub.add_parser("trust", help="the offices' signing keys this machine trusts (outside the .dabir file)")
    actions = p.add_subparsers(dest="trust_action", metavar="add|list|remove", required=True)
    a = actions.add_parser("add", help="trust a certificate file, or one the --db file proposes (--from-file)")
    add_db_arg(a)
    a.add_argument("certificate", nargs="?", metavar="CERT.pem", help="a certificate (PEM or DER) from the office")
    a.add_argument("--from-file", metavar="FINGERPRINT",
                   help="the certificate the --db file proposes with this fingerprint (16 hex digits or more)")
    a.add_argument("--office-name", help="the office's name, for a certificate file (default: its subject)")
    a.add_argument("--office-id", help="the office's id, for a certificate file")
    a.set_defaults(handler=cmd_add)
    ls = actions.add_parser("list", help="the trusted keys, and with --db the untrusted ones the file proposes")
    add_db_arg(ls)
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=cmd_list)
    rm = actions.add_parser("remove", help="stop trusting a key (16 hex digits of its fingerprint or more)")
    rm.add_argument("fingerprint", metavar="FINGERPRINT", help="the key's fingerprint, or its first 16 hex digits or more")
    rm.set_defaults(handler=cmd_remove)


def cmd_add(args) -> int:
    if bool(args.certificate) == bool(args.from_file):
        raise trust.TrustError("یا فایل گواهی را بدهید یا --from-file را، نه هر دو",
                               "give a certificate file or --from-file, one of the two")
    if args.from_file:
        db = open_db(args, read_only=True)
        try:
            with db.session() as s:
                key = trust.add_proposed(s, args.from_file, db.office_id)
        finally:
            db.close()
    else:
        path = Path(args.certificate)
        try:
            data = path.read_bytes()
        except OSError as e:
            raise trust.TrustError(f"فایل گواهی خوانده نشد: {path}", f"cannot read {path} ({e.strerror})") from None
        subject = trust.read_certificate(data)[2]
        key = trust.add(data, args.office_id, args.office_name or subject)
    print(f"مورد اعتماد | trusted: {key.office_name or '?'}")
    print(f"  {trust.spaced(key.fingerprint)}")
    return 0


def cmd_remove(args) -> int:
    key = trust.remove(args.fingerprint)
    print(f"حذف شد | no longer trusted: {key.office_name or '?'}")
    print(f"  {trust.spaced(key.fingerprint)}")
    return 0


def cmd_list(args) -> int:
    keys = trust.view(None).trusted       # own worked out as `remove` does, so the list says which is refused
    offered = []
    if getattr(args, "db", None):
        db = open_db(args, read_only=True)
        try:
            with db.session() as s:
                offered = trust.proposed(s)
        finally:
            db.close()
    if args.json:
        json.dump({"trusted": [{"fingerprint": k.fingerprint, "office_id": k.office_id, "office_name": k.office_name,
                                "own": k.own, "added_at": k.added_at} for k in keys],
                   "proposed_untrusted": [{"fingerprint": p.fingerprint, "office_id": p.office_id,
                                           "office_name": p.office_name, "subject": p.subject} for p in offered]},
                  sys.stdout, ensure_ascii=False, indent=2)
        print()
        return 0
    for k in keys:
        own = " (این دفتر | this office)" if k.own else ""
        print(f"مورد اعتماد | trusted     {k.office_name or '?'}{own}\n  {trust.spaced(k.fingerprint)}")
    for p in offered:
        print(f"تأییدنشده | untrusted  {p.office_name or '?'} (به ادعای پرونده | as the file claims)\n"
              f"  {trust.spaced(p.fingerprint)}")
    if not keys and not offered:
        print("کلید مورد اعتمادی نیست | no trusted keys")
    return 0
