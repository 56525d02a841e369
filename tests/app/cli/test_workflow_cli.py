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


def test_follow_up_letter_attachments_votes_template(cli, tmp_path):
    db, first = _demo(cli, tmp_path)
    res = json.loads(cli("list", "resolutions", "--db", db, "--json").stdout)[0]["id"]
    letter = tmp_path / "نامه.pdf"
    letter.write_bytes(b"%PDF-1.4 a letter")
    r = cli("follow-up", "--db", db, "--resolution", res, "--status", "in_progress", "--date", "۱۴۰۵/۰۹/۰۴",
            "--letter", "۱۲۳/۴۵", "--attach", letter)
    assert r.returncode == 0, r.stderr
    fid = r.stdout.split("\t")[0]
    listed = json.loads(cli("attachment", "list", "--follow-up", fid, "--db", db, "--json").stdout)
    assert [a["name"] for a in listed] == ["نامه.pdf"] and listed[0]["size"] == len(b"%PDF-1.4 a letter")
    out = tmp_path / "back.pdf"
    assert cli("attachment", "save", "--id", listed[0]["id"], "-f", out, "--db", db).returncode == 0
    assert out.read_bytes() == letter.read_bytes()
    dup = cli("duplicate", "--db", db, "--meeting", first).stdout.strip()
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        f.truncate(21 * 2 ** 20)
    before = _sha(db)
    r = cli("attachment", "add", "--meeting", dup, "--file", big, "--db", db)
    assert r.returncode == 2 and "مگابایت" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert _sha(db) == before
    assert cli("attachment", "add", "--meeting", dup, "--file", letter, "--db", db).returncode == 0
    r = cli("attachment", "add", "--meeting", first, "--file", letter, "--db", db)      # approved: locked
    assert r.returncode == 2 and "Traceback" not in r.stderr
    # votes on the approved meeting's resolution are refused; --for in Persian digits is fine elsewhere
    assert cli("votes", "--db", db, "--resolution", res, "--for", "3").returncode == 2
    # the template
    committee = json.loads(cli("list", "committees", "--db", db, "--json").stdout)[0]["id"]
    r = cli("agenda-template", "--db", db, "--committee", committee, "گزارش دبیر", "پیگیری مصوبات")
    assert r.returncode == 0 and r.stdout.splitlines() == ["گزارش دبیر", "پیگیری مصوبات"]
    assert cli("agenda-template", "--db", db, "--committee", committee, "--show").stdout.splitlines()[0] == "گزارش دبیر"
    assert cli("votes", "--db", db, "--resolution", res, "--for", "x").returncode == 2


def test_amendment_on_the_command_line(cli, tmp_path):
    db, first = _demo(cli, tmp_path)                                    # the demo's first meeting is approved
    minutes = tmp_path / "original.pdf"
    assert cli("minutes", "--db", db, "--meeting", first, "-o", minutes).returncode == 0
    res = [r for r in json.loads(cli("list", "resolutions", "--db", db, "--json").stdout) if r["meeting_id"] == first]
    aid = cli("amendment", "new", "--meeting", first, "--text", "اصلاح مصوبه دوم", "--db", db).stdout.strip()
    r = cli("amendment", "change", "--id", aid, "--kind", "resolution_text", "--target", res[1]["id"],
            "--text", "متن اصلاح‌شده مصوبه", "--db", db)
    assert r.returncode == 0, r.stderr
    r = cli("amendment", "change", "--id", aid, "--kind", "resolution_deadline", "--target", res[1]["id"],
            "--date", "۱۴۰۵/۱۲/۱۵", "--db", db)
    assert r.returncode == 0, r.stderr
    shown = json.loads(cli("amendment", "show", "--id", aid, "--json", "--db", db).stdout)
    assert shown["title"] == "اصلاحیه ۱ صورتجلسه ۱" and len(shown["changes"]) == 2
    assert shown["changes"][1]["after"] == "۱۴۰۵/۱۲/۱۵"
    assert cli("amendment", "approve", "--id", aid, "--db", db).returncode == 0
    before = _sha(db)
    r = cli("amendment", "change", "--id", aid, "--kind", "text", "--text", "x", "--db", db)
    assert r.returncode == 2 and "قفل" in r.stderr and "Traceback" not in r.stderr
    assert _sha(db) == before
    r = cli("amendment", "print", "--id", aid, "-o", tmp_path / "amendment.pdf", "--db", db)
    assert r.returncode == 0, r.stderr
    assert cli("verify", "--db", db, tmp_path / "amendment.pdf").returncode == 0    # in the register
    assert cli("verify", "--db", db, minutes).returncode == 0                     # the original still verifies
    r = cli("amendment", "new", "--meeting", "no-such", "--db", db)
    assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1


