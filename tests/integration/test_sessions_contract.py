"""The session store's contract, on every backend: sessions count until ended, idle or too old."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from web.passwords import Passwords
from web.session_store import Timeouts, session_id, sessions_for
from web.wiring import accounts_for

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
TIMEOUTS = Timeouts(idle=timedelta(minutes=30), absolute=timedelta(hours=8))


@pytest.fixture
def store(settings):
    accounts = accounts_for(settings, Passwords.for_tests())
    yield sessions_for(accounts.factory, TIMEOUTS)
    accounts.close()


def test_a_new_session_counts_and_only_its_hash_is_kept(store):
    token = store.open("sroth", now=NOW, address="192.0.2.1", agent="Firefox")
    record = store.current(token, NOW + timedelta(minutes=1))
    assert record.login == "sroth" and record.id == session_id(token) and token not in record.id
    assert record.address == "192.0.2.1" and record.agent == "Firefox"
    assert store.current("forged", NOW) is None


def test_an_ended_session_no_longer_counts_whoever_holds_its_token(store):
    token = store.open("sroth", now=NOW)
    store.end(token, by="sroth", now=NOW + timedelta(minutes=1))
    assert store.current(token, NOW + timedelta(minutes=2)) is None
    assert store.active("sroth", NOW + timedelta(minutes=2)) == []


def test_a_session_unused_for_longer_than_the_idle_timeout_no_longer_counts(store):
    token = store.open("sroth", now=NOW)
    assert store.current(token, NOW + timedelta(minutes=29)) is not None  # used: the idle time starts again
    assert store.current(token, NOW + timedelta(minutes=58)) is not None
    assert store.current(token, NOW + timedelta(minutes=58) + TIMEOUTS.idle + timedelta(seconds=1)) is None


def test_a_session_older_than_the_absolute_timeout_no_longer_counts_however_busy(store):
    token = store.open("sroth", now=NOW)
    at = NOW
    while at < NOW + timedelta(hours=8) - timedelta(minutes=20):
        at += timedelta(minutes=20)
        assert store.current(token, at) is not None
    assert store.current(token, NOW + timedelta(hours=8, minutes=1)) is None


def test_all_sessions_of_a_login_end_but_the_one_kept_and_one_can_be_ended_by_its_id(store):
    keep, other, third = (store.open("sroth", now=NOW + timedelta(seconds=n)) for n in range(3))
    elsewhere = store.open("pneumann", now=NOW)
    assert len(store.active("sroth", NOW + timedelta(minutes=1))) == 3
    assert store.end_one("sroth", session_id(third)[:12], by="sroth", now=NOW + timedelta(minutes=1))
    assert not store.end_one("sroth", session_id(elsewhere)[:12], by="sroth", now=NOW + timedelta(minutes=1))
    assert store.end_all("sroth", by="admin", now=NOW + timedelta(minutes=2), keep=keep) == 1
    assert [record.id for record in store.active("sroth", NOW + timedelta(minutes=3))] == [session_id(keep)]
    assert store.current(other, NOW + timedelta(minutes=3)) is None
    assert store.current(elsewhere, NOW + timedelta(minutes=3)) is not None
