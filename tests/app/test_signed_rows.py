"""Issue 22, signed trust-bearing rows: another office's tombstone or register entry is taken only when it
carries a good signature by a row key this machine trusts for the office the signature names; each
forgery is crafted with plain SQL in a copy of the other office's file (as a hostile office would) and
merged into mine. Two machines are two key folders and two trust folders; the PDFs, files, signatures
and the CLI are real."""
import contextlib
import datetime as dt
import itertools
import shutil
import uuid

import pytest

from app.services import settings
from app.storage import timestamps
from app.storage.models import FollowUp
from app.storage.search_keys import pack_id
from tests.app.sharing_data import conflicts_of, dump, edit, fork, merge, sha256
from tests.app.sharing_data import run_sql as _sql
from tests.app.sharing_data import read_sql as _one
from tests.reports.test_signing import _change_page_text, _office

B_NAME = "دفتر دیگر"


@contextlib.contextmanager
def machine(monkeypatch, env: dict):
    """In-process work on another machine: its own key and trust folders."""
    with monkeypatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        yield


def _office_id(path) -> str:
    return _one(path, "SELECT value FROM setting WHERE key='office.id'")[0][0]


def _follow_up(resolution_id, note):
    def add(s):
        f = FollowUp(resolution_id=resolution_id, date=dt.date(2026, 11, 27), status="in_progress", note=note)
        s.add(f)
        s.flush()
        return f.id
    return add


def _delete(row_id, when):
    return lambda s: setattr(s.get(FollowUp, row_id), "deleted_at", when)


def _live(path, row_id) -> bool:
    return _one(path, "SELECT deleted_at IS NULL FROM follow_up WHERE id=?", (pack_id(row_id),)) == [(1,)]


def _held(path, row_id) -> bool:
    return any(c.kind == "locked" and c.entity == "follow_up" and c.row_id == row_id and c.field == "deleted_at"
               for c in conflicts_of(path))


@pytest.fixture
def pair(tmp_path, monkeypatch, cli):
    """A's approved minutes; B, another office (its own file, key and trust folders) with two follow-ups
    of its own that A has taken; then B withdraws the first one and prints the minutes (registered), both
    signed by B's row key. A has not trusted B's row key yet."""
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.setenv("DABIR_KEY_PASSPHRASE", "گذرواژه آزمون")
    a, b = tmp_path / "a.dabir", tmp_path / "b.dabir"
    mid = _office(a)
    fork(a, b)
    rid = _one(a, "SELECT id FROM resolution WHERE meeting_id=?", (pack_id(mid),))[0][0]
    mine = edit(a, _follow_up(rid, "پیگیری دفتر الف"))
    env_b = {"DABIR_KEY_DIR": str(tmp_path / "keys-b"), "DABIR_TRUST_DIR": str(tmp_path / "trust-b")}
    with machine(monkeypatch, env_b):
        merge(b, a)
        edit(b, lambda s: settings.update_settings(s, office_name=B_NAME))
        fb, fb2 = edit(b, _follow_up(rid, "پیگیری یک")), edit(b, _follow_up(rid, "پیگیری دو"))
    merge(a, b)
    with machine(monkeypatch, env_b):
        edit(b, _delete(fb, dt.datetime(2026, 11, 28, 9)))
    pdf = tmp_path / "b.pdf"
    r = cli("minutes", "--db", b, "--meeting", mid, "-o", pdf, env=env_b)
    assert r.returncode == 0, r.stderr
    forged = tmp_path / "forged.pdf"
    _change_page_text(pdf, forged)
    office_b = _office_id(b)
    return dict(a=a, b=b, mid=mid, fb=fb, fb2=fb2, mine=mine, pdf=pdf, forged=forged, office_b=office_b,
                env_b=env_b, cert_b=tmp_path / "keys-b" / f"{office_b}.rowkey.crt", tmp=tmp_path)


