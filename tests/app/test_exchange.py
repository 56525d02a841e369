import copy
import json

import pytest

pytestmark = pytest.mark.backends

from app.domain.errors import ValidationError
from app.services import directory, exchange, resolutions
from app.services.demo import build_demo
from tests.documents import pdf

ZWNJ = "\u200c"
MEETING = {
    "format": "dabir-meeting/1",
    "committee": {"name": "کميته توسعه خوشه‌هاي کسب و کار", "organization": "استانداری لرستان"},
    "meeting": {"title": "جلسه ۷ کمیته", "date": "۱۴۰۵/09/٠٥", "start": "۱۰:۳۰", "end": "12:00",
                "location": "سالن ۲", "summary": f"بند اول درباره شهرک{ZWNJ}های صنعتی.\nبند دوم: 13 خوشه و ۲ طرح."},
    "attendees": [
        {"name": "علیرضا کرمی", "title": "معاون", "organization": "استانداری لرستان", "role": "chair", "status": "present"},
        {"name": "مريم رضايي", "role": "secretary", "status": "present"},
        {"name": "رضا عبداللهی", "title": "معاون", "organization": "سازمان جهاد کشاورزی", "role": "member", "status": "excused"},
        {"name": "امید عبدالهی", "role": "guest", "status": "late", "on_behalf_of": "رضا عبداللهی"},
    ],
    "agenda": [{"title": "گزارش (CDA)", "presenter": "علیرضا کرمی", "notes": "لطفاً کتباً"}, {"title": "دستور دوم"}],
    "resolutions": [
        {"text": f"آموزش عامل توسعه خوشه (CDA) برای کارشناسان دستگاه{ZWNJ}ها", "responsible": ["سازمان جهاد کشاورزی", "علیرضا کرمی"],
         "deadline": "1405/10/01", "status": "pending",
         "follow_ups": [{"date": "۱۴۰۵/۰۹/۲۰", "status": "in_progress", "note": "۷۵٪ انجام شد"}]},
        {"text": "واگذاری خوشه ورشو", "responsible": ["اداره میراث فرهنگی"]},
    ],
}


def test_round_trip_keeps_persian_zwnj_and_normalises(session):
    mid = exchange.import_meeting(session, copy.deepcopy(MEETING)).id
    out = exchange.export_meeting(session, mid)
    assert out["committee"]["name"] == "کمیته توسعه خوشه‌های کسب و کار"  # Arabic ي/ك normalised, ZWNJ kept
    assert out["meeting"]["date"] == "1405/09/05" and out["meeting"]["start"] == "10:30"
    assert out["meeting"]["summary"] == MEETING["meeting"]["summary"]
    assert out["attendees"][1]["name"] == "مریم رضایی"
    assert out["attendees"][3]["on_behalf_of"] == "رضا عبداللهی"
    assert out["resolutions"][0]["text"] == MEETING["resolutions"][0]["text"]
    assert out["resolutions"][0]["status"] == "in_progress"
    assert out["resolutions"][0]["follow_ups"] == [{"date": "1405/09/20", "status": "in_progress", "note": "۷۵٪ انجام شد"}]
    assert out["agenda"][0] == {"title": "گزارش (CDA)", "presenter": "علیرضا کرمی", "notes": "لطفاً کتباً"}
    # the export imports back to an identical export (into a fresh committee name to avoid number clash)
    again = copy.deepcopy(out)
    again["meeting"]["number"] = 2
    second = exchange.export_meeting(session, exchange.import_meeting(session, again).id)
    assert {**second, "meeting": {**second["meeting"], "number": 1}} == out
    assert json.dumps(out, ensure_ascii=False, sort_keys=True) == json.dumps(
        exchange.export_meeting(session, mid), ensure_ascii=False, sort_keys=True)  # deterministic


def test_import_reuses_committee_people_and_organisations(session):
    exchange.import_meeting(session, copy.deepcopy(MEETING))
    before = (len(directory.list_people(session)), len(directory.list_organizations(session)))
    second = copy.deepcopy(MEETING)
    second["meeting"]["date"] = "1405/10/05"
    second["committee"]["name"] = "کمیته توسعه خوشه‌های کسب و کار"
    mid = exchange.import_meeting(session, second).id
    assert (len(directory.list_people(session)), len(directory.list_organizations(session))) == before
    assert exchange.export_meeting(session, mid)["meeting"]["number"] == 2
    responsible = resolutions.list_resolutions(session, meeting_id=mid)[0].responsible
    assert [(p.kind, p.name) for p in responsible] == [("organization", "سازمان جهاد کشاورزی"), ("person", "علیرضا کرمی")]


@pytest.mark.parametrize("path, value, field", [
    (("format",), "dabir-meeting/9", "format"),
    (("meeting", "date"), "1405/13/01", "meeting.date"),
    (("meeting", "date"), None, "meeting.date"),
    (("meeting", "start"), "25:00", "meeting.start"),
    (("meeting", "date"), "2026-11-11", "meeting.date"),
    (("meeting", "number"), 2 ** 64, "meeting.number"),
    (("meeting", "number"), 0, "meeting.number"),
    (("committee",), "not an object", "committee"),
    (("attendees", 1, "role"), "boss", "attendees[1].role"),
    (("attendees", 0, "status"), "asleep", "attendees[0].status"),
    (("resolutions", 1, "deadline"), "فردا", "resolutions[1].deadline"),
    (("resolutions", 0, "follow_ups", 0, "status"), "maybe", "resolutions[0].follow_ups[0].status"),
    (("resolutions", 0, "text"), "  ", "resolutions[0].text"),
])
def test_bad_input_names_the_field(session, path, value, field):
    data = copy.deepcopy(MEETING)
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(ValidationError) as e:
        exchange.import_meeting(session, data)
    assert field in e.value.en


