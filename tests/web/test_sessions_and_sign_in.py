"""Revocable sessions and throttled log-in, through the web edge on SQLite and PostgreSQL.

Reproductions: a cookie copied before log-out no longer works after it (it did for 8 hours); 40 wrong
passwords in a row no longer get 40 Argon2 checks and then a success.
"""

from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone

import pytest

from tests.web import support
from tests.web.support import PASSWORD, log_in
from web.sessions import COOKIE
from web.signin import ACCOUNT, ADDRESS, Refused, SignIn, SignInLock

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


class Clock:
    """A clock the test moves."""

    def __init__(self, now: datetime):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


class CountingPasswords:
    """The test edge's password hasher, counting verifications (each is an Argon2 hash)."""

    def __init__(self, passwords):
        self.passwords, self.verified = passwords, 0

    def __getattr__(self, name):
        return getattr(self.passwords, name)

    def verify(self, hashed, password):
        self.verified += 1
        return self.passwords.verify(hashed, password)

    def dummy_verify(self, password):
        self.verified += 1
        return self.passwords.dummy_verify(password)


@pytest.fixture
def edge(edge):
    """The backends' edge (`tests/web/conftest.py`), its password checks counted."""
    edge.accounts.passwords = CountingPasswords(edge.accounts.passwords)
    return edge


def attempt(client, login: str, password: str):
    token = support.csrf_of(client.get("/login").text)
    return client.post("/login", data={"login": login, "password": password, "csrf_token": token},
                       follow_redirects=False)


def signed_in(client) -> bool:
    return client.get("/api/me").status_code == 200