def _trust_b(cli, p):
    r = cli("trust", "add", p["cert_b"], "--office-id", p["office_b"], "--office-name", B_NAME)
    assert r.returncode == 0, r.stderr


def test_a_trusted_offices_signed_tombstone_and_register_entry_are_accepted(cli, pair):
    p = pair
    untrusted = shutil.copyfile(p["a"], p["tmp"] / "a-before-trust.dabir")
    merge(untrusted, p["b"])                    # not trusted yet: held exactly as an unsigned tombstone
    assert _live(untrusted, p["fb"]) and _held(untrusted, p["fb"])
    r = cli("verify", "--db", untrusted, p["pdf"])
    assert r.returncode == 2 and "دفتر دیگری" in r.stderr

    _trust_b(cli, p)
    received = sha256(p["b"])
    summary = merge(p["a"], p["b"])
    assert sha256(p["b"]) == received           # the received file is never written
    assert summary.conflicting == 0
    assert not _live(p["a"], p["fb"]) and _live(p["a"], p["fb2"])
    assert not [c for c in conflicts_of(p["a"]) if c.row_id == p["fb"]]
    before = sha256(p["a"])
    ok = cli("verify", "--db", p["a"], p["pdf"])
    assert ok.returncode == 0, ok.stderr
    assert len(ok.stdout.strip().splitlines()) == 1 and B_NAME in ok.stdout
    bad = cli("verify", "--db", p["a"], p["forged"])
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
    assert sha256(p["a"]) == before             # verify never writes
    # the proof came along: B's two signatures (tombstone, register entry), checked, are in my file
    assert _one(p["a"], "SELECT entity, office_id FROM row_signature WHERE office_id=? ORDER BY counter",
                (pack_id(p["office_b"]),)) == [("follow_up", p["office_b"]), ("issued_document", p["office_b"])]


def _changed_content(p, b, monkeypatch):
    _sql(b, ("UPDATE follow_up SET note='پیگیری دیگر' WHERE id=?", (pack_id(p["fb"]),)))
    return [p["fb"]]


def _signature_moved(p, b, monkeypatch):
    _sql(b, ("UPDATE follow_up SET deleted_at=(SELECT deleted_at FROM follow_up WHERE id=?) WHERE id=?",
             (pack_id(p["fb"]), pack_id(p["fb2"]))),
         ("UPDATE row_signature SET row_id=? WHERE row_id=?", (pack_id(p["fb2"]), pack_id(p["fb"]))))
    return [p["fb"], p["fb2"]]


def _counter_lowered(p, b, monkeypatch):
    _sql(b, ("UPDATE row_signature SET counter=0 WHERE row_id=?", (pack_id(p["fb"]),)))
    return [p["fb"]]


def _untrusted_key(p, b, monkeypatch):
    """Office B's id, but a row key made on a third machine that A never trusted."""
    with machine(monkeypatch, {"DABIR_KEY_DIR": str(p["tmp"] / "keys-c"), "DABIR_TRUST_DIR": str(p["tmp"] / "trust-c")}):
        edit(b, _delete(p["fb2"], dt.datetime(2026, 11, 29, 9)))
    return [p["fb2"]]


def _another_office_id(p, b, monkeypatch):
    """B's genuine key, but the signature claims another office (A's own id, then a made-up one)."""
    with machine(monkeypatch, p["env_b"]):
        edit(b, _delete(p["fb2"], dt.datetime(2026, 11, 29, 9)))
    _sql(b, ("UPDATE row_signature SET office_id=? WHERE row_id=?", (pack_id(_office_id(p["a"])), pack_id(p["fb2"]))),
         ("UPDATE row_signature SET office_id=? WHERE row_id=?", (pack_id(str(uuid.uuid4())), pack_id(p["fb"]))))
    return [p["fb"], p["fb2"]]


def _my_row_by_their_key(p, b, monkeypatch):
    """B's genuine, trusted signature on a tombstone of MY follow-up: not theirs to delete."""
    with machine(monkeypatch, p["env_b"]):
        edit(b, _delete(p["mine"], dt.datetime(2026, 11, 29, 9)))
    return [p["mine"]]


