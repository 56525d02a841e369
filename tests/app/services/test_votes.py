"""Named votes (issue 14): who voted موافق / مخالف / ممتنع on a resolution, the tally kept equal to
them, the meeting's lock and seal, undo, two offices merging them, forged rows refused."""
import sqlite3

import pytest

from app.domain.enums import VoteChoice
from app.domain.errors import LockedError, ValidationError
from app.services import demo, meetings, resolutions, seals, undo, votes
from app.services.conflicts import resolve_conflict
from app.storage.models import Person, ResolutionVote
from app.storage.search_keys import pack_id, unpack_id
from tests.app.sharing_data import conflicts_of, dump, edit, fork, merge, sha256


def _draft(s):
    """A draft meeting of the demo with three present members and one guest; a resolution in it."""
    demo.build_demo(s)
    first = meetings.list_meetings(s)[-1].id
    draft = meetings.duplicate_meeting(s, first).id
    people = [a.person for a in meetings.get_meeting(s, draft).attendance]
    for p in people[:3]:
        meetings.set_attendance(s, draft, p.id, "present", role="member")
    guest = Person(full_name="مهمان آزمایشی", name_key="مهمان آزمایشی")
    s.add(guest)
    s.flush()
    meetings.set_attendance(s, draft, guest.id, "present", role="guest")
    rid = resolutions.add_resolution(s, draft, "تصویب بودجه").id
    return draft, rid, [p.id for p in people[:3]], guest.id, [p.full_name for p in people[:3]]


@pytest.fixture
def voted(db):
    with db.session() as s:
        return _draft(s)


def test_named_votes_set_the_tally_and_print_in_attendance_order(db, voted):
    draft, rid, (a, b, c), guest, names = voted
    with db.session() as s:
        votes.set_named_votes(s, rid, {c: "against", a: "for", b: "abstain"})
    with db.session() as s:
        r = resolutions.get_resolution(s, rid)
        assert [(v.name, v.choice) for v in r.voters] == \
            [(names[0], VoteChoice.FOR), (names[1], VoteChoice.ABSTAIN), (names[2], VoteChoice.AGAINST)]
        assert (r.votes.for_, r.votes.against, r.votes.abstain) == (1, 1, 1)
        # voting again updates the one row; withdrawing tombstones it; voting again revives it
        votes.set_named_votes(s, rid, {c: "for"})
        votes.set_named_votes(s, rid, {b: None})
        assert (resolutions.get_resolution(s, rid).votes.for_, resolutions.get_resolution(s, rid).votes.abstain) == (2, 0)
        votes.set_named_votes(s, rid, {b: "against"})
        rows = s.query(ResolutionVote).filter_by(resolution_id=rid).all()
        assert len(rows) == 3 and all(r.deleted_at is None for r in rows)
        v = resolutions.get_resolution(s, rid).votes
        assert (v.for_, v.against, v.abstain) == (2, 1, 0)
        # the stored tally is the names' count too (what the seal and older readers see)
        row = s.get(resolutions.Resolution, rid)
        assert (row.votes_for, row.votes_against, row.votes_abstain) == (2, 1, 0)


def test_a_bare_tally_that_disagrees_with_the_names_is_refused(db, voted):
    draft, rid, (a, b, c), guest, names = voted
    with db.session() as s:
        resolutions.set_votes(s, rid, 9, 1, 0)        # no names: a bare tally, as before
        votes.set_named_votes(s, rid, {a: "for", b: "for"})
        assert resolutions.get_resolution(s, rid).votes.total == 2
    with db.session() as s, pytest.raises(ValidationError, match="named votes"):
        resolutions.set_votes(s, rid, 9, 1, 0)
    with db.session() as s, pytest.raises(ValidationError):
        resolutions.set_votes(s, rid, None)
    with db.session() as s:
        resolutions.set_votes(s, rid, 2, 0, 0)        # agrees: nothing to refuse
        votes.set_named_votes(s, rid, {}, replace=True)   # all names withdrawn: no tally left
        assert resolutions.get_resolution(s, rid).votes is None
        assert resolutions.get_resolution(s, rid).voters == ()


