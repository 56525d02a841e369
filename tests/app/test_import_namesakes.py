"""Issue 25, "names are values": an imported attendee is the person already in the file only if the
name AND the title/organisation agree; two people called مریم رضایی are two people, and the import
lists the namesakes it kept apart."""
import copy
import json

from app.services import directory, exchange, meetings

MEETING = {
    "format": "dabir-meeting/1",
    "committee": {"name": "کمیته آب"},
    "meeting": {"date": "1405/09/05"},
    "attendees": [
        {"name": "مریم رضایی", "title": "کارشناس", "organization": "شرکت آب منطقه‌ای", "role": "member"},
        {"name": "علی کرمی", "title": "مدیرکل", "organization": "استانداری لرستان", "role": "chair"},
    ],
}


def _people(s, name):
    return [p for p in directory.list_people(s) if p.full_name == name]


def test_a_namesake_with_another_title_is_another_person(session):
    kept = directory.create_person(session, "مریم رضایی", post="مدیرکل",
                                   organization_id=directory.get_or_create_organization(session, "فرمانداری").id).id
    changes = exchange.import_meeting(session, copy.deepcopy(MEETING))
    maryams = _people(session, "مریم رضایی")
    assert len(maryams) == 2
    new = next(p for p in maryams if p.id != kept)
    assert (new.post, new.organization) == ("کارشناس", "شرکت آب منطقه‌ای")
    assert directory.get_person(session, kept).post == "مدیرکل"      # the one in the file is untouched
    assert f"namesake:{new.id}:{kept}" in changes.warnings
    attendees = {a.person.id for a in meetings.get_meeting(session, changes.id).attendance}
    assert new.id in attendees and kept not in attendees


def test_a_namesake_that_agrees_is_the_same_person(session):
    org = directory.get_or_create_organization(session, "استانداری لرستان").id
    known = directory.create_person(session, "علي كرمي", post="مدیرکل", organization_id=org).id   # Arabic ي/ك
    blank = directory.create_person(session, "مریم رضایی").id                     # nothing to disagree with
    changes = exchange.import_meeting(session, copy.deepcopy(MEETING))
    assert [p.id for p in _people(session, "علی کرمی")] == [known]
    assert [p.id for p in _people(session, "مریم رضایی")] == [blank]
    assert directory.get_person(session, blank).post == "کارشناس"     # filled in where it was empty
    assert not changes.warnings


def test_cli_import_lists_the_namesakes(cli, tmp_path):
    db = tmp_path / "x.dabir"
    first = copy.deepcopy(MEETING)
    first["attendees"] = [{"name": "مریم رضایی", "title": "مدیرکل", "organization": "فرمانداری"}]
    (tmp_path / "a.json").write_text(json.dumps(first, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({**MEETING, "meeting": {"date": "1405/09/12"}}, ensure_ascii=False),
                                     encoding="utf-8")
    assert cli("import", tmp_path / "a.json", "--db", db).returncode == 0
    r = cli("import", tmp_path / "b.json", "--db", db)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.strip().splitlines()
    assert len(lines) == 2 and "namesake" in lines[1]
    assert "مریم رضایی (کارشناس، شرکت آب منطقه‌ای)" in lines[1] and "مریم رضایی (مدیرکل، فرمانداری)" in lines[1]
    people = json.loads(cli("list", "people", "--db", db, "--json").stdout)
    assert {p.get("post") for p in people if p["name"] == "مریم رضایی"} == {"کارشناس", "مدیرکل"}
