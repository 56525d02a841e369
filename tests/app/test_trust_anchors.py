"""Issue 22, attacks 3 to 5: another office's file, crafted with plain SQL (or made by Dabir itself in
that office), merged into mine. Ownership (app/services/ownership.py) decides who may delete or approve
changes: their amendment of my approved minutes, their tombstones on my rows, and their rename of an
organisation my approved minutes print are held as conflicts; an older copy merged after a newer one
rolls nothing back, in any order."""
import datetime as dt
import itertools
import json
import shutil
import uuid

import pytest

from app.domain.enums import ChangeKind
from app.services import amendments, committees
from app.services.seals import broken_seals, fingerprints
from app.storage.models import Committee, FollowUp, Organization, ResolutionParty
from app.storage.search_keys import pack_id
from tests.app.sharing_data import build, conflicts_of, dump, edit, fork, merge
from tests.app.sharing_data import run_sql as _sql
from tests.app.sharing_data import read_sql as _one
from tests.app.test_merge_hostile import _approved_pair

NOW = "2026-05-01 10:00:00.000000"


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


def _office(path) -> str:
    return _one(path, "SELECT value FROM setting WHERE key='office.id'")[0][0]


def _forge_amendment(b, m0, r0):
    """In B's file with sqlite3: amendment 1 of my meeting, approved, cancelling my resolution r0 and
    adding two resolutions."""
    aid = str(uuid.uuid4())
    new, ka, km = (lambda: pack_id(str(uuid.uuid4()))), pack_id(aid), pack_id(m0)   # ids as the file holds them
    _sql(b, ("INSERT INTO amendment (id, meeting_id, number, text, status, created_at, updated_at, row_version) "
             "VALUES (?, ?, 1, 'اصلاح', 'approved', ?, ?, 1)", (ka, km, NOW, NOW)),
         ("INSERT INTO amendment_change (id, amendment_id, position, kind, target_id, created_at, updated_at, "
          "row_version) VALUES (?, ?, 0, 'resolution_cancel', ?, ?, ?, 1)", (new(), ka, pack_id(r0), NOW, NOW)),
         *[("INSERT INTO resolution (id, meeting_id, number, text, base_status, status, amendment_id, created_at, "
            "updated_at, row_version) VALUES (?, ?, ?, 'مصوبه افزوده', 'pending', 'pending', ?, ?, ?, 1)",
            (new(), km, n, ka, NOW, NOW)) for n in (7, 8)])
    return aid


def _amend_with_dabir(b, m0, r0):
    """The same, made by Dabir's own services in B's copy: still only B's approval."""
    def amend(s):
        aid = amendments.create_amendment(s, m0, "اصلاح دفتر ب").id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_CANCEL, r0)
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_NEW, None, "مصوبه افزوده")
        amendments.approve_amendment(s, aid)
        return aid
    return edit(b, amend)


@pytest.mark.parametrize("made", [_forge_amendment, _amend_with_dabir], ids=["sqlite3", "their Dabir"])
def test_an_amendment_of_my_approved_minutes_approved_only_there_is_held(tmp_path, cli, made):
    a, b, ids = _approved_pair(tmp_path)
    m0, r0 = ids["meeting"][0], ids["resolution"][0]
    aid = made(b, m0, r0)
    live = "SELECT id, status FROM resolution WHERE meeting_id=? AND deleted_at IS NULL ORDER BY id"
    before, seal = _one(a, live, (pack_id(m0),)), edit(a, lambda s: fingerprints(s.connection(), [m0]))
    export = cli("export", "--db", a, "--meeting", m0).stdout
    r = cli("merge", "--db", a, "--from", b)
    assert r.returncode == 0, r.stderr
    assert _one(a, live, (pack_id(m0),)) == before                         # nothing cancelled, nothing added
    assert edit(a, lambda s: fingerprints(s.connection(), [m0])) == seal
    assert edit(a, lambda s: broken_seals(s.connection())) == []
    assert cli("export", "--db", a, "--meeting", m0).stdout == export
    assert _one(a, "SELECT deleted_at IS NOT NULL FROM amendment WHERE id=?", (pack_id(aid),)) == [(1,)]   # kept, hidden
    held = [(c.kind, c.entity, c.field) for c in conflicts_of(a)]
    assert ("locked", "amendment", "deleted_at") in held
    listed = cli("conflicts", "--db", a).stdout
    assert "amendment.deleted_at" in listed and aid in listed


