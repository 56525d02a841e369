"""Undo and the recycle bin (issue 14): each undo takes back one unit of work, deletes included; the
bin restores deleted rows; both are audited, travel through merges, and never unlock an approval."""
import json
import sqlite3

import pytest

from app.domain.enums import MeetingStatus
from app.domain.errors import LockedError, ValidationError
from app.services import demo, meetings, resolutions, undo
from app.storage.models import Resolution
from tests.app.sharing_data import build, dump, edit, fork, merge, sha256


@pytest.fixture
def draft(db):
    """A draft meeting (the demo's approved first one, duplicated) and the audit mark before it."""
    with db.session() as s:
        demo.build_demo(s)
        first = meetings.list_meetings(s)[-1].id
        mid = meetings.duplicate_meeting(s, first).id
    with db.session() as s:
        return mid, first, undo.audit_mark(s)


def _audit(db, action):
    with db.session() as s:
        from sqlalchemy import select
        from app.storage.models import AuditEntry
        return [(e.entity, e.entity_id, json.loads(e.changes)) for e in
                s.scalars(select(AuditEntry).where(AuditEntry.action == action))]


def test_undo_takes_back_edits_one_unit_at_a_time_deletes_included(db, draft):
    mid, _, mark = draft
    with db.session() as s:
        rid = resolutions.add_resolution(s, mid, "تهیه گزارش پیشرفت").id
    with db.session() as s:
        meetings.update_meeting(s, mid, title="عنوان تازه", location="تالار دوم")
    with db.session() as s:
        resolutions.delete_resolution(s, rid)
    with db.session() as s:
        assert undo.can_undo(s, mark)
        undo.undo_last(s, mark)                                  # the delete
    with db.session() as s:
        assert [r.id for r in meetings.get_meeting(s, mid).resolutions] == [rid]
        undo.undo_last(s, mark)                                  # the two fields, in one step
    with db.session() as s:
        m = meetings.get_meeting(s, mid)
        assert m.title != "عنوان تازه" and m.location != "تالار دوم"
        undo.undo_last(s, mark)                                  # the resolution's creation
    with db.session() as s:
        assert meetings.get_meeting(s, mid).resolutions == ()
        assert s.get(Resolution, rid).deleted_at is not None    # a tombstone, as every delete
        assert not undo.can_undo(s, mark)
        with pytest.raises(ValidationError) as e:
            undo.undo_last(s, mark)
        assert "واگردانی" in e.value.fa
    # recorded in the audit log: the rows' own entries, and one "undo" entry per step
    assert len(_audit(db, "undo")) == 3
    assert any(ent == "resolution" and "deleted_at" in ch and ch["deleted_at"][1] is None
               for ent, _, ch in _audit(db, "update"))                 # the undelete itself


def test_undo_refused_when_changed_since_and_under_an_approval(db, draft):
    mid, first, mark = draft
    with db.session() as s:
        meetings.update_meeting(s, mid, title="الف")
    with db.session() as s:                                       # changed again by a later step...
        meetings.update_meeting(s, mid, title="ب")
    with db.session() as s:
        undo.undo_last(s, mark)                                  # ...which is undone first
        assert meetings.get_meeting(s, mid).title == "الف"
    with db.session() as s:
        meetings.approve_meeting(s, mid)
    path = db.path
    with db.session() as s:
        with pytest.raises(LockedError):
            undo.undo_last(s, mark)                              # the approval is never undone
    with db.session() as s:
        assert meetings.get_meeting(s, mid).status == MeetingStatus.APPROVED
    before = sha256(path)
    with db.session() as s:
        with pytest.raises(LockedError):
            undo.undo_last(s, mark)
    assert sha256(path) == before                                # a refusal writes nothing


