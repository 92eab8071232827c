"""The throttle store's contract, on every backend: counts per key within a window, locks, clearing."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

import pytest

from invoicing.throttles import throttles_for

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
WINDOW = timedelta(minutes=15)


@pytest.fixture
def throttles(services):
    return throttles_for(services.invoices.factory)


def test_hits_are_counted_per_key_and_start_again_after_the_window(throttles):
    assert throttles.get("login:a") is None
    assert [throttles.hit("login:a", NOW + timedelta(seconds=n), WINDOW).count for n in range(3)] == [1, 2, 3]
    assert throttles.hit("login:b", NOW, WINDOW).count == 1
    later = throttles.hit("login:a", NOW + WINDOW + timedelta(seconds=1), WINDOW)
    assert later.count == 1 and later.first_at == NOW + WINDOW + timedelta(seconds=1)
    assert throttles.get("login:a").last_at == later.last_at


def test_a_lock_holds_until_its_time_and_shows_among_the_locked_keys_of_its_kind(throttles):
    throttles.hit("login:a", NOW, WINDOW)
    throttles.hit("address:10.0.0.1", NOW, WINDOW)
    throttles.lock("login:a", NOW + timedelta(minutes=15))
    throttles.lock("address:10.0.0.1", NOW + timedelta(minutes=5))
    assert throttles.get("login:a").locked_at(NOW + timedelta(minutes=14))
    assert not throttles.get("login:a").locked_at(NOW + timedelta(minutes=15))
    assert [row.key for row in throttles.locked("login:", NOW)] == ["login:a"]
    assert [row.key for row in throttles.locked("", NOW)] == ["address:10.0.0.1", "login:a"]
    assert throttles.locked("login:", NOW + timedelta(hours=1)) == []


def test_clearing_forgets_count_and_lock(throttles):
    throttles.hit("login:a", NOW, WINDOW)
    throttles.lock("login:a", NOW + timedelta(minutes=15))
    throttles.clear("login:a")
    assert throttles.get("login:a") is None and throttles.locked("login:", NOW) == []
    assert throttles.hit("login:a", NOW, WINDOW).count == 1


def test_concurrent_hits_are_all_counted(throttles):
    def hammer():
        for _ in range(20):
            throttles.hit("address:x", NOW, WINDOW)

    workers = [threading.Thread(target=hammer) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert throttles.get("address:x").count == 80


def test_a_key_with_like_wildcards_is_matched_literally(throttles):
    throttles.hit("login:a_b", NOW, WINDOW)
    throttles.hit("login:axb", NOW, WINDOW)
    throttles.lock("login:a_b", NOW + WINDOW)
    throttles.lock("login:axb", NOW + WINDOW)
    assert [row.key for row in throttles.locked("login:a_", NOW)] == ["login:a_b"]
