"""Merging two offices' copies: the rules of issue 5, one scenario each, on real files."""
import datetime as dt
import json
import sqlite3

import pytest

from app.domain.errors import DabirFileError, LockedError
from app.services.backup import list_backups
from app.services.conflicts import resolve_conflict
from app.storage.database import open_database
from app.storage.migrate import SCHEMA_VERSION, revisions
from app.storage.models import FollowUp, Meeting, Resolution
from app.storage.search_keys import pack_id
from tests.app.sharing_data import build, conflicts_of, dump, edit, fork, merge, sha256


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


@pytest.fixture
def pair(tmp_path):
    """Two offices' copies of one file, and the ids in it."""
    a = tmp_path / "a.dabir"
    ids = build(a)
    b = fork(a, tmp_path / "b.dabir")
    return a, b, ids


def _set(model, id_, **values):
    def fn(s):
        row = s.get(model, id_)
        for k, v in values.items():
            setattr(row, k, v)
    return fn


def test_one_side_taken_fields_combined_same_field_conflicts(pair):
    a, b, ids = pair
    m0, m1 = ids["meeting"][:2]
    edit(a, _set(Meeting, m0, title="A's title", location="تالار A"))
    edit(b, _set(Meeting, m0, title="B's title", summary="B wrote the summary"))
    edit(b, _set(Meeting, m1, location="B only"))
    summary = merge(a, b)
    assert (summary.added, summary.updated, summary.conflicting) == (0, 2, 1)
    got = edit(a, lambda s: (s.get(Meeting, m0).title, s.get(Meeting, m0).location,
                             s.get(Meeting, m0).summary, s.get(Meeting, m1).location))
    assert got == ("A's title", "تالار A", "B wrote the summary", "B only")
    [c] = conflicts_of(a)
    assert (c.kind, c.entity, c.row_id, c.field, c.mine, c.theirs) == \
        ("field", "meeting", m0, "title", "A's title", "B's title")
    assert c.label == "جلسه ۱ — کمیته 0: عنوان"
    merge(b, a)
    # B changed the title too: B keeps its own and sees the same conflict; A's decision is not B's
    [cb] = conflicts_of(b)
    assert (cb.field, cb.mine, cb.theirs) == ("title", "B's title", "A's title")
    assert edit(b, lambda s: s.get(Meeting, m0).title) == "B's title"
    edit(b, lambda s: resolve_conflict(s, cb.id, "theirs"))
    assert dump(a) == dump(b)
    merge(a, b)
    assert conflicts_of(a) == []  # the values agree now: A's open conflict is settled


def test_their_own_edit_back_to_an_older_value_of_mine_is_asked_not_dropped(tmp_path):
    """First merge (no base yet): their value is one this row had here before, which alone reads as an
    older copy of mine; their own audit log (its entries for this row, by their office) says they set
    it themselves, so both changed the field and the secretary is asked. (The log is read by the row's
    and the office's ids, stored packed in a file: issue 28.)"""
    a = tmp_path / "a.dabir"
    ids = build(a)
    m1 = ids["meeting"][1]
    original = edit(a, lambda s: s.get(Meeting, m1).title)
    edit(a, _set(Meeting, m1, title="عنوان یک"))
    b = fork(a, tmp_path / "b.dabir")
    edit(b, _set(Meeting, m1, title=original))         # B puts the first title back, in B's own log
    edit(a, _set(Meeting, m1, title="عنوان دو"))
    summary = merge(a, b)
    assert summary.conflicting == 1 and edit(a, lambda s: s.get(Meeting, m1).title) == "عنوان دو"
    [c] = conflicts_of(a)
    assert (c.kind, c.row_id, c.field, c.mine, c.theirs) == ("field", m1, "title", "عنوان دو", original)


def test_follow_ups_are_a_union_and_status_is_derived_alike(pair):
    a, b, ids = pair
    r = ids["resolution"][0]
    edit(a, lambda s: s.add(FollowUp(resolution_id=r, date=dt.date(2026, 5, 1), status="done", note="A")))
    edit(b, lambda s: s.add(FollowUp(resolution_id=r, date=dt.date(2026, 5, 2), status="cancelled", note="B")))
    assert merge(a, b).added == 1
    merge(b, a)
    for path in (a, b):
        notes, status = edit(path, lambda s: (
            sorted(f.note or "" for f in s.query(FollowUp).filter_by(resolution_id=r)),
            s.get(Resolution, r).status))
        assert notes == ["", "A", "B"]
        assert status == "cancelled"  # the latest follow-up by date, on both sides
    assert dump(a) == dump(b)