def test_a_draft_amendment_of_mine_approved_there_is_held(tmp_path):
    a, b, ids = _approved_pair(tmp_path)
    m0, r0 = ids["meeting"][0], ids["resolution"][0]

    def draft(s):
        aid = amendments.create_amendment(s, m0, "پیش‌نویس").id
        amendments.add_change(s, aid, ChangeKind.RESOLUTION_CANCEL, r0)
        return aid
    aid = edit(a, draft)
    merge(b, a)
    _sql(b, ("UPDATE amendment SET status='approved', row_version=row_version+1 WHERE id=?", (pack_id(aid),)))
    status = "SELECT status FROM resolution WHERE id=?"
    before = _one(a, status, (pack_id(r0),))
    merge(a, b)
    assert _one(a, "SELECT status FROM amendment WHERE id=?", (pack_id(aid),)) == [("draft",)]
    assert _one(a, status, (pack_id(r0),)) == before
    assert [(c.kind, c.entity, c.field) for c in conflicts_of(a)] == [("locked", "amendment", "status")]


def _audit_delete(path, entity, ids):
    """Audit entries in the hook's shape claiming the tombstones as the other office's own edits."""
    office = _office(path)
    return [("INSERT INTO audit_entry (id, at, actor, action, entity, entity_id, changes, created_at, updated_at, "
             "row_version, changed_in) VALUES (?, ?, 'dabir', 'delete', ?, ?, ?, ?, ?, 1, ?)",
             (pack_id(str(uuid.uuid4())), NOW, entity, pack_id(i), json.dumps({"deleted_at": [None, NOW]}), NOW, NOW,
              pack_id(office)))
            for i in ids]


def test_their_tombstones_never_delete_my_rows_nor_what_my_approved_minutes_print(tmp_path, cli):
    a = tmp_path / "a.dabir"
    ids = build(a)
    m0, r0 = ids["meeting"][0], ids["resolution"][0]
    edit(a, lambda s: s.add_all([Organization(name=f"سازمان {i}", name_key=f"سازمان {i}") for i in range(4)]))
    b = fork(a, tmp_path / "b.dabir")
    theirs = edit(b, lambda s: (s.add(o := Organization(name="سازمان دفتر ب", name_key="سازمان دفتر ب")),
                                s.flush(), o.id)[-1])
    merge(a, b)

    def approve(s):  # their organisation is a responsible party in my minutes, then approved
        s.add(ResolutionParty(resolution_id=r0, position=0, organization_id=theirs))
        from app.services.meetings import approve_meeting
        approve_meeting(s, m0)
    edit(a, approve)
    minutes = tmp_path / "m.pdf"
    assert cli("minutes", "--db", a, "--meeting", m0, "-o", minutes).returncode == 0
    merge(b, a)
    # B's own follow-up, withdrawn there: B's to withdraw
    own_fu = edit(b, lambda s: (s.add(f := FollowUp(resolution_id=ids["resolution"][1], date=dt.date(2026, 4, 2),
                                                    status="done")), s.flush(), f.id)[-1])
    merge(a, b)
    # withdrawn by B's Dabir, so signed by B's row key (a tombstone is taken only signed, issue 22)
    edit(b, lambda s: setattr(s.get(FollowUp, own_fu), "deleted_at", dt.datetime(2026, 5, 1, 10)))
    tables = ("follow_up", "committee", "organization", "meeting")
    rows = {t: [r[0] for r in _one(b, f"SELECT id FROM {t} WHERE deleted_at IS NULL")] for t in tables}
    _sql(b, *[(f"UPDATE {t} SET deleted_at=?, row_version=row_version+1 WHERE deleted_at IS NULL", (NOW,))
              for t in tables],
         ("UPDATE organization SET name='نام دیگر', name_key='نام دیگر' WHERE id=?", (pack_id(theirs),)),
         *[stmt for t in tables for stmt in _audit_delete(b, t, rows[t])])
    count = {t: f"SELECT count(*) FROM {t} WHERE deleted_at IS NULL" for t in tables}
    before = {t: _one(a, count[t])[0][0] for t in tables}
    assert before == {"follow_up": 13, "committee": 2, "organization": 5, "meeting": 6}
    r = cli("merge", "--db", a, "--from", b)
    assert r.returncode == 0, r.stderr
    after = {t: _one(a, count[t])[0][0] for t in tables}
    assert after == {**before, "follow_up": 12}                  # only B's own follow-up went
    held = conflicts_of(a)
    by_entity = {t: sum(1 for c in held if c.entity == t and c.field == "deleted_at" and c.kind == "locked")
                 for t in tables}
    assert by_entity == {"follow_up": 12, "committee": 2, "organization": 5, "meeting": 6}
    assert any(c.entity == "organization" and c.field == "name" and c.theirs == "نام دیگر" for c in held)
    assert _one(a, "SELECT name FROM organization WHERE id=?", (pack_id(theirs),)) == [("سازمان دفتر ب",)]
    ok = cli("verify", "--db", a, minutes)
    assert ok.returncode == 0, ok.stderr                         # the printed minutes still verify
    assert cli("check", "--db", a).returncode == 0


