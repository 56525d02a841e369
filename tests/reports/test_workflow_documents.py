"""Issue 14 in the documents: votes and attachments print in the minutes (read back from the PDF),
a follow-up's letter number in the report, and minutes printed before these existed keep their
fingerprint (so `verify` still accepts them)."""
import datetime as dt

from app.domain.enums import AttendanceStatus, MeetingStatus, ResolutionStatus, Role
from app.services import attachments, demo, meetings, resolutions
from app.services.dto import (AgendaItemDTO, AttendanceDTO, CommitteeDTO, MeetingDTO, PartyDTO, PersonDTO,
                              ResolutionDTO, Votes)
from app.services.files import open_database
from reports import minutes
from reports.fingerprint import meeting_fingerprint
from tests.documents import pdf as pdf_bytes

from .test_documents import all_lines, has, render_png


def _meeting(**extra) -> MeetingDTO:
    c = CommitteeDTO("c1", "کمیته")
    p = PersonDTO("p1", "علی")
    r = ResolutionDTO("r1", "m1", "c1", "کمیته", 7, dt.date(2026, 11, 1), 2, "متن",
                      (PartyDTO("person", "p1", "علی"),), dt.date(2026, 12, 1), ResolutionStatus.PENDING, False,
                      **extra.pop("resolution", {}))
    return MeetingDTO("m1", c, 7, "عنوان", dt.date(2026, 11, 1), "10:00", "11:00", "تالار", p, p, "خلاصه",
                      MeetingStatus.APPROVED, (AttendanceDTO("a1", p, Role.CHAIR, AttendanceStatus.PRESENT),),
                      (AgendaItemDTO("g1", 1, "گزارش"),), (r,), **extra)


def test_fingerprint_of_minutes_without_votes_or_attachments_is_unchanged():
    # computed with the tree before issue 14's fields existed (main at 837e46d)
    assert meeting_fingerprint(_meeting()) == "5255f6308fe75bde2cabc52219ab723e5ae729446a75b8ba324d7cb6786ed6d0"
    # a tally or a file is content: it changes the fingerprint
    assert meeting_fingerprint(_meeting(resolution={"votes": Votes(3, 1, 0)})) != meeting_fingerprint(_meeting())
    assert meeting_fingerprint(_meeting(attachments=("a.pdf",))) != meeting_fingerprint(_meeting())


def test_votes_and_attachments_print_in_the_minutes(tmp_path, cli):
    path = tmp_path / "w.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        demo.build_demo(s)
        first = meetings.list_meetings(s)[-1].id
        draft = meetings.duplicate_meeting(s, first).id
        r1 = resolutions.add_resolution(s, draft, "تصویب بودجه پیشنهادی").id
        resolutions.set_votes(s, r1, 7, 2, 1)
        attachments.add_attachment(s, "meeting", draft, "گزارش عملکرد.pdf", pdf_bytes(b"x"))
        attachments.add_attachment(s, "resolution", r1, "جدول بودجه.pdf", pdf_bytes(b"y"))
    db.close()
    pdf = tmp_path / "m.pdf"
    assert cli("minutes", "--db", path, "--meeting", draft, "-o", pdf).returncode == 0
    lines = all_lines(pdf)
    assert has(lines, "آرا: موافق ۷، مخالف ۲، ممتنع ۱")
    assert has(lines, "پیوست‌ها") and has(lines, "گزارش عملکرد") and has(lines, "(مصوبه ۲-۱)")
    assert has(lines, "پیوست: دارد")
    render_png(pdf, tmp_path / "m")
    assert cli("verify", "--db", path, pdf).returncode == 0


def test_named_votes_print_under_the_tally_in_the_pdf_and_the_word_minutes(tmp_path, cli):
    import io

    from docx import Document

    from app.services import votes
    from app.services.exports.minutes_docx import minutes_docx
    path = tmp_path / "v.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        demo.build_demo(s)
        first = meetings.list_meetings(s)[-1].id
        draft = meetings.duplicate_meeting(s, first).id
        people = [a.person for a in meetings.get_meeting(s, draft).attendance][:3]
        for p in people:
            meetings.set_attendance(s, draft, p.id, "present", role="member")
        r1 = resolutions.add_resolution(s, draft, "تصویب بودجه پیشنهادی").id
        resolutions.add_resolution(s, draft, "بدون رأی")
        votes.set_named_votes(s, r1, {people[0].id: "for", people[1].id: "for", people[2].id: "against"})
        data = minutes_docx(s, draft)
    db.close()
    names = [p.full_name for p in people]
    expected = f"موافق: {names[0]}، {names[1]} — مخالف: {names[2]}"
    pdf = tmp_path / "m.pdf"
    assert cli("minutes", "--db", path, "--meeting", draft, "-o", pdf).returncode == 0
    lines = all_lines(pdf)
    assert has(lines, "آرا: موافق ۲، مخالف ۱، ممتنع ۰")
    for name in names:
        assert has(lines, name.split()[-1])
    assert has(lines, "موافق:") and has(lines, "مخالف:") and not has(lines, "ممتنع:")
    render_png(pdf, tmp_path / "m")
    assert cli("verify", "--db", path, pdf).returncode == 0
    cells = [c.text for t in Document(io.BytesIO(data)).tables for row in t.rows for c in row.cells]
    assert any(expected in c and "آرا: موافق ۲، مخالف ۱، ممتنع ۰" in c for c in cells), cells


def test_fingerprint_with_named_votes_differs_and_without_them_is_unchanged():
    from app.domain.enums import VoteChoice
    from app.services.dto import VoterDTO
    plain = meeting_fingerprint(_meeting())
    assert meeting_fingerprint(_meeting(resolution={"voters": ()})) == plain
    one = _meeting(resolution={"votes": Votes(1, 0, 0), "voters": (VoterDTO("p1", "علی", VoteChoice.FOR),)})
    other = _meeting(resolution={"votes": Votes(1, 0, 0), "voters": (VoterDTO("p2", "رضا", VoteChoice.FOR),)})
    assert meeting_fingerprint(one) != meeting_fingerprint(other) != plain
