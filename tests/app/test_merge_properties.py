"""Properties of merging, over random edits on two or three copies of one file (hypothesis):
the copies agree after merging both ways, no UUID is lost, every same-field divergence is a recorded
conflict, merging again is a no-op, and non-conflicting merges commute."""
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st

from app.storage.models import FollowUp, Meeting, Resolution, utcnow
from app.services.conflicts import refresh_derived_status
from tests.app.sharing_data import build, conflicts_of, dump, edit, fork, merge

MEETINGS, RESOLUTIONS = 4, 8  # build(committees=2, meetings=2, resolutions=2)
VALUES = st.sampled_from(["الف", "ب", "پ", "ت"])

edit_meeting = st.tuples(st.just("edit"), st.integers(0, MEETINGS - 1),
                         st.sampled_from(["title", "location", "summary"]), VALUES)
edit_resolution = st.tuples(st.just("edit_res"), st.integers(0, RESOLUTIONS - 1),
                            st.sampled_from(["text", "deadline"]), st.integers(1, 3))
follow = st.tuples(st.just("follow"), st.integers(0, RESOLUTIONS - 1),
                   st.sampled_from(["pending", "in_progress", "done", "cancelled"]), st.integers(1, 4))
add_meeting = st.tuples(st.just("add_meeting"), st.integers(0, 1), st.none(), st.none())
add_resolution = st.tuples(st.just("add_res"), st.integers(0, MEETINGS - 1), st.none(), VALUES)
approve = st.tuples(st.just("approve"), st.integers(0, MEETINGS - 1), st.none(), st.none())
delete = st.tuples(st.just("delete"), st.integers(0, MEETINGS - 1), st.none(), st.none())
ANY_OP = st.one_of(edit_meeting, edit_resolution, follow, add_meeting, add_resolution, approve, delete)


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    folder = tmp_path_factory.mktemp("merge-props")
    old = os.environ.get("DABIR_BACKUP_DIR")
    os.environ["DABIR_BACKUP_DIR"] = str(folder / "backups")
    path = folder / "base.dabir"
    ids = build(path, committees=2, meetings=2, resolutions=2)
    yield path, ids
    if old is None:
        os.environ.pop("DABIR_BACKUP_DIR", None)
    else:
        os.environ["DABIR_BACKUP_DIR"] = old


def apply(path: Path, ids: dict, ops) -> None:
    """Apply ops as the services would: an approved meeting refuses edits (follow-ups still allowed)."""
    def fn(s):
        for kind, i, field, value in ops:
            if kind in ("edit", "approve", "delete", "add_res"):
                m = s.get(Meeting, ids["meeting"][i])
            elif kind in ("edit_res", "follow"):
                r = s.get(Resolution, ids["resolution"][i])
                m = s.get(Meeting, r.meeting_id)
            if kind != "add_meeting" and kind != "follow" and (m.status == "approved" or m.deleted_at):
                continue
            if kind == "edit":
                setattr(m, field, value)
            elif kind == "edit_res":
                setattr(r, field, f"متن {value}" if field == "text" else dt.date(2026, 6, value))
            elif kind == "follow":
                s.add(FollowUp(resolution_id=r.id, date=dt.date(2026, 7, value), status=field))
                s.flush()
                refresh_derived_status(s.connection(), [r.id])  # as resolutions.add_follow_up does
            elif kind == "add_meeting":
                committee = ids["committee"][i]
                n = max(x.number for x in s.query(Meeting).filter_by(committee_id=committee)) + 1
                s.add(Meeting(committee_id=committee, number=n, title="تازه"))
            elif kind == "add_res":
                s.add(Resolution(meeting_id=m.id, number=9, text=value))
            elif kind == "approve":
                m.status = "approved"
            elif kind == "delete":
                m.deleted_at = utcnow()
            s.flush()
    edit(path, fn)


