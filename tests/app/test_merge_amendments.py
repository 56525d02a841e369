"""An approved amendment (اصلاحیه) is sealed like approved minutes (issue 14): another office's file,
edited with sqlite3 as an adversary would (with and without forged audit entries), never changes it
in a merge without a `locked` conflict the secretary decides; the other file is only read."""
import datetime as dt
import sqlite3
import uuid

import pytest

from app.domain.enums import ChangeKind
from app.services import amendments
from app.services.seals import broken_seals, fingerprints
from app.storage.merge_models import MeetingSeal
from app.storage.search_keys import pack_id
from tests.app.sharing_data import conflicts_of, edit, fork, merge, sha256
from tests.app.test_merge_hostile import NOW, _approved_pair, _forge


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


def _amended_pair(tmp_path):
    """A's approved meeting 0 gets amendment 1 (resolution text and deadline changed; a third change
    added then removed), approved in A; both offices have merged each other since."""
    a, b, ids = _approved_pair(tmp_path, merged_both_ways=False)
    m0, r0 = ids["meeting"][0], ids["resolution"][0]

    def amend(s):
        aid = amendments.create_amendment(s, m0, "اصلاح به درخواست رئیس").id
        text = amendments.add_change(s, aid, ChangeKind.RESOLUTION_TEXT, r0, "متن اصلاح‌شده").ids[0]
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_DEADLINE, r0, dt.date(2026, 12, 1))
        gone = amendments.add_change(s, aid, ChangeKind.TEXT, None, "بند حذف‌شده").ids[0]
        amendments.remove_change(s, gone)
        amendments.approve_amendment(s, aid)
        return aid, text, gone
    ids["amendment"], ids["change"], ids["gone_change"] = edit(a, amend)
    merge(b, a)
    merge(a, b)
    return a, b, ids


def _forgeries(ids):
    aid, ch, gone = ids["amendment"], ids["change"], ids["gone_change"]
    ka, kc = pack_id(aid), pack_id(ch)     # the ids as the file holds them
    return {
        "amendment text": ([("UPDATE amendment SET text='دلیل دیگر' WHERE id=?", (ka,))], "amendment", aid,
                           {"text": ["اصلاح به درخواست رئیس", "دلیل دیگر"]}),
        "change value": ([("UPDATE amendment_change SET new_value='متن جعلی' WHERE id=?", (kc,))],
                         "amendment_change", ch, {"new_value": ["متن اصلاح‌شده", "متن جعلی"]}),
        "back to draft": ([("UPDATE amendment SET status='draft' WHERE id=?", (ka,))], "amendment", aid,
                          {"status": ["approved", "draft"]}),
        "tombstone": ([("UPDATE amendment SET deleted_at=? WHERE id=?", (NOW, ka))], "amendment", aid,
                      {"deleted_at": [None, NOW]}),
        "change tombstone": ([("UPDATE amendment_change SET deleted_at=? WHERE id=?", (NOW, kc))],
                             "amendment_change", ch, {"deleted_at": [None, NOW]}),
        "change undelete": ([("UPDATE amendment_change SET deleted_at=NULL WHERE id=?", (pack_id(gone),))],
                            "amendment_change", gone, {"deleted_at": [NOW, None]}),
        "new change": ([("INSERT INTO amendment_change (id, amendment_id, position, kind, target_id, old_value, "
                         "new_value, created_at, updated_at, row_version) VALUES (?, ?, 9, 'text', NULL, NULL, "
                         "'بند افزوده', ?, ?, 1)", (pack_id(str(uuid.uuid4())), ka, NOW, NOW))], None, None, None),
        "moved to another meeting": ([("UPDATE amendment SET meeting_id=? WHERE id=?", (pack_id(ids["meeting"][1]), ka))],
                                     "amendment", aid, {"meeting_id": [ids["meeting"][0], ids["meeting"][1]]}),
    }


KINDS = list(_forgeries({"amendment": "a", "change": "c", "gone_change": "g", "meeting": ["m", "n"]}))


def _state(path, aid):
    """What the secretary sees of the amendment, and its fingerprint."""
    return edit(path, lambda s: (amendments.get_amendment(s, aid), fingerprints(s.connection(), [aid])[aid]))


