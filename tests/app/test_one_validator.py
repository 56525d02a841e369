"""One validator for every road in (issue 22, item 8). Values no secretary typed got in: U+2063,
U+3164 (Hangul filler), U+00AD, tag characters and NUL in names (the merge cleaner stripped bidi
controls only), a follow-up dated 1499 (the year 2120), an id ending in a line break (`re.match`
with `$` took it), and JSON nested 100,000 deep or holding a 5,000-digit number crashed `import`.
app/domain/persian.clean_text is now the one cleaner (typed text, import, merge, a server's rows all
reach it), dates have one range (jalali.range_problem), ids are full-matched and JSON is read within
limits (app/domain/json_input.py)."""
import datetime as dt
import json
import shutil
import sqlite3
import unicodedata

import pytest

from app.domain import jalali, persian
from app.domain.errors import ValidationError
from app.storage.search_keys import pack_id
from tests.app.sharing_data import build, fork, sha256
from tests.app.test_safe_open import assert_refused

# what a hostile office puts in a name; none of it is seen, all of it changes what matches
HIDDEN = {"invisible separator": "\u2063", "hangul filler": "\u3164", "halfwidth hangul filler": "\uffa0",
          "soft hyphen": "\u00ad", "tag A": "\U000e0041", "cancel tag": "\U000e007f", "NUL": "\x00",
          "right-to-left override": "\u202e", "word joiner": "\u2060", "BOM": "\ufeff",
          "private use": "\ue000", "function application": "\u2061", "bell": "\x07"}
NAME = "علی رضایی"


def dirty(text: str = NAME) -> str:
    return text[:3] + "".join(HIDDEN.values()) + text[3:]


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


@pytest.mark.parametrize("what", sorted(HIDDEN))
def test_clean_text_removes_each_hidden_character(what):
    assert persian.clean_text(f"علی{HIDDEN[what]}رضا") == "علیرضا"
    assert persian.normalize_input(f" علی{HIDDEN[what]}رضا ") == "علیرضا"


def test_clean_text_keeps_what_persian_needs():
    assert persian.clean_text("می\u200cروم") == "می\u200cروم"                  # ZWNJ
    assert persian.clean_text("\u0644\u200d") == "\u0644\u200d"                 # ZWJ
    assert persian.clean_text("بند ۱\nبند ۲\tپایان") == "بند ۱\nبند ۲\tپایان"   # a Text field's lines
    assert persian.clean_text("بند ۱\r\nبند ۲\u2028", multiline=False) == "بند ۱ بند ۲ "
    assert persian.clean_text("\u0627\u0653") == "\u0622"                       # NFC: alef + madda is آ
    assert persian.clean_text("plain ASCII") == "plain ASCII"


def test_every_control_and_format_character_is_covered():
    """persian._SCANNED lists where Cc and Cf characters are, to keep the import fast: prove that no
    such character of this Python's Unicode lies outside it, and that surrogates and private use go."""
    missed = [hex(c) for c in range(0x110000)
              if unicodedata.category(chr(c)) in ("Cc", "Cf", "Co") and chr(c) not in (persian.ZWNJ, persian.ZWJ)
              and chr(c) not in "\n\t" and persian._UNWANTED.fullmatch(chr(c)) is None]
    assert missed == []
    assert persian.clean_text("a\ud800b\U0010fffdc") == "abc"


def test_a_date_far_ahead_is_refused_everywhere():
    with pytest.raises(ValidationError, match="more than 30 years from today"):
        jalali.parse_date("1499/01/01")
    with pytest.raises(ValidationError, match="more than 30 years from today"):
        jalali.check_range(dt.date(2120, 3, 21))
    assert jalali.parse_date(jalali.format_date(dt.date.today() + dt.timedelta(days=365 * 20)))
    assert jalali.range_problem(dt.date(2120, 3, 21))[1].endswith("more than 30 years from today")


# --- through import ----------------------------------------------------------------------------------

