"""Document commands: minutes, report, attendance-sheet, invitation, sign, verify.

Every PDF printed here is entered in the file's register of issued documents (its sha256), so
`verify` can tell an exact issued file from a changed one even without a signature.

reports/ (and with it reportlab) is imported inside the handlers: app must not import reportlab at
module level, and commands that print no PDF should not pay for loading it."""
import os
import tempfile
from pathlib import Path

from app.cli.commands.core import add_db_arg, open_db
from app.cli.commands.exports import FORMATS, add_selection_args, export_meeting, selection_dates
from app.domain import jalali
from app.domain.errors import DabirError, DabirFileError
from app.services import naming
from app.services.exports import publish


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
        p.add_argument("-o", "--output", metavar="OUT.pdf", help="default: its name (e.g. صورتجلسه-…-۱.pdf) here")
        if name in FORMATS:   # issue 14: minutes as Word, invitation as a calendar event
            p.add_argument("--format", default="pdf", choices=FORMATS[name])
        p.set_defaults(handler=handler)

    p = sub.add_parser("report", help="print the signed follow-up report of resolutions as PDF")
    add_db_arg(p)
    add_selection_args(p)
    p.add_argument("-o", "--output", metavar="OUT.pdf", help="default: its name (گزارش پیگیری مصوبات-….pdf) here")
    p.set_defaults(handler=cmd_report)

    p = sub.add_parser("sign", help="sign a printed PDF (PAdES) with this office's key, or a PKCS#12 from a CA")
    add_db_arg(p)
    p.add_argument("pdf", metavar="IN.pdf")
    p.add_argument("-o", "--output", required=True, metavar="OUT.pdf")
    p.add_argument("--key", metavar="KEY.p12", help="a PKCS#12 key and certificate from the office's CA "
                                                     "(passphrase: $DABIR_KEY_PASSPHRASE or a prompt)")
    p.set_defaults(handler=cmd_sign)

    p = sub.add_parser("verify", help="check that a PDF is unchanged since it was issued or signed here, "
                                      "and that minutes match the meeting")
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
        publish(tmp, out)                 # the user's umask, not mkstemp's 0600
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _issue(db, kind: str, path: Path, meeting_id: str | None = None, signed: bool = False) -> None:
    from app.services import issued
    with db.session() as s:
        issued.issue_file(s, kind, path, meeting_id, signed)


def _document(args, module_name: str) -> int:
    import importlib
    if getattr(args, "format", "pdf") != "pdf":
        return export_meeting(args, module_name, args.format)
    module = importlib.import_module(f"reports.{module_name}")
    db = open_db(args, create=False)             # not read-only: the register of issued documents is written
    try:
        data = module.load(db, args.meeting)
        m = data.meeting
        name = args.output or naming.meeting_file_name(module_name, m.committee.name, m.number, m.date)
        out = _write(name, lambda f: module.render(data, f))
        _issue(db, module_name, out, args.meeting)
    finally:
        db.close()
    print(out)
    return 0


def cmd_minutes(args) -> int:
    return _document(args, "minutes")


def cmd_attendance(args) -> int:
    return _document(args, "attendance")


def cmd_invitation(args) -> int:
    return _document(args, "invitation")


def cmd_report(args) -> int:
    from reports import followup
    date_from, date_to = selection_dates(args)
    db = open_db(args, create=False)
    try:
        data = followup.load(db, committee=args.committee, status=args.status, organization=args.org,
                             date_from=date_from, date_to=date_to)
        name = args.output or naming.report_file_name("report", args.committee, data.today)
        out = _write(name, lambda f: followup.render(data, f))
        _issue(db, "report", out)
    finally:
        db.close()
    print(out)
    return 0


def _prompt():
    """A passphrase prompt when a person is at the terminal; None for scripts (then the environment
    or the keyring must answer, see app/services/signing_keys.py)."""
    import sys
    if not sys.stdin.isatty():
        return None
    import getpass
    return getpass.getpass


def _own_key(fingerprint: str, st):
    """This office's own key, trusted without being added (trust.trust_own_key), if it made `fingerprint`."""
    from app.services import trust
    key = trust.trust_own_key(st.office_id, st.office_name)
    return key if key is not None and key.fingerprint == fingerprint else None


def cmd_sign(args) -> int:
    from reports import signing
    db = open_db(args, create=False)
    try:
        out = signing.sign_file(db, Path(args.pdf), Path(args.output), Path(args.key) if args.key else None,
                                _prompt())
    finally:
        db.close()
    print(out)
    return 0


def _signer(c, office: str | None = None) -> str:
    """The office (as this machine's trust store names it, else as the certificate names it) and the
    person who signed, in Persian: «استانداری لرستان، مریم رضایی»."""
    office = office or c.office
    names = [n for n in (office, c.signer if c.signer != office else None) if n]
    return "، ".join(names) or "نامعلوم"


