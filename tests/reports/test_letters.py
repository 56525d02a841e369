"""Issue 26: `dabir letters` as a real process: a notification (ابلاغیه) per responsible body of a
meeting and a reminder per body with overdue resolutions, read back through poppler's text layer
(each letter names its body and holds its resolutions, and no other body's), entered in the register
under their own numbers, accepted by `dabir verify`, and signed with --sign."""
from pathlib import Path

import pytest

from app.domain import jalali
from app.domain.jalali import parse_date as J
from app.domain.persian import to_persian_digits
from app.services import committees, directory, meetings, resolutions, settings
from app.services.issued import file_sha256
from app.services.files import open_database
from tests.reports.extractors import expected, pdftotext, searchable
from tests.reports.rtl_reference import pdf_lines, reference

SAMT = "سازمان صنعت، معدن و تجارت"


@pytest.fixture
def keys(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("DABIR_KEY_PASSPHRASE", "گذرواژه آزمون")


@pytest.fixture
def office(tmp_path):
    """A committee's meeting whose resolutions go to استانداری, جهاد کشاورزی (one shared), the comma-named
    SAMT through its staff member, and محیط زیست only for a cancelled one (so it gets no letter);
    an older meeting with resolutions overdue on ۱۴۰۵/۰۷/۰۱ for the reminders."""
    path = tmp_path / "office.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        settings.update_settings(s, letterhead_org="استانداری لرستان", secretary_name="مریم احمدی")
        samt = directory.create_organization(s, SAMT).id
        directory.create_person(s, "علی رضایی", organization_id=samt)
        cid = committees.create_committee(s, "کمیته آب").id
        old = meetings.create_meeting(s, cid, date=J("1405/04/01")).id
        mid = meetings.create_meeting(s, cid, date=J("1405/05/01")).id
        add = resolutions.add_resolution
        ids = {
            "pol": add(s, mid, "ساخت پل روستا", ["استانداری"], J("1405/06/01")).id,
            "dastgah": add(s, mid, "خرید دستگاه لایروبی", ["استانداری", "جهاد کشاورزی"]).id,
            "laghv": add(s, mid, "طرح لغو شده", ["محیط زیست"], status="cancelled").id,
            "gozaresh": add(s, mid, "گزارش ماهانه چاه‌ها", ["جهاد کشاورزی"], J("1405/08/01")).id,
            "samt": add(s, mid, "تأمین لوله", ["علی رضایی"], J("1405/05/20")).id,
            "old": add(s, old, "تعمیر ایستگاه پمپاژ", ["استانداری"], J("1405/05/01")).id,
            "old_done": add(s, old, "نصب کنتور", ["استانداری"], J("1405/05/01")).id,
        }
        resolutions.add_follow_up(s, ids["old"], "in_progress", note="پیمانکار انتخاب شد", date=J("1405/05/10"))
        resolutions.add_follow_up(s, ids["old_done"], "done", date=J("1405/05/02"))
    db.close()
    return path, mid, ids


def _text(pdf) -> str:
    return searchable(pdftotext(pdf))


def _has(text: str, s: str) -> bool:
    return expected(s) in text


def _register(path, mid=None):
    db = open_database(path)
    with db.session() as s:
        from app.storage.models import IssuedDocument
        from sqlalchemy import select
        rows = s.execute(select(IssuedDocument.kind, IssuedDocument.number, IssuedDocument.sha256,
                                IssuedDocument.meeting_id, IssuedDocument.signed)
                         .where(IssuedDocument.deleted_at.is_(None)).order_by(IssuedDocument.created_at)).all()
    db.close()
    return rows


def test_meeting_notifications(cli, office, tmp_path):
    path, mid, _ = office
    out = tmp_path / "letters"
    r = cli("letters", "--db", path, "--meeting", mid, "-o", out)
    assert r.returncode == 0, r.stderr
    files = [Path(p) for p in r.stdout.splitlines()]
    assert len(files) == 3 and all(f.parent == out and f.exists() for f in files)
    year = jalali.to_jalali(jalali.today()).year
    texts = {f: _text(f) for f in files}
    mine = {"استانداری": ["ساخت پل روستا", "خرید دستگاه لایروبی"],
            "جهاد کشاورزی": ["خرید دستگاه لایروبی", "گزارش ماهانه چاه‌ها"], SAMT: ["تأمین لوله"]}
    every = {t for ts in mine.values() for t in ts} | {"طرح لغو شده", "تعمیر ایستگاه پمپاژ"}
    register = _register(path)
    assert [(k, n, m) for k, n, _, m, _ in register] == [("letter", f"{year}/{i}", mid) for i in (1, 2, 3)]
    for (body, texts_of_body), f, entry in zip(mine.items(), files, register):   # bodies in alphabetical order
        text = texts[f]
        assert _has(text, f"به: {body}") and _has(text, "ابلاغ مصوبات جلسه ۲ کمیته آب")
        assert all(_has(text, t) for t in texts_of_body)
        assert not any(_has(text, t) for t in every - set(texts_of_body)), f  # no one else's, none cancelled
        # the number as pdfplumber lines it up (poppler splits «۱۴۰۵/۱» in the letterhead's corner)
        assert any(reference(f"شماره: {to_persian_digits(entry.number)}") in line for line in pdf_lines(f)[0])
        assert _has(text, "مریم احمدی")
        assert f.name.startswith("ابلاغیه-کمیته آب-۲-") and to_persian_digits(entry.number).replace("/", "-") in f.name
        assert file_sha256(f) == entry.sha256
        v = cli("verify", "--db", path, f)
        assert v.returncode == 0 and "register of issued documents" in v.stdout, v.stderr
    assert _has(texts[files[0]], "۱۴۰۵/۰۶/۰۱")           # the deadline beside its resolution
    # a changed letter is refused; a second run continues the numbering
    forged = tmp_path / "forged.pdf"
    forged.write_bytes(files[0].read_bytes().replace(b"/Producer", b"/Producex"))
    assert cli("verify", "--db", path, forged).returncode == 2
    again = cli("letters", "--db", path, "--meeting", mid, "-o", out)
    assert again.returncode == 0 and [n for _, n, *_ in _register(path)][3:] == [f"{year}/{i}" for i in (4, 5, 6)]


def test_overdue_reminders(cli, office, tmp_path, keys):
    path, mid, _ = office
    out = tmp_path / "reminders"
    r = cli("letters", "--db", path, "--overdue", "--as-of", "۱۴۰۵/۷/۱", "-o", out, "--sign")
    assert r.returncode == 0, r.stderr
    files = [Path(p) for p in r.stdout.splitlines()]
    # overdue on ۱۴۰۵/۰۷/۰۱: استانداری (پل: ۳۱ days; ایستگاه: ۶۲ days), SAMT (لوله: ۴۳ days);
    # جهاد کشاورزی's report is due ۱۴۰۵/۰۸/۰۱, and نصب کنتور is done
    assert len(files) == 2
    a, samt = (_text(f) for f in files)
    assert _has(a, "به: استانداری") and _has(a, "پیگیری مصوبات معوق")
    assert _has(a, "ساخت پل روستا") and _has(a, "تعمیر ایستگاه پمپاژ") and not _has(a, "نصب کنتور")
    assert _has(a, "۶۲") and _has(a, "۳۱") and _has(a, "پیمانکار انتخاب شد")      # days overdue, last follow-up
    assert _has(samt, f"به: {SAMT}") and _has(samt, "تأمین لوله") and _has(samt, "۴۳")
    assert not _has(samt, "ساخت پل روستا")
    register = _register(path)
    assert [(k, n, sg) for k, n, _, _, sg in register] == [
        ("reminder", "1405/1", 0), ("reminder", "1405/2", 0), ("reminder", "1405/1", 1), ("reminder", "1405/2", 1)]
    for f in files:                                     # signed in place: verify reads the signature
        v = cli("verify", "--db", path, f)
        assert v.returncode == 0 and "signed by" in v.stdout, v.stdout + v.stderr


def test_letters_mistakes_exit_2_and_write_nothing(cli, office, tmp_path):
    path, mid, _ = office
    before = path.read_bytes()
    for args in (("--meeting", "nope"), ("--overdue", "--as-of", "2026/10/01"), ("--meeting", mid, "--as-of", "1405/01/01"),
                 ("--overdue", "--committee", "کمیته ناموجود")):
        r = cli("letters", "--db", path, *args, "-o", tmp_path / "x")
        assert r.returncode == 2 and len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr, r.stderr
    r = cli("letters", "--db", path, "--meeting", mid, "-o", tmp_path / "no" / "such")
    assert r.returncode == 2
    assert path.read_bytes() == before and not any((tmp_path / "x").glob("*.pdf"))


def test_letters_stopped_midway_leave_nothing(office, tmp_path):
    """The window's Cancel raises from `progress` after some letters are written: none of them stays,
    on disk or in the register (the numbers are not spent)."""
    from app.services import letters
    from reports.letters import issue_letters
    path, mid, _ = office
    out = tmp_path / "stopped"
    out.mkdir()
    calls = []

    class Stop(Exception):
        pass

    def progress(done, total):
        calls.append((done, total))
        if done == 2:
            raise Stop
    db = open_database(path)
    try:
        with pytest.raises(Stop):
            issue_letters(db, out, lambda s: letters.meeting_letters(s, mid), progress)
    finally:
        db.close()
    assert calls == [(0, 3), (1, 3), (2, 3)]
    assert list(out.iterdir()) == [] and _register(path) == []
    db = open_database(path)
    try:                                  # and a full run reports every letter, the last as (3, 3)
        calls.clear()
        written = issue_letters(db, out, lambda s: letters.meeting_letters(s, mid), lambda d, t: calls.append((d, t)))
    finally:
        db.close()
    assert len(written) == 3 and calls == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_without_settings_the_letterhead_names_the_committees_organisation(tmp_path):
    """With no letterhead organisation in the settings, a notification and a reminder are headed by the
    committee's organisation, as the follow-up report is (they named the committee, or nobody)."""
    from reports.letters import render
    from app.services import letters
    path = tmp_path / "plain.dabir"
    db = open_database(path, create=True)
    with db.session() as s:
        org = directory.create_organization(s, "اداره کل منابع طبیعی").id
        cid = committees.create_committee(s, "کمیته جنگل", organization_id=org).id
        mid = meetings.create_meeting(s, cid, date=J("1405/04/01")).id
        resolutions.add_resolution(s, mid, "کاشت نهال در دامنه", ["شهرداری"], J("1405/05/01"))
        notes = letters.meeting_letters(s, mid, day=J("1405/04/02"))
        late = letters.overdue_letters(s, as_of=J("1405/07/01"))
    db.close()
    assert len(notes) == 1 and len(late) == 1
    for i, letter in enumerate((notes[0], late[0])):
        pdf = tmp_path / f"letter{i}.pdf"
        render(letter, "1405/1", None, pdf)
        head = _text(pdf)
        assert searchable("اداره کل منابع طبیعی") in head
