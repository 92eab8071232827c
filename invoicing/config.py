"""Configuration: the one module that reads environment variables.

| variable | meaning | default |
|---|---|---|
| `PERSISTENCE_MODULE` | `sqlite`, `postgres` or `memory` (eventsourcing's module paths `eventsourcing.sqlite`, `eventsourcing.postgres`, `eventsourcing.popo` work too) | `postgres` when `POSTGRES_DBNAME` is set, else `sqlite` |
| `INVOICING_DATA_DIR` | folder of the SQLite files (one per application) and the dispatcher's lock | `var/data` |
| `POSTGRES_HOST`, `POSTGRES_PORT`, `POSTGRES_DBNAME`, `POSTGRES_USER`, `POSTGRES_PASSWORD`, `POSTGRES_SCHEMA` | PostgreSQL connection (eventsourcing's names) | `localhost`, `5432`, –, `postgres`, `""`, `public` |
| `CREATE_TABLE` | create missing tables on start (eventsourcing's name); `invoicing db init` forces yes, `invoicing worker` forces no | yes |
| `REDIS_URL` / `RABBITMQ_URL` | the Dramatiq broker; with neither, an in-process broker (embedded mode) | – |
| `INVOICING_WORKER_PROCESSES`, `INVOICING_WORKER_THREADS` | size of `invoicing worker` | 1, 4 |
| `INVOICING_REDELIVER_AFTER` | seconds after which open work is sent again | 300 |
| `INVOICING_RETRY_MIN_BACKOFF_MS`, `INVOICING_MAX_RETRIES` | retries of failing work (exponential backoff) | 1000, 5 |

Everything else receives a `Settings` value; nothing else looks at `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

_PERSISTENCE = {"memory": "memory", "popo": "memory", "eventsourcing.popo": "memory",
                "sqlite": "sqlite", "eventsourcing.sqlite": "sqlite",
                "postgres": "postgres", "postgresql": "postgres", "eventsourcing.postgres": "postgres"}
_TRUE = {"y", "yes", "t", "true", "on", "1"}


class ConfigurationError(ValueError):
    """A setting has a value that cannot work; the message names the variable and what is allowed."""


@dataclass(frozen=True)
class Postgres:
    """Where PostgreSQL is and how to log in."""

    host: str = "localhost"
    port: int = 5432
    dbname: str = "invoicing"
    user: str = "postgres"
    password: str = ""
    schema: str = ""


@dataclass(frozen=True)
class Settings:
    """Everything the composition root and the workers need to know about their surroundings."""

    persistence: str = "sqlite"
    data_dir: Path = Path("var/data")
    postgres: Postgres = Postgres()
    create_tables: bool = True
    redis_url: str | None = None
    rabbitmq_url: str | None = None
    worker_processes: int = 1
    worker_threads: int = 4
    redeliver_after: float = 300.0
    retry_min_backoff_ms: int = 1000
    max_retries: int = 5

    @property
    def broker(self) -> str:
        """"redis", "rabbitmq" or "stub" (in-process)."""
        return "redis" if self.redis_url else "rabbitmq" if self.rabbitmq_url else "stub"

    def but(self, **changes) -> Settings:
        """A copy with some settings changed (e.g. `settings.but(create_tables=False)`)."""
        return replace(self, **changes)

    def eventsourcing_env(self) -> dict[str, str]:
        """The environment of the eventsourcing application: persistence module and its settings."""
        env = {"CREATE_TABLE": "y" if self.create_tables else "n"}
        if self.persistence == "memory":
            return {**env, "PERSISTENCE_MODULE": "eventsourcing.popo"}
        if self.persistence == "sqlite":
            return {**env, "PERSISTENCE_MODULE": "eventsourcing.sqlite",
                    "SQLITE_DBNAME": str(self.data_dir / "invoices.sqlite"), "SQLITE_LOCK_TIMEOUT": "30"}
        pg = self.postgres
        return {**env, "PERSISTENCE_MODULE": "eventsourcing.postgres", "POSTGRES_HOST": pg.host,
                "POSTGRES_PORT": str(pg.port), "POSTGRES_DBNAME": pg.dbname, "POSTGRES_USER": pg.user,
                "POSTGRES_PASSWORD": pg.password, "POSTGRES_SCHEMA": pg.schema,
                "POSTGRES_POOL_SIZE": str(self.worker_threads + 2), "POSTGRES_MAX_OVERFLOW": "8",
                "POSTGRES_CONNECT_TIMEOUT": "10"}


def load(environ: Mapping[str, str] | None = None) -> Settings:
    """Settings from `environ` (default: the process environment); raises `ConfigurationError`."""
    env = os.environ if environ is None else environ
    default_persistence = "postgres" if env.get("POSTGRES_DBNAME") else "sqlite"
    persistence = _choice(env, "PERSISTENCE_MODULE", default_persistence)
    return Settings(
        persistence=persistence,
        data_dir=Path(env.get("INVOICING_DATA_DIR") or "var/data"),
        postgres=Postgres(host=env.get("POSTGRES_HOST") or "localhost", port=_int(env, "POSTGRES_PORT", 5432),
                          dbname=env.get("POSTGRES_DBNAME") or "invoicing", user=env.get("POSTGRES_USER") or "postgres",
                          password=env.get("POSTGRES_PASSWORD", ""), schema=env.get("POSTGRES_SCHEMA", "")),
        create_tables=(env.get("CREATE_TABLE") or "yes").strip().lower() in _TRUE,
        redis_url=env.get("REDIS_URL") or None,
        rabbitmq_url=env.get("RABBITMQ_URL") or None,
        worker_processes=_int(env, "INVOICING_WORKER_PROCESSES", 1),
        worker_threads=_int(env, "INVOICING_WORKER_THREADS", 4),
        redeliver_after=float(_int(env, "INVOICING_REDELIVER_AFTER", 300)),
        retry_min_backoff_ms=_int(env, "INVOICING_RETRY_MIN_BACKOFF_MS", 1000),
        max_retries=_int(env, "INVOICING_MAX_RETRIES", 5),
    )


def _choice(env: Mapping[str, str], name: str, default: str) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in _PERSISTENCE:
        raise ConfigurationError(f"{name}={value!r} is not a persistence this service knows; "
                                 "use sqlite, postgres or memory.")
    return _PERSISTENCE[value]


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    value = env.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = int(value)
    except ValueError:
        raise ConfigurationError(f"{name}={value!r} is not a whole number.") from None
    if number < 0:
        raise ConfigurationError(f"{name}={value!r} must not be negative.")
    return number