def _copies(template, *names):
    base, ids = template
    folder = Path(tempfile.mkdtemp(prefix="merge-prop-", dir=base.parent))
    paths = [folder / "a.dabir"]
    shutil.copyfile(base, paths[0])
    for n in names[1:]:
        paths.append(fork(base, folder / f"{n}.dabir"))
    return folder, paths, ids


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ops_a=st.lists(ANY_OP, max_size=6), ops_b=st.lists(ANY_OP, max_size=6))
# found in a full run: A adds a resolution to a meeting and deletes the meeting, B approves it. B holds
# A's resolution aside (hidden, asked); the second merge into A took that hiding as a deletion.
@example(ops_a=[("add_res", 2, None, "الف"), ("delete", 2, None, None)], ops_b=[("approve", 2, None, None)])
# and then: B, asked whether to keep its resolution that A's approved minutes lack, takes A's answer;
# its tombstone must be A's own moment, or the two files never agree on it
@example(ops_a=[("approve", 2, None, None)], ops_b=[("add_res", 2, None, "پ")])
def test_two_offices_agree_lose_nothing_and_record_every_divergence(template, ops_a, ops_b):
    folder, (a, b), ids = _copies(template, "a", "b")
    try:
        apply(a, ids, ops_a)
        apply(b, ids, ops_b)
        base, before_a, before_b = dump(template[0]), dump(a), dump(b)
        merge(a, b)
        recorded = {(c.entity, c.row_id, c.field) for c in conflicts_of(a)}
        merge(b, a)
        after_a, after_b = dump(a), dump(b)
        assert_agree_but_for_open_conflicts([a, b], [after_a, after_b])
        for table in after_a:
            assert set(before_a[table]) | set(before_b[table]) <= set(after_a[table])
        # every field both offices changed, to different values, is a recorded conflict
        from app.services.merge_rows import META, merged_tables
        for t in merged_tables():
            cols = [c.name for c in t.c if c.name not in META]
            for row_id, base_row in base[t.name].items():
                for k, col in enumerate(cols):
                    o, x, y = base_row[k], before_a[t.name][row_id][k], before_b[t.name][row_id][k]
                    if col in ("status",) and t.name == "resolution" or col == "deleted_at" and x and y:
                        continue
                    if x != o and y != o and x != y:
                        assert (t.name, row_id, col) in recorded, (t.name, col, o, x, y)
        # merging again, either way, changes nothing
        for mine, theirs in ((a, b), (b, a)):
            again = merge(mine, theirs)
            assert (again.added, again.updated, again.conflicting) == (0, 0, 0)
        assert dump(a) == after_a and dump(b) == after_b
        # once the secretaries decide alike (A keeps its values, B takes A's), the copies agree fully.
        # A decision can raise the next question in the other office (A keeps out a resolution that B
        # added to a meeting both approved: B is asked at the next merge), so up to three rounds.
        for _ in range(3):
            decide_all(a, "mine")
            decide_all(b, "theirs")
            merge(a, b)
            merge(b, a)
            if not conflicts_of(a) and not conflicts_of(b):
                break
        assert dump(a) == dump(b)
        assert conflicts_of(a) == [] and conflicts_of(b) == []
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def decide_all(path, choice) -> None:
    from app.services.conflicts import resolve_conflict
    for c in conflicts_of(path):
        if c.kind == "number":  # who keeps the number: the same meeting in both offices
            keep_first = c.row_id < c.other_row_id
            choice_here = "mine" if keep_first else "theirs"
            edit(path, lambda s: resolve_conflict(s, c.id, choice_here))
        else:
            edit(path, lambda s: resolve_conflict(s, c.id, choice))


def assert_agree_but_for_open_conflicts(paths, dumps) -> None:
    """All copies hold the same rows, and the same values except in fields with a conflict awaiting a
    decision in some office (each office keeps its own value until its secretary decides)."""
    from app.services.merge_rows import META, merged_tables
    undecided = {(c.entity, c.row_id, c.field) for path in paths for c in conflicts_of(path) if c.kind != "number"}
    first = dumps[0]
    for other in dumps[1:]:
        for t in merged_tables():
            cols = [c.name for c in t.c if c.name not in META]
            assert set(first[t.name]) == set(other[t.name]), t.name
            for row_id, row in first[t.name].items():
                for k, col in enumerate(cols):
                    if row[k] == other[t.name][row_id][k]:
                        continue
                    if t.name == "resolution" and col == "status" and (t.name, row_id, "base_status") in undecided:
                        continue  # derived from a value in conflict
                    assert (t.name, row_id, col) in undecided, (t.name, row_id, col, row[k], other[t.name][row_id][k])