def test_a_follow_up_on_approved_minutes_is_undone_and_the_status_recomputed(db, draft):
    """Its batch also moved the resolution's derived status, which lies under the approval: recomputed
    from the remaining follow-ups, not refused as a change to approved minutes (issue 23)."""
    _, first, mark = draft
    with db.session() as s:
        rid = next(r.id for r in resolutions.list_resolutions(s, meeting_id=first))
        was = resolutions.get_resolution(s, rid).status
        resolutions.add_follow_up(s, rid, "done" if was.value != "done" else "in_progress", note="پیگیری برگشتی")
    with db.session() as s:
        assert resolutions.get_resolution(s, rid).status != was
        undo.undo_last(s, mark)
    with db.session() as s:
        now = resolutions.get_resolution(s, rid)
        assert now.status == was and "پیگیری برگشتی" not in [f.note for f in now.follow_ups]


def test_recycle_bin_lists_and_restores(db, draft):
    mid, first, _ = draft
    with db.session() as s:
        m = meetings.get_meeting(s, mid)
        agenda = m.agenda[0]
        rid = resolutions.add_resolution(s, mid, "خرید تجهیزات").id
    with db.session() as s:
        meetings.delete_agenda_item(s, agenda.id)
        resolutions.delete_resolution(s, rid)
    with db.session() as s:
        meetings.delete_meeting(s, mid)
    with db.session() as s:
        binned = undo.list_deleted(s)
        kinds = {(d.entity, d.id): d for d in binned}
        assert binned[0].entity == "meeting" and binned[0].id == mid   # newest first
        assert kinds[("resolution", rid)].label == "خرید تجهیزات"
        assert kinds[("resolution", rid)].where.startswith("جلسه ۲")
        with pytest.raises(ValidationError) as e:               # its meeting first
            undo.restore(s, "resolution", rid)
        assert "نخست" in e.value.fa
    with db.session() as s:
        undo.restore(s, "meeting", mid)
    with db.session() as s:
        undo.restore(s, "resolution", rid)
        undo.restore(s, "agenda_item", agenda.id)
    with db.session() as s:
        m = meetings.get_meeting(s, mid)
        assert [r.id for r in m.resolutions] == [rid] and agenda.id in [a.id for a in m.agenda]
        assert not {d.id for d in undo.list_deleted(s)} & {mid, rid, agenda.id}
    assert {e[1] for e in _audit(db, "restore")} == {mid, rid, agenda.id}
    with db.session() as s:                                       # a restore can itself be undone
        undo.undo_last(s)
    with db.session() as s:
        assert agenda.id not in [a.id for a in meetings.get_meeting(s, mid).agenda]
    # an approved meeting's deleted row stays deleted: restoring would change approved minutes
    with db.session() as s:
        meetings.approve_meeting(s, mid)
    with db.session() as s, pytest.raises(LockedError):
        undo.restore(s, "agenda_item", agenda.id)


def test_a_restore_and_an_undo_travel_through_a_merge(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))
    a = tmp_path / "a.dabir"
    ids = build(a)
    b = fork(a, tmp_path / "b.dabir")
    r = ids["resolution"][0]
    # deleted in A, merged into B: deleted in both
    edit(a, lambda s: resolutions.delete_resolution(s, r))
    merge(b, a)
    assert edit(b, lambda s: s.get(Resolution, r).deleted_at) is not None
    # restored in A from the bin: an ordinary edit of deleted_at, taken by B's next merge
    edit(a, lambda s: undo.restore(s, "resolution", r))
    assert merge(b, a).updated >= 1
    assert edit(b, lambda s: s.get(Resolution, r).deleted_at) is None
    # a text edit in B, undone in B, reaches A as its undone value
    old = edit(b, lambda s: s.get(Resolution, r).text)
    edit(b, lambda s: resolutions.update_resolution(s, r, text="متن دیگر"))
    merge(a, b)
    assert edit(a, lambda s: s.get(Resolution, r).text) == "متن دیگر"
    edit(b, lambda s: undo.undo_last(s))
    merge(a, b)
    assert edit(a, lambda s: s.get(Resolution, r).text) == old
    assert dump(a)["resolution"] == dump(b)["resolution"]
    conn = sqlite3.connect(a)
    assert conn.execute("SELECT count(*) FROM merge_conflict WHERE resolved_at IS NULL").fetchone()[0] == 0
    conn.close()
