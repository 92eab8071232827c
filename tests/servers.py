"""Real PostgreSQL, Redis and IMAP (Dovecot) servers for tests and benchmarks, from the Debian packages,
and an SMTP sink (aiosmtpd) that keeps what it is sent.

`PostgresServer` runs `initdb` in a temporary folder and `postgres` on a free port from 55432
(as the `postgres` user when we are root: PostgreSQL refuses to run as root), tuned for tests
(fsync off). `RedisServer` runs `redis-server` from port 56379 without persistence.
`DovecotServer` runs `dovecot -F` with a config of its own in a temporary folder (plain IMAP on
127.0.0.1 from port 51143, plaintext log-in, users in a passwd-file, maildirs in the folder).
`SmtpSink` is an aiosmtpd server in a thread from port 52525. All stop and remove their files on `stop()`. `missing(...)` says why a server cannot be started here;
tests skip for that reason locally but fail when `CI` is set.
"""

from __future__ import annotations

import glob
import os
import random
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path


def free_port(start: int) -> int:
    """A port between `start` and `start + 199` that nothing has bound on 127.0.0.1, tried in random order so
    that test runs side by side (a developer's and CI's) rarely reach for the same one at the same moment."""
    for port in random.sample(range(start, start + 200), 200):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"No free port between {start} and {start + 199}.")


def postgres_bin() -> Path | None:
    """The folder with `initdb` and `postgres` (on PATH, or Debian's /usr/lib/postgresql/N/bin)."""
    found = shutil.which("initdb")
    if found and shutil.which("postgres"):
        return Path(found).resolve().parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), reverse=True)
    return Path(candidates[0]).parent if candidates else None


def missing(server: str) -> str | None:
    """Why `server` ("postgres", "redis" or "dovecot") cannot be started here, or None when it can."""
    if server == "dovecot":
        if not dovecot_bin():
            return "Dovecot is not installed (apt-get install dovecot-imapd)"
        if os.geteuid() == 0 and not (_has_user("dovecot") and _has_user("dovenull")):
            return "running as root without the `dovecot` and `dovenull` users that dovecot-imapd creates"
        return None
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

    folder: Path | None = None
    """Where the cluster lives (default: a new temporary folder); an existing cluster there is started again."""
    keep: bool = False
    """Leave the folder in place on `stop()` (benchmarks that build a large store once)."""
    port: int = 0
    process: subprocess.Popen | None = None
    user: str = "postgres"
    password: str = "postgres"

    def start(self) -> PostgresServer:
        binaries = postgres_bin()
        self.port = free_port(55432)
        if self.folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="invoicing-pg-"))
        self.folder.mkdir(parents=True, exist_ok=True)
        # as root, run as the `postgres` user (PostgreSQL refuses root); then signals reach the server itself
        as_postgres = {"user": "postgres", "group": "postgres", "extra_groups": []} if os.geteuid() == 0 else {}
        if as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")
        if not (self.folder / "data").exists():
            password_file = self.folder / "password"
            password_file.write_text(self.password)
            if as_postgres:
                shutil.chown(password_file, "postgres", "postgres")
            subprocess.run([str(binaries / "initdb"), "-D", str(self.folder / "data"), "-U", self.user,
                            "--auth=md5", f"--pwfile={password_file}", "-E", "UTF8", "--locale=C.UTF-8"],
                           **as_postgres, cwd=self.folder, check=True, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE)
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
        if self.folder is not None and not self.keep:
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


def dovecot_bin() -> str | None:
    """The `dovecot` master binary (Debian puts it in /usr/sbin, which is not always on PATH)."""
    return shutil.which("dovecot") or next((path for path in ("/usr/sbin/dovecot",) if os.path.exists(path)), None)


ACCOUNTS = 100
"""IMAP accounts a `DovecotServer` offers (`new_account`)."""

_DOVECOT_CONF = """\
protocols = imap
listen = 127.0.0.1
base_dir = {folder}/run
state_dir = {folder}/state
log_path = {folder}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
auth_failure_delay = 0
mail_location = maildir:{folder}/mail/%u
first_valid_uid = {uid}
first_valid_gid = {gid}
default_internal_user = {internal_user}
default_internal_group = {internal_group}
default_login_user = {login_user}
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {folder}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={folder}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
{chroot}}}
service anvil {{
{chroot}}}
protocol imap {{
  mail_max_userip_connections = 50
}}
"""