def _committee_ops(committee: int):
    """Ops touching one committee only, and not approving: merges of two such lists never conflict."""
    meetings = st.sampled_from([committee * 2, committee * 2 + 1])
    resolutions = st.sampled_from(list(range(committee * 4, committee * 4 + 4)))
    return st.lists(st.one_of(
        st.tuples(st.just("edit"), meetings, st.sampled_from(["title", "location", "summary"]), VALUES),
        st.tuples(st.just("edit_res"), resolutions, st.sampled_from(["text", "deadline"]), st.integers(1, 3)),
        st.tuples(st.just("follow"), resolutions, st.sampled_from(["in_progress", "done"]), st.integers(1, 4)),
        st.tuples(st.just("add_meeting"), st.just(committee), st.none(), st.none()),
        st.tuples(st.just("add_res"), meetings, st.none(), VALUES),
        st.tuples(st.just("delete"), meetings, st.none(), st.none())), max_size=5)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ops_a=_committee_ops(0), ops_b=_committee_ops(0), ops_c=_committee_ops(1), b_first=st.booleans())
def test_order_of_non_conflicting_merges_does_not_matter(template, ops_a, ops_b, ops_c, b_first):
    # three offices none of which owns the committees (the template's office made them), so that a
    # deletion is the other office's to make (issue 22: the owner would hold it as a conflict)
    folder, (_, a, b, c), ids = _copies(template, "owner", "m", "b", "c")
    try:
        apply(b, ids, ops_b)
        apply(c, ids, ops_c)
        a2 = folder / "a2.dabir"
        shutil.copyfile(a, a2)
        merge(a, b)
        merge(a, c)
        merge(a2, c)
        merge(a2, b)
        assert dump(a) == dump(a2)
        assert conflicts_of(a) == [] and conflicts_of(a2) == []
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ops=st.lists(st.lists(ANY_OP, max_size=5), min_size=3, max_size=3))
def test_three_offices_merging_through_the_secretariat_agree(template, ops):
    """The secretariat (a) takes in both member offices, then each takes the secretariat's file."""
    folder, paths, ids = _copies(template, "a", "b", "c")
    a, b, c = paths
    try:
        for path, path_ops in zip(paths, ops):
            apply(path, ids, path_ops)
        merge(a, b)
        merge(a, c)
        merge(b, a)
        merge(c, a)
        assert_agree_but_for_open_conflicts(paths, [dump(p) for p in paths])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- an adversary's file: any edits, plus forged rows and a forged audit log (issue 15) ----------------

FORGERY = st.tuples(st.sampled_from(["title", "draft", "tombstone", "undelete", "res_text", "new_res",
                                     "invalid"]), st.integers(0, MEETINGS - 1))
NOW = "2026-05-01 10:00:00.000000"


def forge(mine: Path, theirs: Path, ids: dict, forgeries) -> None:
    """Rewrite `theirs` with sqlite3 as an adversary would: claim every entry of `mine`'s audit log as
    shared history, change rows, and log each change in the shape Dabir's hook writes."""
    import json
    import sqlite3
    import uuid

    from app.storage.search_keys import pack_id   # ids as a file holds them
    conn, src = sqlite3.connect(theirs), sqlite3.connect(mine)
    with conn:
        for row in src.execute("SELECT * FROM audit_entry"):
            conn.execute("INSERT OR IGNORE INTO audit_entry VALUES (" + ",".join("?" * len(row)) + ")", row)
        for kind, i in forgeries:
            m = pack_id(ids["meeting"][i])
            sql = {"title": ("UPDATE meeting SET title=? WHERE id=?", (f"جعل {i}", m)),
                   "draft": ("UPDATE meeting SET status='draft' WHERE id=?", (m,)),
                   "tombstone": ("UPDATE meeting SET deleted_at=? WHERE id=?", (NOW, m)),
                   "undelete": ("UPDATE meeting SET deleted_at=NULL WHERE id=?", (m,)),
                   "res_text": ("UPDATE resolution SET text='جعلی' WHERE meeting_id=?", (m,)),
                   "new_res": ("INSERT INTO resolution (id, meeting_id, number, text, base_status, status, "
                               "created_at, updated_at, row_version) VALUES (?, ?, 7, 'افزوده', 'pending', "
                               "'pending', ?, ?, 1)", (pack_id(str(uuid.uuid4())), m, NOW, NOW)),
                   "invalid": ("UPDATE meeting SET status='hacked' WHERE id=?", (m,))}[kind]
            conn.execute(*sql)
            conn.execute("INSERT INTO audit_entry (id, at, actor, action, entity, entity_id, changes, created_at, "
                         "updated_at, row_version) VALUES (?, '2030-01-01', 'dabir', 'update', 'meeting', ?, ?, "
                         "'2030-01-01', '2030-01-01', 1)", (pack_id(str(uuid.uuid4())), m,
                                                            json.dumps({"title": [0, 1], "status": [0, 1],
                                                                        "deleted_at": [0, 1]})))
    conn.close()
    src.close()