@pytest.mark.parametrize("forged_log", [True, False], ids=["forged audit", "no audit"])
@pytest.mark.parametrize("kind", KINDS)
def test_nothing_in_an_approved_amendment_changes_without_a_conflict(tmp_path, kind, forged_log):
    a, b, ids = _amended_pair(tmp_path)
    aid = ids["amendment"]
    before = _state(a, aid)
    sql, entity, entity_id, changes = _forgeries(ids)[kind]
    _forge(b, sql, entity, entity_id, changes) if forged_log else _forge(b, sql)
    theirs = sha256(b)
    summary = merge(a, b)
    assert sha256(b) == theirs  # the other file is only read
    assert summary.conflicting >= 1 and summary.updated == 0  # nothing taken silently
    assert _state(a, aid) == before
    assert edit(a, lambda s: broken_seals(s.connection())) == []
    locked = [c for c in conflicts_of(a) if c.kind == "locked"]
    assert locked and {c.entity for c in locked} <= {"amendment", "amendment_change"}
    again = merge(a, b)  # the same file again: the conflicts stand, nothing new
    assert (again.added, again.updated, again.conflicting) == (0, 0, 0)
    assert _state(a, aid) == before


def test_approving_an_amendment_records_its_seal_and_an_edit_outside_dabir_breaks_it(tmp_path):
    a, _, ids = _amended_pair(tmp_path)
    aid = ids["amendment"]
    seal = edit(a, lambda s: (s.get(MeetingSeal, aid).fingerprint, fingerprints(s.connection(), [aid])[aid]))
    assert seal[0] == seal[1] and len(seal[0]) == 64
    # the meeting's own seal is a different one, untouched by the amendment
    m0 = ids["meeting"][0]
    assert edit(a, lambda s: s.get(MeetingSeal, m0).fingerprint) != seal[0]
    conn = sqlite3.connect(a)
    with conn:
        conn.execute("UPDATE amendment_change SET new_value='دست‌کاری' WHERE id=?", (pack_id(ids["change"]),))
    conn.close()
    assert edit(a, lambda s: broken_seals(s.connection())) == [aid]


def test_an_amendment_approved_before_seals_is_sealed_at_the_first_merge(tmp_path):
    """A file from before amendment seals: its approved amendment has no seal row. The first merge
    seals it as it is here, then holds to it."""
    a, b, ids = _amended_pair(tmp_path)
    aid = ids["amendment"]
    conn = sqlite3.connect(a)
    with conn:
        conn.execute("DELETE FROM meeting_seal WHERE meeting_id=?", (pack_id(aid),))
    conn.close()
    before = _state(a, aid)
    sql, entity, entity_id, changes = _forgeries(ids)["change value"]
    _forge(b, sql, entity, entity_id, changes)
    summary = merge(a, b)
    assert summary.conflicting == 1 and _state(a, aid) == before
    assert edit(a, lambda s: s.get(MeetingSeal, aid).fingerprint) == before[1]
    [c] = conflicts_of(a)
    assert (c.kind, c.entity, c.field, c.mine, c.theirs) == ("locked", "amendment_change", "new_value",
                                                           "متن اصلاح‌شده", "متن جعلی")


def test_an_amendment_approved_elsewhere_arrives_and_is_sealed_here(tmp_path):
    """Amending approved minutes is the point: a new amendment from the office that owns the meeting
    (A, whose committee it is) is taken whole in B, with its changes, and once there and approved it is
    sealed there too. (An amendment of A's minutes approved only in B is held in A instead:
    test_trust_anchors.py.)"""
    a, b, ids = _approved_pair(tmp_path)
    m0, r0 = ids["meeting"][0], ids["resolution"][0]

    def amend(s):
        aid = amendments.create_amendment(s, m0).id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_TEXT, r0, "متن دفتر الف")
        amendments.approve_amendment(s, aid)
        return aid
    aid = edit(a, amend)
    summary = merge(b, a)
    assert summary.conflicting == 0 and conflicts_of(b) == []
    got = edit(b, lambda s: amendments.get_amendment(s, aid))
    assert got.locked and [c.new for c in got.changes] == ["متن دفتر الف"]
    seal = edit(b, lambda s: s.get(MeetingSeal, aid).fingerprint)
    assert seal == edit(a, lambda s: s.get(MeetingSeal, aid).fingerprint)
    # and from then on it is held: a later edit there is a locked conflict here
    _forge(a, [("UPDATE amendment SET text='بعدی' WHERE id=?", (pack_id(aid),))])
    assert merge(b, a).conflicting == 1
    assert edit(b, lambda s: amendments.get_amendment(s, aid)) == got


def test_a_draft_amendment_still_merges_as_ordinary_rows(tmp_path):
    a, b, ids = _approved_pair(tmp_path)
    m0 = ids["meeting"][0]
    aid = edit(a, lambda s: amendments.create_amendment(s, m0, "پیش‌نویس").id)
    merge(b, a)
    edit(b, lambda s: amendments.update_amendment(s, aid, "پیش‌نویس ب"))
    summary = merge(a, b)
    assert summary.conflicting == 0 and summary.updated == 1
    assert edit(a, lambda s: amendments.get_amendment(s, aid).text) == "پیش‌نویس ب"