@dataclass
class DovecotServer:
    """A throw-away Dovecot IMAP server; `add_user` makes an account, `append` delivers a mail to it."""

    port: int = 0
    folder: Path | None = None
    process: subprocess.Popen | None = None

    def start(self) -> DovecotServer:
        """Start on a free port; another test run on the machine may take the port between probe and listen,
        so a start that fails to listen is tried again on another port."""
        for attempt in range(5):
            try:
                return self._start_on(free_port(51143 + random.randrange(0, 150)))
            except RuntimeError:
                if attempt == 4 or "Address already in use" not in self.log():
                    raise
                self.stop()
        raise AssertionError("unreachable")

    def _start_on(self, port: int) -> DovecotServer:
        import grp
        import pwd

        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="invoicing-imap-"))
        self.folder.chmod(0o755)  # the mail processes run as the mail user and must reach the maildirs
        if os.geteuid() == 0:  # as Debian's package does: logins as dovenull, mail as the dovecot user
            mail_user = pwd.getpwnam("dovecot")
            names = {"internal_user": "dovecot", "internal_group": "dovecot", "login_user": "dovenull", "chroot": ""}
        else:  # everything as ourselves, without chroot (which needs root)
            mail_user = pwd.getpwuid(os.geteuid())
            me = mail_user.pw_name
            names = {"internal_user": me, "internal_group": grp.getgrgid(mail_user.pw_gid).gr_name, "login_user": me,
                     "chroot": "  chroot =\n"}
        (self.folder / "mail").mkdir()
        os.chown(self.folder / "mail", mail_user.pw_uid, mail_user.pw_gid)
        (self.folder / "users").write_text("".join(f"city{n:03d}:{{PLAIN}}secret\n" for n in range(1, ACCOUNTS + 1)))
        self._used = 0
        config = self.folder / "dovecot.conf"
        config.write_text(_DOVECOT_CONF.format(folder=self.folder, port=self.port, uid=mail_user.pw_uid,
                                               gid=mail_user.pw_gid, **names))
        self.process = subprocess.Popen([dovecot_bin(), "-F", "-c", str(config)], stdout=subprocess.DEVNULL,
                                        stderr=(self.folder / "stderr.log").open("wb"))
        deadline = time.monotonic() + 20
        while True:
            with socket.socket() as probe:
                listening = probe.connect_ex(("127.0.0.1", self.port)) == 0
            if listening:
                time.sleep(0.3)  # a master that could not listen exits: then the port was someone else's
                if self.process.poll() is None:
                    return self
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError(f"Dovecot did not start:\n{self.log()}")
            time.sleep(0.05)

    def log(self) -> str:
        return "\n".join(path.read_text(errors="replace") for path in (self.folder / "stderr.log", self.folder / "dovecot.log")
                         if path.exists())

    def new_account(self) -> tuple[str, str]:
        """(user, password) of an account nobody has used yet (made at start: Dovecot's passwd-file
        reload after a change takes seconds)."""
        self._used += 1
        if self._used > ACCOUNTS:
            raise RuntimeError(f"All {ACCOUNTS} test accounts are used; raise servers.ACCOUNTS.")
        return f"city{self._used:03d}", "secret"

    def connect(self, user: str, password: str):
        import imaplib

        imap = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        imap.login(user, password)
        return imap

    def append(self, user: str, password: str, raws: list[bytes], folder: str = "INBOX") -> None:
        """Deliver `raws` into `folder` by IMAP APPEND, in order (UIDs ascending)."""
        imap = self.connect(user, password)
        try:
            for raw in raws:
                status, data = imap.append(folder, None, None, raw)
                if status != "OK":
                    raise RuntimeError(f"APPEND failed: {data!r}")
        finally:
            imap.logout()

    def count(self, user: str, password: str, folder: str) -> int:
        """Messages in `folder` (0 when it does not exist)."""
        imap = self.connect(user, password)
        try:
            status, data = imap.select(f'"{folder}"', readonly=True)
            return int(data[0]) if status == "OK" else 0
        finally:
            imap.logout()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)


@dataclass
class SmtpSink:
    """An SMTP server on 127.0.0.1 that keeps every message; recipients in `refused` get a 550."""

    port: int = 0
    controller: object = None

    def __post_init__(self) -> None:
        import threading

        self.messages: list = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.refused: set[str] = set()
        self._lock = threading.Lock()

    def start(self) -> SmtpSink:
        from aiosmtpd.controller import Controller

        self.port = free_port(52525)
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"

    def received(self) -> list:
        with self._lock:
            return list(self.messages)

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()
            self.envelopes.clear()
            self.refused.clear()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