def _meeting(**extra) -> dict:
    return {"format": "dabir-meeting/1", "committee": {"name": dirty("کمیته بودجه")},
            "meeting": {"date": "1405/08/20", "title": dirty("جلسه اول"), "summary": "بند ۱\nبند ۲"},
            "attendees": [{"name": dirty(), "organization": dirty("استانداری")}], **extra}


def test_import_cleans_every_name(tmp_path, cli):
    doc = tmp_path / "m.json"
    doc.write_text(json.dumps(_meeting()), encoding="utf-8")
    db = tmp_path / "x.dabir"
    result = cli("import", doc, "--db", db)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(db)
    names = [r[0] for r in conn.execute("SELECT full_name FROM person")]
    committee = conn.execute("SELECT name FROM committee").fetchone()[0]
    title, summary = conn.execute("SELECT title, summary FROM meeting").fetchone()
    org = conn.execute("SELECT name FROM organization").fetchone()[0]
    conn.close()
    assert names == [NAME] and committee == "کمیته بودجه" and title == "جلسه اول" and org == "استانداری"
    assert summary == "بند ۱\nبند ۲"


def test_import_refuses_a_follow_up_in_the_year_2120(tmp_path, cli):
    doc = tmp_path / "m.json"
    doc.write_text(json.dumps(_meeting(resolutions=[{"text": "مصوبه", "follow_ups": [
        {"date": "1499/01/01", "status": "done"}]}])), encoding="utf-8")
    line = assert_refused(cli("import", doc, "--db", tmp_path / "x.dabir"))
    assert "resolutions[0].follow_ups[0].date" in line and "more than 30 years" in line


@pytest.mark.parametrize("body, says", [
    ("[" * 100_000 + "]" * 100_000, "nested more than 64 levels deep"),
    ('{"format": "dabir-meeting/1", "meeting": {"number": ' + "9" * 5000 + "}}", "more than 30 digits"),
    ('{"format": "dabir-meeting/1", "meeting": {"number": 1e999}}', "number out of range"),
    ('{"format": "dabir-meeting/1", "meeting": {"number": NaN}}', "NaN is not JSON"),
], ids=["deep", "long number", "infinite", "NaN"])
def test_crafted_json_is_one_line_exit_2(body, says, tmp_path, cli):
    doc = tmp_path / "m.json"
    doc.write_text(body, encoding="utf-8")
    line = assert_refused(cli("import", doc, "--db", tmp_path / "x.dabir"))
    assert says in line
    assert not (tmp_path / "x.dabir").exists()


def test_json_limits_leave_ordinary_documents_alone():
    from app.domain import json_input
    text = json.dumps({"a": [1, 2.5, -3, {"b": "[[[{{{\\\"", "c": "x" * 100_000}], "n": 123456789012345678})
    assert json_input.loads(text) == json.loads(text)
    assert json_input.depth('{"a": "[[[[", "b": [[1]]}') == 3


# --- through a merge -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("validator") / "good.dabir"
    build(path, committees=1, meetings=2, resolutions=1)
    return path


def _theirs(template, tmp_path, *sql_params):
    theirs = fork(template, tmp_path / "theirs.dabir")
    conn = sqlite3.connect(theirs, isolation_level=None)
    for sql, params in sql_params:
        conn.execute(sql, params)
    conn.close()
    return theirs


def test_merge_cleans_hidden_characters_in_received_names(template, tmp_path, cli):
    mine = shutil.copyfile(template, tmp_path / "mine.dabir")
    theirs = _theirs(template, tmp_path, (
        "INSERT INTO person (id, full_name, name_key, created_at, updated_at, row_version) "
        "VALUES (?, ?, 'x', '2026-04-01 10:00:00', '2026-04-01 10:00:00', 1)", (pack_id("p-hostile"), dirty())), (
        "UPDATE committee SET name = ?, updated_at = '2026-04-02 10:00:00', row_version = row_version + 1",
        (dirty("کمیته بودجه"),)))
    result = cli("merge", "--db", mine, "--from", theirs)
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(mine)
    person = conn.execute("SELECT full_name, name_key FROM person WHERE id = ?", (pack_id("p-hostile"),)).fetchone()
    committees = {r[0] for r in conn.execute("SELECT name FROM committee")}
    conn.close()
    assert person == (NAME, persian.name_key(NAME))
    assert all(persian.clean_text(c) == c for c in committees)
    assert cli("check", "--db", mine).returncode == 0