def test_approved_meeting_edited_elsewhere_is_a_conflict(pair):
    a, b, ids = pair
    m = ids["meeting"][0]
    edit(a, _set(Meeting, m, status="approved"))
    edit(b, _set(Meeting, m, title="edited after the fact"))
    new_res = edit(b, lambda s: _add_resolution(s, m))
    summary = merge(a, b)
    assert summary.conflicting == 2
    title, hidden = edit(a, lambda s: (s.get(Meeting, m).title, s.get(Resolution, new_res).deleted_at))
    assert title == "جلسه 1" and hidden is not None  # nothing changed under the signed minutes
    kinds = {(c.kind, c.entity, c.field) for c in conflicts_of(a)}
    assert {c.label for c in conflicts_of(a)} == {"جلسه ۱ — کمیته 0: عنوان", "مصوبه ۱-۹ — کمیته 0: حذف"}
    assert kinds == {("locked", "meeting", "title"), ("locked", "resolution", "deleted_at")}
    # B receives the approval; what A approved differs from B's title, and lacks B's resolution: B is
    # asked both. A holds B's resolution aside until A's secretary decides: a question, not a deletion,
    # so B's resolution stays live in B meanwhile.
    merge(b, a)
    assert edit(b, lambda s: s.get(Meeting, m).status) == "approved"
    [cb] = [c for c in conflicts_of(b) if c.entity == "meeting"]
    assert (cb.kind, cb.field, cb.theirs) == ("locked", "title", "جلسه 1")
    [rb] = [c for c in conflicts_of(b) if c.entity == "resolution"]
    assert (rb.kind, rb.field, rb.mine) == ("locked", "deleted_at", None) and rb.theirs is not None
    assert edit(b, lambda s: s.get(Resolution, new_res).deleted_at) is None
    edit(b, lambda s: resolve_conflict(s, cb.id, "theirs"))  # B takes the approved title
    # the secretary in A takes the other office's resolution after all; it travels back
    conflict = next(c for c in conflicts_of(a) if c.entity == "resolution")
    edit(a, lambda s: resolve_conflict(s, conflict.id, "theirs"))
    assert edit(a, lambda s: s.get(Resolution, new_res).deleted_at) is None
    edit(a, lambda s: resolve_conflict(s, next(c for c in conflicts_of(a)).id, "mine"))  # A's title stays
    merge(b, a)
    # both keep the resolution now: B's question is answered by A's decision
    assert conflicts_of(b) == [] and edit(b, lambda s: s.get(Resolution, new_res).deleted_at) is None
    assert dump(a) == dump(b)


def _add_resolution(s, meeting_id):
    r = Resolution(meeting_id=meeting_id, number=9, text="added in office B")
    s.add(r)
    s.flush()
    return r.id


def test_meeting_number_collision_keeps_both_and_asks(pair):
    a, b, ids = pair
    committee = ids["committee"][0]
    ma = edit(a, lambda s: _add_meeting(s, committee, 4, "A's fourth"))
    mb = edit(b, lambda s: _add_meeting(s, committee, 4, "B's fourth"))
    summary = merge(a, b)
    assert summary.added == 1 and summary.conflicting == 1
    [c] = conflicts_of(a)
    assert (c.kind, c.row_id, c.other_row_id) == ("number", ma, mb)
    numbers = edit(a, lambda s: (s.get(Meeting, ma).number, s.get(Meeting, mb).number))
    assert numbers == (4, 4)  # nothing renumbered silently
    merge(b, a)
    assert len(conflicts_of(b)) == 1
    edit(a, lambda s: resolve_conflict(s, c.id, "mine"))
    assert edit(a, lambda s: (s.get(Meeting, ma).number, s.get(Meeting, mb).number)) == (4, 5)
    merge(b, a)
    assert conflicts_of(b) == []  # renumbered in A, settled in B
    assert dump(a) == dump(b)


def _add_meeting(s, committee, number, title):
    m = Meeting(committee_id=committee, number=number, title=title)
    s.add(m)
    s.flush()
    return m.id


