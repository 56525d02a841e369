"""How tests/data/schema10.dabir and its expected outputs were made, with the code of schema version 10
(commit 6a82057, before migration 0011 stored every timestamp as an integer of microseconds): kept to
show what the file holds, not rerun by the tests.

    mkdir -p /tmp/schema10 && git archive 6a82057 | tar -x -C /tmp/schema10
    cd /tmp/schema10 && PYTHONPATH=/tmp/schema10 python /path/to/tests/data/make_schema10_file.py

(the code it runs is the one on PYTHONPATH, the current folder; what it writes goes beside this script).
It builds `dabir demo --scale 6` and adds what schema 10 keeps that the demo does not make:
- follow-ups, one with a letter number and the letter attached, one done;
- the approved meetings' minutes printed, so the register of issued documents has signed entries;
- an approved amendment (a seal and a signature over its approval) and a draft one deleted (a signed
  tombstone), an attachment deleted (another), a draft meeting (`dabir duplicate`) deleted;
- another office's copy (a new office id) with a follow-up of its own, merged back: rows changed in
  another office, merge bases;
- last, a person's post changed by a program other than Dabir (plain sqlite3), so the file keeps that
  row queued in search_dirty: the index read-only commands see is the one written before.
Schema 10 stores every id packed in 16 bytes (search_keys.pack_id), so the plain-sqlite3 steps here
bind ids packed and read them back unpacked (`rows`), as the tests plant ids.
Then it captures `dabir export --meeting all`, `dabir list …` and `dabir search` for QUERIES, the seals,
and each signed row's newest good signature (by this office's row key, whose certificate is kept in the
expected file so a test can trust it as `dabir trust add` does)."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

HERE = Path(__file__).resolve().parent
CODE = Path.cwd()                     # a copy of the schema-10 code (git archive)
FILE = HERE / "schema10.dabir"
EXPECTED = HERE / "schema10-expected.json"
WORK = Path(tempfile.mkdtemp())
# this run's own keys, trust store and backups, never the user's
ENV = {**os.environ, "PYTHONPATH": str(CODE), "DABIR_USER": "fixture",
       **{f"DABIR_{k}_DIR": str(WORK / k.lower()) for k in ("KEY", "TRUST", "BACKUP", "LOG", "CONFIG", "STATE")}}

# the schema-8 file's queries; the word of the person's changed post (not yet in the index), the other office's note
QUERIES = ["کمیته", "جلسه", "مصوبه", "استان", "آب", "اشتغال سرمایه", "گردشگری", "توسعه", "پیگیری",
           "نامه", "۱۴۰۵", "1405", "سازمان", "شهرک", "شهرکهای صنعتی", "كميته", "ي", "بحران", "خوشه",
           "برنامه‌ریزی", "دبیرخانه", "کارشناس", "مریم", "رضایی", "اداره کل", "راه", "بهداشت", "آموزش",
           "۹۸۷۶/۵۴۳", "گزارش", "اعتبار", "هیچ‌جا‌نیست", "zzz", "ab", "استانداری", "میراث فرهنگی",
           "بانک", "تسهیلات", "جهاد کشاورزی", "فرمانداری", "زعفرانکاری", "دفتر دیگر"]
NEW_POST = "کارشناس ارشد زعفرانکاری"


def dabir(*args: str) -> str:
    proc = subprocess.run([sys.executable, "-m", "app.cli.main", *args], capture_output=True, text=True,
                          env=ENV, cwd=CODE)
    if proc.returncode:
        raise SystemExit(f"dabir {' '.join(args)}: {proc.stderr}")
    return proc.stdout


def capture(path: Path) -> dict:
    db = ["--db", str(path)]
    return {
        "export": json.loads(dabir("export", *db, "--meeting", "all")),
        "list": {what: json.loads(dabir("list", *db, what, "--json"))
                 for what in ("committees", "meetings", "resolutions", "people")},
        "search": {q: json.loads(dabir("search", *db, "--json", "--limit", "200", q)) for q in QUERIES},
    }


def rows(path: Path, sql: str, *ids) -> list:
    """The first column of each row, an id (a blob) as its text; `ids` bound as the file stores them."""
    sys.path.insert(0, str(CODE))
    from app.storage.search_keys import pack_id, unpack_id
    con = sqlite3.connect(path)
    try:
        return [unpack_id(r[0]) if isinstance(r[0], bytes) else r[0]
                for r in con.execute(sql, [pack_id(i) for i in ids])]
    finally:
        con.close()


def signed(path: Path) -> dict:
    """With the schema-10 code: the seals, and for each signed row still in the file its newest signature
    that checks over the row as it is, by the key this run made (trusted here as this office's own)."""
    os.environ.update(ENV)
    sys.path.insert(0, str(CODE))
    from sqlalchemy import select

    from app.services.row_signing import Verifier, _signatures
    from app.services.seals import broken_seals, seals
    from app.storage.database import open_database
    from app.storage.models import Base
    db = open_database(path, read_only=True)
    try:
        with db.engine.connect() as conn:
            verifier, good = Verifier(), []
            for (entity, row_id), sigs in sorted(_signatures(conn).items()):
                table = Base.metadata.tables[entity]
                key = table.primary_key.columns.values()[0]
                row = conn.execute(select(table).where(key == row_id)).mappings().first()
                best = verifier.best(sigs, dict(row)) if row is not None else None
                if best is not None:
                    good.append([entity, row_id, best.office_id, best.counter])
            out = {"seals": seals(conn), "broken_seals": broken_seals(conn), "signatures": good,
                   "row_signatures": conn.exec_driver_sql("SELECT count(*) FROM row_signature").scalar()}
    finally:
        db.close()
    office = rows(path, "SELECT value FROM setting WHERE key = 'office.id'")[0]
    out["row_certificate"] = {"office_id": office,
                              "pem": (WORK / "key" / f"{office}.rowkey.crt").read_text(encoding="ascii")}
    return out


def main() -> None:
    path = WORK / "schema10.dabir"
    db = ["--db", str(path)]
    dabir("demo", *db, "--scale", "6")
    res = rows(path, "SELECT r.id FROM resolution r JOIN meeting m ON m.id = r.meeting_id "
                     "WHERE m.status = 'approved' ORDER BY m.date, r.number")
    approved = rows(path, "SELECT id FROM meeting WHERE status = 'approved' ORDER BY date")
    letter = WORK / "letter.txt"
    letter.write_text("نامه شماره ۹۸۷۶/۵۴۳ به اداره کل راه و شهرسازی\n", encoding="utf-8")
    dabir("follow-up", *db, "--resolution", res[0], "--status", "in_progress", "--note",
          "نامه به اداره کل راه و شهرسازی فرستاده شد", "--letter", "۹۸۷۶/۵۴۳", "--date", "1405/09/01",
          "--attach", str(letter))
    dabir("follow-up", *db, "--resolution", res[1], "--status", "done", "--note", "انجام شد؛ گزارش رسید",
          "--date", "1405/09/02")
    for m in approved:
        dabir("minutes", *db, "--meeting", m, "-o", str(WORK / f"{m}.pdf"))
    am = dabir("amendment", *db, "new", "--meeting", approved[0], "--text", "اصلاح متن مصوبه نخست").split()[-1]
    dabir("amendment", *db, "change", "--id", am, "--kind", "resolution_text", "--target", res[0],
          "--text", "متن اصلاح‌شده مصوبه نخست درباره شهرک‌های صنعتی")
    dabir("amendment", *db, "approve", "--id", am)
    draft = dabir("amendment", *db, "new", "--meeting", approved[1], "--text", "اصلاحیه‌ای که کنار رفت").split()[-1]
    dabir("amendment", *db, "delete", "--id", draft)
    done = rows(path, "SELECT id FROM follow_up WHERE resolution_id = ? AND status = 'done'", res[1])[0]
    dabir("attachment", *db, "add", "--follow-up", done, "-f", str(letter))
    gone = rows(path, "SELECT id FROM attachment WHERE follow_up_id = ?", done)[0]
    dabir("attachment", *db, "delete", "--id", gone)
    dabir("duplicate", *db, "--meeting", approved[-1], "--date", "1405/10/01")
    copy = rows(path, "SELECT id FROM meeting WHERE status != 'approved' AND deleted_at IS NULL")[0]
    script = ("import sys\nfrom app.storage.database import open_database\n"
              "from app.services.meetings import delete_meeting\n"
              "db = open_database(sys.argv[1])\nwith db.session() as s:\n    delete_meeting(s, sys.argv[2])\ndb.close()\n")
    subprocess.run([sys.executable, "-c", script, str(path), copy], env=ENV, cwd=CODE, check=True)
    # another office's copy, its own follow-up, merged back
    theirs = WORK / "theirs.dabir"
    shutil.copyfile(path, theirs)
    con = sqlite3.connect(theirs)
    with con:
        con.execute("UPDATE setting SET value = ? WHERE key = 'office.id'", (str(uuid.uuid4()),))
    con.close()
    dabir("follow-up", "--db", str(theirs), "--resolution", res[3], "--status", "in_progress",
          "--note", "پیگیری دفتر دیگر", "--date", "1405/09/10")
    dabir("merge", *db, "--from", str(theirs))
    # a writer other than Dabir: the trigger queues the row, no Dabir session has indexed it yet
    person = rows(path, "SELECT id FROM person WHERE deleted_at IS NULL ORDER BY full_name LIMIT 1")[0]
    from app.storage.search_keys import pack_id
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE person SET post = ? WHERE id = ?", (NEW_POST, pack_id(person)))
    con.close()
    assert rows(path, "SELECT ref_id FROM search_dirty") == [person]
    shutil.copyfile(path, FILE)
    expected = capture(FILE)
    expected.update(signed(FILE))
    expected["queued"] = {"person": person, "post": NEW_POST}
    EXPECTED.write_text(json.dumps(expected, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    try:
        main()
    finally:
        shutil.rmtree(WORK, ignore_errors=True)
