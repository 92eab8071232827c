"""Schema migrations (`invoicing.migrations`, `invoicing db upgrade`), on SQLite and a real PostgreSQL.

The upgrade is tested from the previous release's schema: the DDL release d9113ab created
(`schema_d9113ab/`), with rows in every table of ours.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import sqlite3
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest

from cli.main import main
from invoicing import config, migrations
from invoicing.bootstrap import bootstrap, create_tables
from invoicing.migrations import MigrationError, pending, upgrade
from invoicing.outbox import Work
from invoicing.throttles import throttles_for
from tests.integration.conftest import settings_for
from tests.integration.schemas import connect, describe, old_release
from web.session_store import sessions_for
from web.wiring import accounts_for

ALL = ["0001-invoices-tables", "0002-invoices-open-steps-paging", "0001-accounts-tables"]
CONTENT = b"<Invoice>an original, byte for byte</Invoice>"
SHA = hashlib.sha256(CONTENT).hexdigest()
CASE = uuid.UUID("6f1c0d3e-1b2a-4c5d-8e9f-0a1b2c3d4e5f")
TOKEN = "a-session-token-from-the-old-release"
NOW = time.time()


@pytest.fixture(params=("sqlite", "postgres"))
def settings(request, tmp_path) -> config.Settings:
    return settings_for(request.param, request, tmp_path)


def fresh(settings: config.Settings, request, tmp_path) -> config.Settings:
    """Settings for another, empty database on the same backend."""
    if settings.persistence == "postgres":
        server, name = request.getfixturevalue("postgres_server"), f"fresh_{uuid.uuid4().hex[:12]}"
        server.create_database(name)
        return config.load(server.env(name))
    return config.Settings(persistence="sqlite", data_dir=tmp_path / "fresh")


def test_an_upgrade_from_the_previous_release_keeps_the_rows_and_ends_at_the_fresh_schema(settings, request, tmp_path):
    old_release(settings)
    _old_rows(settings)

    assert pending(settings) == ALL
    assert upgrade(settings) == ALL
    assert upgrade(settings) == []  # recorded as applied: a restart changes nothing

    other = fresh(settings, request, tmp_path)
    create_tables(other).close()  # as `invoicing db init` on a new installation
    accounts_for(other.but(create_tables=True)).close()
    assert describe(settings) == describe(other)
    assert _open_steps_indexes(settings) == {"check_after", "person_since", "grp_since"}  # the inbox pages by these

    services = bootstrap(settings.but(create_tables=False))
    accounts = accounts_for(settings.but(create_tables=False))
    try:
        assert services.invoices.documents.get(SHA) == CONTENT
        assert services.outbox.pending() == [Work(CASE, "check")]
        step = services.open_steps.get(CASE)
        assert (step.person, step.group, step.since.timestamp()) == ("sroth", "Kämmerei", pytest.approx(NOW))
        assert services.throttles.get("mail-answer:a@b.example").count == 3
        record = sessions_for(accounts.factory).current(TOKEN, datetime.now(timezone.utc))
        assert record is not None and record.login == "sroth"
        assert throttles_for(accounts.factory).get("login:sroth").count == 2
    finally:
        services.close()
        accounts.close()


def _open_steps_indexes(settings: config.Settings) -> set[str]:
    schema = describe(settings)
    if settings.persistence == "sqlite":
        names = set(schema["invoices"]["open_steps"]["indexes"])
    else:
        names = {name for table, name, _ in schema["indexes"] if table == "invoices_open_steps"}
    return {name.removeprefix("invoices_").removeprefix("open_steps_") for name in names
            if not name.startswith("sqlite_autoindex") and not name.endswith("_pkey")}


def _old_rows(settings: config.Settings) -> None:
    """A row in each of our tables, written as the previous release wrote them."""
    session = (hashlib.sha256(TOKEN.encode()).hexdigest(), "sroth", NOW, NOW, "203.0.113.7", "Firefox", None, "")
    if settings.persistence == "sqlite":
        with sqlite3.connect(settings.data_dir / "invoices.sqlite") as invoices:
            invoices.execute("INSERT INTO documents VALUES (?, ?, ?, ?)", (SHA, len(CONTENT), NOW, CONTENT))
            invoices.execute("INSERT INTO outbox VALUES (?, 'check', ?, ?)", (CASE.hex, NOW, NOW))
            invoices.execute("INSERT INTO open_steps VALUES (?, 3, 'HH-01', 1, 'sachlich', 'sroth', 'Kämmerei', ?, ?)",
                             (CASE.hex, NOW, NOW + 3600))
            invoices.execute("INSERT INTO throttles VALUES ('mail-answer:a@b.example', 3, ?, ?, NULL)", (NOW, NOW))
        invoices.close()
        with sqlite3.connect(settings.data_dir / "accounts.sqlite") as accounts:
            accounts.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?, ?, ?, ?)", session)
            accounts.execute("INSERT INTO throttles VALUES ('login:sroth', 2, ?, ?, NULL)", (NOW, NOW))
        accounts.close()
        return
    at = datetime.fromtimestamp(NOW, timezone.utc)
    with connect(settings) as database:
        database.execute("INSERT INTO invoices_documents (sha256, size, content) VALUES (%s, %s, %s)",
                         (SHA, len(CONTENT), CONTENT))
        database.execute("INSERT INTO invoices_outbox VALUES (%s, 'check', %s, %s)", (CASE, at, at))
        database.execute("INSERT INTO invoices_open_steps VALUES (%s, 3, 'HH-01', 1, 'sachlich', 'sroth', "
                         "'Kämmerei', %s, %s)", (CASE, at, at + timedelta(hours=1)))
        database.execute("INSERT INTO invoices_throttles VALUES ('mail-answer:a@b.example', 3, %s, %s, NULL)",
                         (NOW, NOW))
        database.execute("INSERT INTO accounts_sessions VALUES (%s, %s, %s, %s, %s, %s, %s, %s)", session)
        database.execute("INSERT INTO accounts_throttles VALUES ('login:sroth', 2, %s, %s, NULL)", (NOW, NOW))


def test_creating_tables_on_start_applies_the_migrations_once(settings):
    services = bootstrap(settings)  # CREATE_TABLE=yes: the invoices' migrations
    services.close()
    accounts_for(settings).close()  # the accounts'
    assert pending(settings) == []
    assert upgrade(settings) == []


def test_processes_starting_together_apply_each_migration_once(settings):
    with ProcessPoolExecutor(3, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(upgrade, [settings] * 3))
    assert sorted(sum(results, [])) == sorted(ALL)
    assert upgrade(settings) == []


def test_an_upgrade_left_half_way_is_reported_with_what_to_do_and_its_lock_can_be_broken(settings, monkeypatch,
                                                                                         capsys):
    upgrade(settings, ("invoices",))
    with migrations._backend(settings, "invoices") as backend:  # the lock row of an upgrade whose process died
        backend.execute("INSERT INTO yoyo_lock (locked, ctime, pid) VALUES (1, :when, 999999)",
                        {"when": datetime.now(timezone.utc).replace(tzinfo=None)})
        backend.connection.commit()
    monkeypatch.setattr(migrations, "LOCK_SECONDS", 1)
    with pytest.raises(MigrationError, match=r"Process 999999 .*invoicing db upgrade --break-lock"):
        upgrade(settings)

    _environment(settings, monkeypatch)
    assert main(["db", "upgrade"]) == 1
    assert "--break-lock" in capsys.readouterr().err
    assert main(["db", "upgrade", "--break-lock"]) == 0
    assert capsys.readouterr().out.splitlines() == ["applied: 0001-accounts-tables"]


def test_db_upgrade_lists_then_applies_then_reports_up_to_date(settings, monkeypatch, capsys):
    _environment(settings, monkeypatch)
    assert main(["db", "upgrade", "--dry-run"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"pending: {migration}" for migration in ALL]
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"applied: {migration}" for migration in ALL]
    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == "The schema is up to date.\n"


def test_db_upgrade_on_an_unreachable_database_says_so_without_a_traceback(monkeypatch, capsys):
    monkeypatch.setenv("PERSISTENCE_MODULE", "postgres")
    monkeypatch.setenv("POSTGRES_HOST", "127.0.0.1")
    monkeypatch.setenv("POSTGRES_PORT", "1")
    assert main(["db", "upgrade"]) == 1
    error = capsys.readouterr().err
    assert error.startswith("invoicing db upgrade: Cannot open PostgreSQL database invoicing on 127.0.0.1:1")
    assert "Check the storage settings" in error and "Traceback" not in error


def test_tables_go_to_the_configured_postgresql_schema(request):
    env = request.getfixturevalue("postgres_env")
    with connect(config.load(env)) as database:
        database.execute('CREATE SCHEMA "Stadtkasse"')
    settings = config.load({**env, "POSTGRES_SCHEMA": "Stadtkasse"})
    services = bootstrap(settings)
    try:
        assert services.throttles.hit("k", datetime.now(timezone.utc), timedelta(minutes=1)).count == 1
    finally:
        services.close()
    with connect(settings) as database:
        tables = {row[0] for row in database.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'Stadtkasse'").fetchall()}
        public = {row[0] for row in database.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'").fetchall()}
    assert {"invoices_throttles", "invoices_outbox", "invoices_open_steps", "invoices_documents",
            "_yoyo_migration"} <= tables
    assert public == set()


def _environment(settings: config.Settings, monkeypatch) -> None:
    """The process environment `config.load()` reads for `settings` (as an operator sets it)."""
    for name in ("PERSISTENCE_MODULE", "INVOICING_DATA_DIR", "POSTGRES_HOST", "POSTGRES_PORT", "POSTGRES_DBNAME",
                 "POSTGRES_USER", "POSTGRES_PASSWORD", "POSTGRES_SCHEMA"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PERSISTENCE_MODULE", settings.persistence)
    if settings.persistence == "sqlite":
        monkeypatch.setenv("INVOICING_DATA_DIR", str(settings.data_dir))
        return
    pg = settings.postgres
    for name, value in (("HOST", pg.host), ("PORT", str(pg.port)), ("DBNAME", pg.dbname), ("USER", pg.user),
                        ("PASSWORD", pg.password)):
        monkeypatch.setenv(f"POSTGRES_{name}", value)