def test_named_votes_on_the_command_line(cli, tmp_path):
    """Who voted how, by name (any digits, ي/ك as typed); a bad name or a guest: exit 2, one line, the
    file unchanged; the export carries the names and an import reads them back."""
    db = tmp_path / "votes.dabir"
    meeting = {"format": "dabir-meeting/1", "committee": {"name": "کمیته آزمون"},
               "meeting": {"number": 3, "date": "1405/09/05", "status": "draft"},
               "attendees": [{"name": "علی رضایی", "role": "chair"}, {"name": "مریم احمدی"},
                             {"name": "سارا کریمی"}, {"name": "مهمان بیرونی", "role": "guest"},
                             {"name": "رضا غایب", "status": "absent"}],
               "resolutions": [{"text": "تصویب بودجه سال ۱۴۰۶"}]}
    src = tmp_path / "m.json"
    src.write_text(json.dumps(meeting, ensure_ascii=False), encoding="utf-8")
    assert cli("import", "--db", db, src).returncode == 0
    res = json.loads(cli("list", "resolutions", "--db", db, "--json").stdout)[0]["id"]
    r = cli("votes", "--db", db, "--resolution", res, "--for", "علي رضايي", "--for", "مریم  احمدی",
            "--abstain", "سارا کریمی")
    assert r.returncode == 0, r.stderr
    exported = json.loads(cli("export", "--db", db, "--meeting", "all").stdout)
    exported = exported[0] if isinstance(exported, list) else exported
    [resolution] = exported["resolutions"]
    assert resolution["voters"] == [{"name": "علی رضایی", "choice": "for"}, {"name": "مریم احمدی", "choice": "for"},
                                    {"name": "سارا کریمی", "choice": "abstain"}]
    assert resolution["votes"] == {"for": 2, "against": 0, "abstain": 1}
    before = _sha(db)
    for bad in (["--for", "کسی که نیست"], ["--against", "مهمان بیرونی"], ["--for", "رضا غایب"],
                ["--for", "۳"],                                   # a tally that disagrees with the names
                ["--for", "علی رضایی", "--against", "2"]):
        r = cli("votes", "--db", db, "--resolution", res, *bad)
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "|" in r.stderr, (bad, r.stderr)
        assert "Traceback" not in r.stderr
    assert "مهمان بیرونی" in cli("votes", "--db", db, "--resolution", res, "--for", "مهمان بیرونی").stderr
    assert _sha(db) == before
    # read into another file: the names come with it
    other = tmp_path / "other.dabir"
    back = tmp_path / "back.json"
    back.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    assert cli("import", "--db", other, back).returncode == 0
    again = json.loads(cli("export", "--db", other, "--meeting", "all").stdout)
    again = again[0] if isinstance(again, list) else again
    assert again["resolutions"][0]["voters"] == resolution["voters"]
    assert cli("votes", "--db", db, "--resolution", res, "--clear").returncode == 0
    cleared = json.loads(cli("export", "--db", db, "--meeting", "all").stdout)
    cleared = cleared[0] if isinstance(cleared, list) else cleared
    assert "voters" not in cleared["resolutions"][0] and "votes" not in cleared["resolutions"][0]
