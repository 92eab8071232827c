"""Shared fixtures: real PostgreSQL, Redis and Dovecot servers and an SMTP sink (started once per run,
only when a test asks).

A test that needs a server it cannot have skips locally, but fails when `CI` is set: a CI run
can never pass by skipping.
"""

from __future__ import annotations

import uuid

import pytest

from tests import servers
from tests.availability import unavailable


def need(server: str) -> None:
    """Skip (or, under CI, fail) the calling test when `server` cannot be started here."""
    reason = servers.missing(server)
    if reason is None:
        return
    unavailable(reason)


@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for the whole run."""
    need("postgres")
    server = servers.PostgresServer().start()
    yield server
    server.stop()


@pytest.fixture
def postgres_env(postgres_server) -> dict[str, str]:
    """Environment variables for a fresh, empty database of its own."""
    dbname = f"test_{uuid.uuid4().hex[:12]}"
    postgres_server.create_database(dbname)
    return postgres_server.env(dbname)


@pytest.fixture(scope="session")
def redis_server():
    """A Redis server (no persistence) for the whole run."""
    need("redis")
    server = servers.RedisServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def dovecot_server():
    """A Dovecot IMAP server (plain IMAP on 127.0.0.1) for the whole run."""
    need("dovecot")
    server = servers.DovecotServer().start()
    yield server
    server.stop()


@pytest.fixture
def imap_account(dovecot_server) -> tuple[str, str]:
    """A fresh account (user, password) with an empty INBOX."""
    return dovecot_server.new_account()


@pytest.fixture(scope="session")
def smtp_server():
    """An SMTP sink on 127.0.0.1 for the whole run."""
    server = servers.SmtpSink().start()
    yield server
    server.stop()


@pytest.fixture
def smtp_sink(smtp_server):
    """The SMTP sink, emptied for this test."""
    smtp_server.clear()
    yield smtp_server
    smtp_server.clear()
