"""A real PostgreSQL server for the suite and the benchmarks: Debian's `postgresql` binaries,
`initdb` into a temporary folder, listening on a Unix socket only (no TCP port), run as a non-root
user (the server refuses to run as root: when we are root, as `dabirpg`, made with useradd). Trust
authentication on the socket, which only this machine's users can reach; no password anywhere.

    with PgServer() as pg:
        url = pg.new_database()        # postgresql://dabir@/dabir_1?host=/tmp/dabirpg-…
"""
import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

SUPERUSER = "dabir"
SERVICE_USER = "dabirpg"


def pg_bin() -> Path | None:
    """The newest installed server's bin folder (/usr/lib/postgresql/<major>/bin), or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0)
    return Path(found[-1]).parent if found else None


def _service_user() -> str | None:
    """None when we are not root (the server runs as us); else a system user for the server."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(SERVICE_USER)
    except KeyError:
        subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                        SERVICE_USER], check=True, capture_output=True)
    return SERVICE_USER


class PgServer:
    def __init__(self):
        self.bin = pg_bin()
        if self.bin is None:
            raise RuntimeError("PostgreSQL is not installed: run `make debs` (Debian's postgresql package)")
        self.user = _service_user()
        self.folder = Path(tempfile.mkdtemp(prefix="dabirpg-"))
        self.data = self.folder / "data"
        self.socket = self.folder            # the socket file .s.PGSQL.5432 lives here
        self._count = 0
        self.running = False

    def _run(self, *args: str, **kw) -> subprocess.CompletedProcess:
        cmd = [str(a) for a in args]
        if self.user:
            cmd = ["runuser", "-u", self.user, "--", *cmd]
        return subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=self.folder, **kw)

    def start(self) -> "PgServer":
        os.chmod(self.folder, 0o755)
        if self.user:
            shutil.chown(self.folder, self.user)
        self._run(self.bin / "initdb", "-D", self.data, "-U", SUPERUSER, "--auth=trust",
                  "--encoding=UTF8", "--locale=C.UTF-8", "--no-sync")
        opts = (f"-k {self.socket} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                f"-c full_page_writes=off -c max_connections=200 -c shared_buffers=64MB")
        self._run(self.bin / "pg_ctl", "-D", self.data, "-l", self.folder / "server.log", "-o", opts,
                  "-w", "-t", "60", "start")
        self.running = True
        return self

    def url(self, database: str = "postgres", user: str = SUPERUSER) -> str:
        return f"postgresql://{user}@/{database}?host={self.socket}"

    def psql(self, sql: str, database: str = "postgres") -> str:
        r = subprocess.run([str(self.bin / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-At",
                            "-h", str(self.socket), "-U", SUPERUSER, "-d", database, "-c", sql],
                           capture_output=True, text=True)
        if r.returncode:
            raise RuntimeError(f"psql: {r.stderr.strip()}")
        return r.stdout

    def new_database(self, template: str | None = None) -> str:
        """A new, empty database (or a copy of `template`); its URL."""
        self._count += 1
        name = f"dabir_{self._count}_{uuid.uuid4().hex[:6]}"
        self.psql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def stop(self) -> None:
        if self.running:
            try:
                self._run(self.bin / "pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
            finally:
                self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> "PgServer":
        try:
            return self.start()
        except BaseException:
            self.stop()
            raise

    def __exit__(self, *exc) -> None:
        self.stop()
