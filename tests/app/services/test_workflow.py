"""Issue 14's other records: follow-ups with a date, a letter number and the letter attached;
attachments on meetings and resolutions (sizes, sha256, locks, merge, hostile rows); votes; agenda
templates."""
import datetime as dt
import hashlib
import os
import sqlite3

import pytest

from app.domain import jalali
from app.domain.errors import LockedError, ValidationError
from app.services import attachments, committees, demo, meetings, resolutions
from app.storage.models import Attachment
from app.storage.search_keys import pack_id
from app.storage.validate import check_connection
from app.storage.database import open_database
from tests.app.sharing_data import build, dump, edit, fork, merge, sha256
from tests.documents import ooxml, pdf


@pytest.fixture
def demo_ids(db):
    """(approved first meeting, a draft copy of it, an approved resolution)."""
    with db.session() as s:
        demo.build_demo(s)
        first = meetings.list_meetings(s)[-1].id
        draft = meetings.duplicate_meeting(s, first).id
        rid = meetings.get_meeting(s, first).resolutions[0].id
    return first, draft, rid


def test_follow_up_date_letter_number_and_letter(db, demo_ids, tmp_path):
    first, draft, rid = demo_ids
    letter = tmp_path / "نامه ۱۲۳.pdf"
    letter.write_bytes(b"%PDF-1.4 letter")
    day = jalali.parse_date("۱۴۰۵/۰۹/۰۳")
    with db.session() as s:                  # approved meeting: following up is still allowed
        fid = resolutions.add_follow_up(s, rid, "in_progress", note="پاسخ رسید", date=day,
                                        letter_number="۱۲/۳۴۵ ك", attachment=letter).id
        default = resolutions.add_follow_up(s, rid, "in_progress").id
    with db.session() as s:
        fus = {f.id: f for f in resolutions.get_resolution(s, rid).follow_ups}
        assert fus[fid].date == day and fus[fid].letter_number == "۱۲/۳۴۵ ک"   # ك normalised
        assert fus[fid].attachments == ("نامه ۱۲۳.pdf",)
        assert fus[default].date == jalali.today() and fus[default].letter_number is None
        [a] = attachments.list_attachments(s, "follow_up", fid)
        assert a.sha256 == hashlib.sha256(b"%PDF-1.4 letter").hexdigest()
        count = len(fus)
    with pytest.raises(ValidationError), db.session() as s:
        resolutions.add_follow_up(s, rid, "done", attachment=tmp_path / "missing.pdf")
    with db.session() as s:
        assert len(resolutions.get_resolution(s, rid).follow_ups) == count   # the failed one left nothing


def test_attachments_sizes_locks_open_and_save(db, demo_ids, tmp_path):
    first, draft, _ = demo_ids
    ten_mb = ooxml("ppt", 10 * 2 ** 20 - 1000)     # a real package: attachments are sniffed
    big = tmp_path / "گزارش.pptx"
    big.write_bytes(ten_mb)
    with db.session() as s:
        aid = attachments.add_attachment_file(s, "meeting", draft, big).id
        rid = resolutions.add_resolution(s, draft, "تهیه طرح").id
        attachments.add_attachment(s, "resolution", rid, "../../etc/passwd.txt", b"not a path")
    with db.session() as s:
        [a] = attachments.list_attachments(s, "meeting", draft)
        assert (a.name, a.size, a.sha256) == ("گزارش.pptx", len(ten_mb), hashlib.sha256(ten_mb).hexdigest())
        [r] = attachments.list_attachments(s, "resolution", rid)
        assert r.name == "passwd.txt"                                        # never a path
        assert meetings.get_meeting(s, draft).attachments == ("گزارش.pptx",)
        assert resolutions.get_resolution(s, rid).attachments == ("passwd.txt",)
        out = attachments.save_attachment(s, aid, tmp_path / "saved.pptx")
        opened = attachments.temporary_copy(s, aid)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == a.sha256
    assert opened.name == "گزارش.pptx" and opened.read_bytes() == ten_mb
    assert not os.access(opened, os.X_OK)
    # over the limit: refused with a Persian message naming the sizes, nothing written
    huge = tmp_path / "فیلم.mp4"
    with open(huge, "wb") as f:
        f.truncate(attachments.MAX_SIZE + 1)
    before = sha256(db.path)
    with db.session() as s, pytest.raises(ValidationError) as e:
        attachments.add_attachment_file(s, "meeting", draft, huge)
    assert "مگابایت" in e.value.fa and "فیلم.mp4" in e.value.fa
    assert sha256(db.path) == before
    # an approved meeting's files are part of its minutes
    with db.session() as s, pytest.raises(LockedError):
        attachments.add_attachment(s, "meeting", first, "x.pdf", pdf(b"x"))
    with db.session() as s:
        attachments.delete_attachment(s, aid)
        assert attachments.list_attachments(s, "meeting", draft) == []


