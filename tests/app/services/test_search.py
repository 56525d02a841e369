"""Search over meetings imported from JSON: every spelling variant finds every other, both ways."""
import json
from itertools import product
from pathlib import Path

import pytest

pytestmark = pytest.mark.backends

from app.services import meetings, resolutions
from app.services.exchange import import_meeting
from app.services.search import count, make_snippet, search

ZWNJ = "\u200c"
SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "sample" / "lorestan-meeting-1.json"

# Each group: one phrase written the ways Persian is typed. One meeting is imported per spelling.
GROUPS = [
    [f"شهرک{ZWNJ}های صنعتی", "شهرکهای صنعتی", "شهرک های صنعتی"],
    ["کسب و کار", "كسب و كار", "كَسب و کار"],
    ["۱۲۰۰ میلیارد ریال", "1200 میلیارد ریال", "١٢٠٠ میلیارد ریال"],
    [f"قزل{ZWNJ}آلا", "قزل آلا", "قزلآلا"],
    ["مصوّبه یکم", "مصوبه یکم", "مصـوبه يكم"],
]


def _meeting(number: int, phrase: str) -> dict:
    return {
        "format": "dabir-meeting/1",
        "committee": {"name": "کارگروه آزمون جستجو"},
        "meeting": {"number": number, "date": "1405/09/05", "summary": f"گزارش درباره {phrase} ارائه شد."},
        "attendees": [{"name": "زهرا موسوی", "role": "chair", "status": "present"}],
        "agenda": [{"title": f"بررسی {phrase}"}],
        "resolutions": [{"text": f"پیگیری {phrase} به دبیرخانه سپرده شد.", "responsible": ["استانداری لرستان"],
                         "follow_ups": [{"date": "1405/09/10", "status": "in_progress",
                                         "note": f"نامه درباره {phrase} ارسال شد."}]}],
    }


@pytest.fixture
def variants_db(db):
    """{phrase: meeting id}, one imported meeting per spelling of every group."""
    ids = {}
    with db.session() as s:
        number = 0
        for group in GROUPS:
            for phrase in group:
                number += 1
                ids[phrase] = import_meeting(s, _meeting(number, phrase)).id
    return db, ids


@pytest.mark.parametrize("group", GROUPS, ids=lambda g: g[1])
def test_every_spelling_finds_every_other(variants_db, group):
    db, ids = variants_db
    with db.session() as s:
        for query, written in product(group, group):
            hits = search(s, query, limit=200)
            found = {(h.kind, h.meeting_id) for h in hits}
            for kind in ("resolution", "follow_up", "agenda", "meeting"):
                assert (kind, ids[written]) in found, f"{query!r} did not find {kind} {written!r}"
        # and nothing outside the group matches its words
        others = {ids[p] for g in GROUPS if g is not group for p in g}
        assert not {h.meeting_id for h in search(s, group[0], limit=200)} & others


def test_sample_meeting_every_kind_is_found_with_its_meeting(db):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    with db.session() as s:
        mid = import_meeting(s, data).id
    with db.session() as s:
        def one(query, kind):
            hits = [h for h in search(s, query) if h.kind == kind]
            assert hits, f"{query!r} found no {kind}"
            return hits[0]
        r = one("CDA کارشناسان", "resolution")
        assert r.meeting_id == mid and r.code == "۱-۲" and r.resolution_id == r.id
        assert r.meeting_label == "کمیته توسعه خوشه‌های کسب و کار · جلسه ۱ · ۱۴۰۵/۰۸/۲۰"
        f = one("فهرست اوليه هفت دستگاه", "follow_up")
        assert f.code == "۱-۱" and f.snippet.startswith("فهرست اولیه") and f.meeting_id == mid
        assert one("تعیین دستگاههای متولی", "agenda").meeting_id == mid
        m = one("اعتماد متقابل", "meeting")
        a, b = m.match
        assert m.snippet[a:b] == "اعتماد متقابل" and m.snippet.startswith("…")
        assert one("خوشههای کسبوکار", "committee").meeting_id is None
        assert one("عبدالهی", "person").snippet.startswith("امید عبدالهی")
        assert count(s, "عبدالهی") >= 1


def test_short_words_and_empty_queries(db):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    with db.session() as s:
        import_meeting(s, data)
        assert search(s, "  ،  ") == [] and search(s, "") == []
        # two letters: below a trigram, found by scanning
        assert any(h.kind == "meeting" for h in search(s, "سنگ"))
        assert {h.kind for h in search(s, "دو")} >= {"meeting"}
        assert len(search(s, "خوشه", limit=2)) == 2


def test_edits_and_deletions_through_services(db):
    data = json.loads(SAMPLE.read_text(encoding="utf-8"))
    with db.session() as s:
        mid = import_meeting(s, data).id
        rid = resolutions.list_resolutions(s, meeting_id=mid)[1].id
    with db.session() as s:
        resolutions.update_resolution(s, rid, text="برگزاری نمایشگاه عسل و سنگ")
    with db.session() as s:
        assert [h.id for h in search(s, "نمایشگاه") if h.kind == "resolution"] == [rid]
        assert not [h for h in search(s, "CDA") if h.kind == "resolution"]
        resolutions.delete_resolution(s, rid)
    with db.session() as s:
        assert not search(s, "نمایشگاه")
        resolutions.add_follow_up(s, resolutions.list_resolutions(s, meeting_id=mid)[0].id, "done",
                                  note="کار با موفقیت تمام شد")
    with db.session() as s:
        assert [h.kind for h in search(s, "موفقیت")] == ["follow_up"]
        meetings.delete_meeting(s, mid)
    with db.session() as s:
        assert not search(s, "موفقیت") and not search(s, "اعتماد متقابل")
        assert {h.kind for h in search(s, "عبدالهی")} == {"person"}


def test_snippet_marks_the_words_as_written():
    text = "در لرستان 13 خوشه صنعتی توسط شرکت شهرک های صنعتی شناسایی شده است " * 3
    snippet, (a, b) = make_snippet(text, ["شهرکهای"], context=20)
    assert snippet[a:b] == "شهرک های" and snippet.startswith("…") and snippet.endswith("…")
    assert make_snippet("متن کوتاه", ["نیست"]) == ("متن کوتاه", None)
