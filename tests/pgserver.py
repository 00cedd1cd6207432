"""A throw-away PostgreSQL server for the tests (Debian's ``postgresql`` package).

``initdb`` into a temporary folder, ``pg_ctl start`` on a free 127.0.0.1 port with password
authentication, stopped when the test session ends. Run as root (CI), the server runs as the
``postgres`` system user (PostgreSQL refuses to run as root). ``TELECLAIM_TEST_PG_URL`` points the
tests at an existing server instead.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

PASSWORD = "teleclaim-test-pw"


def _bindir() -> Path | None:
    for d in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(d, "initdb").exists() and Path(d, "pg_ctl").exists():
            return Path(d)
    found = shutil.which("initdb")
    return Path(found).parent if found and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    def __init__(self) -> None:
        self.dir: Path | None = None
        self.url = ""
        self.port = 0
        self._as: list[str] = []
        self.why_not = ""

    def start(self) -> bool:
        if os.environ.get("TELECLAIM_TEST_PG_URL"):
            self.url = os.environ["TELECLAIM_TEST_PG_URL"]
            return True
        try:
            import psycopg  # noqa: F401
        except ImportError:
            self.why_not = "psycopg is not installed (pip install -e '.[test]')"
            return False
        bindir = _bindir()
        if bindir is None:
            self.why_not = "no PostgreSQL server on this machine (apt-get install postgresql; .ci/run does it in CI)"
            return False
        self.dir = Path(tempfile.mkdtemp(prefix="teleclaim-pg-"))
        if os.geteuid() == 0:
            try:
                pwd.getpwnam("postgres")
            except KeyError:
                self.why_not = "running as root and no 'postgres' user to run the server as"
                return False
            self._as = ["runuser", "-u", "postgres", "--"]
            shutil.chown(self.dir, "postgres")
        pwfile = self.dir / "pw"
        pwfile.write_text(PASSWORD + "\n")
        if self._as:
            shutil.chown(pwfile, "postgres")
        self.port = _free_port()
        data = self.dir / "data"
        run = lambda *a: subprocess.run([*self._as, *a], capture_output=True, text=True, timeout=120)  # noqa: E731
        r = run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            "teleclaim",
            f"--pwfile={pwfile}",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "-E",
            "UTF8",
            "--no-sync",
        )
        if r.returncode != 0:
            self.why_not = f"initdb failed: {r.stderr.strip()[:300]}"
            return False
        opts = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200"
        r = run(str(bindir / "pg_ctl"), "-D", str(data), "-o", opts, "-l", str(self.dir / "log"), "-w", "start")
        if r.returncode != 0:
            self.why_not = f"pg_ctl start failed: {r.stderr.strip()[:300]}"
            return False
        self._bindir = bindir
        self.url = f"postgresql://teleclaim:{PASSWORD}@127.0.0.1:{self.port}/postgres"
        return True

    def fresh_database(self, name: str) -> str:
        """A new, empty database on the server; its URL."""
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}"')
            c.execute(f'CREATE DATABASE "{name}"')
        return self.url.rsplit("/", 1)[0] + "/" + name

    def stop(self) -> None:
        if self.dir and getattr(self, "_bindir", None):
            subprocess.run(
                [*self._as, str(self._bindir / "pg_ctl"), "-D", str(self.dir / "data"), "-m", "fast", "stop"],
                capture_output=True,
                timeout=60,
            )
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
