"""Real PostgreSQL and Redis servers for tests and benchmarks, started from the Debian packages.

`PostgresServer` runs `initdb` in a temporary folder and `postgres` on a free port from 55432
(as the `postgres` user when we are root: PostgreSQL refuses to run as root), tuned for tests
(fsync off). `RedisServer` runs `redis-server` from port 56379 without persistence. Both stop
and remove their files on `stop()`. `missing(...)` says why a server cannot be started here;
tests skip for that reason locally but fail when `CI` is set.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def free_port(start: int) -> int:
    """The first port from `start` on which nothing listens on 127.0.0.1."""
    for port in range(start, start + 200):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError(f"No free port between {start} and {start + 200}.")


def postgres_bin() -> Path | None:
    """The folder with `initdb` and `postgres` (on PATH, or Debian's /usr/lib/postgresql/N/bin)."""
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def missing(server: str) -> str | None:
    """Why `server` ("postgres" or "redis") cannot be started here, or None when it can."""
    if server == "postgres":
        if postgres_bin() is None:
            return "PostgreSQL is not installed (apt-get install postgresql)"
        if os.geteuid() == 0 and not _has_user("postgres"):
            return "running as root without a `postgres` user, and PostgreSQL refuses to run as root"
        return None
    if not shutil.which("redis-server"):
        return "Redis is not installed (apt-get install redis-server)"
    return None


def _has_user(name: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(name)
        return True
    except KeyError:
        return False


@dataclass
class PostgresServer:
    """A throw-away PostgreSQL cluster; `env(dbname)` gives the variables `invoicing.config` reads."""

    port: int = 0
    folder: Path | None = None
    process: subprocess.Popen | None = None
    user: str = "postgres"
    password: str = "postgres"

    def start(self) -> PostgresServer:
        binaries = postgres_bin()
        self.port = free_port(55432)
        self.folder = Path(tempfile.mkdtemp(prefix="invoicing-pg-"))
        # as root, run as the `postgres` user (PostgreSQL refuses root); then signals reach the server itself
        as_postgres = {"user": "postgres", "group": "postgres", "extra_groups": []} if os.geteuid() == 0 else {}
        password_file = self.folder / "password"
        password_file.write_text(self.password)
        if as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
            shutil.chown(password_file, "postgres", "postgres")
        subprocess.run([str(binaries / "initdb"), "-D", str(self.folder / "data"), "-U", self.user, "--auth=md5",
                        f"--pwfile={password_file}", "-E", "UTF8", "--locale=C.UTF-8"], **as_postgres,
                       cwd=self.folder, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        log = (self.folder / "server.log").open("wb")
        self.process = subprocess.Popen(
            [str(binaries / "postgres"), "-D", str(self.folder / "data"), "-p", str(self.port),
             "-k", str(self.folder), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off",
             "-c", "synchronous_commit=off", "-c", "full_page_writes=off", "-c", "max_connections=200"],
            **as_postgres, cwd=self.folder, stdout=subprocess.DEVNULL, stderr=log)
        self._wait_until_ready()
        return self

    def _wait_until_ready(self, timeout: float = 30.0) -> None:
        import psycopg

        deadline = time.monotonic() + timeout
        while True:
            try:
                psycopg.connect(**self.connection("postgres"), connect_timeout=2).close()
                return
            except psycopg.OperationalError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    log = (self.folder / "server.log").read_text(errors="replace")
                    raise RuntimeError(f"PostgreSQL did not start:\n{log}") from None
                time.sleep(0.1)

    def connection(self, dbname: str) -> dict:
        """Keyword arguments for `psycopg.connect`."""
        return {"host": "127.0.0.1", "port": self.port, "user": self.user, "password": self.password,
                "dbname": dbname}

    def create_database(self, dbname: str) -> None:
        import psycopg

        with psycopg.connect(**self.connection("postgres"), autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
            connection.execute(f'CREATE DATABASE "{dbname}"')

    def env(self, dbname: str) -> dict[str, str]:
        """Environment variables that point `invoicing.config` at database `dbname`."""
        return {"PERSISTENCE_MODULE": "postgres", "POSTGRES_HOST": "127.0.0.1", "POSTGRES_PORT": str(self.port),
                "POSTGRES_DBNAME": dbname, "POSTGRES_USER": self.user, "POSTGRES_PASSWORD": self.password}

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # "fast" shutdown: roll back, disconnect clients, stop
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class RedisServer:
    """A throw-away Redis without persistence; `url(db)` addresses one of its databases."""

    port: int = 0
    process: subprocess.Popen | None = None

    def start(self) -> RedisServer:
        self.port = free_port(56379)
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                    return self
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("Redis did not start.")
            time.sleep(0.05)

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def flush(self) -> None:
        import redis

        redis.Redis(host="127.0.0.1", port=self.port).flushall()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(10)
