"""The packed keys of search documents (schema 9): every id reads back as it was, and no two ids share
a key, whatever a file edited elsewhere holds as an id."""
import uuid

import pytest

from app.storage.search_keys import KINDS, pack_id, pack_ref, unpack_id, unpack_ref

IDS = [str(uuid.uuid4()), str(uuid.uuid4()).upper(), "{" + str(uuid.uuid4()) + "}", "x" * 15, "x" * 14, "",
       "abc", "شهر" * 5, "a" * 36, b"\xfe\xff" * 5, b"a" * 7, b"", b"\xff" * 16, "\udcff" * 3]


@pytest.mark.parametrize("value", IDS + [None])
def test_an_id_reads_back(value):
    assert unpack_id(pack_id(value)) == value


def test_a_canonical_uuid_takes_16_bytes_and_no_other_id_does():
    assert len(pack_id(IDS[0])) == 16
    assert all(len(pack_id(v)) != 16 for v in IDS[1:])


def test_no_two_ids_or_kinds_share_a_key():
    keys = {pack_ref(k, v) for k in KINDS for v in IDS}
    assert len(keys) == len(KINDS) * len(IDS)
    assert all(unpack_ref(pack_ref(k, v)) == (k, v) for k in KINDS for v in IDS)
