"""Sealing many meetings at once (a first merge into a file whose meetings were approved before seals
were signed, or the demo's generated ones) signs every seal with a counter of its own, taken together
(row_signing.sign_rows): each signature checks over its seal, and the office's next signature goes on
from the last."""
from sqlalchemy import select

from app.services import seals
from app.services.demo import build_demo
from app.services.row_signing import Verifier, sign_row
from app.storage.database import open_database
from app.storage.signed_models import RowCounter, RowSignature
from app.storage.merge_models import MeetingSeal


def test_sealing_many_meetings_signs_each_seal_with_its_own_counter(tmp_path):
    db = open_database(tmp_path / "office.dabir", create=True)
    try:
        with db.session() as s:
            build_demo(s, scale=30)          # generated approved meetings, not sealed one by one
        with db.session() as s:
            sealed = seals.ensure_seals(s.connection(), db.office_id)
        assert len(sealed) >= 20
        with db.engine.connect() as conn:
            sigs = conn.execute(select(*RowSignature.__table__.c)
                                .where(RowSignature.entity == "meeting_seal")).mappings().all()
            assert sorted(s["row_id"] for s in sigs) == sorted(sealed)
            counters = sorted(s["counter"] for s in sigs)
            assert counters == list(range(counters[0], counters[0] + len(sigs)))
            verifier = Verifier()
            for seal in conn.execute(select(*MeetingSeal.__table__.c)).mappings():
                mine = [dict(s) for s in sigs if s["row_id"] == seal["meeting_id"]]
                best = verifier.best(mine, dict(seal))
                assert best is not None and best.office_id == db.office_id, seal["meeting_id"]
                # the signature is over this seal, not another's: moved to another seal it fails
                other = next(x for x in sealed if x != seal["meeting_id"])
                assert verifier.best(mine, {**dict(seal), "meeting_id": other}) is None
        with db.session() as s:
            conn = s.connection()
            after = sign_row(conn, db.office_id, "meeting_seal", other, {"meeting_id": other})
            assert after == counters[-1] + 1
            assert conn.scalar(select(RowCounter.counter).where(RowCounter.office_id == db.office_id)) == after
    finally:
        db.close()
