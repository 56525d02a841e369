"""Fixtures shared by every test: a fresh temp-file database and a way to run the real CLI."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def _schema_cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("schema-cache")


@pytest.fixture(autouse=True)
def _own_folders(tmp_path, monkeypatch, _schema_cache):
    """Automatic backups, crash logs, window settings and file records of every test go to its temp
    folder, never the user's."""
    monkeypatch.setenv("DABIR_BACKUP_DIR", str(tmp_path / "backups"))
    monkeypatch.setenv("DABIR_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.setenv("DABIR_CONFIG_DIR", str(tmp_path / "config"))     # the window's remembered place
    monkeypatch.setenv("DABIR_KEY_DIR", str(tmp_path / "keys"))          # an office signing key made on first use
    # file-open: the record of each file's last clean close (per test), the schema cache (per run)
    monkeypatch.setenv("DABIR_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("DABIR_CACHE_DIR", str(_schema_cache))


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "test.dabir"


@pytest.fixture
def db(db_path):
    from app.services.files import open_database
    database = open_database(db_path, create=True)
    yield database
    database.close()


@pytest.fixture
def session(db):
    with db.session() as s:
        yield s


def _run_cli(*args, env=None, input=None, cwd=None):
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run([sys.executable, "-m", "app.cli.main", *map(str, args)], capture_output=True,
                          text=True, env=full_env, input=input, cwd=cwd or ROOT, timeout=300)


@pytest.fixture
def cli():
    """Run `dabir ARGS...` as a real process (with this test's backup and log folders); returns
    CompletedProcess (text)."""
    def run(*args, env=None, input=None):
        return _run_cli(*args, env=env, input=input)
    return run
