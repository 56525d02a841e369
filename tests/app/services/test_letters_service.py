"""Issue 26: which letters a meeting and an overdue date give (bodies, their resolutions, days
overdue) and the register's letter numbers, on both backends (the PDFs: tests/reports/test_letters.py)."""
import pytest

from app.domain.jalali import parse_date as J
from app.services import committees, directory, letters, meetings, resolutions

pytestmark = pytest.mark.backends


def test_letters_group_by_body_and_number_in_sequence(session, tmp_path):
    cid = committees.create_committee(session, "کمیته آب").id
    samt = directory.create_organization(session, "سازمان صنعت، معدن و تجارت").id
    directory.create_person(session, "علی رضایی", organization_id=samt)
    mid = meetings.create_meeting(session, cid, date=J("1405/05/01")).id
    add = resolutions.add_resolution
    add(session, mid, "یک", ["استانداری", "علی رضایی"], J("1405/06/01"))
    add(session, mid, "دو", ["سازمان صنعت، معدن و تجارت", "علی رضایی"], J("1405/05/15"))  # one body, once
    add(session, mid, "سه", ["محیط زیست"], status="cancelled")
    got = letters.meeting_letters(session, mid, day=J("1405/05/02"))
    assert [(x.body, [i.resolution.text for i in x.items]) for x in got] == [
        ("استانداری", ["یک"]), ("سازمان صنعت، معدن و تجارت", ["یک", "دو"])]
    reminders = letters.overdue_letters(session, J("1405/06/10"), cid)
    assert [(x.body, [(i.resolution.text, i.days_overdue) for i in x.items]) for x in reminders] == [
        ("استانداری", [("یک", 9)]), ("سازمان صنعت، معدن و تجارت", [("دو", 26), ("یک", 9)])]
    assert letters.next_number(session, J("1405/06/10")) == "1405/1"
    for n, letter in enumerate(reminders, 1):
        f = tmp_path / f"{n}.pdf"
        f.write_bytes(f"letter {n}".encode())
        assert letters.record(session, letter, letters.next_number(session, letter.day), f).number == f"1405/{n}"
    assert letters.next_number(session, J("1405/06/10")) == "1405/3"
    assert letters.next_number(session, J("1406/01/01")) == "1406/1"           # each year starts again
