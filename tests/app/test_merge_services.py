"""Two offices working through the real services and the real CLI on hand-copied files (same office
id, as a copy made in a file manager has), then merging both ways."""
import datetime as dt
import json
import shutil

import pytest

from app.domain.errors import LockedError
from app.services import committees, meetings, resolutions
from app.services.files import open_database


def _with(path, fn):
    db = open_database(path)
    try:
        with db.session() as s:
            return fn(s)
    finally:
        db.close()


def _json(cli, *args):
    out = cli(*args)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_secretariat_and_member_office_merge_with_services(tmp_path, cli):
    a, b = tmp_path / "secretariat.dabir", tmp_path / "member.dabir"
    assert cli("demo", "--db", a).returncode == 0
    shutil.copyfile(a, b)
    [seed] = _with(a, lambda s: committees.list_committees(s))
    first = _with(a, lambda s: resolutions.list_resolutions(s, committee_id=seed.id))[0]

    def in_a(s):
        resolutions.add_follow_up(s, first.id, "in_progress", note="دبیرخانه", date=dt.date(2026, 12, 1))
        return meetings.create_meeting(s, seed.id, date=dt.date(2026, 12, 10), title="جلسه دوم (دبیرخانه)").id

    def in_b(s):
        resolutions.add_follow_up(s, first.id, "done", note="دستگاه عضو", date=dt.date(2026, 12, 5))
        m = meetings.create_meeting(s, seed.id, date=dt.date(2026, 12, 11), title="جلسه دوم (دستگاه)").id
        resolutions.add_resolution(s, m, "گزارش پیشرفت خوشه‌ها")
        with pytest.raises(LockedError):  # the services refuse; the merge must not let it in either
            meetings.update_meeting(s, first.meeting_id, title="عنوان دیگر")
        return m

    ma, mb = _with(a, in_a), _with(b, in_b)
    summary = _json(cli, "merge", "--db", a, "--from", b, "--json")
    assert summary["added"] >= 3 and summary["conflicting"] == 1  # meeting 2 twice
    assert _json(cli, "merge", "--db", b, "--from", a, "--json")["conflicting"] == 1
    res_a = _json(cli, "list", "resolutions", "--db", a, "--json")
    assert res_a == _json(cli, "list", "resolutions", "--db", b, "--json")
    r1 = next(r for r in res_a if r["id"] == first.id)
    assert {"دبیرخانه", "دستگاه عضو"} <= {f["note"] for f in r1["follow_ups"]}
    assert r1["status"] == "done"  # the latest follow-up by date, in both offices

    [conflict] = _json(cli, "conflicts", "--db", a, "--json")
    assert conflict["kind"] == "number" and {conflict["row_id"], conflict["other_row_id"]} == {ma, mb}
    assert cli("resolve", "--db", a, conflict["id"], "theirs").returncode == 0
    assert _json(cli, "merge", "--db", b, "--from", a, "--json")["updated"] == 1
    assert _json(cli, "conflicts", "--db", b, "--json") == []
    listed = {m["id"]: m["number"] for m in _json(cli, "list", "meetings", "--db", b, "--json")}
    assert listed[mb] == 2 and listed[ma] == 3
    assert listed == {m["id"]: m["number"] for m in _json(cli, "list", "meetings", "--db", a, "--json")}
    assert cli("check", "--db", a).returncode == 0 and cli("check", "--db", b).returncode == 0
