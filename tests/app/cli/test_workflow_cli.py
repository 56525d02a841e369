"""Undo and the recycle bin on the command line (issue 14), as real processes."""
import hashlib
import json



def _demo(cli, tmp_path):
    db = tmp_path / "demo.dabir"
    assert cli("demo", "--db", db).returncode == 0
    first = json.loads(cli("list", "meetings", "--db", db, "--json").stdout)[0]
    return db, first["id"]


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_undo_trash_restore(cli, tmp_path):
    db, first = _demo(cli, tmp_path)
    dup = cli("duplicate", "--db", db, "--meeting", first).stdout.strip()
    assert dup
    # undo takes back the duplicate: the new meeting goes to the bin
    r = cli("undo", "--db", db)
    assert r.returncode == 0 and "undone" in r.stdout and "meeting" in r.stdout
    binned = json.loads(cli("trash", "--db", db, "--json").stdout)
    assert {"kind": "meeting", "id": dup} .items() <= binned[0].items()
    assert dup not in cli("list", "meetings", "--db", db).stdout
    # restored from the bin
    assert cli("restore", "meeting", dup, "--db", db).returncode == 0
    assert dup in cli("list", "meetings", "--db", db).stdout
    assert dup not in cli("trash", "--db", db).stdout
    # mistakes: one bilingual line, exit 2, file untouched
    before = _sha(db)
    for args in (["restore", "meeting", "no-such-id", "--db", db], ["restore", "meeting", dup, "--db", db]):
        r = cli(*args)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "|" in r.stderr
        assert "Traceback" not in r.stderr
    assert _sha(db) == before
    # the demo's meetings were approved: undoing down to them stops at the lock, and nothing changes
    for _ in range(5):
        r = cli("undo", "--db", db)
        if r.returncode:
            break
    assert r.returncode == 2 and "Traceback" not in r.stderr
