"""How tests/data/schema8.dabir and its expected outputs were made, with the code of schema version 8
(before migration 0009 compacted the file): kept to show what the file holds, not rerun by the tests.

    .venv/bin/python tests/data/make_schema8_file.py

It builds `dabir demo --scale 6`, adds a follow-up with a letter number, a second follow-up and an approved amendment, prints the approved meetings' minutes (which numbers them in the
register), and captures `dabir export --meeting all`, `dabir list …` and `dabir search` for QUERIES."""
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
FILE = HERE / "schema8.dabir"
EXPECTED = HERE / "schema8-expected.json"

# words of the demo's texts, short terms (scanned, not looked up), several words, digits in both
# scripts, Arabic letters, a letter number, an organisation's name, and words found nowhere
QUERIES = ["کمیته", "جلسه", "مصوبه", "استان", "آب", "اشتغال سرمایه", "گردشگری", "توسعه", "پیگیری",
           "نامه", "۱۴۰۵", "1405", "سازمان", "شهرک", "شهرکهای صنعتی", "كميته", "ي", "بحران", "خوشه",
           "برنامه‌ریزی", "دبیرخانه", "کارشناس", "مریم", "رضایی", "اداره کل", "راه", "بهداشت", "آموزش",
           "۹۸۷۶/۵۴۳", "گزارش", "اعتبار", "هیچ‌جا‌نیست", "zzz", "ab", "استانداری", "میراث فرهنگی",
           "بانک", "تسهیلات", "جهاد کشاورزی", "فرمانداری"]


def dabir(*args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DABIR_USER": "fixture"}
    proc = subprocess.run([sys.executable, "-m", "app.cli.main", *args], capture_output=True, text=True,
                          env=env, cwd=ROOT)
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


def main() -> None:
    work = Path(tempfile.mkdtemp())
    path = work / "schema8.dabir"
    db = ["--db", str(path)]
    dabir("demo", *db, "--scale", "6")
    con = sqlite3.connect(path)
    res = [r[0] for r in con.execute("SELECT r.id FROM resolution r JOIN meeting m ON m.id = r.meeting_id "
                                     "WHERE m.status = 'approved' ORDER BY m.date, r.number")]
    approved = [r[0] for r in con.execute("SELECT id FROM meeting WHERE status = 'approved' ORDER BY date")]
    con.close()
    dabir("follow-up", *db, "--resolution", res[0], "--status", "in_progress",
          "--note", "نامه به اداره کل راه و شهرسازی فرستاده شد", "--letter", "۹۸۷۶/۵۴۳", "--date", "1405/09/01")
    dabir("follow-up", *db, "--resolution", res[1], "--status", "done", "--note", "انجام شد؛ گزارش رسید",
          "--date", "1405/09/02")
    for m in approved:
        dabir("minutes", *db, "--meeting", m, "-o", str(work / f"{m}.pdf"))
    am = dabir("amendment", *db, "new", "--meeting", approved[0], "--text", "اصلاح متن مصوبه نخست").split()[-1]
    dabir("amendment", *db, "change", "--id", am, "--kind", "resolution_text", "--target", res[0],
          "--text", "متن اصلاح‌شده مصوبه نخست درباره شهرک‌های صنعتی")
    dabir("amendment", *db, "approve", "--id", am)
    shutil.copyfile(path, FILE)
    EXPECTED.write_text(json.dumps(capture(FILE), ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                        encoding="utf-8")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