def cmd_verify(args) -> int:
    """Exit 0 only for a file unchanged since a key this machine trusts signed it, or, unsigned, for the
    exact bytes this office registered when it issued them (by its own audit log); minutes must also
    still match their meeting. What a received file says (its certificates, its register rows) is
    reported, never accepted (docs/security-trust.md)."""
    from app.services import issued, meetings, row_signing, settings, trust
    from reports.fingerprint import meeting_fingerprint, read_stamp, short
    path = Path(args.pdf)
    stamp = read_stamp(path)
    from reports import signing
    try:
        checks = signing.check(path)
    except Exception:
        checks = []                               # unreadable structure: judged by the register below
    db = open_db(args, read_only=True)
    try:
        with db.session() as s:
            st = settings.get_settings(s)
            offered = {c.fingerprint: c for c in issued.certificates(s)}
            sha = issued.file_sha256(path)
            entry = issued.issued_here(s, sha, db.office_id)
            elsewhere = issued.recorded_elsewhere(s, sha) if entry is None else None
            # another office's register entry counts when a row key trusted here signed it (row_signing.py)
            signed_entry = next(iter(row_signing.signed_register_entries(s.connection(), sha)), None) \
                if elsewhere is not None else None
            current = meeting_fingerprint(meetings.get_meeting(s, stamp[0])) if stamp else None
    finally:
        db.close()
    if checks:
        for c in checks:
            who = _signer(c)
            if c.damaged:
                raise VerifyFailed("امضای دیجیتال این فایل خراب است و خوانده نمی‌شود",
                                   "the file's digital signature is damaged and cannot be read")
            if not c.intact:
                raise VerifyFailed(f"امضای دیجیتال ({who}) با محتوای فایل نمی‌خواند: فایل پس از امضا تغییر کرده است",
                                   "the signature does not match the file: it was changed after signing")
            if not c.whole_file:
                raise VerifyFailed(f"پس از امضای دیجیتال ({who}) چیزی به فایل افزوده یا در آن تغییر داده شده است",
                                   "the file was changed or added to after it was signed")
        trusted = {}
        for c in checks:
            key = trust.find(c.certificate_sha256) or _own_key(c.certificate_sha256, st)
            if key is None and c.certificate_sha256 in offered:
                claim = offered[c.certificate_sha256].office_name or "?"
                fp = trust.spaced(c.certificate_sha256)[:39]
                raise VerifyFailed(f"امضاکننده ({_signer(c)}) کلیدی دارد که پرونده به نام «{claim}» پیشنهاد می‌کند، "
                                   f"اما در این رایانه مورد اعتماد نیست؛ اثر انگشت را با آن دفتر بسنجید و "
                                   f"dabir trust add --from-file بزنید ({fp})",
                                   f"signed ({c.signer}) with a key this file proposes as «{claim}»'s but this "
                                   f"machine does not trust; check its fingerprint with that office, then "
                                   f"dabir trust add --db FILE --from-file {fp.replace(' ', '')}")
            if key is None:
                raise VerifyFailed(f"امضاکننده ({_signer(c)}) در این رایانه شناخته نیست",
                                   "signed by a key this machine does not know")
            trusted[c.certificate_sha256] = key
        last = checks[-1]
        who = _signer(last, trusted[last.certificate_sha256].office_name)
        ok_fa, ok_en = f"امضای دیجیتال معتبر است: {who}؛ فایل پس از امضا تغییر نکرده است", \
            "signed by a key this machine trusts, unchanged since signing"
    elif entry is not None:
        by = f"، {entry.issued_by}" if entry.issued_by else ""
        ok_fa = f"این فایل عیناً در دفتر اسناد صادره ثبت است ({jalali.format_date(entry.issued_on)}{by})"
        ok_en = f"this exact file is in the register of issued documents ({entry.issued_on}" \
                f"{', ' + entry.issued_by if entry.issued_by else ''})"
    elif signed_entry is not None:
        row, by = signed_entry
        office = by.office_name or by.office_id
        ok_fa = (f"این فایل عیناً در دفتر اسناد صادره دفتر «{office}» ثبت است و ثبت آن را کلید مورد اعتماد همان "
                 f"دفتر امضا کرده است ({jalali.format_date(row['issued_on'])})")
        ok_en = f"issued by «{office}»: this exact file is in its register, signed by its trusted key ({row['issued_on']})"
    elif elsewhere is not None:
        by = elsewhere.issued_by or "?"
        raise VerifyFailed(f"این فایل را دفتر دیگری ({by}) در پرونده خودش ثبت کرده است و این دفتر آن را صادر نکرده؛ "
                           "بدون امضای دیجیتال تأییدشدنی نیست",
                           f"recorded by another office ({by}) in their file, not issued here: unverified "
                           "without a signature")
    elif stamp is None:
        raise VerifyFailed("این PDF شناسه سند دبیر ندارد و امضا نشده است",
                           "this PDF carries no Dabir fingerprint and no signature")
    else:
        raise VerifyFailed("این فایل امضا ندارد و عیناً در دفتر اسناد صادره نیست: پس از چاپ تغییر کرده یا از جای دیگری است",
                           "unsigned, and these exact bytes were never issued here: changed after printing, or from elsewhere")
    if stamp is not None:
        meeting_id, fingerprint = stamp
        if current != fingerprint:
            raise VerifyFailed(f"محتوای جلسه پس از تهیه این صورتجلسه تغییر کرده است "
                               f"(شناسه سند {short(fingerprint)}، اکنون {short(current)})",
                               f"the meeting changed after these minutes were printed "
                               f"(PDF {short(fingerprint)}, now {short(current)})")
        print(f"{ok_fa}؛ صورتجلسه با محتوای کنونی جلسه مطابقت دارد | {ok_en}; matches: meeting {meeting_id}, "
              f"{short(current)}")
    else:
        print(f"{ok_fa} | {ok_en}")
    return 0