def test_demo_seed_is_the_lorestan_meeting(session):
    build_demo(session)
    build_demo(session)  # idempotent: the seed is not added twice
    rs = resolutions.list_resolutions(session)
    assert len(rs) == 3
    assert "عضویت" in rs[0].text and "CDA" in rs[1].text
    assert "ورشو" in rs[2].text and "قزل‌آلا" in rs[2].text
    assert {p.name for p in rs[2].responsible} >= {"سازمان جهاد کشاورزی لرستان"}
    assert set(rs[2].topics) == {"ورشو", "پرورش ماهی قزل‌آلا"}


def test_demo_scale_is_deterministic(tmp_path):
    from app.services.files import open_database
    exports = []
    for name in ("a.dabir", "b.dabir"):
        db = open_database(tmp_path / name, create=True)
        with db.session() as s:
            build_demo(s, scale=30)
            exports.append(exchange.export_all(s))
        db.close()
    assert len(exports[0]) == 31 and exports[0] == exports[1]
    sizes = [len(m["resolutions"]) for m in exports[0] if m["committee"]["name"].endswith("(نمونه)")]
    assert len(sizes) == 30
    assert 8 <= min(sizes) and max(sizes) <= 12
    assert any(r.get("follow_ups") for m in exports[0] for r in m["resolutions"])


def test_cli_import_refuses_a_gregorian_date_and_a_huge_number(tmp_path, cli):
    """`"date": "2026-11-11"` was stored as Jalali year 2026 (2648 AD); 2**64 crashed with exit 1."""
    import json
    db = tmp_path / "x.dabir"
    for key, value, expect in (("date", "2026-11-11", "in Jalali it is 1405/08/20"),
                               ("number", 2 ** 64, "meeting number must be between 1 and 999999")):
        data = copy.deepcopy(MEETING)
        data["meeting"][key] = value
        f = tmp_path / f"{key}.json"
        f.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        out = cli("import", "--db", db, f)
        assert out.returncode == 2 and expect in out.stderr and "Traceback" not in out.stderr, out.stderr
        assert len(out.stderr.strip().splitlines()) == 1
    assert not db.exists()


def test_a_10_mb_attachment_round_trips_through_export_import_merge_and_save(tmp_path, cli):
    """Issue 14: export (JSON, the bytes in base64), import into another office's file, merge that into
    a third, save it from there: the same sha256 all the way; votes and the letter number come along."""
    import hashlib
    import json
    import os
    from app.services import attachments
    from app.services.files import open_database
    data = pdf(os.urandom(10 * 2 ** 20))          # attachments are sniffed: a PDF starts %PDF-
    letter = pdf("نامه پاسخ.pdf".encode() + os.urandom(3000))
    src = tmp_path / "src.dabir"
    db = open_database(src, create=True)
    with db.session() as s:
        mid = exchange.import_meeting(s, copy.deepcopy(MEETING)).id
        rid = resolutions.list_resolutions(s, meeting_id=mid)[0].id
        attachments.add_attachment(s, "meeting", mid, "ارائه.pdf", data)
        resolutions.set_votes(s, rid, 9, 2, 1)
        resolutions.add_follow_up(s, rid, "done", note="انجام شد", letter_number="۱۲/۳۴۵",
                                  attachment=("نامه.pdf", letter))
    db.close()
    out = cli("export", "--db", src, "--meeting", mid)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    if isinstance(doc, list):
        [doc] = doc
    assert doc["meeting"]["attachments"][0]["sha256"] == hashlib.sha256(data).hexdigest()
    (tmp_path / "m.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    office = tmp_path / "office.dabir"
    assert cli("import", "--db", office, tmp_path / "m.json").returncode == 0
    third = tmp_path / "third.dabir"
    assert cli("demo", "--db", third).returncode == 0
    merged = cli("merge", "--db", third, "--from", office)
    assert merged.returncode == 0, merged.stderr
    db = open_database(third)
    with db.session() as s:
        from app.services import meetings
        [mid] = [x.id for x in meetings.list_meetings(s) if attachments.list_attachments(s, "meeting", x.id)]
        m = exchange.export_meeting(s, mid)
        [att] = attachments.list_attachments(s, "meeting", mid)
        saved = attachments.save_attachment(s, att.id, tmp_path / "saved.pdf")
    db.close()
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == hashlib.sha256(data).hexdigest()
    assert m["resolutions"] == doc["resolutions"] and m["meeting"]["attachments"] == doc["meeting"]["attachments"]
    r = m["resolutions"][0]
    assert r["votes"] == {"for": 9, "against": 2, "abstain": 1}
    [follow] = [f for f in r["follow_ups"] if f.get("letter_number")]
    assert follow["letter_number"] == "۱۲/۳۴۵" and follow["attachments"][0]["name"] == "نامه.pdf"
    assert follow["attachments"][0]["sha256"] == hashlib.sha256(letter).hexdigest()


@pytest.mark.parametrize("change, field", [
    (lambda a: a.update(content="این base64 نیست!"), "meeting.attachments[0].content"),
    (lambda a: a.update(sha256="0" * 64), "meeting.attachments[0].sha256"),
    (lambda a: a.pop("name"), "meeting.attachments[0].name"),
])
def test_a_bad_attachment_in_an_import_names_its_place(session, change, field):
    import base64
    data = copy.deepcopy(MEETING)
    data["meeting"]["attachments"] = [{"name": "الف.txt", "content": base64.b64encode(b"abc").decode()}]
    change(data["meeting"]["attachments"][0])
    with pytest.raises(ValidationError) as e:
        exchange.import_meeting(session, data)
    assert field in e.value.en
