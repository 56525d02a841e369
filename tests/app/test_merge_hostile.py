"""Another office's file as an adversary would write it (issues 11 and 15): forged audit entries, rows
added or changed under approved minutes, invalid values, spoofed names, mass deletions, a huge audit
log. Each test asserts what the secretary would check: the approved minutes unchanged, a conflict to
decide, or a one-line refusal with this file byte-identical."""
import datetime as dt
import json
import sqlite3
import uuid

import pytest

from app.domain.errors import NeedsConsent
from app.services import directory
from app.services.backup import list_backups
from app.services.seals import broken_seals, fingerprints
from app.storage.models import AgendaItem, Attendance, Meeting, Person, Resolution
from app.storage.search_keys import pack_id
from tests.app.sharing_data import build, conflicts_of, edit, fork, merge, sha256


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


def _approved_pair(tmp_path, merged_both_ways=True):
    """A's meeting 0 has attendance and agenda (one agenda item deleted) and is approved in A; B is a
    copy for another office. With merged_both_ways, each has merged the other since the approval."""
    a = tmp_path / "a.dabir"
    ids = build(a)
    m0 = ids["meeting"][0]

    def content(s):
        p = Person(full_name="فرزاد محمدی", name_key="فرزاد محمدی")
        s.add(p)
        s.flush()
        s.add(Attendance(meeting_id=m0, person_id=p.id, position=0, role="member", status="present"))
        s.add(AgendaItem(meeting_id=m0, position=1, title="بودجه"))
        gone = AgendaItem(meeting_id=m0, position=2, title="حذف‌شده", deleted_at=dt.datetime(2026, 4, 1))
        s.add(gone)
        s.flush()
        s.get(Meeting, m0).status = "approved"
        return p.id, gone.id
    ids["person"], ids["gone"] = edit(a, content)
    b = fork(a, tmp_path / "b.dabir")
    if merged_both_ways:
        merge(a, b)
        merge(b, a)
    return a, b, ids


def _forge(path, sql_and_params, entity=None, entity_id=None, changes=None):
    """Edit the file with sqlite3 and, when asked, add an audit entry in the shape Dabir's hook writes,
    claiming the change as the other office's latest. Ids are written as Dabir stores them (pack_id)."""
    conn = sqlite3.connect(path)
    office = conn.execute("SELECT value FROM setting WHERE key='office.id'").fetchone()[0]
    with conn:
        for sql, params in sql_and_params:
            conn.execute(sql, params)
        if entity:
            now = "2030-01-01 00:00:00.000000"
            conn.execute("INSERT INTO audit_entry (id, at, actor, action, entity, entity_id, changes, created_at, "
                          "updated_at, row_version, changed_in) VALUES (?, ?, 'dabir', 'update', ?, ?, ?, ?, ?, 1, ?)",
                          (pack_id(str(uuid.uuid4())), now, entity, pack_id(entity_id), json.dumps(changes), now, now,
                           pack_id(office)))
    conn.close()


NOW = "2026-05-01 10:00:00.000000"


def _forgeries(ids):
    m0 = ids["meeting"][0]
    r0 = ids["resolution"][0]
    new = lambda: pack_id(str(uuid.uuid4()))  # noqa: E731
    k0, kr0 = pack_id(m0), pack_id(r0)     # the ids as the file holds them
    return {
        "title": ([("UPDATE meeting SET title='بازنویسی' WHERE id=?", (k0,))], "meeting", m0,
                  {"title": ["جلسه 1", "بازنویسی"]}),
        "resolution text": ([("UPDATE resolution SET text='متن دیگر' WHERE id=?", (kr0,))], "resolution", r0,
                            {"text": ["مصوبه 1-1", "متن دیگر"]}),
        "back to draft": ([("UPDATE meeting SET status='draft' WHERE id=?", (k0,))], "meeting", m0,
                          {"status": ["approved", "draft"]}),
        "tombstone": ([("UPDATE meeting SET deleted_at=? WHERE id=?", (NOW, k0))], "meeting", m0,
                      {"deleted_at": [None, NOW]}),
        "undelete": ([("UPDATE agenda_item SET deleted_at=NULL WHERE id=?", (pack_id(ids["gone"]),))], "agenda_item",
                     ids["gone"], {"deleted_at": [NOW, None]}),
        "new resolution": ([("INSERT INTO resolution (id, meeting_id, number, text, base_status, status, created_at,"
                             " updated_at, row_version) VALUES (?, ?, 9, 'افزوده', 'pending', 'pending', ?, ?, 1)",
                             (new(), k0, NOW, NOW))], None, None, None),
        "new attendee": ([("INSERT INTO attendance (id, meeting_id, person_id, position, role, status, created_at,"
                           " updated_at, row_version) VALUES (?, ?, ?, 5, 'guest', 'present', ?, ?, 1)",
                           (new(), k0, pack_id(ids["person"]), NOW, NOW))], None, None, None),
        "attendee absent": ([("UPDATE attendance SET status='absent' WHERE meeting_id=?", (k0,))], None, None, None),
    }


