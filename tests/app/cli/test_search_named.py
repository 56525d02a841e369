"""Issue 25: search finds a follow-up by its letter's number («۹۸۷۶/۵۴۳», typed in any digits), an
issued document by its number in the register, and resolutions by the name of an organisation
responsible for them, in the service and in `dabir search` (a real process)."""
import json

from app.services import demo, directory, issued, meetings, resolutions, search
from app.services.files import open_database


def _file(path):
    db = open_database(path, create=True)
    with db.session() as s:
        demo.build_demo(s)
        m = meetings.list_meetings(s)[0]
        org = directory.create_organization(s, "سازمان صنعت، معدن و تجارت").id
        draft = meetings.duplicate_meeting(s, m.id).id
        rid = resolutions.add_resolution(s, draft, "گزارش صادرات تهیه شود.",
                                         responsible=[("organization", org)]).id
        fid = resolutions.add_follow_up(s, rid, "in_progress", note="نامه فرستاده شد",
                                        letter_number="9876/543").ids[0]
        iid = issued.register(s, "minutes", "ab" * 32, meeting_id=m.id, number="۴۵۶۷/۸۹").id
    db.close()
    return rid, fid, iid


def test_search_by_letter_number_register_and_organisation(tmp_path):
    rid, fid, iid = _file(tmp_path / "a.dabir")
    db = open_database(tmp_path / "a.dabir")
    try:
        with db.session() as s:
            letter = search.search(s, "۹۸۷۶/۵۴۳")
            register = search.search(s, "4567/89")
            org = search.search(s, "صنعت معدن")
            counted = search.count(s, "۹۸۷۶/۵۴۳")
    finally:
        db.close()
    assert [(h.kind, h.id) for h in letter] == [("follow_up", fid)] and counted == 1
    assert "9876/543" in letter[0].snippet and letter[0].resolution_id == rid
    assert [(h.kind, h.id) for h in register] == [("issued", iid)]
    assert ("resolution", rid) in [(h.kind, h.id) for h in org]
    assert "سازمان صنعت، معدن و تجارت" in next(h for h in org if h.id == rid).snippet


def test_cli_search_finds_a_letter_number(cli, tmp_path):
    rid, fid, _ = _file(tmp_path / "a.dabir")
    r = cli("search", "--db", tmp_path / "a.dabir", "--json", "٩٨٧٦/٥٤٣")       # Arabic-Indic digits
    assert r.returncode == 0, r.stderr
    assert [(h["kind"], h["id"]) for h in json.loads(r.stdout)] == [("follow_up", fid)]