def test_merging_twice_changes_nothing(pair):
    a, b, ids = pair
    edit(a, _set(Meeting, ids["meeting"][0], title="A"))
    edit(b, _set(Meeting, ids["meeting"][0], title="B"))
    edit(b, lambda s: _add_meeting(s, ids["committee"][1], 9, "new in B"))
    merge(a, b)
    before, conflicts_before = dump(a), conflicts_of(a, include_resolved=True)
    again = merge(a, b)
    assert (again.added, again.updated, again.conflicting) == (0, 0, 0)
    assert dump(a) == before and conflicts_of(a, include_resolved=True) == conflicts_before


def test_backup_is_taken_first_and_merge_is_one_transaction(pair, tmp_path):
    a, b, ids = pair
    edit(b, _set(Meeting, ids["meeting"][0], title="B"))
    edit(b, lambda s: _add_meeting(s, ids["committee"][1], 9, "new in B"))
    before = dump(a)
    steps = []

    def fail_midway(done, total):
        steps.append(done)
        if done == 6:
            raise RuntimeError("power cut")
    with pytest.raises(RuntimeError):
        merge(a, b, progress=fail_midway)
    assert dump(a) == before  # nothing of a half merge remains
    [backup] = list_backups(a)
    assert backup.reason == "merge" and dump(backup.path) == before
    summary = merge(a, b, progress=lambda d, t: steps.append((d, t)))
    assert summary.backup and steps[-1] == (1, 1)
    from app.services.merge import list_peers
    [peer] = edit(a, list_peers)
    assert peer.merges == 1 and peer.last_file == str(b.resolve()) and peer.office_id == summary.other_office