@pytest.mark.parametrize("forged_log", [True, False], ids=["forged audit", "no audit"])
@pytest.mark.parametrize("kind", list(_forgeries({"meeting": ["m"], "resolution": ["r"], "person": "p",
                                                  "gone": "g"})))
def test_nothing_under_an_approval_changes_without_a_conflict(tmp_path, kind, forged_log):
    a, b, ids = _approved_pair(tmp_path)
    m0 = ids["meeting"][0]
    before = fingerprints_of(a, m0)
    sql, entity, entity_id, changes = _forgeries(ids)[kind]
    if forged_log:
        _forge(b, sql, entity, entity_id, changes)
    else:
        _forge(b, sql)
    summary = merge(a, b)
    assert summary.conflicting >= 1
    assert fingerprints_of(a, m0) == before and edit(a, lambda s: broken_seals(s.connection())) == []
    assert any(c.kind == "locked" for c in conflicts_of(a))
    again = merge(a, b)  # the same file again: the conflicts stand, nothing new
    assert (again.added, again.updated, again.conflicting) == (0, 0, 0)


def fingerprints_of(path, meeting_id):
    return edit(path, lambda s: fingerprints(s.connection(), [meeting_id]))[meeting_id]


def test_new_rows_under_a_shared_approval_are_hidden_and_asked_about(tmp_path):
    """No forging needed: the approval went both ways, then B added a resolution and an attendee."""
    a, b, ids = _approved_pair(tmp_path)
    m0 = ids["meeting"][0]
    for kind in ("new resolution", "new attendee"):
        _forge(b, _forgeries(ids)[kind][0])
    summary = merge(a, b)
    assert summary.conflicting == 2
    live = edit(a, lambda s: (s.query(Resolution).filter_by(meeting_id=m0, deleted_at=None).count(),
                              s.query(Attendance).filter_by(meeting_id=m0, deleted_at=None).count()))
    assert live == (2, 1)  # as approved
    assert {(c.kind, c.entity, c.field) for c in conflicts_of(a)} == {
        ("locked", "resolution", "deleted_at"), ("locked", "attendance", "deleted_at")}


def test_tombstoning_every_meeting_needs_consent_and_spares_the_approved_one(tmp_path, cli):
    """B merges A's file, in which every meeting of A's committees is tombstoned: the meetings are A's
    (ownership.py), so the deletions are A's to make, and B is asked before it takes five at once; the
    meeting approved in B stays. (The other way round, A would hold B's tombstones as conflicts:
    test_trust_anchors.py.)"""
    a, b, ids = _approved_pair(tmp_path)
    # by A's own Dabir, so each tombstone is signed by A's row key (an unsigned one is held, issue 22)
    gone = dt.datetime.fromisoformat(NOW)
    edit(a, lambda s: [setattr(m, "deleted_at", gone) for m in s.query(Meeting)])
    before = sha256(b)
    with pytest.raises(NeedsConsent) as e:
        merge(b, a)
    assert e.value.count == 5 and "این پرونده ۵ جلسه را حذف می‌کند" in e.value.fa
    assert sha256(b) == before
    env = {"DABIR_BACKUP_DIR": str(tmp_path / "backups")}
    preview = cli("merge", "--db", b, "--from", a, "--dry-run", env=env)
    assert preview.returncode == 0 and "this file deletes 5 meetings" in preview.stdout
    refused = cli("merge", "--db", b, "--from", a, env=env)
    assert refused.returncode == 2 and "--accept-deletions" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and sha256(b) == before
    done = cli("merge", "--db", b, "--from", a, "--accept-deletions", env=env)
    assert done.returncode == 0, done.stderr
    live = edit(b, lambda s: [m.id for m in s.query(Meeting).filter_by(deleted_at=None)])
    assert live == [ids["meeting"][0]]  # the approved meeting stays, its deletion is a conflict
    assert [(c.kind, c.field) for c in conflicts_of(b)] == [("locked", "deleted_at")]


