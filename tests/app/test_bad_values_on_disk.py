"""Reading survives a value no Dabir writes, already in the user's own file (written by another program,
or received before merges checked values): list, export and search show a placeholder and exit 0.
(NULL in a NOT NULL column needs a changed schema, which opening refuses: see the file checks.)"""
import json
import sqlite3
from types import SimpleNamespace

import pytest

from app.services import demo
from app.storage.database import open_database

BAD = {
    "status hacked": "UPDATE meeting SET status='hacked'",
    "date 1405/13/40": "UPDATE meeting SET date='1405/13/40'",
    "date 9999": "UPDATE meeting SET date='9999-12-31'",
    "blob title": "UPDATE meeting SET title=X'00FF10'",
    "text number": "UPDATE meeting SET number='هفت'",
    "resolution status": "UPDATE resolution SET status='hacked', base_status='hacked'",
    "follow-up date": "UPDATE follow_up SET date='not a date'",
    "attendance role": "UPDATE attendance SET role=X'01', status='asleep'",
    "timestamps": "UPDATE resolution SET created_at='yesterday', updated_at=12",
    "NULL title": "UPDATE meeting SET title=NULL, location=X'00'",
}


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("bad-on-disk") / "demo.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        demo.build_demo(s)
    db.close()
    return path


@pytest.mark.parametrize("kind", list(BAD))
def test_list_export_search_show_a_placeholder(tmp_path, capsys, monkeypatch, demo_file, kind):
    from app.cli.main import main
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))

    def cli(*args):
        capsys.readouterr()
        code = main([str(a) for a in args])
        out = capsys.readouterr()
        return SimpleNamespace(returncode=code, out=out.out, err=out.err)

    path = tmp_path / "mine.dabir"
    path.write_bytes(demo_file.read_bytes())
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(BAD[kind])
    conn.close()
    for args in (["list", "meetings", "--json"], ["list", "resolutions", "--json"], ["list", "meetings"],
                 ["export", "--meeting", "all"], ["search", "بودجه"], ["search", "خرم‌آباد", "--json"]):
        out = cli(*args, "--db", path)
        assert out.returncode == 0, (args, out.err)
        if "--json" in args or args[0] == "export":
            json.loads(out.out)
    meetings = json.loads(cli("list", "meetings", "--json", "--db", path).out)
    if kind == "status hacked":
        assert {m["status"] for m in meetings} == {"?"}
    if kind == "blob title":
        assert {m["title"] for m in meetings} == {"؟"}
    if kind.startswith("date"):
        assert {m["date"] for m in meetings} == ({None} if kind == "date 1405/13/40" else {"؟"})
