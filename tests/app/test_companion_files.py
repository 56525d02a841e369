"""Files beside the database (issue 22, item 6): SQLite opens `X.dabir-journal`, `-wal` and `-shm` by
name and follows links. A FIFO there hung `dabir list` and `dabir check` for ever; a `-journal` link to
/dev/zero beside a received file made `merge` copy until the disk was full; a link to another file
would have SQLite write and delete that file. Each is refused at once: exit 2, one line naming the
file beside it, and nothing written anywhere."""
import os
import shutil
import subprocess
import sys
import time

import pytest

from app.domain.errors import DabirFileError
from app.storage.fileformat import copy_regular, inspect_file
from tests.app.sharing_data import build, fork, sha256
from tests.app.test_safe_open import assert_refused
from tests.conftest import ROOT

WITHIN = 60         # seconds: a refusal takes well under one; the old hang never ended


@pytest.fixture(autouse=True)
def _backups(tmp_path, monkeypatch):
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    path = tmp_path_factory.mktemp("companions") / "good.dabir"
    build(path, committees=1, meetings=2, resolutions=1)
    return path


@pytest.fixture
def mine(template, tmp_path):
    path = tmp_path / "mine.dabir"
    shutil.copyfile(template, path)
    return path


def run(*args, tmp_path):
    """`dabir ARGS`, killed after WITHIN seconds (a hang fails the test instead of stalling the suite)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DABIR_BACKUP_DIR": str(tmp_path / "backups")}
    start = time.monotonic()
    try:
        result = subprocess.run([sys.executable, "-m", "app.cli.main", *map(str, args)], capture_output=True,
                                text=True, env=env, cwd=ROOT, timeout=WITHIN)
    except subprocess.TimeoutExpired:
        pytest.fail(f"dabir {' '.join(map(str, args))} still running after {WITHIN} s")
    return result, time.monotonic() - start


def _fifo(path):
    os.mkfifo(path)
    return path


def _link(path, target):
    os.symlink(target, path)
    return path


MAKERS = {
    "fifo": lambda p, tmp: _fifo(p),
    "link-to-dev-zero": lambda p, tmp: _link(p, "/dev/zero"),
    "link-to-a-file": lambda p, tmp: _link(p, tmp / "victim.txt"),
    "folder": lambda p, tmp: p.mkdir(),
}
WORDS = {"fifo": "a pipe", "link-to-dev-zero": "a symbolic link", "link-to-a-file": "a symbolic link",
         "folder": "a folder"}


@pytest.mark.parametrize("suffix", ["-journal", "-wal", "-shm"])
@pytest.mark.parametrize("kind", sorted(MAKERS))
def test_special_file_beside_my_file_is_refused_at_once(kind, suffix, mine, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("my own notes\n")
    beside = tmp_path / f"mine.dabir{suffix}"
    MAKERS[kind](beside, tmp_path)
    before = sha256(mine)
    result, took = run("list", "meetings", "--db", mine, tmp_path=tmp_path)
    line = assert_refused(result)
    assert f"the {suffix} beside the database is not a regular file ({WORDS[kind]})" in line, line
    assert str(beside) in line
    assert sha256(mine) == before
    assert victim.read_text() == "my own notes\n"
    assert os.path.lexists(beside)


def test_a_fifo_journal_is_refused_by_every_command(mine, tmp_path):
    """The hang of the issue: `dabir check` and `dabir list` waited for a writer to the pipe."""
    _fifo(tmp_path / "mine.dabir-journal")
    before = sha256(mine)
    for args in (("check",), ("search", "مصوبه"), ("backup", "-o", tmp_path / "b.dabir"),
                 ("export", "--meeting", "all")):
        result, _ = run(*args, "--db", mine, tmp_path=tmp_path)
        assert "the -journal beside the database is not a regular file (a pipe)" in assert_refused(result)
    assert sha256(mine) == before and not (tmp_path / "b.dabir").exists()


@pytest.mark.parametrize("kind", ["fifo", "link-to-dev-zero"])
def test_special_journal_beside_a_received_file_refuses_the_merge(kind, template, mine, tmp_path):
    theirs = fork(template, tmp_path / "theirs.dabir")
    MAKERS[kind](tmp_path / "theirs.dabir-journal", tmp_path)
    before_mine, before_theirs = sha256(mine), sha256(theirs)
    result, took = run("merge", "--db", mine, "--from", theirs, tmp_path=tmp_path)
    line = assert_refused(result)
    assert f"the -journal beside the database is not a regular file ({WORDS[kind]})" in line, line
    assert sha256(mine) == before_mine and sha256(theirs) == before_theirs
    assert "(None)" not in line
    # the merge never started: no temporary copy, no backup of my file
    assert not (tmp_path / "backups").exists() or not list((tmp_path / "backups").rglob("*merge*"))


def test_a_second_hard_link_as_journal_is_refused(mine, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"\0" * 4096)
    os.link(victim, tmp_path / "mine.dabir-journal")
    result, _ = run("list", "meetings", "--db", mine, tmp_path=tmp_path)
    assert "(a hard link to another file)" in assert_refused(result)
    assert victim.read_bytes() == b"\0" * 4096


def test_copy_regular_refuses_what_is_not_a_regular_file(tmp_path):
    """The copy of a received file's journal opens it without following links and without blocking,
    and checks the descriptor it reads: a FIFO or link swapped in after the first look is refused."""
    fifo = _fifo(tmp_path / "j")
    with pytest.raises(DabirFileError, match="not a regular file"):
        copy_regular(fifo, tmp_path / "out1")
    link = _link(tmp_path / "k", "/dev/zero")
    with pytest.raises(DabirFileError, match="symbolic link"):
        copy_regular(link, tmp_path / "out2")
    assert not (tmp_path / "out1").exists() and not (tmp_path / "out2").exists()
    real = tmp_path / "r"
    real.write_bytes(b"x" * 3_000_000)
    copy_regular(real, tmp_path / "out3")
    assert (tmp_path / "out3").read_bytes() == real.read_bytes()


def test_a_regular_journal_is_still_welcome(mine, tmp_path):
    """An empty journal left behind (not hot) is an ordinary file: the file opens."""
    (tmp_path / "mine.dabir-journal").write_bytes(b"")
    assert inspect_file(mine).exists
    result, _ = run("list", "meetings", "--db", mine, tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