def test_refused_before_anything_is_written(pair, tmp_path):
    a, b, _ = pair
    newer = tmp_path / "newer.dabir"
    newer.write_bytes(b.read_bytes())
    conn = sqlite3.connect(newer)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    foreign = tmp_path / "foreign.dabir"
    conn = sqlite3.connect(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = sha256(a)
    for other, reason in [(newer, "newer"), (foreign, "not a Dabir"), (a, "itself"),
                          (tmp_path / "missing.dabir", "does not exist")]:
        with pytest.raises(DabirFileError, match=reason):
            merge(a, other)
    assert sha256(a) == before
    assert not (tmp_path / "backups").exists() or list_backups(a) == []


def test_other_file_is_never_written(pair):
    a, b, ids = pair
    edit(b, _set(Meeting, ids["meeting"][0], title="B"))
    before = sha256(b)
    merge(a, b)
    assert sha256(b) == before
    assert not b.with_name(b.name + "-journal").exists()


def test_cli_merge_conflicts_resolve(pair, cli, tmp_path):
    a, b, ids = pair
    edit(a, _set(Meeting, ids["meeting"][0], title="A"))
    edit(b, _set(Meeting, ids["meeting"][0], title="B"))
    env = {"DABIR_BACKUP_DIR": str(tmp_path / "backups")}
    out = cli("merge", "--db", a, "--from", b, "--json", env=env)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert (summary["added"], summary["updated"], summary["conflicting"]) == (0, 0, 1)
    text = cli("merge", "--db", a, "--from", b, env=env)
    assert text.returncode == 0 and "0 conflicting" in text.stdout and "تعارض" in text.stdout
    listed = json.loads(cli("conflicts", "--db", a, "--json").stdout)
    assert [(c["field"], c["mine"], c["theirs"]) for c in listed] == [("title", "A", "B")]
    done = cli("resolve", "--db", a, listed[0]["id"], "theirs")
    assert done.returncode == 0, done.stderr
    assert edit(a, lambda s: s.get(Meeting, ids["meeting"][0]).title) == "B"
    assert json.loads(cli("conflicts", "--db", a, "--json").stdout) == []
    again = cli("resolve", "--db", a, listed[0]["id"], "mine")
    assert again.returncode == 2 and "already resolved" in again.stderr


def test_renumbering_an_approved_meeting_is_refused(pair):
    a, b, ids = pair
    committee = ids["committee"][0]
    ma = edit(a, lambda s: _add_meeting(s, committee, 4, "A"))
    edit(b, lambda s: _add_meeting(s, committee, 4, "B"))
    merge(a, b)
    edit(a, _set(Meeting, ma, status="approved"))
    [c] = conflicts_of(a)
    with pytest.raises(LockedError):
        edit(a, lambda s: resolve_conflict(s, c.id, "theirs"))
    edit(a, lambda s: resolve_conflict(s, c.id, "mine"))
    assert conflicts_of(a) == []


def _downgrade(path, revision: str) -> None:
    from alembic import command

    from app.storage.engine import make_engine
    from app.storage.migrate import alembic_config
    engine = make_engine(path)
    try:
        with engine.begin() as c:
            cfg = alembic_config()
            cfg.attributes["connection"] = c
            command.downgrade(cfg, revision)
    finally:
        engine.dispose()


def test_merge_from_an_older_schema_file_leaves_it_as_it_was(pair):
    a, b, ids = pair
    edit(b, _set(Meeting, ids["meeting"][0], title="from an older Dabir"))
    old = revisions().index("0002_search") + 1  # what the Dabir before the merge tables wrote
    _downgrade(b, "0008_votes")  # what 0009 changed and added (search keys, signed rows), by its own downgrade
    conn = sqlite3.connect(b)
    conn.executescript("DROP TABLE merge_conflict; DROP TABLE merge_peer; DROP TABLE merge_base; "
                       "DROP TABLE meeting_seal; DROP TABLE IF EXISTS office_certificate; "
                       "DROP TABLE IF EXISTS issued_document; "
                       # what 0008_votes and 0006_workflow added
                       "DROP TABLE IF EXISTS resolution_vote; DROP TABLE IF EXISTS amendment_change; DROP TABLE IF EXISTS amendment; "
                       "DROP TABLE IF EXISTS attachment; DROP INDEX IF EXISTS ix_audit_entry_batch; "
                       "ALTER TABLE audit_entry DROP COLUMN batch; ALTER TABLE follow_up DROP COLUMN letter_number; "
                       "ALTER TABLE resolution DROP COLUMN votes_for; ALTER TABLE resolution DROP COLUMN votes_against; "
                       "ALTER TABLE resolution DROP COLUMN votes_abstain; "
                       "ALTER TABLE committee DROP COLUMN agenda_template; "
                       # what 0007_amendment_resolutions added
                       "DROP INDEX IF EXISTS ix_resolution_amendment_id; "
                       "ALTER TABLE resolution DROP COLUMN amendment_id; "
                       "UPDATE alembic_version SET version_num='0002_search'; "
                       f"PRAGMA user_version={old};")
    conn.close()
    before = sha256(b)
    assert merge(a, b).updated == 1
    assert edit(a, lambda s: s.get(Meeting, ids["meeting"][0]).title) == "from an older Dabir"
    assert sha256(b) == before and not list(b.parent.glob("b.schema*"))


def test_merge_from_a_file_with_a_crashed_transaction_leaves_it_as_it_was(pair):
    import subprocess
    import sys
    a, b, ids = pair
    edit(b, _set(Meeting, ids["meeting"][1], title="committed in B"))
    code = ("import sqlite3, sys, time\n"
            "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
            "c.execute('PRAGMA cache_size=1'); c.execute('BEGIN IMMEDIATE')\n"
            "c.execute(\"UPDATE meeting SET title = 'never committed' || hex(randomblob(2000))\")\n"
            "c.execute(\"UPDATE resolution SET text = hex(randomblob(2000))\")\n"
            "print('ready', flush=True); time.sleep(120)\n")
    child = subprocess.Popen([sys.executable, "-c", code, str(b)], stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline().strip() == "ready"
    child.kill()
    child.wait()
    child.stdout.close()
    journal = b.with_name(b.name + "-journal")
    assert journal.exists()
    before, journal_before = sha256(b), sha256(journal)
    merge(a, b)
    titles = edit(a, lambda s: {m.title for m in s.query(Meeting)})
    assert "committed in B" in titles and not any(t.startswith("never committed") for t in titles)
    assert sha256(b) == before and sha256(journal) == journal_before


def test_the_same_tag_made_in_both_offices_merges_into_one(pair):
    from app.storage.models import MeetingTopic, Topic, utcnow
    a, b, ids = pair
    m = ids["meeting"][0]
    topic = edit(a, lambda s: _add(s, Topic(name="ورشو", name_key="ورشو")))
    merge(b, a)
    edit(a, lambda s: _add(s, MeetingTopic(meeting_id=m, topic_id=topic)))
    edit(b, lambda s: _add(s, MeetingTopic(meeting_id=m, topic_id=topic)))
    merge(a, b)
    merge(b, a)
    assert dump(a) == dump(b)
    live = "SELECT count(*) FROM meeting_topic WHERE deleted_at IS NULL"
    assert _count(a, live) == 1 and _count(b, live) == 1
    def untag(s):  # untagged later by the meeting's owner, A (the row may carry either office's id by now)
        s.query(MeetingTopic).filter_by(meeting_id=m, topic_id=topic).one().deleted_at = utcnow()
    edit(a, untag)
    merge(b, a)
    assert _count(b, live) == 0
    merge(a, b)
    assert dump(a) == dump(b)


def _add(s, row):
    s.add(row)
    s.flush()
    return row.id


def _count(path, sql):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql).fetchone()[0]
    finally:
        conn.close()


def test_other_file_with_dangling_references_is_refused_and_nothing_written(pair, cli, tmp_path):
    a, b, ids = pair
    conn = sqlite3.connect(b)  # written by something other than Dabir, with foreign keys off
    conn.execute("INSERT INTO meeting (id, committee_id, number, status, created_at, updated_at, row_version) "
                 "VALUES (?, ?, 7, 'draft', '2026-01-01', '2026-01-01', 1)",
                 (pack_id("dangling"), pack_id("no-such-committee")))    # ids as a file holds them
    conn.commit()
    conn.close()
    before = dump(a)
    out = cli("merge", "--db", a, "--from", b, env={"DABIR_BACKUP_DIR": str(tmp_path / "backups")})
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert "invalid data (meeting dangling committee_id: refers to a missing committee" in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    assert dump(a) == before


def test_a_follow_up_withdrawn_elsewhere_updates_the_status_here(pair):
    from app.services.conflicts import refresh_derived_status
    from app.storage.models import utcnow
    a, b, ids = pair
    r = ids["resolution"][0]

    def add_done(s):
        f = FollowUp(resolution_id=r, date=dt.date(2026, 8, 1), status="done")
        s.add(f)
        s.flush()
        refresh_derived_status(s.connection(), [r])
        return f.id
    fid = edit(a, add_done)
    merge(b, a)
    assert edit(b, lambda s: s.get(Resolution, r).status) == "done"

    def withdraw(s):
        s.get(FollowUp, fid).deleted_at = utcnow()
        s.flush()
        refresh_derived_status(s.connection(), [r])
    edit(a, withdraw)
    assert merge(b, a).updated == 1
    assert edit(b, lambda s: s.get(Resolution, r).status) == "in_progress"
    assert dump(a) == dump(b)


def test_dry_run_counts_and_writes_nothing(pair, cli, tmp_path):
    a, b, ids = pair
    edit(b, _set(Meeting, ids["meeting"][0], title="B"))
    before = sha256(a)
    from app.services.merge import merge_file
    db = open_database(a)
    try:
        preview = merge_file(db, b, dry_run=True)
    finally:
        db.close()
    assert preview.dry_run and preview.updated == 1 and preview.backup is None
    assert sha256(a) == before
    out = cli("merge", "--db", a, "--from", b, "--dry-run", env={"DABIR_BACKUP_DIR": str(tmp_path / "backups")})
    assert out.returncode == 0 and "preview" in out.stdout and "1 updated" in out.stdout
    assert sha256(a) == before


def test_hand_copy_is_flagged_and_new_office_copy_is_not(tmp_path, cli):
    a = tmp_path / "a.dabir"
    build(a)
    hand = tmp_path / "hand.dabir"
    hand.write_bytes(a.read_bytes())
    env = {"DABIR_BACKUP_DIR": str(tmp_path / "backups")}
    assert merge(a, hand).same_office
    out = cli("backup", "--db", a, "-o", tmp_path / "member.dabir", "--new-office", "استانداری", env=env)
    assert out.returncode == 0, out.stderr
    summary = merge(a, tmp_path / "member.dabir")
    assert not summary.same_office and summary.other_office_name == "استانداری"
    assert (summary.added, summary.updated, summary.conflicting) == (0, 0, 0)