def test_attachments_merge_and_hostile_rows_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))
    a = tmp_path / "a.dabir"
    ids = build(a)
    b = fork(a, tmp_path / "b.dabir")
    data = pdf(os.urandom(10 * 2 ** 20))
    meeting = ids["meeting"][0]
    edit(a, lambda s: attachments.add_attachment(s, "meeting", meeting, "ارائه.pdf", data))
    merge(b, a)
    db = open_database(b)
    with db.session() as s:
        [att] = attachments.list_attachments(s, "meeting", meeting)
        copy = attachments.temporary_copy(s, att.id)
    db.close()
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == hashlib.sha256(data).hexdigest()
    assert dump(a)["attachment"] == dump(b)["attachment"]
    # a forged row (bytes that are not what its sha256 says, a path for a name) is refused by check
    conn = sqlite3.connect(b)
    with conn:
        conn.execute("UPDATE attachment SET content = ?, name = '../x' WHERE id = ?", (b"evil", pack_id(att.id)))
    conn.close()
    db = open_database(b)
    with db.engine.connect() as c:
        fields = {p.field for p in check_connection(c) if p.table == "attachment"}
    db.close()
    assert {"size", "sha256", "name"} <= fields
    before = sha256(a)
    with pytest.raises(Exception):
        merge(a, b)
    assert sha256(a) == before


def test_votes(db, demo_ids):
    first, draft, approved_rid = demo_ids
    with db.session() as s:
        rid = resolutions.add_resolution(s, draft, "تصویب بودجه").id
        resolutions.set_votes(s, rid, 7, 2, 1)
    with db.session() as s:
        v = resolutions.get_resolution(s, rid).votes
        assert (v.for_, v.against, v.abstain, v.total) == (7, 2, 1, 10)
        resolutions.set_votes(s, rid, None)
        assert resolutions.get_resolution(s, rid).votes is None
        for bad in (-1, 10 ** 9, "۳"):
            with pytest.raises(ValidationError):
                resolutions.set_votes(s, rid, bad, 0, 0)
    with db.session() as s, pytest.raises(LockedError):
        resolutions.set_votes(s, approved_rid, 1, 0, 0)


def test_agenda_template(db, demo_ids):
    first, draft, _ = demo_ids
    with db.session() as s:
        cid = meetings.get_meeting(s, first).committee.id
        committees.set_agenda_template(s, cid, ["گزارش دبير", "  ", "گزارش دبیر", "پیگیری مصوبات جلسه قبل"])
        assert committees.get_committee(s, cid).agenda_template == ("گزارش دبیر", "پیگیری مصوبات جلسه قبل")
        new = meetings.create_meeting(s, cid, date=dt.date(2026, 12, 1)).id
        assert [a.title for a in meetings.get_meeting(s, new).agenda] == ["گزارش دبیر", "پیگیری مصوبات جلسه قبل"]
        copy = meetings.duplicate_meeting(s, first).id           # a copy carries its source's agenda only
        assert [a.title for a in meetings.get_meeting(s, copy).agenda] == \
            [a.title for a in meetings.get_meeting(s, first).agenda]
        committees.set_agenda_template(s, cid, [])
        assert committees.get_committee(s, cid).agenda_template == ()


def test_votes_do_not_change_the_seal_of_meetings_without_them():
    """A meeting sealed before votes existed keeps its seal; a tally, once recorded, is sealed."""
    from app.services.seals import _row_text
    row = {"id": "r", "meeting_id": "m", "number": 1, "text": "متن", "deadline": None, "base_status": "pending",
           "status": "pending", "deleted_at": None}
    assert _row_text("resolution", {**row, "votes_for": None, "votes_against": None, "votes_abstain": None}) == \
        _row_text("resolution", row)
    assert _row_text("resolution", {**row, "votes_for": 3, "votes_against": 0, "votes_abstain": None}) != \
        _row_text("resolution", row)


def test_approved_votes_are_under_the_seal(db, demo_ids):
    from app.services import seals
    first, draft, _ = demo_ids
    with db.session() as s:
        rid = resolutions.add_resolution(s, draft, "با رأی").id
        resolutions.set_votes(s, rid, 5, 1, 0)
        meetings.approve_meeting(s, draft)
    with db.engine.begin() as c:
        assert seals.broken_seals(c) == []
        c.exec_driver_sql("UPDATE resolution SET votes_for = 9 WHERE id = ?", (pack_id(rid),))   # outside Dabir
        assert draft in seals.broken_seals(c)
        c.exec_driver_sql("UPDATE resolution SET votes_for = 5 WHERE id = ?", (pack_id(rid),))
