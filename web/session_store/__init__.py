"""Server-side sessions: what makes a log-in revocable.

The cookie carries only a random session token (besides the CSRF token and the language); the
store keeps the SHA-256 of the token (its `id`), whose session it is, when it began, when it was
last used and when and by whom it was ended. A session counts only while it is not ended, was
used within the idle timeout and began within the absolute timeout — so log-out, a password
change or an administrator ends it for good, however the cookie was copied.

Implementations: `InMemorySessionStore` (here) and `web.session_store.sql.SqlSessionStore` (table
`sessions` in the accounts' SQLite file, `accounts_sessions` in PostgreSQL), created and changed by the
schema migrations (`invoicing.migrations`); one contract test suite runs against all three.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from abc import ABC, abstractmethod
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.popo import POPOFactory

TOUCH_EVERY = timedelta(seconds=60)
"""`last_seen` is written at most this often (a page view should not always be a database write)."""


@dataclass(frozen=True)
class Timeouts:
    """How long a session may stay unused (idle) and how long it may last at most (absolute)."""

    idle: timedelta = timedelta(minutes=30)
    absolute: timedelta = timedelta(hours=8)


@dataclass(frozen=True)
class SessionRecord:
    """One session: `id` (SHA-256 of its token), whose, since when, last used, from where, and its end if ended."""

    id: str
    login: str
    created_at: datetime
    last_seen: datetime
    address: str = ""
    agent: str = ""
    ended_at: datetime | None = None
    ended_by: str = ""

    def valid_at(self, now: datetime, timeouts: Timeouts) -> bool:
        return (self.ended_at is None and now - self.last_seen <= timeouts.idle
                and now - self.created_at <= timeouts.absolute)


def session_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionStore(ABC):
    """Sessions by token: open, check (and touch), list, end."""

    def __init__(self, timeouts: Timeouts = Timeouts()):
        self.timeouts = timeouts

    def open(self, login: str, *, now: datetime, address: str = "", agent: str = "") -> str:
        """A new session for `login`; returns its token (for the cookie; only its hash is kept)."""
        token = secrets.token_urlsafe(32)
        self._insert(SessionRecord(session_id(token), login, now, now, address[:100], agent[:200]))
        return token

    def current(self, token: str, now: datetime) -> SessionRecord | None:
        """The session of `token` if it counts at `now` (and note it as used), else None."""
        record = self._get(session_id(token))
        if record is None or not record.valid_at(now, self.timeouts):
            return None
        if now - record.last_seen >= TOUCH_EVERY:
            self._touch(record.id, now)
            record = replace(record, last_seen=now)
        return record

    def end(self, token: str, *, by: str, now: datetime) -> None:
        """End the session of `token` (log-out)."""
        self._end([session_id(token)], by, now)

    def end_one(self, login: str, id_prefix: str, *, by: str, now: datetime) -> bool:
        """End `login`'s active session whose id begins with `id_prefix` (at least 12 characters)."""
        found = [record.id for record in self.active(login, now) if len(id_prefix) >= 12 and
                 record.id.startswith(id_prefix)]
        self._end(found[:1], by, now)
        return bool(found)

    def end_all(self, login: str, *, by: str, now: datetime, keep: str | None = None) -> int:
        """End every active session of `login` but the one of token `keep`; returns how many were ended."""
        kept = session_id(keep) if keep else None
        found = [record.id for record in self.active(login, now) if record.id != kept]
        self._end(found, by, now)
        return len(found)

    def active(self, login: str, now: datetime) -> list[SessionRecord]:
        """`login`'s sessions that count at `now`, the most recently used first."""
        records = [record for record in self._of(login) if record.valid_at(now, self.timeouts)]
        return sorted(records, key=lambda record: record.last_seen, reverse=True)

    @abstractmethod
    def _insert(self, record: SessionRecord) -> None: ...

    @abstractmethod
    def _get(self, record_id: str) -> SessionRecord | None: ...

    @abstractmethod
    def _touch(self, record_id: str, now: datetime) -> None: ...

    @abstractmethod
    def _end(self, record_ids: list[str], by: str, now: datetime) -> None:
        """End the sessions `record_ids` that are not ended yet."""

    @abstractmethod
    def _of(self, login: str) -> list[SessionRecord]:
        """Every session of `login` not ended."""


class InMemorySessionStore(SessionStore):
    """Sessions in a dict, for tests and the in-memory application."""

    def __init__(self, timeouts: Timeouts = Timeouts()):
        super().__init__(timeouts)
        self._records: dict[str, SessionRecord] = {}
        self._lock = threading.Lock()

    def _insert(self, record: SessionRecord) -> None:
        with self._lock:
            self._records[record.id] = record

    def _get(self, record_id: str) -> SessionRecord | None:
        return self._records.get(record_id)

    def _touch(self, record_id: str, now: datetime) -> None:
        with self._lock:
            self._records[record_id] = replace(self._records[record_id], last_seen=now)

    def _end(self, record_ids: list[str], by: str, now: datetime) -> None:
        with self._lock:
            for record_id in record_ids:
                record = self._records.get(record_id)
                if record is not None and record.ended_at is None:
                    self._records[record_id] = replace(record, ended_at=now, ended_by=by)

    def _of(self, login: str) -> list[SessionRecord]:
        return [record for record in list(self._records.values()) if record.login == login and record.ended_at is None]


def sessions_for(factory: InfrastructureFactory, timeouts: Timeouts = Timeouts()) -> SessionStore:
    """The session store on the same backend (and database) as the application built by `factory`."""
    if isinstance(factory, POPOFactory):
        return InMemorySessionStore(timeouts)
    from web.session_store.sql import SqlSessionStore

    return SqlSessionStore.for_factory(factory, timeouts)  # its table: `invoicing.migrations`