@pytest.mark.parametrize("merged_before", [True, False], ids=["merged before", "first merge"])
def test_forged_history_cannot_override_my_own_edit(tmp_path, merged_before):
    a = tmp_path / "a.dabir"
    ids = build(a)
    b = fork(a, tmp_path / "b.dabir")
    if merged_before:
        merge(a, b)
        merge(b, a)
    m1 = ids["meeting"][1]
    edit(a, lambda s: setattr(s.get(Meeting, m1), "title", "ویرایش من"))
    # B claims, in its log, to have changed the title after seeing mine, and copies my entries' ids
    conn = sqlite3.connect(b)
    mine = sqlite3.connect(a)
    with conn:
        for row in mine.execute("SELECT * FROM audit_entry"):
            conn.execute("INSERT OR IGNORE INTO audit_entry VALUES (" + ",".join("?" * len(row)) + ")", row)
    conn.close()
    mine.close()
    _forge(b, [("UPDATE meeting SET title='جعلی' WHERE id=?", (pack_id(m1),))], "meeting", m1,
           {"title": ["ویرایش من", "جعلی"]})
    summary = merge(a, b)
    assert edit(a, lambda s: s.get(Meeting, m1).title) == "ویرایش من"
    [c] = conflicts_of(a)
    assert (c.kind, c.field, c.mine, c.theirs) == ("field", "title", "ویرایش من", "جعلی")
    assert summary.conflicting == 1


def test_a_change_only_they_made_is_still_taken(tmp_path):
    """The base from my own record does not make every edit a conflict: B's edit of a field A did not
    touch arrives, first merge and later ones alike."""
    a = tmp_path / "a.dabir"
    ids = build(a)
    b = fork(a, tmp_path / "b.dabir")
    m1, m2 = ids["meeting"][1:3]
    edit(b, lambda s: setattr(s.get(Meeting, m1), "location", "تالار ب"))
    edit(a, lambda s: setattr(s.get(Meeting, m1), "title", "عنوان الف"))
    assert merge(a, b).conflicting == 0
    edit(b, lambda s: setattr(s.get(Meeting, m2), "summary", "خلاصه ب"))
    edit(a, lambda s: setattr(s.get(Meeting, m2), "title", "عنوان دوم الف"))
    assert merge(a, b).conflicting == 0
    got = edit(a, lambda s: (s.get(Meeting, m1).location, s.get(Meeting, m1).title, s.get(Meeting, m2).summary,
                             s.get(Meeting, m2).title))
    assert got == ("تالار ب", "عنوان الف", "خلاصه ب", "عنوان دوم الف")


# --- values no Dabir writes (issue 11) ---------------------------------------------------------------

def _bad_values(ids):
    m0, r0 = ids["meeting"][0], ids["resolution"][0]
    c0 = ids["committee"][0]
    k0, kr0 = pack_id(m0), pack_id(r0)     # the ids as the file holds them
    return {
        "status hacked": ("UPDATE meeting SET status='hacked' WHERE id=?", (k0,), ("meeting", m0, "status")),
        "date 1405/13/40": ("UPDATE meeting SET date='1405/13/40' WHERE id=?", (k0,), ("meeting", m0, "date")),
        "date 9999": ("UPDATE meeting SET date='9999-01-01' WHERE id=?", (k0,), ("meeting", m0, "date")),
        "blob title": ("UPDATE meeting SET title=X'00FF10' WHERE id=?", (k0,), ("meeting", m0, "title")),
        "text number": ("UPDATE meeting SET number='هفت' WHERE id=?", (k0,), ("meeting", m0, "number")),
        "huge number": ("UPDATE meeting SET number=? WHERE id=?", (2 ** 62, k0), ("meeting", m0, "number")),
        "empty required": ("UPDATE resolution SET text='  ' WHERE id=?", (kr0,), ("resolution", r0, "text")),
        "too long": ("UPDATE meeting SET title=? WHERE id=?", ("ا" * 501, k0), ("meeting", m0, "title")),
        "bad time": ("UPDATE meeting SET start_time='25:99' WHERE id=?", (k0,), ("meeting", m0, "start_time")),
        "dangling reference": ("UPDATE resolution SET meeting_id=? WHERE id=?", (pack_id(c0), kr0),
                               ("resolution", r0, "meeting_id")),
        "one id, two kinds": ("INSERT INTO topic (id, name, name_key, created_at, updated_at, row_version) "
                              "VALUES (?, 'موضوع', 'موضوع', '2026-01-01', '2026-01-01', 1)", (k0,), ("topic", m0, "id")),
    }


@pytest.mark.parametrize("kind", list(_bad_values({"meeting": ["m"], "resolution": ["r"], "committee": ["c"]})))
def test_invalid_values_refuse_the_merge_naming_table_id_and_field(tmp_path, cli, kind):
    a = tmp_path / "a.dabir"
    ids = build(a)
    b = fork(a, tmp_path / "b.dabir")
    edit(b, lambda s: setattr(s.get(Meeting, ids["meeting"][1]), "title", "a good change"))
    sql, params, (table, row_id, field) = _bad_values(ids)[kind]
    conn = sqlite3.connect(b)
    with conn:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute(sql, params)
    conn.close()
    before = sha256(a)
    out = cli("merge", "--db", a, "--from", b, env={"DABIR_BACKUP_DIR": str(tmp_path / "backups")})
    assert out.returncode == 2, out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and "Traceback" not in out.stderr
    assert f"invalid data ({table} {row_id} {field}:" in out.stderr and "nothing was merged" in out.stderr
    assert sha256(a) == before and list_backups(a) == []