def test_their_tombstone_on_their_own_rows_is_still_taken(tmp_path):
    """Ownership, not a blanket refusal: B deletes the committee B made, and A takes it."""
    a = tmp_path / "a.dabir"
    build(a, committees=1, meetings=1)
    b = fork(a, tmp_path / "b.dabir")
    cid = edit(b, lambda s: committees.create_committee(s, "کمیته دفتر ب").id)
    merge(a, b)
    edit(b, lambda s: setattr(s.get(Committee, cid), "deleted_at", dt.datetime(2026, 5, 1)))
    summary = merge(a, b)
    assert summary.conflicting == 0
    assert _one(a, "SELECT deleted_at IS NOT NULL FROM committee WHERE id=?", (pack_id(cid),)) == [(1,)]


def test_no_merge_order_rolls_the_agenda_template_back(tmp_path):
    """Their copies at three moments and my own backup, merged in every order: the newest template wins
    every time, and every order ends with the same rows."""
    a = tmp_path / "a.dabir"
    ids = build(a, committees=1, meetings=1)
    cid = ids["committee"][0]
    edit(a, lambda s: committees.set_agenda_template(s, cid, ["بند یک"]))
    b = fork(a, tmp_path / "b.dabir")
    merge(a, b)   # offices that have exchanged files once (a first merge asks about fields both changed)
    copies = {"my backup": shutil.copyfile(a, tmp_path / "a-backup.dabir"),
              "theirs 1": shutil.copyfile(b, tmp_path / "b1.dabir")}
    edit(b, lambda s: committees.set_agenda_template(s, cid, ["بند دو"]))
    copies["theirs 2"] = shutil.copyfile(b, tmp_path / "b2.dabir")
    edit(b, lambda s: committees.set_agenda_template(s, cid, ["بند سه", "بند چهار"]))
    copies["theirs 3"] = shutil.copyfile(b, tmp_path / "b3.dabir")
    results = {}
    for n, order in enumerate(itertools.permutations(copies)):
        mine = shutil.copyfile(a, tmp_path / f"order{n}.dabir")
        for name in order:
            merge(mine, copies[name])
        template = _one(mine, "SELECT agenda_template FROM committee WHERE id=?", (pack_id(cid),))[0][0]
        assert template == "بند سه\nبند چهار", order
        results[order] = dump(mine)
        mine.unlink()
    first = next(iter(results.values()))
    assert all(d == first for d in results.values())