@pytest.mark.parametrize("sql, says", [
    ("UPDATE follow_up SET date = '2120-03-21'", "more than 30 years from today"),
    ("UPDATE meeting SET created_at = '2120-03-21 10:00:00'", "more than 30 years from today"),
    # an id as Dabir stores one that is not a UUID (models.Key: a marker byte, then the text)
    ("INSERT INTO person (id, full_name, name_key, created_at, updated_at, row_version) VALUES "
     "(CAST(x'ff' || 'p1' || char(10) AS BLOB), 'x', 'x', '2026-04-01 10:00:00', '2026-04-01 10:00:00', 1)",
     "invalid id"),
    # ids as text, schema 9's spelling, in a schema-10 file (issue 28): no Dabir writes them there
    ("INSERT INTO person (id, full_name, name_key, created_at, updated_at, row_version) "
     "VALUES ('p2', 'x', 'x', '2026-04-01 10:00:00', '2026-04-01 10:00:00', 1)", "invalid id 'p2'"),
    ("UPDATE follow_up SET resolution_id = lower(hex(resolution_id))", "resolution_id: invalid id '"),
], ids=["follow-up in 2120", "timestamp in 2120", "id ending in a line break", "id as text", "reference as text"])
def test_merge_refuses_received_values_no_dabir_writes(sql, says, template, tmp_path, cli):
    mine = shutil.copyfile(template, tmp_path / "mine.dabir")
    theirs = _theirs(template, tmp_path, (sql, ()))
    before = sha256(mine)
    line = assert_refused(cli("merge", "--db", mine, "--from", theirs))
    assert says in line and "nothing was merged" in line
    assert sha256(mine) == before


def test_merge_reads_their_audit_log_within_limits(template, tmp_path, cli):
    """Their audit entry's changes, nested 100,000 deep, crashed the merge (RecursionError, exit 1)
    where it reads their own edits: when their value is an older one of mine. Now it is no edit."""
    from sqlalchemy import column, text
    from app.services.committees import update_committee
    from app.storage.database import open_database
    from app.storage.models import Key
    mine = shutil.copyfile(template, tmp_path / "mine.dabir")
    theirs = fork(template, tmp_path / "theirs.dabir")
    db = open_database(mine)
    with db.session() as s:
        committee = s.execute(text("SELECT id FROM committee").columns(column("id", Key))).scalar()
        update_committee(s, committee, description="از ما")        # theirs still has the older value
    db.close()
    conn = sqlite3.connect(theirs, isolation_level=None)
    office = conn.execute("SELECT value FROM setting WHERE key = 'office.id'").fetchone()[0]
    conn.execute("UPDATE audit_entry SET action = 'update', changes = ?, changed_in = ? WHERE entity = 'committee'",
                 ("[" * 100_000 + "]" * 100_000, pack_id(office)))
    conn.close()
    result = cli("merge", "--db", mine, "--from", theirs)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr


# --- through the GUI's services, on either backend -------------------------------------------------------

pytestmark = pytest.mark.backends


def test_services_clean_what_the_gui_sends(session, backend):
    from sqlalchemy import bindparam, text
    from app.services.committees import create_committee
    from app.services.directory import get_or_create_person
    from app.storage.models import Key
    cid = create_committee(session, dirty("کمیته بودجه")).id
    pid = get_or_create_person(session, dirty(), post=dirty("دبیر")).id
    session.flush()

    def by_id(sql):     # the id bound as the column stores it (models.Key: packed in a file)
        return text(sql).bindparams(bindparam("i", type_=Key))
    assert session.execute(by_id("SELECT name FROM committee WHERE id = :i"), {"i": cid}).scalar() == "کمیته بودجه"
    assert session.execute(by_id("SELECT full_name, post FROM person WHERE id = :i"), {"i": pid}).one() == (NAME, "دبیر")
