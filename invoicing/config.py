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

An empty variable counts as unset. Yes/no settings take `yes`/`no` (also `y`, `true`, `on`, `1` and
`n`, `false`, `off`, `0`). The variables are read with pydantic-settings (`_Environment`, one field per
variable); a value that cannot work stops the start with a `ConfigurationError` naming every such variable
and what it may be. Everything else receives a `Settings` value; nothing else looks at `os.environ`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError, ValidationInfo, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

_PERSISTENCE = {"memory": "memory", "popo": "memory", "eventsourcing.popo": "memory",
                "sqlite": "sqlite", "eventsourcing.sqlite": "sqlite",
                "postgres": "postgres", "postgresql": "postgres", "eventsourcing.postgres": "postgres"}
_TRUE = {"y", "yes", "t", "true", "on", "1"}
_FALSE = {"n", "no", "f", "false", "off", "0"}
_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")


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

        topic = recorder_topic(self.persistence)
        assert topic is not None  # sqlite and postgres both have a chained recorder
        env["APPLICATION_RECORDER_TOPIC"] = topic  # the hash chain (`invoicing.chain`)
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
    try:
        if environ is None:
            variables = _Environment()
        else:
            given: dict[str, Any] = {name: value for name, value in environ.items() if name in _NAMES and value != ""}
            variables = _Given(**given)  # by alias: pydantic validates and converts each string
    except ValidationError as error:
        raise ConfigurationError(" ".join(_reason(dict(problem)) for problem in error.errors())) from None
    return variables.settings()


def _field(info: ValidationInfo) -> str:
    assert info.field_name is not None  # field validators always run for a named field
    return info.field_name


def _variable(info: ValidationInfo) -> str:
    return str(_Environment.model_fields[_field(info)].validation_alias)


def _default(info: ValidationInfo) -> Any:
    return _Environment.model_fields[_field(info)].default


def _whole(value: Any, info: ValidationInfo) -> Any:
    """A whole number, not negative; a blank value is the default."""
    if not isinstance(value, str):
        return value
    if not value.strip():
        return _default(info)
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{_variable(info)}={value!r} is not a whole number.") from None
    if number < 0:
        raise ValueError(f"{_variable(info)}={value!r} must not be negative.")
    return number


def _yes_no(value: Any, info: ValidationInfo) -> Any:
    if not isinstance(value, str):
        return value
    word = value.strip().lower()
    if not word:
        return _default(info)
    if word in _TRUE | _FALSE:
        return word in _TRUE
    raise ValueError(f"{_variable(info)}={value!r}: use yes or no.")


def _word(value: Any) -> Any:
    """Choices are compared trimmed and in lower case."""
    return value.strip().lower() if isinstance(value, str) else value


_CHOICES = {  # field: (the words allowed, the refusal)
    "log_format": (("json", "text", "auto"),
                   "LOG_FORMAT={value!r}: use json or text (or leave it unset: text on a terminal, JSON otherwise)."),
    "smtp_security": (("starttls", "ssl", "none"), "INVOICING_SMTP_SECURITY={word!r}: use starttls, ssl or none."),
}

Whole = Annotated[int, BeforeValidator(_whole)]
OptionalWhole = Annotated[int | None, BeforeValidator(_whole)]
YesNo = Annotated[bool, BeforeValidator(_yes_no)]


def _var(name: str, default: Any = None, **options) -> Any:
    return Field(default, validation_alias=name, **options)


