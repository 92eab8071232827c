"""Who runs the dispatcher (and who polls the mailbox): one process at a time, another takes over when it dies.

The lock lives where the outbox lives: a PostgreSQL advisory lock held by one connection (the
server releases it when the holder's connection drops, e.g. after `kill -9`), an exclusive
`flock` on a file in the data directory for SQLite (released by the kernel when the process
dies), and a plain in-process flag for the in-memory application.
"""

from __future__ import annotations

import fcntl
import os
import threading
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from invoicing.config import Settings

if TYPE_CHECKING:
    import psycopg

ADVISORY_LOCK_KEY = 4_716_042_026
"""The PostgreSQL advisory lock key of the invoices dispatcher."""

APPLICATION_NAME = "invoicing-dispatcher-"
"""Prefix of the lock connection's `application_name` (followed by the process id), for operators."""

MAILBOX_LOCK_KEY = 4_716_042_027
"""The PostgreSQL advisory lock key of the mailbox poller (`workers.mailbox`)."""

MAILBOX_APPLICATION_NAME = "invoicing-mailbox-"


class ProcessLeadership:
    """Leadership within one process (in-memory application: there is only this process)."""

    def __init__(self) -> None:
        self._held = False

    def acquire(self) -> bool:
        self._held = True
        return True

    def still_held(self) -> bool:
        return self._held

    def release(self) -> None:
        self._held = False


class FileLeadership:
    """Leadership as an exclusive lock on a file (SQLite: processes sharing the data directory)."""

    def __init__(self, path: Path):
        self.path = path
        self._handle: TextIO | None = None
        self._lock = threading.Lock()

    def acquire(self) -> bool:
        with self._lock:
            if self._handle is not None:
                return True
            handle = self.path.open("a+")
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                handle.close()
                return False
            self._handle = handle
            return True

    def still_held(self) -> bool:
        return self._handle is not None

    def release(self) -> None:
        with self._lock:
            if self._handle is not None:
                fcntl.flock(self._handle, fcntl.LOCK_UN)
                self._handle.close()
                self._handle = None


class PostgresLeadership:
    """Leadership as a PostgreSQL session-level advisory lock on a dedicated connection."""

    def __init__(self, settings: Settings, *, key: int = ADVISORY_LOCK_KEY, name: str = APPLICATION_NAME):
        self.settings = settings.postgres
        self.key, self.name = key, name
        self._connection: psycopg.Connection | None = None

    def acquire(self) -> bool:
        import psycopg

        if self._connection is not None and self.still_held():
            return True
        self.release()
        pg = self.settings
        connection = psycopg.connect(host=pg.host, port=pg.port, dbname=pg.dbname, user=pg.user,
                                     password=pg.password, autocommit=True, connect_timeout=10,
                                     application_name=f"{self.name}{os.getpid()}")
        row = connection.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        if row is not None and row[0]:
            self._connection = connection
            return True
        connection.close()
        return False

    def still_held(self) -> bool:
        if self._connection is None:
            return False
        try:
            self._connection.execute("SELECT 1")
            return True
        except Exception:
            self._connection = None
            return False

    def release(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:
                pass
            self._connection = None


def leadership_for(settings: Settings, role: str = "dispatcher"):
    """The kind of leadership that fits where `settings` keep the outbox, for `role` ("dispatcher" or "mailbox")."""
    if settings.persistence == "postgres":
        if role == "mailbox":
            return PostgresLeadership(settings, key=MAILBOX_LOCK_KEY, name=MAILBOX_APPLICATION_NAME)
        return PostgresLeadership(settings)
    if settings.persistence == "sqlite":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        return FileLeadership(settings.data_dir / f"{role}.lock")
    return ProcessLeadership()
