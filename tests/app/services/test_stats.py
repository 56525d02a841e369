"""Issue 26: per-body figures against a small committee counted by hand, on both backends, and
`dabir stats` as a real process."""
import hashlib
import json

import pytest

from app.domain.enums import ChangeKind
from app.domain.jalali import parse_date as J
from app.services import amendments, committees, directory, meetings, resolutions, stats

pytestmark = pytest.mark.backends


def build(s) -> dict:
    """Two meetings of one committee, one of another. By hand, as of ۱۴۰۵/۰۶/۰۱:
    - استانداری: r1 done on time (done ۰۵/۲۰, deadline ۰۵/۳۰), r2 done late (done ۰۶/۱۰ > ۰۵/۳۱),
      r3 open past its deadline (overdue), r4 open, deadline ۰۶/۳۰ (not overdue), r6 (shared) cancelled;
    - جهاد کشاورزی: r5 done, no deadline (on time); r6 cancelled (shared);
      r7 open, deadline ۰۵/۰۱ but an approved amendment moved it to ۰۷/۰۱: not overdue;
    - سازمان صمت, through its staff member «مریم احمدی»: r8 in progress, overdue;
    - no party: r9 (not counted anywhere);
    - another committee: r10 (استانداری), counted only without --committee."""
    cid = committees.create_committee(s, "کمیته آب").id
    other = committees.create_committee(s, "کمیته راه").id
    samt = directory.create_organization(s, "سازمان صنعت، معدن و تجارت").id
    directory.create_person(s, "مریم احمدی", organization_id=samt)
    m1 = meetings.create_meeting(s, cid, date=J("1405/05/01")).id
    m2 = meetings.create_meeting(s, cid, date=J("1405/05/10")).id
    m3 = meetings.create_meeting(s, other, date=J("1405/05/10")).id
    add = resolutions.add_resolution
    ids = {}
    ids["r1"] = add(s, m1, "یک", ["استانداری"], J("1405/05/30")).id
    ids["r2"] = add(s, m1, "دو", ["استانداری"], J("1405/05/31")).id
    ids["r3"] = add(s, m1, "سه", ["استانداری"], J("1405/05/20")).id
    ids["r4"] = add(s, m1, "چهار", ["استانداری"], J("1405/06/30")).id
    ids["r5"] = add(s, m2, "پنج", ["جهاد كشاورزي"]).id          # Arabic ي/ك: the same body
    ids["r6"] = add(s, m2, "شش", ["استانداری", "جهاد کشاورزی"], J("1405/05/15"), status="cancelled").id
    ids["r7"] = add(s, m1, "هفت", ["جهاد کشاورزی"], J("1405/05/01")).id
    ids["r8"] = add(s, m2, "هشت", ["مریم احمدی"], J("1405/05/25"), status="in_progress").id
    ids["r9"] = add(s, m2, "نه", [], J("1405/05/01")).id
    ids["r10"] = add(s, m3, "ده", ["استانداری"], J("1405/05/01")).id
    fu = resolutions.add_follow_up
    fu(s, ids["r1"], "in_progress", date=J("1405/05/12"))
    fu(s, ids["r1"], "done", date=J("1405/05/20"))
    fu(s, ids["r2"], "done", date=J("1405/05/05"))                 # reported done, then reopened,
    fu(s, ids["r2"], "in_progress", date=J("1405/05/08"))
    fu(s, ids["r2"], "done", date=J("1405/06/10"))                 # and done for good, late
    fu(s, ids["r5"], "done", date=J("1405/07/01"))
    meetings.approve_meeting(s, m1)
    aid = amendments.create_amendment(s, m1, "تمدید مهلت").id
    amendments.add_change(s, aid, ChangeKind.RESOLUTION_DEADLINE, ids["r7"], J("1405/07/01"))
    amendments.approve_amendment(s, aid)
    return {"committee": cid, **ids}