class _Environment(BaseSettings):
    """The environment variables as read (one field per variable, named by `validation_alias`)."""

    model_config = SettingsConfigDict(case_sensitive=True, env_ignore_empty=True, extra="ignore", frozen=True)

    persistence: str | None = _var("PERSISTENCE_MODULE")
    data_dir: Path = _var("INVOICING_DATA_DIR", Path("var/data"))
    postgres_host: str = _var("POSTGRES_HOST", "localhost")
    postgres_port: Whole = _var("POSTGRES_PORT", 5432)
    postgres_dbname: str | None = _var("POSTGRES_DBNAME")
    postgres_user: str = _var("POSTGRES_USER", "postgres")
    postgres_password: str = _var("POSTGRES_PASSWORD", "", repr=False)
    postgres_schema: str = _var("POSTGRES_SCHEMA", "")
    create_tables: YesNo = _var("CREATE_TABLE", True)
    redis_url: str | None = _var("REDIS_URL")
    rabbitmq_url: str | None = _var("RABBITMQ_URL")
    worker_processes: Whole = _var("INVOICING_WORKER_PROCESSES", 1)
    worker_threads: Whole = _var("INVOICING_WORKER_THREADS", 4)
    redeliver_after: Whole = _var("INVOICING_REDELIVER_AFTER", 300)
    retry_min_backoff_ms: Whole = _var("INVOICING_RETRY_MIN_BACKOFF_MS", 1000)
    max_retries: Whole = _var("INVOICING_MAX_RETRIES", 5)
    document_cpu_seconds: Whole = _var("INVOICING_DOCUMENT_CPU_SECONDS", 60)
    document_memory_mb: Whole = _var("INVOICING_DOCUMENT_MEMORY_MB", 2048)
    policy_file: Path | None = _var("INVOICING_POLICY_FILE")
    escalation_every: Whole = _var("INVOICING_ESCALATION_EVERY", 900)
    web_host: str = _var("INVOICING_WEB_HOST", "127.0.0.1")
    web_port: Whole = _var("INVOICING_WEB_PORT", 8000)
    secret_key: str | None = _var("INVOICING_SECRET_KEY", repr=False)
    cookie_secure: YesNo = _var("INVOICING_COOKIE_SECURE", True)
    max_upload_bytes: Whole = _var("INVOICING_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
    session_hours: Whole = _var("INVOICING_SESSION_HOURS", 8)
    session_idle_minutes: Whole = _var("INVOICING_SESSION_IDLE_MINUTES", 30)
    cli_token: str | None = _var("INVOICING_TOKEN", repr=False)
    anchor_every: Whole = _var("INVOICING_ANCHOR_EVERY", 3600)
    anchor_file: Path | None = _var("INVOICING_ANCHOR_FILE")
    anchor_mail_to: str | None = _var("INVOICING_ANCHOR_MAIL_TO")
    retention_years: Whole = _var("INVOICING_RETENTION_YEARS", 10)
    receiving_policy_file: Path | None = _var("INVOICING_RECEIVING_POLICY")
    kosit_config: Path | None = _var("INVOICING_KOSIT_CONFIG")
    log_level: str = _var("LOG_LEVEL", "INFO")
    log_format: str = _var("LOG_FORMAT", "auto")
    metrics_port: Whole = _var("INVOICING_METRICS_PORT", 0)
    metrics_host: str = _var("INVOICING_METRICS_HOST", "127.0.0.1")
    smtp_host: str | None = _var("INVOICING_SMTP_HOST")
    smtp_port: OptionalWhole = _var("INVOICING_SMTP_PORT")  # default by security: 587, 465, 25
    smtp_security: str = _var("INVOICING_SMTP_SECURITY", "starttls")
    smtp_user: str = _var("INVOICING_SMTP_USER", "")
    smtp_password: str = _var("INVOICING_SMTP_PASSWORD", "", repr=False)
    mail_from: str = _var("INVOICING_MAIL_FROM", "")
    imap_host: str | None = _var("INVOICING_IMAP_HOST")
    imap_port: OptionalWhole = _var("INVOICING_IMAP_PORT")  # default by SSL: 993, 143
    imap_ssl: YesNo = _var("INVOICING_IMAP_SSL", True)
    imap_user: str = _var("INVOICING_IMAP_USER", "")
    imap_password: str = _var("INVOICING_IMAP_PASSWORD", "", repr=False)
    imap_folder: str = _var("INVOICING_IMAP_FOLDER", "INBOX")
    imap_processed_folder: str = _var("INVOICING_IMAP_PROCESSED_FOLDER", "Processed")
    imap_no_invoice_folder: str = _var("INVOICING_IMAP_NO_INVOICE_FOLDER", "NoInvoice")
    poll_interval: float = _var("INVOICING_MAILBOX_POLL_INTERVAL", 30.0)

    @field_validator("document_cpu_seconds", "document_memory_mb", "escalation_every", "anchor_every",
                     "retention_years", "session_idle_minutes")
    @classmethod
    def _zero_is_the_default(cls, value: int, info: ValidationInfo) -> int:
        return value or _default(info)

    @field_validator("persistence", mode="before")
    @classmethod
    def _persistence(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None:  # unset: PostgreSQL when POSTGRES_DBNAME is set, else SQLite (`settings`)
            return None
        if _word(value) not in _PERSISTENCE:
            raise ValueError(f"{_variable(info)}={_word(value)!r} is not a persistence this service knows; "
                             "use sqlite, postgres or memory.")
        return _PERSISTENCE[_word(value)]

    @field_validator("log_level", mode="before")
    @classmethod
    def _log_level(cls, value: Any) -> Any:
        level = value.strip().upper()
        level = "WARNING" if level == "WARN" else level
        if level not in _LEVELS:
            raise ValueError(f"LOG_LEVEL={value!r}: use one of {', '.join(_LEVELS)}.")
        return level

    @field_validator("log_format", "smtp_security", mode="before")
    @classmethod
    def _choice(cls, value: Any, info: ValidationInfo) -> Any:
        allowed, refusal = _CHOICES[_field(info)]
        if _word(value) not in allowed:
            raise ValueError(refusal.format(value=value, word=_word(value)))
        return _word(value)

    @field_validator("metrics_port")
    @classmethod
    def _port(cls, value: int) -> int:
        if value > 65535:
            raise ValueError(f"INVOICING_METRICS_PORT={value} is not a port number (1–65535).")
        return value

    @field_validator("metrics_host", "mail_from", "imap_folder", "imap_processed_folder", "imap_no_invoice_folder",
                     mode="before")
    @classmethod
    def _trimmed(cls, value: Any) -> Any:
        return value.strip() if isinstance(value, str) else value

    @field_validator("imap_folder", "imap_processed_folder", "imap_no_invoice_folder")
    @classmethod
    def _ascii_folder(cls, value: str, info: ValidationInfo) -> str:
        if not value.isascii() or not value.isprintable():
            raise ValueError(f"{_variable(info)}={value!r}: use a folder name in plain ASCII.")
        return value

    @field_validator("poll_interval", mode="before")
    @classmethod
    def _seconds(cls, value: Any, info: ValidationInfo) -> Any:
        try:
            seconds = float(value)
        except ValueError:
            raise ValueError(f"{_variable(info)}={value!r} is not a number of seconds.") from None
        if seconds <= 0:
            raise ValueError(f"{_variable(info)}={value!r} must be more than 0.")
        return seconds

    def settings(self) -> Settings:
        """The `Settings` these variables give; raises `ConfigurationError` for settings that cannot work together."""
        persistence = self.persistence or ("postgres" if self.postgres_dbname else "sqlite")
        plain = {name: getattr(self, name) for name in (
            "data_dir", "create_tables", "redis_url", "rabbitmq_url", "worker_processes", "worker_threads",
            "retry_min_backoff_ms", "max_retries", "document_cpu_seconds", "document_memory_mb", "policy_file",
            "web_host", "web_port", "secret_key", "cookie_secure", "max_upload_bytes", "session_hours",
            "session_idle_minutes", "cli_token", "anchor_file", "anchor_mail_to", "retention_years",
            "receiving_policy_file", "kosit_config", "log_level", "log_format", "metrics_host")}
        return Settings(
            persistence=persistence,
            postgres=Postgres(host=self.postgres_host, port=self.postgres_port,
                              dbname=self.postgres_dbname or "invoicing", user=self.postgres_user,
                              password=self.postgres_password, schema=self.postgres_schema),
            redeliver_after=float(self.redeliver_after), escalation_every=float(self.escalation_every),
            anchor_every=float(self.anchor_every), metrics_port=self.metrics_port or None,
            **plain, **self._mail())

    def _mail(self) -> dict:
        """The mailbox intake's settings: `imap` and `smtp` (None when not configured)."""
        smtp = None
        if self.smtp_host:
            if "@" not in self.mail_from:
                raise ConfigurationError("INVOICING_MAIL_FROM must be set to the address answers come from, "
                                         "e.g. 'Rechnungseingang <rechnungseingang@stadt.example>'.")
            port = {"starttls": 587, "ssl": 465, "none": 25}[self.smtp_security] if self.smtp_port is None \
                else self.smtp_port
            smtp = Smtp(host=self.smtp_host, mail_from=self.mail_from, security=self.smtp_security, port=port,
                        user=self.smtp_user, password=self.smtp_password)
        if not self.imap_host:
            return {"imap": None, "smtp": smtp}
        if smtp is None:
            raise ConfigurationError("INVOICING_IMAP_HOST is set but INVOICING_SMTP_HOST is not: "
                                     "the mailbox intake answers every supplier, so it needs SMTP.")
        port = (993 if self.imap_ssl else 143) if self.imap_port is None else self.imap_port
        imap = Imap(host=self.imap_host, port=port, ssl=self.imap_ssl,
                    user=self.imap_user, password=self.imap_password, poll_interval=self.poll_interval,
                    folder=self.imap_folder, processed_folder=self.imap_processed_folder,
                    no_invoice_folder=self.imap_no_invoice_folder)
        return {"imap": imap, "smtp": smtp}


class _Given(_Environment):
    """The same variables from a given mapping (tests, benchmarks), never from the process environment."""

    @classmethod
    def settings_customise_sources(cls, settings_cls, init_settings, env_settings, dotenv_settings,
                                   file_secret_settings):
        return (init_settings,)


_NAMES = frozenset(info.validation_alias for info in _Environment.model_fields.values())


def _reason(problem: dict) -> str:
    """One problem as a sentence naming the variable: our validators' own words, else pydantic's."""
    if problem["type"] == "value_error":
        return str(problem["ctx"]["error"])
    return f"{problem['loc'][0]}={problem['input']!r}: {problem['msg']}."