# --- spoofed names (issue 15) ------------------------------------------------------------------------

RLO, ZWSP = "\u202e", "\u200b"


def test_invisible_characters_are_dropped_from_received_names_and_duplicates_flagged(tmp_path, cli):
    a = tmp_path / "a.dabir"
    build(a)
    edit(a, lambda s: directory.create_person(s, "فرزاد محمدی"))
    b = fork(a, tmp_path / "b.dabir")
    edit(b, lambda s: s.add_all([Person(full_name=RLO + "azeR ilA", name_key="x"),
                                 Person(full_name=f"فرزاد{ZWSP} محمدی", name_key="someone else")]))
    out = cli("merge", "--db", a, "--from", b, env={"DABIR_BACKUP_DIR": str(tmp_path / "backups")})
    assert out.returncode == 0, out.stderr
    assert "warning: 'فرزاد محمدی'" in out.stdout and "possibly one person" in out.stdout
    names = edit(a, lambda s: sorted((p.full_name, p.name_key) for p in s.query(Person)))
    assert ("azeR ilA", "azer ila") in names
    assert [n for n in names if n[0] == "فرزاد محمدی"] == [("فرزاد محمدی", "فرزاد محمدی")] * 2
    assert not any(RLO in n or ZWSP in n for pair in names for n in pair)


def test_typed_names_are_cleaned_and_a_lookalike_is_flagged(tmp_path):
    from app.storage.database import open_database
    db = open_database(tmp_path / "x.dabir", create=True)
    with db.session() as s:
        first = directory.create_person(s, "فرزاد محمدی")
        spoof = directory.create_person(s, RLO + "azeR ilA")
        assert directory.get_person(s, spoof.id).full_name == "azeR ilA"
        twin = directory.create_person(s, f"فرزاد{ZWSP} محمدی")
        assert twin.warnings == (f"possible_duplicate:{first.id}",)
        assert directory.get_person(s, twin.id).full_name == "فرزاد محمدی"
        assert directory.find_person(s, f"\u2067فرزاد محمدی\u2069").id == first.id
        assert directory.create_person(s, "کسی دیگر").warnings == ()
    db.close()


# --- the received audit log is summarised, not kept -------------------------------------------------

def test_a_huge_forged_audit_log_is_summarised_not_copied(tmp_path):
    a = tmp_path / "a.dabir"
    ids = build(a)
    b = fork(a, tmp_path / "b.dabir")
    conn = sqlite3.connect(b)
    with conn:
        conn.executemany(
            "INSERT INTO audit_entry (id, at, actor, action, entity, entity_id, changes, created_at, updated_at, "
            "row_version) VALUES (?, '2030-01-01', 'x', 'update', 'meeting', ?, '{\"title\": [1, 2]}', "
            "'2030-01-01', '2030-01-01', 1)", ((pack_id(str(uuid.uuid4())), pack_id(ids["meeting"][0]))
                                                for _ in range(50_000)))
    conn.close()
    count = lambda p: sqlite3.connect(p).execute("SELECT count(*) FROM audit_entry").fetchone()[0]  # noqa: E731
    before = count(a)
    summary = merge(a, b)
    assert summary.received_audit_entries >= 50_000
    assert count(a) == before + 1  # one summary entry for the whole merge
    entry = sqlite3.connect(a).execute("SELECT changes FROM audit_entry WHERE action='merge'").fetchone()[0]
    assert json.loads(entry)["received_audit"]["by_entity"]["meeting"] >= 50_000
    assert conflicts_of(a) == []  # a claim in their log is not a change


def test_approving_records_the_seal_and_an_edit_outside_dabir_breaks_it(tmp_path):
    from app.services import meetings
    from app.storage.merge_models import MeetingSeal
    a = tmp_path / "a.dabir"
    ids = build(a)
    m0 = ids["meeting"][0]
    edit(a, lambda s: meetings.approve_meeting(s, m0))
    seal = edit(a, lambda s: (s.get(MeetingSeal, m0).fingerprint, fingerprints(s.connection(), [m0])[m0]))
    assert seal[0] == seal[1] and len(seal[0]) == 64
    assert edit(a, lambda s: broken_seals(s.connection())) == []
    conn = sqlite3.connect(a)
    with conn:
        conn.execute("UPDATE resolution SET text='دست‌کاری' WHERE meeting_id=?", (pack_id(m0),))
    conn.close()
    assert edit(a, lambda s: broken_seals(s.connection())) == [m0]