def _left_invalid(forgeries) -> bool:
    """A 'hacked' status is still there after the forgeries: a later 'draft' on that meeting rewrites it."""
    status = {}
    for kind, i in forgeries:
        if kind in ("invalid", "draft"):
            status[i] = kind
    return "invalid" in status.values()


def _under(table: str, row: tuple, cols: list[str]) -> str | None:
    if table == "meeting":
        return None
    return row[cols.index("meeting_id")] if "meeting_id" in cols else None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(shared=st.booleans(), ops_a=st.lists(ANY_OP, max_size=5), ops_b=st.lists(ANY_OP, max_size=5),
       forgeries=st.lists(FORGERY, max_size=4))
@example(shared=False, ops_a=[], ops_b=[], forgeries=[("invalid", 0), ("draft", 0)])    # found in a full run
def test_a_sealed_meeting_never_changes_without_a_conflict(template, shared, ops_a, ops_b, forgeries):
    from app.domain.errors import DabirFileError
    from app.services.merge import merge_file
    from app.services.merge_rows import META, merged_tables
    from app.services.seals import approved_meetings, fingerprints
    from app.storage.database import open_database
    from tests.app.sharing_data import sha256
    folder, (a, b), ids = _copies(template, "a", "b")
    try:
        apply(a, ids, [("approve", 0, None, None)])
        if shared:  # the approval has gone both ways before anything else
            merge(a, b)
            merge(b, a)
        apply(a, ids, ops_a)
        apply(b, ids, ops_b)
        forge(a, b, ids, forgeries)
        sealed = edit(a, lambda s: approved_meetings(s.connection()))
        before = edit(a, lambda s: fingerprints(s.connection(), sealed))
        base, mine, theirs = dump(template[0]), dump(a), dump(b)
        digest = sha256(a)
        db = open_database(a)
        try:
            merge_file(db, b, accept_deletions=True)
        except DabirFileError as e:  # an invalid value: refused whole, nothing stored
            assert _left_invalid(forgeries), e
            db.close()
            assert sha256(a) == digest
            return
        db.close()
        assert not _left_invalid(forgeries)
        assert edit(a, lambda s: fingerprints(s.connection(), sealed)) == before
        # every value the other file changed under a seal, and that differs here, is a conflict
        open_ = {(c.entity, c.row_id, c.field) for c in conflicts_of(a)}
        for t in merged_tables():
            if t.name not in ("meeting", "agenda_item", "attendance", "resolution"):
                continue
            cols = [c.name for c in t.c if c.name not in META]
            for row_id, row in theirs[t.name].items():
                meeting = row_id if t.name == "meeting" else _under(t.name, row, cols)
                if meeting not in sealed:
                    continue
                if row_id not in mine[t.name]:
                    if row[cols.index("deleted_at")] is None:
                        assert (t.name, row_id, "deleted_at") in open_, (t.name, row)
                    continue
                for k, col in enumerate(cols):
                    if t.name == "resolution" and col == "status":
                        continue  # derived from follow-ups, which stay open
                    was = base[t.name].get(row_id, (None,) * len(cols))[k]
                    if row[k] != was and row[k] != mine[t.name][row_id][k]:
                        assert (t.name, row_id, col) in open_, (t.name, col, was, row[k], mine[t.name][row_id][k])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