def test_only_present_members_vote(db, voted, db_path):
    draft, rid, (a, b, c), guest, names = voted
    with db.session() as s:
        meetings.set_attendance(s, draft, c, "absent")
    before = sha256(db_path)
    for who, name in ((guest, "مهمان آزمایشی"), (c, names[2])):
        with db.session() as s, pytest.raises(ValidationError) as e:
            votes.set_named_votes(s, rid, {a: "for", who: "for"})
        assert name in e.value.fa
    with db.session() as s, pytest.raises(ValidationError, match="invalid vote"):
        votes.set_named_votes(s, rid, {a: "yes"})
    assert sha256(db_path) == before
    with db.session() as s:
        assert resolutions.get_resolution(s, rid).voters == ()


def test_locked_once_approved_and_sealed(db, voted):
    draft, rid, (a, b, c), guest, names = voted
    with db.session() as s:
        before = seals.fingerprints(s.connection(), [draft])[draft]
        votes.set_named_votes(s, rid, {a: "for", b: "against"})
        votes.set_named_votes(s, rid, {a: None, b: None})   # tombstones only: the seal is as without them
        assert seals.fingerprints(s.connection(), [draft])[draft] == before
        votes.set_named_votes(s, rid, {a: "for"})
        meetings.approve_meeting(s, draft)
    with db.session() as s, pytest.raises(LockedError):
        votes.set_named_votes(s, rid, {b: "for"})
    with db.engine.begin() as conn:
        assert seals.broken_seals(conn) == []
        conn.exec_driver_sql("UPDATE resolution_vote SET choice = 'against' WHERE resolution_id = ?", (pack_id(rid),))
        assert draft in seals.broken_seals(conn)
        conn.exec_driver_sql("UPDATE resolution_vote SET choice = 'for' WHERE resolution_id = ?", (pack_id(rid),))
        assert seals.meeting_of(conn, "resolution_vote", unpack_id(conn.exec_driver_sql(
            "SELECT id FROM resolution_vote").scalar())) == draft


def test_undo_takes_back_named_votes_with_the_tally(db, voted):
    draft, rid, (a, b, c), guest, names = voted
    with db.session() as s:
        votes.set_named_votes(s, rid, {a: "for", b: "against"})
    with db.session() as s:
        undo.undo_last(s)
    with db.session() as s:
        r = resolutions.get_resolution(s, rid)
        assert r.voters == () and r.votes is None


def _pair(tmp_path):
    from app.storage.database import open_database
    a = tmp_path / "a.dabir"
    db = open_database(a, create=True)
    with db.session() as s:
        ids = _draft(s)
    db.close()
    return a, fork(a, tmp_path / "b.dabir"), ids


def test_two_offices_record_votes_and_merge(tmp_path):
    a, b, (draft, rid, (p1, p2, p3), guest, names) = _pair(tmp_path)
    edit(a, lambda s: votes.set_named_votes(s, rid, {p1: "for"}))
    edit(b, lambda s: votes.set_named_votes(s, rid, {p2: "against"}))
    edit(b, lambda s: votes.set_named_votes(s, rid, {p3: "abstain"}))
    merge(a, b)
    merge(b, a)
    for path in (a, b):
        r = edit(path, lambda s: resolutions.get_resolution(s, rid))
        assert [(v.name, v.choice.value) for v in r.voters] == \
            [(names[0], "for"), (names[1], "against"), (names[2], "abstain")]
        assert (r.votes.for_, r.votes.against, r.votes.abstain) == (1, 1, 1)
    assert dump(a) == dump(b)


def test_the_same_voter_recorded_in_both_offices_is_one_row_the_later_wins(tmp_path):
    a, b, (draft, rid, (p1, p2, p3), guest, names) = _pair(tmp_path)
    edit(a, lambda s: votes.set_named_votes(s, rid, {p1: "for"}))
    edit(b, lambda s: votes.set_named_votes(s, rid, {p1: "against"}))     # later
    merge(a, b)
    merge(b, a)
    for path in (a, b):
        rows = edit(path, lambda s: [(v.person_id, v.choice) for v in
                                     s.query(ResolutionVote).filter_by(resolution_id=rid, deleted_at=None)])
        assert rows == [(p1, "against")]
    assert dump(a)["resolution_vote"] == dump(b)["resolution_vote"]