@pytest.mark.parametrize("forge", [_changed_content, _signature_moved, _counter_lowered, _untrusted_key,
                                   _another_office_id, _my_row_by_their_key])
def test_a_forged_signed_tombstone_is_held(cli, pair, monkeypatch, forge):
    p = pair
    _trust_b(cli, p)
    b = shutil.copyfile(p["b"], p["tmp"] / "b-forged.dabir")
    targets = forge(p, b, monkeypatch)
    received = sha256(b)
    merge(p["a"], b)
    assert sha256(b) == received
    for row_id in targets:
        assert _live(p["a"], row_id), forge.__name__
        assert _held(p["a"], row_id), forge.__name__
    if forge is not _my_row_by_their_key:      # (that one is B's genuine signature: kept, as a record)
        signatures = {r[0] for r in _one(p["a"], "SELECT row_id FROM row_signature")}
        assert not signatures & set(targets)   # a signature that does not check is never copied in


def _register_row_rewritten(p, b, monkeypatch):
    _sql(b, ("UPDATE issued_document SET sha256=? WHERE sha256=?", (sha256(p["forged"]), sha256(p["pdf"]))))


def _register_signature_copied(p, b, monkeypatch):
    new = str(uuid.uuid4())
    _sql(b, ("INSERT INTO issued_document (id, kind, meeting_id, number, issued_on, sha256, issued_by, signed, "
             "created_at, updated_at, row_version, changed_in) SELECT ?, kind, meeting_id, number, issued_on, ?, "
             "issued_by, signed, created_at, updated_at, 1, changed_in FROM issued_document WHERE sha256=?",
             (pack_id(new), sha256(p["forged"]), sha256(p["pdf"]))),
         ("INSERT INTO row_signature (office_id, counter, entity, row_id, key_fingerprint, signed_at, signature) "
          "SELECT office_id, counter + 100, entity, ?, key_fingerprint, signed_at, signature FROM row_signature "
          "WHERE entity='issued_document'", (pack_id(new),)))


def _register_by_untrusted_key(p, b, monkeypatch, cli=None):
    with machine(monkeypatch, {"DABIR_KEY_DIR": str(p["tmp"] / "keys-c"), "DABIR_TRUST_DIR": str(p["tmp"] / "trust-c")}):
        from app.services import issued
        edit(b, lambda s: issued.register(s, "minutes", sha256(p["forged"]), meeting_id=p["mid"], issued_by=B_NAME))


@pytest.mark.parametrize("forge", [_register_row_rewritten, _register_signature_copied, _register_by_untrusted_key])
def test_a_forged_register_entry_never_verifies(cli, pair, monkeypatch, forge):
    p = pair
    _trust_b(cli, p)
    b = shutil.copyfile(p["b"], p["tmp"] / "b-forged.dabir")
    forge(p, b, monkeypatch)
    merge(p["a"], b)
    before = sha256(p["a"])
    bad = cli("verify", "--db", p["a"], p["forged"])
    assert bad.returncode == 2, bad.stdout
    assert len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
    assert sha256(p["a"]) == before


