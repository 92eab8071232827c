"""Schema migrations for our tables beside the event store: `upgrade(settings)` applies the pending ones.

    >>> from invoicing.config import Settings
    >>> upgrade(Settings(persistence="memory"))  # nothing is kept, so nothing to migrate
    []

Two targets, one per application: `invoices` (originals, outbox, open steps, throttles) and `accounts`
(the web's sessions, sign-in throttles); each has its folder of numbered migration files here. On
SQLite a target is its application's file (`invoices.sqlite`, `accounts.sqlite`); on PostgreSQL both
share the database and schema, their tables prefixed with the application's name (`invoices_outbox`).

The tool is yoyo-migrations: its steps run plain SQL on the DB-API drivers we already use (sqlite3,
psycopg 3); it records what was applied in the database itself (`_yoyo_migration`, `_yoyo_log`,
`_yoyo_version`) and holds a lock row (`yoyo_lock`) while applying, so processes starting together
apply each migration once; each migration runs in one transaction. Alembic was not chosen: its
strength is generating migrations from SQLAlchemy models, which this project, writing its SQL by hand
on eventsourcing's datastores, does not have, and it would add SQLAlchemy for nothing else.

Outside the migrations, and why:
- the event store's tables (events, tracking) are eventsourcing's, created by its recorders;
- the hash chain's columns on the events table, its anchors table and its guard triggers are created
  by our recorders (`invoicing.chain`) in the same step as the events table: the chain must exist from
  the first event, a log recorded before the chain is chained there under the log's write lock, and
  on PostgreSQL the chain is a trigger on eventsourcing's table, so it lives and changes with it;
- the views (`projections`) are rebuilt from the log: a view stored in another shape is dropped and
  rebuilt (`Views.create_tables`), which no migration could do better.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import quote, urlencode

from invoicing.config import Settings
from invoicing.migrations.names import Names, applying, quoted

TARGETS = ("invoices", "accounts")
"""The targets, by application name (`Invoices.name`, `Accounts.name`, lower case)."""

LOCK_SECONDS = 60
"""How long `upgrade` waits for another process's upgrade of the same database to finish."""


class MigrationError(RuntimeError):
    """The schema could not be upgraded; the message says why and what to do."""


def upgrade(settings: Settings, targets: Iterable[str] = TARGETS) -> list[str]:
    """Apply the pending migrations of `targets` where `settings` keep the data; the ids applied, in order.

    Raises `MigrationError` (the database cannot be reached, another upgrade holds the lock, a step
    failed: its migration is rolled back, the ones before it stay applied)."""
    if settings.persistence == "memory":
        return []
    from yoyo import read_migrations
    from yoyo.exceptions import LockTimeout

    applied: list[str] = []
    for target in _known(targets):
        migrations = read_migrations(f"package:invoicing.migrations:{target}")
        with _backend(settings, target) as backend:
            try:
                with backend.lock(timeout=LOCK_SECONDS):
                    due = backend.to_apply(migrations)
                    with applying(_names(settings, target)):
                        for migration in due:
                            _apply(backend, migration)
                            applied.append(migration.id)
            except LockTimeout as error:
                raise MigrationError(
                    f"Another process has been upgrading the {target} tables for {LOCK_SECONDS} s ({error}). "
                    "Wait for it; if none is running (it was stopped half-way), run `invoicing db upgrade "
                    "--break-lock`.") from None
    return applied


def pending(settings: Settings, targets: Iterable[str] = TARGETS) -> list[str]:
    """The ids of the migrations `upgrade` would apply (nothing is changed but yoyo's own bookkeeping tables)."""
    if settings.persistence == "memory":
        return []
    from yoyo import read_migrations

    found: list[str] = []
    for target in _known(targets):
        with _backend(settings, target) as backend:
            found += [migration.id for migration in
                      backend.to_apply(read_migrations(f"package:invoicing.migrations:{target}"))]
    return found


def break_lock(settings: Settings, targets: Iterable[str] = TARGETS) -> None:
    """Remove a lock left by an upgrade that was stopped half-way (its migration was rolled back)."""
    if settings.persistence == "memory":
        return
    for target in _known(targets):
        with _backend(settings, target) as backend:
            backend.break_lock()


def _known(targets: Iterable[str]) -> list[str]:
    targets = list(targets)
    unknown = [target for target in targets if target not in TARGETS]
    if unknown:
        raise ValueError(f"No migrations for {unknown}; the targets are {', '.join(TARGETS)}.")
    return targets


def _apply(backend, migration) -> None:
    try:
        backend.apply_one(migration)
    except Exception as error:
        if isinstance(error, MigrationError):
            raise
        raise MigrationError(f"Migration {migration.id} failed and was rolled back: {error}") from error


def _names(settings: Settings, target: str) -> Names:
    if settings.persistence == "postgres":
        return Names("postgres", target, _schema(settings))
    return Names("sqlite", target)


def _schema(settings: Settings) -> str:
    return settings.postgres.schema.strip() or "public"  # as eventsourcing's datastore defaults it


@contextmanager
def _backend(settings: Settings, target: str) -> Iterator:
    """yoyo's connection to the target's database, closed on leaving."""
    from yoyo import get_backend

    if settings.persistence == "sqlite":
        path = (settings.data_dir / f"{target}.sqlite").resolve()
        uri, where = "sqlite:///" + quote(str(path)), f"the SQLite file {path}"
    else:
        pg = settings.postgres
        # everything as query arguments, which yoyo passes to psycopg.connect unchanged (no URL quoting rules)
        arguments = {"host": pg.host, "port": str(pg.port), "dbname": pg.dbname, "user": pg.user,
                     "password": pg.password, "connect_timeout": "10", "schema": quoted(_schema(settings))}
        uri, where = "postgresql+psycopg:///-?" + urlencode(arguments), \
            f"PostgreSQL database {pg.dbname} on {pg.host}:{pg.port}"
    try:
        if settings.persistence == "sqlite":
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        backend = get_backend(uri)
    except Exception as error:
        raise MigrationError(f"Cannot open {where} to upgrade its tables: {str(error).strip()}\n"
                             "Check the storage settings (INVOICING_DATA_DIR, POSTGRES_*).") from None
    try:
        yield backend
    finally:
        backend.connection.close()
