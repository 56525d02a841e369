"""read_raw and the seals' statements on both backends: values reach SQL as binds only (named, or an
expanding IN list), so a value full of SQL's and the drivers' special characters is just a value."""
import datetime as dt

import pytest
from sqlalchemy import bindparam, column, select, text

from app.services import seals
from app.services.demo import build_demo
from app.storage.models import Base, Committee, Key, Meeting
from app.storage.validate import read_raw

pytestmark = pytest.mark.backends

ODD = "50% ?:id 'x' \"y\" %s :among ; --"   # placeholders of every style, quotes, a comment


@pytest.fixture
def demo(db):
    with db.session(actor="test") as s:
        build_demo(s, scale=120)
    return db


def test_read_raw_by_key_reads_exactly_the_rows_among_the_values_raw(demo, backend):
    table = Base.metadata.tables["resolution"]
    with demo.engine.connect() as conn:
        everything = list(read_raw(conn, table))
        meetings = sorted({r["meeting_id"] for r in everything})
        some = meetings[::3]
        chosen = list(read_raw(conn, table, "meeting_id", some))
        assert sorted(r["id"] for r in chosen) == sorted(r["id"] for r in everything if r["meeting_id"] in some)
        assert chosen and set(chosen[0]) == {c.name for c in table.c}
        # untouched by column types: a file's date is the text stored in it, a server's the driver's value
        date = next(iter(read_raw(conn, Base.metadata.tables["meeting"], "id", some[:1])))["date"]
        assert type(date) is (str if backend == "sqlite" else dt.date)
        assert list(read_raw(conn, table, "meeting_id", [])) == []
        assert list(read_raw(conn, table, "meeting_id", [ODD, some[0] + "'"])) == []
        with pytest.raises(KeyError):   # a column the model lacks never becomes SQL
            list(read_raw(conn, table, 'id" OR 1=1 --', some))


def test_a_value_with_placeholder_characters_is_stored_and_read_back_as_written(demo):
    with demo.session(actor="test") as s:
        committee = s.scalars(select(Committee.id).limit(1)).one()
        s.add(row := Meeting(committee_id=committee, number=9999, title=ODD, date=dt.date(2026, 1, 1)))
        s.flush()
        meeting = row.id
    with demo.engine.connect() as conn:
        rows = list(read_raw(conn, Base.metadata.tables["meeting"], "title", [ODD]))
        assert [r["id"] for r in rows] == [meeting] and rows[0]["title"] == ODD
        assert seals.meeting_of(conn, "meeting", ODD) == ODD and seals.meeting_of(conn, "resolution", ODD) is None


def test_fingerprints_of_a_few_meetings_by_in_lists_equal_those_of_one_pass_over_every_table(demo):
    with demo.engine.connect() as conn:
        approved = sorted(seals.approved_meetings(conn))
        assert len(approved) > 50      # the demo approves its older meetings
        every = seals.fingerprints(conn, approved)            # many: each table read whole
        few = approved[:7] + approved[-3:]
        assert seals.fingerprints(conn, few) == {m: every[m] for m in few}     # few: WHERE … IN (…)
        # ids typed as the columns store them (models.Key: packed in a file, text on a server)
        resolution = conn.execute(text("SELECT id, meeting_id FROM resolution WHERE meeting_id = :m")
                                  .bindparams(bindparam("m", type_=Key))
                                  .columns(column("id", Key), column("meeting_id", Key)), {"m": few[0]}).first()
        assert seals.meeting_of(conn, "resolution", resolution.id) == few[0]
        party = conn.execute(text("SELECT id FROM resolution_party WHERE resolution_id = :r")
                             .bindparams(bindparam("r", type_=Key)).columns(column("id", Key)),
                             {"r": resolution.id}).scalar()
        assert seals.meeting_of(conn, "resolution_party", party) == few[0]
