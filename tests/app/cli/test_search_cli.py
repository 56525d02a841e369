"""`dabir search` as a real process: hits with kind, id, snippet and meeting; errors exit 2."""
import json
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "sample" / "lorestan-meeting-1.json"


def test_search_prints_hits_and_json(cli, tmp_path):
    db = tmp_path / "a.dabir"
    imported = cli("import", "--db", db, SAMPLE)
    assert imported.returncode == 0, imported.stderr
    meeting_id = imported.stdout.strip().splitlines()[-1]

    out = cli("search", "--db", db, "--json", "قزل آلا")
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    kinds = {h["kind"] for h in hits}
    assert {"resolution", "meeting"} <= kinds
    res = next(h for h in hits if h["kind"] == "resolution")
    assert res["meeting_id"] == meeting_id and res["code"] == "۱-۳" and "قزل‌آلا" in res["snippet"]
    assert res["meeting"] == "کمیته توسعه خوشه‌های کسب و کار · جلسه ۱ · ۱۴۰۵/۰۸/۲۰"
    assert set(res) == {"kind", "id", "snippet", "meeting_id", "meeting", "resolution_id", "code"}

    text = cli("--db", db, "search", "شهركهاي")  # global --db, Arabic letters, no ZWNJ
    assert text.returncode == 0, text.stderr
    assert "«شهرک‌های»" in text.stdout and meeting_id in text.stdout

    none = cli("search", "--db", db, "--json", "چیزی‌که‌نیست")
    assert none.returncode == 0 and json.loads(none.stdout) == []


def test_search_errors_exit_2_with_one_line(cli, tmp_path):
    missing = cli("search", "--db", tmp_path / "none.dabir", "ورشو")
    assert missing.returncode == 2 and len(missing.stderr.strip().splitlines()) == 1
    assert "Traceback" not in missing.stderr and not (tmp_path / "none.dabir").exists()
    db = tmp_path / "a.dabir"
    assert cli("import", "--db", db, SAMPLE).returncode == 0
    for args in (["،؛ ."], ["--limit", "0", "ورشو"]):
        bad = cli("search", "--db", db, *args)
        assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1, bad.stderr
        assert "error:" in bad.stderr and "Traceback" not in bad.stderr
    foreign = tmp_path / "x.dabir"
    foreign.write_text("not sqlite")
    bad = cli("search", "--db", foreign, "ورشو")
    assert bad.returncode == 2 and foreign.read_text() == "not sqlite"
