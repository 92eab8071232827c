"""Log-in with throttling, for the web form and the clerk CLI: per account and per address, exponential
backoff, then a temporary lock with a clear message and an audit event; administrators see and lift locks.

Rules (`ACCOUNT`, `ADDRESS`): failures are counted per key ("login:<login>", "address:<address>")
within a window. After `free` failures each further attempt must wait `base` × 2^(n − free)
seconds after the last failure; at `lock_after` failures the key is locked for `lock_for` (both
rules reach their lock within their window: 1 + 2 + … + 64 s for an account, … + 128 s for an
address). A
refused attempt (waiting or locked) checks no password at all — it costs no Argon2 hash, so
guessing cannot burn the server's CPU — and says how long to wait. Logins that do not exist
are counted and locked like real ones, so a lock reveals nothing. A success clears its login's
count (not its address's: one account's success must not wash out guesses at others).
Every lock and every lift is recorded as `SignInLock` events (the audit trail).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import NAMESPACE_URL, uuid5

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from invoicing.throttles import Count, Throttles
from web.accounts import Accounts, Principal

LOCKS = uuid5(NAMESPACE_URL, "urn:einvoice:sign-in-locks")
"""Namespace of `SignInLock` stream ids (never change)."""

SYSTEM = "system:sign-in"


@dataclass(frozen=True)
class Rule:
    """Free failures, backoff base (seconds), failures that lock, how long, and the counting window."""

    free: int
    base_seconds: float
    lock_after: int
    lock_for: timedelta
    window: timedelta


ACCOUNT = Rule(free=3, base_seconds=1.0, lock_after=10, lock_for=timedelta(minutes=15), window=timedelta(minutes=15))
ADDRESS = Rule(free=10, base_seconds=1.0, lock_after=18, lock_for=timedelta(minutes=15), window=timedelta(minutes=15))


@dataclass(frozen=True)
class Refused:
    """Why an attempt was not checked or failed: "wrong", "wait" (`seconds`) or "locked" (`until`)."""

    reason: str
    seconds: int = 0
    until: datetime | None = None


def waiting(count: Count | None, rule: Rule, now: datetime) -> Refused | None:
    """Whether a key with `count` must wait (or is locked) at `now` before its next attempt is checked."""
    if count is None:
        return None
    until = count.locked_until
    if until is not None and count.locked_at(now):
        return Refused("locked", math.ceil((until - now).total_seconds()), until)
    if count.count < rule.free or count.first_at < now - rule.window:
        return None
    ready = count.last_at + min(timedelta(seconds=rule.base_seconds * 2 ** (count.count - rule.free)), rule.lock_for)
    return Refused("wait", math.ceil((ready - now).total_seconds())) if ready > now else None


def keys(login: str, address: str) -> tuple[tuple[str, Rule], ...]:
    return (f"login:{login.strip().casefold()}", ACCOUNT), (f"address:{address or 'unknown'}", ADDRESS)


class SignInLock(Aggregate):
    """The temporary log-in locks of one key (a login or an address): the audit record of throttling."""

    class Imposed(Aggregate.Created):
        """The key was locked until `until` after `failures` failed log-ins (the last from `address`)."""

        key: str
        until: datetime
        failures: int
        address: str
        by: str

    class ImposedAgain(Aggregate.Event):
        """The key was locked again."""

        until: datetime
        failures: int
        address: str
        by: str

    class Lifted(Aggregate.Event):
        """An administrator lifted the lock."""

        by: str

    def __init__(self, key: str, until: datetime, failures: int, address: str, by: str):
        self.key = key


class SignIn:
    """Checks log-ins under the throttling rules; `lift` is the administrator's."""

    def __init__(self, accounts: Accounts, throttles: Throttles, clock: Callable[[], datetime]):
        self.accounts, self.throttles, self.clock = accounts, throttles, clock

    def check(self, login: str, password: str, address: str) -> Principal | Refused:
        """The principal for a right login and password, else why not (see the module docstring)."""
        now = self.clock()
        watched = keys(login, address)
        for key, rule in watched:
            refusal = waiting(self.throttles.get(key), rule, now)
            if refusal is not None:
                return refusal
        principal = self.accounts.authenticate(login, password)
        if principal is not None:
            self.throttles.clear(watched[0][0])
            return principal
        for key, rule in watched:
            count = self.throttles.hit(key, now, rule.window)
            if count.count >= rule.lock_after and not count.locked_at(now):
                self.throttles.lock(key, now + rule.lock_for)
                self._record(key, now + rule.lock_for, count.count, address, now)
        return Refused("wrong")

    def locks(self) -> list[Count]:
        """Every key locked now, soonest unlocked first."""
        return self.throttles.locked("", self.clock())

    def lift(self, key: str, *, by: str) -> None:
        """Lift the lock of `key` (and forget its failures), recorded as `SignInLock.Lifted`."""
        self.throttles.clear(key)
        lock = self._find(key)
        if lock is not None:
            lock.trigger_event(SignInLock.Lifted, by=by, timestamp=self.clock())
            self.accounts.save(lock)

    def history(self, key: str) -> list:
        """The recorded locks and lifts of `key`, oldest first."""
        return list(self.accounts.events.get(uuid5(LOCKS, key))) if self._find(key) else []

    def _record(self, key: str, until: datetime, failures: int, address: str, now: datetime) -> None:
        lock = self._find(key)
        if lock is None:
            lock = SignInLock._create(SignInLock.Imposed, id=uuid5(LOCKS, key), key=key, until=until,
                                      failures=failures, address=address, by=SYSTEM, timestamp=now)
        else:
            lock.trigger_event(SignInLock.ImposedAgain, until=until, failures=failures, address=address, by=SYSTEM,
                               timestamp=now)
        self.accounts.save(lock)

    def _find(self, key: str) -> SignInLock | None:
        try:
            return self.accounts.repository.get(uuid5(LOCKS, key))
        except AggregateNotFoundError:
            return None
