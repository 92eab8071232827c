"""What a migration step needs to know about the database it changes: dialect, schema, table names.

The steps are yoyo migration files; yoyo hands them only a DB-API connection, so `upgrade` sets the
names of the target being upgraded here (`applying`) and the steps read them (`current`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Names:
    """Table and index names of one target: bare on SQLite (one file per application); on PostgreSQL
    `"<schema>"."<application>_<table>"`, as the application's stores name them."""

    dialect: str  # "sqlite" or "postgres"
    application: str  # lower-case application name: "invoices", "accounts"
    schema: str = ""  # PostgreSQL schema (eventsourcing's default "public"); unused on SQLite

    @property
    def postgres(self) -> bool:
        return self.dialect == "postgres"

    def table(self, name: str) -> str:
        """The quoted, qualified name of table `name`."""
        if not self.postgres:
            return name
        return f"{quoted(self.schema)}.{quoted(f'{self.application}_{name}')}"

    def index(self, name: str, *, qualified: bool = False) -> str:
        """The quoted name of index `name` (PostgreSQL keeps an index in its table's schema; `qualified` for DROP)."""
        if not self.postgres:
            return quoted(name)
        bare = quoted(f"{self.application}_{name}")
        return f"{quoted(self.schema)}.{bare}" if qualified else bare


def quoted(identifier: str) -> str:
    """`identifier` as a quoted SQL identifier."""
    return '"' + identifier.replace('"', '""') + '"'


_CURRENT: ContextVar[Names] = ContextVar("migration_names")


@contextmanager
def applying(names: Names) -> Iterator[None]:
    """Within: `current()` is `names`."""
    token = _CURRENT.set(names)
    try:
        yield
    finally:
        _CURRENT.reset(token)


def current() -> Names:
    """The names of the target being upgraded (only inside `upgrade`)."""
    return _CURRENT.get()


def execute(connection, statements: Sequence[str]) -> None:
    """Run `statements` on yoyo's connection, in the migration's transaction."""
    cursor = connection.cursor()
    try:
        for statement in statements:
            cursor.execute(statement)
    finally:
        cursor.close()