EXPECTED = {   # organisation: total, done, done_on_time, cancelled, open, overdue
    "استانداری": (5, 2, 1, 1, 2, 1),
    "جهاد کشاورزی": (3, 1, 1, 1, 1, 0),
    "سازمان صنعت، معدن و تجارت": (1, 0, 0, 0, 1, 1),
}


def test_body_stats_hand_counted(session):
    ids = build(session)
    rows = stats.body_stats(session, ids["committee"], as_of=J("1405/06/01"))
    assert [r.organisation for r in rows] == ["استانداری", "جهاد کشاورزی", "سازمان صنعت، معدن و تجارت"]
    got = {r.organisation: (r.total, r.done, r.done_on_time, r.cancelled, r.open, r.overdue) for r in rows}
    assert got == EXPECTED
    # the whole file: r10 of the other committee is open and past its deadline
    everywhere = {r.organisation: r for r in stats.body_stats(session, as_of=J("1405/06/01"))}
    assert (everywhere["استانداری"].total, everywhere["استانداری"].overdue) == (6, 2)
    # a later day: r4 (deadline ۰۶/۳۰) is overdue too; r7's amended deadline ۰۷/۰۱ not yet
    later = {r.organisation: r.overdue for r in stats.body_stats(session, ids["committee"], J("1405/06/31"))}
    assert later == {"استانداری": 2, "جهاد کشاورزی": 0, "سازمان صنعت، معدن و تجارت": 1}
    assert stats.body_stats(session, ids["committee"], J("1405/07/02"))[1].overdue == 1   # now r7 is


@pytest.mark.sqlite_only
def test_stats_cli(cli, db_path):
    from app.services.files import open_database
    db = open_database(db_path, create=True)
    with db.session() as s:
        build(s)
    db.close()
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    r = cli("stats", "--db", db_path, "--committee", "کمیته آب", "--as-of", "۱۴۰۵/۶/۱", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert all(list(row) == list(stats.FIELDS) for row in out)
    assert {row["organisation"]: tuple(row[k] for k in stats.FIELDS[1:]) for row in out} == EXPECTED
    text = cli("stats", "--db", db_path, "--committee", "کمیته آب", "--as-of", "1405/06/01")
    assert text.returncode == 0 and text.stdout.splitlines()[1] == "استانداری\t5\t2\t1\t1\t2\t1"
    for bad in (("--as-of", "2026/08/23"), ("--committee", "کمیته ناموجود")):
        r = cli("stats", "--db", db_path, *bad)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before   # a read command writes nothing


def test_two_parties_that_are_one_body_count_once(session):
    """An organisation and its staff member, or two of its staff, on one resolution: one body, one count."""
    ids = build(session)
    samt = directory.find_organization(session, "سازمان صنعت، معدن و تجارت").id
    directory.create_person(session, "رضا کریمی", organization_id=samt)
    m = meetings.create_meeting(session, ids["committee"], date=J("1405/05/20")).id
    resolutions.add_resolution(session, m, "یازده", ["سازمان صنعت، معدن و تجارت", "مریم احمدی"], J("1405/05/21"))
    rid = resolutions.add_resolution(session, m, "دوازده", ["مریم احمدی", "رضا کریمی"], J("1405/07/01")).id
    resolutions.add_follow_up(session, rid, "done", date=J("1405/06/01"))
    rows = {r.organisation: r for r in stats.body_stats(session, ids["committee"], as_of=J("1405/06/01"))}
    samt_row = rows["سازمان صنعت، معدن و تجارت"]
    assert (samt_row.total, samt_row.done, samt_row.done_on_time, samt_row.open, samt_row.overdue) == (3, 1, 1, 2, 2)
    assert {k: (r.total, r.overdue) for k, r in rows.items() if k != "سازمان صنعت، معدن و تجارت"} == \
        {"استانداری": (5, 1), "جهاد کشاورزی": (3, 0)}
