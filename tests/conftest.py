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
    monkeypatch.setenv("DABIR_TRUST_DIR", str(tmp_path / "trust"))      # the keys this machine trusts (issue 22)
    # file-open: the record of each file's last clean close (per test), the schema cache (per run)
    monkeypatch.setenv("DABIR_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("DABIR_CACHE_DIR", str(_schema_cache))


# --- Both backends (issue 13). A module marked `pytestmark = pytest.mark.backends` runs each test
# that asks for `backend` (directly, or through db_path/db/session/new_db) once on a .dabir file and
# once on a real PostgreSQL server that the suite starts itself (tests/pgserver.py). A test that
# reads the file itself (sqlite3, bytes) marks itself `sqlite_only`.

def pytest_configure(config):
    config.addinivalue_line("markers", "backends: run on a .dabir file and on a PostgreSQL server")
    config.addinivalue_line("markers", "sqlite_only: reads the .dabir file itself (in a `backends` module)")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames and metafunc.definition.get_closest_marker("backends"):
        both = not metafunc.definition.get_closest_marker("sqlite_only")
        metafunc.parametrize("backend", ["sqlite", "postgresql"] if both else ["sqlite"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def pg_server():
    """One PostgreSQL server for the whole run, started on first use and stopped at the end."""
    from tests.pgserver import PgServer
    with PgServer() as server:
        yield server


@pytest.fixture(scope="session")
def pg_template(pg_server) -> str:
    """A database holding Dabir's migrated schema, copied for each test (CREATE DATABASE … TEMPLATE)."""
    from app.services.files import open_database
    url = pg_server.new_database()
    open_database(url, create=True).close()
    name = url.split("?")[0].rsplit("/", 1)[1]
    return name


@pytest.fixture
def new_db(backend, tmp_path, request):
    """new_db(name) -> where a new database goes: a path in tmp_path, or the URL of a new empty
    database on the server (`schema=True`: already holding Dabir's schema, as a new file would)."""
    def make(name: str = "test", schema: bool = False):
        if backend == "sqlite":
            return tmp_path / f"{name}.dabir"
        server = request.getfixturevalue("pg_server")
        if schema:
            return server.new_database(template=request.getfixturevalue("pg_template"))
        return server.new_database()
    return make


@pytest.fixture
def db_path(new_db, backend):
    return new_db("test", schema=backend == "postgresql")


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
