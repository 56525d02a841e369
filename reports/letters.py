"""The letters to the responsible bodies (issue 26): a notification (ابلاغیه) of a meeting's
resolutions, and a reminder (یادآوری) of overdue ones. Content comes from app.services.letters;
this module only lays it out: the letterhead with the letter's number and date, the addressee, the
subject, a paragraph, the table of resolutions, and the signature block with its signature field
(`dabir sign`, `dabir letters --sign`)."""
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Spacer, Table

from app.domain import jalali
from app.domain.persian import to_persian_digits
from app.services.dto import SettingsDTO
from app.services.letters import NOTIFICATION, LetterDTO
from app.domain import doc_strings as S
from reports.common import BODY_W, letterhead, long_date
from reports.fonts import BOLD
from reports.layout import DabirDocument, RTLParagraph, para, rtl_table
from reports.signing import SignatureField


def title(letter: LetterDTO) -> str:
    return S.NOTIFICATION_LETTER if letter.kind == NOTIFICATION else S.REMINDER_LETTER


def _latest(r) -> str:
    f = r.latest_follow_up
    if f is None:
        return "—"
    text = f"{jalali.format_date(f.date)}: {f.note or S.STATUSES[f.status]}"
    return text + (f" ({S.LETTER.format(number=f.letter_number)})" if f.letter_number else "")


def _table(letter: LetterDTO):
    fa = to_persian_digits
    if letter.kind == NOTIFICATION:
        rows = [[fa(i), it.resolution.code, it.resolution.tracked_text,
                 jalali.format_date(it.resolution.current_deadline) or S.NO_DEADLINE]
                for i, it in enumerate(letter.items, 1)]
        return rtl_table([S.ROW, S.CODE, S.RESOLUTION_TEXT, S.DEADLINE], rows,
                         [11 * mm, 14 * mm, BODY_W - 49 * mm, 24 * mm], align=["center", "center", "right", "center"])
    rows = [[fa(i), it.resolution.code, f"{it.resolution.committee}، {S.MEETING} {fa(it.resolution.meeting_number)}",
             it.resolution.tracked_text, jalali.format_date(it.resolution.current_deadline), fa(it.days_overdue),
             _latest(it.resolution)] for i, it in enumerate(letter.items, 1)]
    return rtl_table([S.ROW, S.CODE, S.MEETING, S.RESOLUTION_TEXT, S.DEADLINE, S.DAYS_OVERDUE, S.LATEST], rows,
                     [11 * mm, 12 * mm, 28 * mm, BODY_W - 131 * mm, 20 * mm, 14 * mm, 46 * mm], size=8.5,
                     align=["center", "center", "right", "right", "center", "center", "right"])


def signature_block(letter: LetterDTO) -> KeepTogether:
    """On the left, as a letter's signature goes: «با تشکر», the secretary, the role, and the field."""
    role = S.SECRETARY_OF.format(committee=letter.committee) if letter.committee else S.SECRETARIAT
    block = [RTLParagraph(S.CLOSING, size=10.5, align="center"),
             RTLParagraph(letter.secretary or "", BOLD, 11, align="center"),
             RTLParagraph(role, size=10, align="center"), SignatureField(62 * mm, 16 * mm)]
    return KeepTogether([Spacer(1, 8 * mm), Table([[block]], colWidths=[70 * mm], hAlign="LEFT")])


def story(letter: LetterDTO) -> list:
    whom = S.WHOM.get(letter.body_key[0], S.WHOM["organization"])
    if letter.kind == NOTIFICATION:
        subject = S.NOTIFICATION_SUBJECT.format(number=to_persian_digits(letter.meeting_number),
                                                committee=letter.committee)
        text = S.NOTIFICATION_BODY.format(number=to_persian_digits(letter.meeting_number),
                                          committee=letter.committee, when=f"در تاریخ {long_date(letter.meeting_date)}",
                                          whom=whom)
    else:
        subject, text = S.REMINDER_SUBJECT, S.REMINDER_BODY.format(whom=whom)
    return [para(S.LETTER_TO.format(body=letter.body), 12, bold=True, space_after=4),
            para(S.LETTER_SUBJECT.format(subject=subject), 11, bold=True, space_after=8),
            para(S.GREETING, 11, space_after=4), para(text, 11, space_after=8),
            _table(letter), signature_block(letter)]


def render(letter: LetterDTO, number: str, settings: SettingsDTO | None, target) -> None:
    """The letter, numbered `number` (as stored, ASCII digits; printed in Persian ones)."""
    name = title(letter)
    lh = letterhead(settings, letter.organization, name,
                    reference=((S.NUMBER, to_persian_digits(number)), (S.DATE, jalali.format_date(letter.day)),
                               (S.ATTACHMENT, S.NONE)))
    DabirDocument(target, lh, title=f"{name} {letter.body}", subject=name).build(story(letter))


def issue_letters(db, folder, choose, progress=None) -> list:
    """Write the letters `choose(session)` returns into `folder`, each numbered, rendered whole, put
    in place and entered in the register, in one unit of work: if one fails, none stays registered
    and the files already written are removed. Returns their paths. `dabir letters` and the GUI.
    `progress(done, total)` is called before the first letter and after each (the window's progress
    bar; a Cancel raised from it is a failure like any other: nothing stays)."""
    import io
    from pathlib import Path

    from app.services import letters, settings
    from app.services.exports import write_file
    written = []
    try:
        with db.session() as s:
            st = settings.get_settings(s)
            chosen = choose(s)
            for done, letter in enumerate(chosen):
                if progress is not None:
                    progress(done, len(chosen))
                number = letters.next_number(s, letter.day)
                buf = io.BytesIO()
                render(letter, number, st, buf)
                out = write_file(Path(folder) / letters.file_name(letter, number), buf.getvalue())
                written.append(out)
                letters.record(s, letter, number, out)
            if progress is not None:
                progress(len(chosen), len(chosen))
    except BaseException:
        for out in written:
            out.unlink(missing_ok=True)
        raise
    return written
