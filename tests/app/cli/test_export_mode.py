"""Issue 25: files written by the command line (documents, exports, signed copies) get the user's
umask, not mkstemp's 0600 (others in the office could not open what the secretary shared)."""
import json
import os
import stat

from app.services import exports


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_cli_outputs_follow_the_umask(cli, tmp_path):
    db = tmp_path / "d.dabir"
    assert cli("demo", "--db", db).returncode == 0
    mid = json.loads(cli("list", "meetings", "--db", db, "--json").stdout)[0]["id"]
    old = os.umask(0o022)          # the children inherit it
    try:
        assert cli("minutes", "--db", db, "--meeting", mid, "-o", tmp_path / "m.pdf").returncode == 0
        r = cli("report", "--db", db, "--status", "all", "-o", tmp_path / "r.xlsx")
        assert r.returncode == 0, r.stderr
    finally:
        os.umask(old)
    assert _mode(tmp_path / "m.pdf") == 0o644
    assert _mode(tmp_path / "r.xlsx") == 0o644


def test_write_file_uses_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        exports.write_file(tmp_path / "a.bin", b"x")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "a.bin") == 0o640