def test_no_merge_order_brings_an_older_signed_state_back(cli, pair, monkeypatch):
    """B's copies at four moments: its follow-up live, withdrawn, withdrawn again later (restored in
    between), and the first withdrawal with its `row_version` raised by hand (bookkeeping any file can
    write). Merged in every order, the last signed state wins every time: B's counter decides."""
    p = pair
    _trust_b(cli, p)
    fb2, t = p["fb2"], p["tmp"]
    copies = {"live": shutil.copyfile(p["b"], t / "c-live.dabir")}
    with machine(monkeypatch, p["env_b"]):
        edit(p["b"], _delete(fb2, dt.datetime(2026, 11, 29, 9)))
        copies["first"] = shutil.copyfile(p["b"], t / "c-first.dabir")
        edit(p["b"], _delete(fb2, None))                          # restored (by hand, not signed)
        edit(p["b"], _delete(fb2, dt.datetime(2026, 11, 30, 9)))
        copies["second"] = shutil.copyfile(p["b"], t / "c-second.dabir")
    copies["first, lying"] = shutil.copyfile(copies["first"], t / "c-lying.dabir")
    _sql(copies["first, lying"], ("UPDATE follow_up SET row_version=999 WHERE id=?", (pack_id(fb2),)))
    results = set()
    for n, order in enumerate(itertools.permutations(copies)):
        mine = shutil.copyfile(p["a"], t / f"order{n}.dabir")
        for name in order:
            merge(mine, copies[name])
        when = _one(mine, "SELECT deleted_at FROM follow_up WHERE id=?", (pack_id(fb2),))[0][0]
        # stored as microseconds since 1970 (schema 11)
        assert timestamps.read(when).replace(microsecond=0) == dt.datetime(2026, 11, 30, 9), (order, when)
        results.add(repr(sorted(dump(mine).items())))
        mine.unlink()
    assert len(results) == 1


def test_an_amendment_approval_is_taken_only_signed_by_its_trusted_office(cli, pair, monkeypatch):
    """B's own approved meeting (B's committee) and a draft amendment of it, taken by A. B approving it
    with Dabir (signed) is taken; the same approval written with sqlite3 is held."""
    from app.domain.enums import ChangeKind
    from app.services import amendments
    p = pair
    _trust_b(cli, p)
    with machine(monkeypatch, p["env_b"]):
        mid = _office(p["b"], B_NAME, title="جلسه دفتر ب")

        def draft(s):
            aid = amendments.create_amendment(s, mid, "اصلاح دفتر ب").id
            amendments.add_change(s, aid, ChangeKind.RESOLUTION_NEW, None, "مصوبه افزوده")
            return aid
        aid = edit(p["b"], draft)
    merge(p["a"], p["b"])
    forged = shutil.copyfile(p["b"], p["tmp"] / "b-forged.dabir")
    _sql(forged, ("UPDATE amendment SET status='approved', row_version=row_version+1 WHERE id=?", (pack_id(aid),)))
    with machine(monkeypatch, p["env_b"]):
        edit(p["b"], lambda s: amendments.approve_amendment(s, aid))
    status = "SELECT status FROM amendment WHERE id=?"
    held = shutil.copyfile(p["a"], p["tmp"] / "a-held.dabir")
    merge(held, forged)
    assert _one(held, status, (pack_id(aid),)) == [("draft",)]
    assert [(c.kind, c.entity, c.field) for c in conflicts_of(held)] == [("locked", "amendment", "status")]
    summary = merge(p["a"], p["b"])
    assert _one(p["a"], status, (pack_id(aid),)) == [("approved",)]
    assert summary.conflicting == 0 and not conflicts_of(p["a"])


def test_a_seal_made_here_is_signed_by_this_offices_row_key(pair):
    """Approving A's minutes recorded a seal, signed with A's row key; the seal changed by hand no longer checks."""
    from sqlalchemy import select

    from app.services.row_signing import Verifier
    from app.storage.merge_models import MeetingSeal
    from app.storage.signed_models import RowSignature
    p = pair

    def check(s):
        seal, sig = MeetingSeal.__table__, RowSignature.__table__    # typed: the ids read back as text
        seal = dict(s.execute(select(seal).where(seal.c.meeting_id == p["mid"])).mappings().one())
        sigs = [dict(r) for r in s.execute(select(sig).where(sig.c.entity == "meeting_seal",
                                                             sig.c.row_id == p["mid"])).mappings()]
        v = Verifier()
        good = v.best(sigs, seal)
        forged = v.best(sigs, {**seal, "fingerprint": "0" * 64})
        return good, forged
    good, forged = edit(p["a"], check)
    assert good is not None and good.office_id == _office_id(p["a"]) and forged is None