def test_a_vote_added_elsewhere_to_an_approved_meeting_arrives_hidden_and_asked(tmp_path):
    a, b, (draft, rid, (p1, p2, p3), guest, names) = _pair(tmp_path)
    edit(a, lambda s: votes.set_named_votes(s, rid, {p1: "for"}))
    merge(b, a)
    edit(a, lambda s: meetings.approve_meeting(s, draft))
    edit(b, lambda s: votes.set_named_votes(s, rid, {p2: "against"}))
    edit(b, lambda s: votes.set_named_votes(s, rid, {p1: "abstain"}))
    merge(a, b)
    r = edit(a, lambda s: resolutions.get_resolution(s, rid))
    assert [(v.name, v.choice.value) for v in r.voters] == [(names[0], "for")]   # nothing changed under the seal
    found = {(c.kind, c.entity, c.field) for c in conflicts_of(a)}
    assert ("locked", "resolution_vote", "deleted_at") in found
    assert ("locked", "resolution_vote", "choice") in found
    assert all("رأی مصوبه" in c.label for c in conflicts_of(a) if c.entity == "resolution_vote")
    with sqlite3.connect(a) as conn:
        assert conn.execute("SELECT count(*) FROM resolution_vote WHERE deleted_at IS NOT NULL").fetchone() == (1,)
    # the secretary takes the other office's added vote: it shows, and the seal is recorded again
    added = next(c for c in conflicts_of(a) if c.entity == "resolution_vote" and c.field == "deleted_at")
    edit(a, lambda s: resolve_conflict(s, added.id, "theirs"))
    assert len(edit(a, lambda s: resolutions.get_resolution(s, rid)).voters) == 2
    assert edit(a, lambda s: seals.broken_seals(s.connection())) == []


def test_a_forged_vote_is_refused_and_the_file_unchanged(tmp_path):
    from app.storage.validate import check_connection
    from app.storage.database import open_database
    a, b, (draft, rid, (p1, p2, p3), guest, names) = _pair(tmp_path)
    edit(b, lambda s: votes.set_named_votes(s, rid, {p1: "for"}))
    for sql, params in (("UPDATE resolution_vote SET choice = 'maybe'", ()),    # ids as a file holds them:
                        ("UPDATE resolution_vote SET person_id = ?", (pack_id("no-such-person"),)),
                        ("UPDATE resolution_vote SET resolution_id = ?", (pack_id("no-such-resolution"),))):
        bad = tmp_path / "bad.dabir"
        bad.write_bytes(b.read_bytes())
        with sqlite3.connect(bad) as conn:
            conn.execute("PRAGMA foreign_keys=OFF")
            conn.execute(sql, params)
        conn.close()
        db = open_database(bad)
        with db.engine.connect() as c:
            assert any(p.table == "resolution_vote" for p in check_connection(c))
        db.close()
        before = sha256(a)
        with pytest.raises(Exception):
            merge(a, bad)
        assert sha256(a) == before


def test_the_minutes_and_tracker_read_voters_in_one_batch_not_per_resolution(db, voted):
    """The statements a resolutions list runs do not grow with its resolutions' named votes."""
    from sqlalchemy import event
    draft, rid, (a, b, c), guest, names = voted
    with db.session() as s:
        votes.set_named_votes(s, rid, {a: "for", b: "against"})
        for i in range(12):
            other = resolutions.add_resolution(s, draft, f"مصوبه {i}").id
            votes.set_named_votes(s, other, {a: "for", b: "abstain", c: "against"})
    statements = []

    def count(conn, cursor, statement, *args):
        statements.append(statement)

    def run(**kw):
        statements.clear()
        with db.session() as s:
            found = resolutions.list_resolutions(s, meeting_id=draft, **kw)
        return found, len(statements)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        one, few = run(limit=1)
        many, all_ = run()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert len(one) == 1 and len(many) == 13 and all(r.voters for r in many)
    assert all_ == few
