"""The invitation's date (issue 24): dated the day it is issued, never after its meeting. For a meeting
still to come that is today; for one already held a reprint carries the day its invitation was first
issued here, or no date and a clear «رونوشت» line. Real .dabir files, the CLI, the PDF read back."""
import datetime as dt

from app.domain import jalali
from app.services import committees, directory, issued, meetings
from app.services.files import open_database
from reports import invitation

from .rtl_reference import pdf_lines, reference
from .test_documents import render_png

COPY_MARK = "رونوشت: این جلسه"


def _meeting(path, day: dt.date) -> str:
    db = open_database(path, create=True)
    with db.session() as s:
        org = directory.get_or_create_organization(s, "استانداری لرستان")
        cid = committees.create_committee(s, "کمیته آزمون دعوت", organization_id=org.id).id
        pid = directory.create_person(s, "مریم رضایی", post="دبیر", organization_id=org.id).id
        committees.add_member(s, cid, pid, "secretary")
        mid = meetings.create_meeting(s, cid, date=day, title="بررسی طرح‌ها", start="10:30", end="12:00",
                                      location="سالن جلسات").id
    db.close()
    return mid


def _reference_date(lines) -> str:
    date_lines = [line for line in lines if reference("تاریخ:") in line]
    assert date_lines, lines
    return date_lines[0]


def test_an_invitation_for_a_coming_meeting_is_dated_today(cli, tmp_path):
    path = tmp_path / "coming.dabir"
    today = jalali.today()
    mid = _meeting(path, today + dt.timedelta(days=10))
    out = tmp_path / "invite.pdf"
    r = cli("invitation", "--db", path, "--meeting", mid, "-o", out)
    assert r.returncode == 0, r.stderr
    lines = pdf_lines(out)[0]
    assert _reference_date(lines) == reference(f"تاریخ: {jalali.format_date(today)}")
    assert not any(reference(COPY_MARK) in line for line in lines)
    assert any(reference("با سلام و احترام،") in line for line in lines)
    assert any(reference("۱۰:۳۰ تا ۱۲:۰۰") in line for line in lines)           # Persian digits
    render_png(out, tmp_path / "invite")


def test_an_invitation_for_a_held_meeting_is_never_dated_after_it(cli, tmp_path):
    path = tmp_path / "held.dabir"
    held_on = jalali.today() - dt.timedelta(days=5)
    mid = _meeting(path, held_on)
    out = tmp_path / "late.pdf"
    r = cli("invitation", "--db", path, "--meeting", mid, "-o", out)
    assert r.returncode == 0, r.stderr
    lines = pdf_lines(out)[0]
    # no date: today would be after the meeting, and no invitation was issued before it
    assert _reference_date(lines) == reference("تاریخ: —")
    today = jalali.format_date(jalali.today())
    mark = f"{COPY_MARK} {jalali.format_long(held_on)} برگزار شده است؛ این برگ در {today} تهیه شد و دعوتنامه تازه نیست."
    body = " ".join(lines)
    assert reference(COPY_MARK) in body and reference("دعوتنامه تازه نیست.") in body, mark
    render_png(out, tmp_path / "late")

    # the invitation issued here eight days before the meeting: a reprint carries that day
    db = open_database(path)
    with db.session() as s:
        issued.register(s, "invitation", "0" * 64, meeting_id=mid, issued_on=held_on - dt.timedelta(days=8))
        issued.register(s, "invitation", "1" * 64, meeting_id=mid, issued_on=held_on + dt.timedelta(days=1))
    data = invitation.load(db, mid)
    db.close()
    assert invitation.issue_date(data) == held_on - dt.timedelta(days=8)
    out2 = tmp_path / "reprint.pdf"
    invitation.render(data, out2)
    lines = pdf_lines(out2)[0]
    assert _reference_date(lines) == reference(f"تاریخ: {jalali.format_date(held_on - dt.timedelta(days=8))}")
    assert any(reference(COPY_MARK) in line for line in lines)
