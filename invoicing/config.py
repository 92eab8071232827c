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
| `INVOICING_DOCUMENT_CPU_SECONDS`, `INVOICING_DOCUMENT_MEMORY_MB` | what reading and validating one document may cost in a worker (CPU seconds; memory above the checking process's start); a document over budget is rejected with a finding saying so | 60, 2048 |
| `INVOICING_POLICY_FILE` | the approval policy (TOML, see `invoicing/approvals/sample_policy.toml`) | the packaged sample policy |
| `INVOICING_ESCALATION_EVERY` | seconds between two runs of the escalation job | 900 |
| `INVOICING_WEB_HOST`, `INVOICING_WEB_PORT` | where `invoicing serve` listens | `127.0.0.1`, `8000` |
| `INVOICING_SECRET_KEY` | signs session cookies; shared by every web process | a random key kept in `INVOICING_DATA_DIR/secret_key` |
| `INVOICING_COOKIE_SECURE` | session cookie only over HTTPS (`Secure`); browsers also honour it on `localhost` | yes |
| `INVOICING_MAX_UPLOAD_BYTES` | largest upload the web edge accepts | 20 MiB |
| `INVOICING_SESSION_HOURS` | how long a log-in lasts at most (absolute timeout) | 8 |
| `INVOICING_TOKEN` | a person's API token for the clerk's commands (`invoicing certify …`), instead of a password | – |
| `INVOICING_SESSION_IDLE_MINUTES` | a log-in unused this long ends (idle timeout) | 30 |
| `INVOICING_IMAP_HOST` | the invoice mailbox's IMAP server; when set, `invoicing worker` polls it (needs the SMTP settings) | – |
| `INVOICING_IMAP_PORT`, `INVOICING_IMAP_SSL` | its port, and IMAPS (yes) or plain IMAP (no) | 993 with SSL, else 143; yes |
| `INVOICING_IMAP_USER`, `INVOICING_IMAP_PASSWORD` | the mailbox's log-in | –, `""` |
| `INVOICING_IMAP_FOLDER`, `INVOICING_IMAP_PROCESSED_FOLDER`, `INVOICING_IMAP_NO_INVOICE_FOLDER` | where mail arrives; where mail with invoices and mail without go (ASCII names, created if missing) | `INBOX`, `Processed`, `NoInvoice` |
| `INVOICING_MAILBOX_POLL_INTERVAL` | seconds between two looks into the mailbox | 30 |
| `INVOICING_SMTP_HOST`, `INVOICING_SMTP_PORT`, `INVOICING_SMTP_SECURITY` | where receipts and verdicts go out: `starttls`, `ssl` or `none` | –, 587 (465 with ssl, 25 with none), `starttls` |
| `INVOICING_SMTP_USER`, `INVOICING_SMTP_PASSWORD` | SMTP log-in (none when empty) | `""` |
| `INVOICING_MAIL_FROM` | From of every answer, e.g. `Rechnungseingang <rechnungseingang@stadt.example>` (the mailbox's own address) | – |
| `INVOICING_ANCHOR_EVERY` | seconds between two anchors of the hash chain's head (written by the leading worker) | 3600 |
| `INVOICING_ANCHOR_FILE` | also append every anchor to this file (keep it outside the system, e.g. on WORM storage) | – |
| `INVOICING_ANCHOR_MAIL_TO` | also mail every anchor to this address (the audit office; needs the SMTP settings) | – |
| `INVOICING_RETENTION_YEARS` | retention period for `invoicing audit retention` (8: receipts under tax law; 10: municipal books) | 10 |
| `INVOICING_RECEIVING_POLICY` | the receiving policy: which documents are accepted beyond the official scenarios (TOML, see `validators/receiving_policy.toml`) | the packaged policy |
| `LOG_LEVEL` | how much the processes log: `DEBUG`, `INFO`, `WARNING`, `ERROR` or `CRITICAL` | `INFO` |
| `LOG_FORMAT` | `json` (one JSON object a line, with request and case ids) or `text` (readable lines) | `text` on a terminal, else `json` |
| `INVOICING_METRICS_PORT`, `INVOICING_METRICS_HOST` | where `invoicing worker` serves its Prometheus metrics (the web server has `/metrics`) | none (off), `127.0.0.1` |
| `INVOICING_KOSIT_CONFIG` | the KoSIT configuration folder the official engine (`--engine official`) runs | the one installed with `invoicing rules install` in `INVOICING_DATA_DIR/kosit` |

Everything else receives a `Settings` value; nothing else looks at `os.environ`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
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
class Imap:
    """The invoice mailbox (IMAP) and the folders processed mail is filed in."""

    host: str
    port: int = 993
    ssl: bool = True
    user: str = ""
    password: str = field(default="", repr=False)
    folder: str = "INBOX"
    processed_folder: str = "Processed"
    no_invoice_folder: str = "NoInvoice"
    poll_interval: float = 30.0


@dataclass(frozen=True)
class Smtp:
    """The mail server answers go out through, and the From address they carry."""

    host: str
    mail_from: str
    port: int = 587
    security: str = "starttls"
    user: str = ""
    password: str = field(default="", repr=False)


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
    document_cpu_seconds: int = 60
    document_memory_mb: int = 2048
    policy_file: Path | None = None
    escalation_every: float = 900.0
    web_host: str = "127.0.0.1"
    web_port: int = 8000
    secret_key: str | None = None
    cookie_secure: bool = True
    max_upload_bytes: int = 20 * 1024 * 1024
    session_hours: int = 8
    session_idle_minutes: int = 30
    cli_token: str | None = field(default=None, repr=False)
    imap: Imap | None = None  # the mailbox intake runs only when set
    anchor_every: float = 3600.0
    anchor_file: Path | None = None
    anchor_mail_to: str | None = None
    retention_years: int = 10
    smtp: Smtp | None = None
    receiving_policy_file: Path | None = None
    kosit_config: Path | None = None
    log_level: str = "INFO"
    log_format: str = "auto"  # "json", "text", or "auto": text on a terminal, else JSON
    metrics_host: str = "127.0.0.1"
    metrics_port: int | None = None  # the worker's Prometheus exporter runs only when set

    @property
    def kosit_root(self) -> Path:
        """Where `invoicing rules install` keeps KoSIT configurations."""
        return self.data_dir / "kosit"

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
        from invoicing.chain import recorder_topic  # imported here: reading settings needs no event store

        env["APPLICATION_RECORDER_TOPIC"] = recorder_topic(self.persistence)  # the hash chain (`invoicing.chain`)
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
        document_cpu_seconds=_int(env, "INVOICING_DOCUMENT_CPU_SECONDS", 60) or 60,
        document_memory_mb=_int(env, "INVOICING_DOCUMENT_MEMORY_MB", 2048) or 2048,
        policy_file=Path(env["INVOICING_POLICY_FILE"]) if env.get("INVOICING_POLICY_FILE") else None,
        escalation_every=float(_int(env, "INVOICING_ESCALATION_EVERY", 900)) or 900.0,
        web_host=env.get("INVOICING_WEB_HOST") or "127.0.0.1",
        web_port=_int(env, "INVOICING_WEB_PORT", 8000),
        secret_key=env.get("INVOICING_SECRET_KEY") or None,
        cookie_secure=(env.get("INVOICING_COOKIE_SECURE") or "yes").strip().lower() in _TRUE,
        max_upload_bytes=_int(env, "INVOICING_MAX_UPLOAD_BYTES", 20 * 1024 * 1024),
        session_hours=_int(env, "INVOICING_SESSION_HOURS", 8),
        anchor_every=float(_int(env, "INVOICING_ANCHOR_EVERY", 3600)) or 3600.0,
        anchor_file=Path(env["INVOICING_ANCHOR_FILE"]) if env.get("INVOICING_ANCHOR_FILE") else None,
        anchor_mail_to=env.get("INVOICING_ANCHOR_MAIL_TO") or None,
        retention_years=_int(env, "INVOICING_RETENTION_YEARS", 10) or 10,
        receiving_policy_file=Path(env["INVOICING_RECEIVING_POLICY"]) if env.get("INVOICING_RECEIVING_POLICY") else None,
        kosit_config=Path(env["INVOICING_KOSIT_CONFIG"]) if env.get("INVOICING_KOSIT_CONFIG") else None,
        session_idle_minutes=_int(env, "INVOICING_SESSION_IDLE_MINUTES", 30) or 30,
        cli_token=env.get("INVOICING_TOKEN") or None,
        **_operations(env),
        **_mail(env),
    )


_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


def _operations(env: Mapping[str, str]) -> dict:
    """Logging and the worker's metrics exporter: `log_level`, `log_format`, `metrics_host`, `metrics_port`."""
    level = (env.get("LOG_LEVEL") or "INFO").strip().upper()
    level = "WARNING" if level == "WARN" else level
    if level not in _LEVELS:
        raise ConfigurationError(f"LOG_LEVEL={env['LOG_LEVEL']!r}: use one of {', '.join(_LEVELS)}.")
    log_format = (env.get("LOG_FORMAT") or "auto").strip().lower()
    if log_format not in ("json", "text", "auto"):
        raise ConfigurationError(f"LOG_FORMAT={env['LOG_FORMAT']!r}: use json or text (or leave it unset: "
                                 "text on a terminal, JSON otherwise).")
    port = _int(env, "INVOICING_METRICS_PORT", 0)
    if port > 65535:
        raise ConfigurationError(f"INVOICING_METRICS_PORT={port} is not a port number (1–65535).")
    return {"log_level": level, "log_format": log_format, "metrics_port": port or None,
            "metrics_host": (env.get("INVOICING_METRICS_HOST") or "127.0.0.1").strip()}


def _mail(env: Mapping[str, str]) -> dict:
    """The mailbox intake's settings: `imap` and `smtp` (None when not configured)."""
    smtp = None
    if env.get("INVOICING_SMTP_HOST"):
        security = (env.get("INVOICING_SMTP_SECURITY") or "starttls").strip().lower()
        if security not in ("starttls", "ssl", "none"):
            raise ConfigurationError(f"INVOICING_SMTP_SECURITY={security!r}: use starttls, ssl or none.")
        mail_from = (env.get("INVOICING_MAIL_FROM") or "").strip()
        if "@" not in mail_from:
            raise ConfigurationError("INVOICING_MAIL_FROM must be set to the address answers come from, "
                                     "e.g. 'Rechnungseingang <rechnungseingang@stadt.example>'.")
        smtp = Smtp(host=env["INVOICING_SMTP_HOST"], mail_from=mail_from, security=security,
                    port=_int(env, "INVOICING_SMTP_PORT", {"starttls": 587, "ssl": 465, "none": 25}[security]),
                    user=env.get("INVOICING_SMTP_USER", ""), password=env.get("INVOICING_SMTP_PASSWORD", ""))
    if not env.get("INVOICING_IMAP_HOST"):
        return {"imap": None, "smtp": smtp}
    if smtp is None:
        raise ConfigurationError("INVOICING_IMAP_HOST is set but INVOICING_SMTP_HOST is not: "
                                 "the mailbox intake answers every supplier, so it needs SMTP.")
    use_ssl = (env.get("INVOICING_IMAP_SSL") or "yes").strip().lower() in _TRUE
    folders = {name: (env.get(f"INVOICING_IMAP_{name.upper()}") or default).strip()
               for name, default in (("folder", "INBOX"), ("processed_folder", "Processed"),
                                     ("no_invoice_folder", "NoInvoice"))}
    for name, value in folders.items():
        if not value.isascii() or not value.isprintable():
            raise ConfigurationError(f"INVOICING_IMAP_{name.upper()}={value!r}: use a folder name in plain ASCII.")
    interval = env.get("INVOICING_MAILBOX_POLL_INTERVAL") or "30"
    try:
        poll_interval = float(interval)
    except ValueError:
        raise ConfigurationError(f"INVOICING_MAILBOX_POLL_INTERVAL={interval!r} is not a number of seconds.") from None
    if poll_interval <= 0:
        raise ConfigurationError(f"INVOICING_MAILBOX_POLL_INTERVAL={interval!r} must be more than 0.")
    imap = Imap(host=env["INVOICING_IMAP_HOST"], port=_int(env, "INVOICING_IMAP_PORT", 993 if use_ssl else 143),
                ssl=use_ssl, user=env.get("INVOICING_IMAP_USER", ""), password=env.get("INVOICING_IMAP_PASSWORD", ""),
                poll_interval=poll_interval, **folders)
    return {"imap": imap, "smtp": smtp}


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