def test_taking_theirs_in_a_locked_amendment_conflict_is_the_secretarys_decision_and_reseals(tmp_path):
    from app.services.conflicts import resolve_conflict
    a, b, ids = _amended_pair(tmp_path)
    aid = ids["amendment"]
    sql, entity, entity_id, changes = _forgeries(ids)["change value"]
    _forge(b, sql, entity, entity_id, changes)
    merge(a, b)
    [c] = conflicts_of(a)
    edit(a, lambda s: resolve_conflict(s, c.id, "theirs"))
    got = edit(a, lambda s: amendments.get_amendment(s, aid))
    assert got.changes[0].new == "متن جعلی" and got.locked
    assert edit(a, lambda s: broken_seals(s.connection())) == []      # sealed again over what was decided
    assert edit(a, lambda s: s.get(MeetingSeal, aid).fingerprint) == _state(a, aid)[1]


def _added_pair(tmp_path):
    """A's approved meeting 0 gets amendment 1 adding a resolution, approved in A and merged both ways."""
    a, b, ids = _approved_pair(tmp_path, merged_both_ways=False)
    m0 = ids["meeting"][0]

    def amend(s):
        from app.storage.models import Resolution
        aid = amendments.create_amendment(s, m0).id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_NEW, None, "مصوبه افزوده اصلاحیه")
        amendments.approve_amendment(s, aid)
        return aid, s.query(Resolution.id).filter(Resolution.amendment_id == aid).scalar()
    ids["amendment"], ids["added"] = edit(a, amend)
    merge(b, a)
    merge(a, b)
    return a, b, ids


def _added_forgeries(ids):
    aid, added, r0 = ids["amendment"], ids["added"], ids["resolution"][0]
    ka, kx = pack_id(aid), pack_id(added)     # the ids as the file holds them
    return {
        "added text": ([("UPDATE resolution SET text='متن جعلی' WHERE id=?", (kx,))], "resolution", added,
                       {"text": ["مصوبه افزوده اصلاحیه", "متن جعلی"]}),
        "added tombstone": ([("UPDATE resolution SET deleted_at=? WHERE id=?", (NOW, kx))], "resolution", added,
                            {"deleted_at": [None, NOW]}),
        "out of the amendment": ([("UPDATE resolution SET amendment_id=NULL WHERE id=?", (kx,))], "resolution",
                                 added, {"amendment_id": [aid, None]}),
        "original into the amendment": ([("UPDATE resolution SET amendment_id=? WHERE id=?", (ka, pack_id(r0)))],
                                        "resolution", r0, {"amendment_id": [None, aid]}),
        "another added": ([("INSERT INTO resolution (id, meeting_id, amendment_id, number, text, base_status, status,"
                            " created_at, updated_at, row_version) VALUES (?, ?, ?, 9, 'افزوده جعلی', 'pending',"
                            " 'pending', ?, ?, 1)", (pack_id(str(uuid.uuid4())), pack_id(ids["meeting"][0]), ka, NOW, NOW))],
                          None, None, None),
    }


ADDED_KINDS = list(_added_forgeries({"amendment": "a", "added": "x", "resolution": ["r"], "meeting": ["m"]}))


def _tracked(path):
    from app.services import resolutions
    return edit(path, lambda s: sorted((r.id, r.text, r.amended) for r in resolutions.list_resolutions(s)))


@pytest.mark.parametrize("forged_log", [True, False], ids=["forged audit", "no audit"])
@pytest.mark.parametrize("kind", ADDED_KINDS)
def test_a_resolution_an_approved_amendment_added_is_sealed_with_it(tmp_path, kind, forged_log):
    a, b, ids = _added_pair(tmp_path)
    before, tracked = _state(a, ids["amendment"]), _tracked(a)
    sql, entity, entity_id, changes = _added_forgeries(ids)[kind]
    _forge(b, sql, entity, entity_id, changes) if forged_log else _forge(b, sql)
    theirs = sha256(b)
    summary = merge(a, b)
    assert sha256(b) == theirs
    assert summary.conflicting >= 1 and summary.updated == 0
    assert _state(a, ids["amendment"]) == before and _tracked(a) == tracked
    assert edit(a, lambda s: broken_seals(s.connection())) == []
    assert {c.kind for c in conflicts_of(a)} == {"locked"}


def test_a_resolution_naming_no_amendment_is_refused_and_the_file_untouched(tmp_path):
    from app.domain.errors import DabirError
    a, b, ids = _added_pair(tmp_path)
    _forge(b, [("UPDATE resolution SET amendment_id=? WHERE id=?", (pack_id(str(uuid.uuid4())), pack_id(ids["added"])))])
    mine = sha256(a)
    with pytest.raises(DabirError, match="amendment_id"):
        merge(a, b)
    assert sha256(a) == mine