def test_a_cookie_copied_before_log_out_no_longer_works_after_it(edge):
    browser, thief = support.client(edge), support.client(edge)
    csrf = log_in(browser, "sroth")
    copied = {"Cookie": f"{COOKIE}={browser.cookies[COOKIE]}"}
    assert thief.get("/api/me", headers=copied).status_code == 200
    assert browser.post("/logout", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert thief.get("/api/me", headers=copied).status_code == 401 and not signed_in(browser)
    assert thief.get("/inbox", headers=copied, follow_redirects=False).headers["location"].startswith("/login")


def test_sessions_end_when_idle_too_long_and_when_too_old(edge):
    edge.clock = clock = Clock(START)
    browser = support.client(edge)
    log_in(browser, "sroth")
    for _ in range(10):  # used every 29 minutes: still logged in
        clock.advance(minutes=29)
        assert signed_in(browser)
    clock.advance(minutes=31)  # then away longer than the idle timeout (30 minutes)
    assert not signed_in(browser)
    log_in(browser, "sroth")
    began = clock.now
    while clock.now + timedelta(minutes=20) < began + timedelta(hours=8):  # busy all day
        clock.advance(minutes=20)
        assert signed_in(browser)
    clock.now = began + timedelta(hours=8, minutes=1)  # past the absolute timeout (8 hours)
    assert not signed_in(browser)


def test_the_owner_sees_their_sessions_and_ends_one_or_all_others(edge):
    office, laptop, phone = (support.client(edge) for _ in range(3))
    csrf = log_in(office, "sroth")
    log_in(laptop, "sroth")
    log_in(phone, "sroth")
    listed = office.get("/api/me/sessions").json()["sessions"]
    assert len(listed) == 3 and sum(item["this"] for item in listed) == 1
    page = office.get("/account")
    assert page.status_code == 200 and page.text.count('action="/account/sessions/') == 3  # two ends + end-others
    laptop_id = next(item["id"] for item in laptop.get("/api/me/sessions").json()["sessions"] if item["this"])
    office.post(f"/account/sessions/{laptop_id}/end", data={"csrf_token": csrf}, follow_redirects=False)
    assert not signed_in(laptop) and signed_in(phone)
    assert office.post("/api/me/sessions/end-others", headers={"X-CSRF-Token": csrf}).json() == {"ended": 1}
    assert not signed_in(phone) and signed_in(office)


def test_a_password_change_ends_every_other_session_and_an_administrator_ends_all(edge):
    office, laptop, admin = (support.client(edge) for _ in range(3))
    csrf = log_in(office, "sroth")
    log_in(laptop, "sroth")
    answer = office.post("/api/me/password", json={"current": PASSWORD, "new": "a-new-password-2"},
                         headers={"X-CSRF-Token": csrf})
    assert answer.json() == {"changed": True, "sessions_ended": 1}
    assert signed_in(office) and not signed_in(laptop)
    assert attempt(laptop, "sroth", PASSWORD).status_code == 401
    assert attempt(laptop, "sroth", "a-new-password-2").status_code == 303
    admin_csrf = log_in(admin, "sotto")
    ended = admin.post("/accounts/sessions/end", data={"csrf_token": admin_csrf, "login": "sroth"})
    assert ended.status_code == 200 and not signed_in(office) and not signed_in(laptop)


def test_forty_wrong_passwords_in_a_row_get_three_checks_then_waits_without_hashing(edge, capsys):
    # A stopped clock: the first wait is one second, which a slow run (PostgreSQL in CI) could otherwise outlast.
    edge.clock = Clock(START)
    browser = support.client(edge)
    passwords = edge.accounts.passwords
    started, statuses = time.perf_counter(), []
    for _ in range(40):
        statuses.append(attempt(browser, "sroth", "wrong-guess").status_code)
    elapsed = time.perf_counter() - started
    assert statuses[:ACCOUNT.free] == [401] * ACCOUNT.free and set(statuses[ACCOUNT.free:]) == {429}
    assert passwords.verified == ACCOUNT.free  # the rest never reached Argon2
    refused = attempt(browser, "sroth", PASSWORD)
    assert refused.status_code == 429 and "Sekunden" in refused.text and int(refused.headers["retry-after"]) >= 1
    with capsys.disabled():
        print(f"\nthrottle: 40 wrong passwords in {elapsed:.2f} s, {passwords.verified} checked with Argon2, "
              f"{statuses.count(429)} refused unchecked (429, Retry-After)")


def test_a_patient_guesser_waits_longer_each_time_then_the_account_locks_with_an_audit_event(edge, capsys):
    edge.clock = clock = Clock(START)
    browser, admin = support.client(edge), support.client(edge)
    waits, failures = [], 0
    while not edge.signin.locks():
        answer = attempt(browser, "sroth", "wrong-guess")
        if answer.status_code == 429:
            waits.append(int(answer.headers["retry-after"]))
            clock.advance(seconds=waits[-1])
        else:
            assert answer.status_code == 401
            failures += 1
    assert failures == ACCOUNT.lock_after and waits == [2 ** n for n in range(ACCOUNT.lock_after - ACCOUNT.free)]
    locked = attempt(browser, "sroth", PASSWORD)
    until = (clock.now + ACCOUNT.lock_for).strftime("%H:%M UTC")
    assert locked.status_code == 429 and f"bis {until} gesperrt" in locked.text
    events = edge.signin.history("login:sroth")
    assert isinstance(events[0], SignInLock.Imposed) and events[0].failures == ACCOUNT.lock_after
    assert events[0].until - events[0].timestamp == ACCOUNT.lock_for
    clock.advance(seconds=2)  # the test's administrator shares the guesser's address, which now waits a second
    csrf = log_in(admin, "sotto")
    assert [item["key"] for item in admin.get("/api/accounts/locks").json()["locks"]] == ["login:sroth"]
    assert "login:sroth" in admin.get("/accounts").text
    assert admin.post("/api/accounts/locks/lift", json={"key": "login:sroth"},
                      headers={"X-CSRF-Token": csrf}).json() == {"lifted": "login:sroth"}
    assert isinstance(edge.signin.history("login:sroth")[-1], SignInLock.Lifted)
    assert attempt(browser, "sroth", PASSWORD).status_code == 303
    with capsys.disabled():
        print(f"\nthrottle: after {ACCOUNT.free} failures waits of {waits} s; locked at failure "
              f"{ACCOUNT.lock_after} for {ACCOUNT.lock_for}, {sum(waits)} s after the first guess")


def test_one_address_guessing_many_logins_is_locked_too_and_unknown_logins_count_alike(edge):
    edge.clock = clock = Clock(START)
    browser, failures, number = support.client(edge), 0, 0
    while not edge.signin.locks():
        answer = attempt(browser, f"nobody{number}", "guess")
        if answer.status_code == 429:
            clock.advance(seconds=int(answer.headers["retry-after"]))
            continue
        assert answer.status_code == 401
        failures, number = failures + 1, number + 1
    assert failures == ADDRESS.lock_after and clock.now - START < ADDRESS.window
    locked = attempt(browser, "sroth", PASSWORD)
    assert locked.status_code == 429 and "gesperrt" in locked.text
    assert [lock.key for lock in edge.signin.locks()] == ["address:testclient"]


def test_a_lock_that_names_no_end_is_shown_as_a_wait_of_its_seconds(edge, monkeypatch):
    monkeypatch.setattr(SignIn, "check", lambda self, login, password, address: Refused("locked", 60))
    answer = attempt(support.client(edge), "sroth", PASSWORD)
    assert answer.status_code == 429 and answer.headers["retry-after"] == "60"
    assert "Bitte warten Sie 60 Sekunden" in answer.text
