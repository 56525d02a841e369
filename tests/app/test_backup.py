"""Backups: `dabir backup` and `dabir check`, rotation (last 10 + one a day for a week), restore."""
import datetime as dt
import sqlite3
import uuid

import pytest

from app.services.backup import (KEEP_LAST, auto_backup, backups_folder, check_file, copy_for_office,
                                 list_backups, prune_backups, restore_backup)
from app.storage.models import Meeting
from app.storage.search_keys import pack_id, unpack_id
from tests.app.sharing_data import build, dump, edit, integrity, sha256


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


@pytest.fixture
def dabir_file(tmp_path):
    path = tmp_path / "office.dabir"
    ids = build(path)
    return path, ids


def test_cli_backup_makes_a_checked_copy(dabir_file, cli, tmp_path):
    path, _ = dabir_file
    before = sha256(path)
    out = cli("backup", "--db", path, "-o", tmp_path / "copy.dabir")
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(tmp_path / "copy.dabir")
    assert integrity(tmp_path / "copy.dabir") == "ok" and dump(tmp_path / "copy.dabir") == dump(path)
    assert sha256(path) == before
    folder = tmp_path / "into"
    folder.mkdir()
    out = cli("backup", "--db", path, "-o", folder)
    assert out.returncode == 0 and len(list(folder.glob("office-*.dabir"))) == 1
    assert not list(tmp_path.glob(".*.tmp")) and not list(folder.glob(".*"))
    missing = cli("backup", "--db", path, "-o", tmp_path / "no" / "such" / "x.dabir")
    assert missing.returncode == 2 and "folder does not exist" in missing.stderr


def test_cli_check_reports_integrity_and_foreign_keys(dabir_file, cli):
    path, _ = dabir_file
    ok = cli("check", "--db", path)
    assert ok.returncode == 0 and ok.stdout.startswith("ok")
    conn = sqlite3.connect(path)  # a foreign key pointing nowhere, written by something not Dabir
    conn.execute("PRAGMA foreign_keys=OFF")
    conn.execute("UPDATE meeting SET committee_id=? WHERE number=1", (pack_id("no-such-committee"),))
    conn.commit()
    conn.close()
    before = sha256(path)
    bad = cli("check", "--db", path)
    assert bad.returncode == 2 and "meeting" in bad.stdout
    assert len(bad.stderr.strip().splitlines()) == 1 and "problem" in bad.stderr
    assert sha256(path) == before


def test_rotation_keeps_last_ten_and_one_a_day_for_a_week(dabir_file):
    path, _ = dabir_file
    now = dt.datetime(2026, 11, 26, 18, 0)
    # three a day for ten days, oldest first
    for day in range(10, 0, -1):
        for hour in (9, 12, 15):
            auto_backup(path, now=now - dt.timedelta(days=day) + dt.timedelta(hours=hour - 18))
    for minute in range(12):
        auto_backup(path, now=now - dt.timedelta(minutes=60 - minute))
    kept = list_backups(path)
    newest_ten = sorted((b.created_at for b in kept), reverse=True)[:KEEP_LAST]
    assert all(b.created_at.date() == now.date() for b in kept if b.created_at in newest_ten)
    older_days = sorted({b.created_at.date() for b in kept} - {now.date()})
    assert older_days == [(now - dt.timedelta(days=d)).date() for d in range(6, 0, -1)]
    for day in older_days:  # only the newest backup of each earlier day survives
        [b] = [b for b in kept if b.created_at.date() == day]
        assert b.created_at.hour == 15
    assert len(kept) == KEEP_LAST + 6
    assert all(integrity(b.path) == "ok" for b in kept[:2])
    assert prune_backups(path, now=now) == []  # already pruned


def test_restore_puts_a_backup_back_and_can_be_undone(dabir_file):
    path, ids = dabir_file
    original = dump(path)
    first = auto_backup(path)
    edit(path, lambda s: setattr(s.get(Meeting, ids["meeting"][0]), "title", "changed later"))
    changed = dump(path)
    undo = restore_backup(first.path, path)
    assert dump(path) == original and integrity(path) == "ok"
    assert undo.reason == "before-restore" and dump(undo.path) == changed
    restore_backup(undo.path, path)
    assert dump(path) == changed


def test_backups_of_same_named_files_do_not_mix(tmp_path):
    a, b = tmp_path / "x" / "office.dabir", tmp_path / "y" / "office.dabir"
    a.parent.mkdir()
    b.parent.mkdir()
    assert backups_folder(a) != backups_folder(b)


def test_cli_backups_lists_and_restores(dabir_file, cli, tmp_path):
    path, ids = dabir_file
    env = {"DABIR_BACKUP_DIR": str(tmp_path / "backups")}
    first = auto_backup(path)
    edit(path, lambda s: setattr(s.get(Meeting, ids["meeting"][0]), "title", "changed later"))
    listed = cli("backups", "--db", path, "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    [entry] = __import__("json").loads(listed.stdout)
    assert entry["path"] == str(first.path) and entry["reason"] == "auto"
    restored = cli("backups", "--db", path, "--restore", first.path, env=env)
    assert restored.returncode == 0, restored.stderr
    assert edit(path, lambda s: s.get(Meeting, ids["meeting"][0]).title) == "جلسه 1"
    bad = cli("backups", "--db", path, "--restore", tmp_path / "nope.dabir", env=env)
    assert bad.returncode == 2 and "does not exist" in bad.stderr


def test_a_copy_for_another_office_stores_its_new_setting_row_like_dabir(dabir_file, tmp_path):
    """`dabir backup --new-office NAME` on a file without an office name adds the setting row by raw
    SQL: its id is stored packed like every id Dabir writes (schema 10), so the copy reads back whole
    and passes the checks a received file passes."""
    path, _ = dabir_file
    dto = copy_for_office(path, tmp_path / "member.dabir", "استانداری")
    conn = sqlite3.connect(dto.path)
    try:
        rows = {key: (row_id, value) for row_id, key, value in conn.execute("SELECT id, key, value FROM setting")}
    finally:
        conn.close()
    assert set(rows) == {"office.id", "office.name"} and rows["office.name"][1] == "استانداری"
    for row_id, _ in rows.values():
        assert isinstance(row_id, bytes) and len(row_id) == 16
        assert str(uuid.UUID(unpack_id(row_id))) == unpack_id(row_id)
    # the office id is a value, not a key: text, and new
    conn = sqlite3.connect(path)
    try:
        [(theirs,)] = conn.execute("SELECT value FROM setting WHERE key = 'office.id'")
    finally:
        conn.close()
    assert uuid.UUID(rows["office.id"][1]) and rows["office.id"][1] != theirs
    assert check_file(dto.path).problems == []
