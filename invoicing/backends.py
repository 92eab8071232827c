"""What the stores kept beside the event store need of eventsourcing's SQLite and PostgreSQL factories.

eventsourcing types a factory as `InfrastructureFactory`, which has neither a datastore nor the table switch;
both SQL factories have them. `sql_factory` says so to the type checker (it changes nothing at run time).
"""

from __future__ import annotations

from typing import Any, Protocol, cast

from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.utils import Environment


class SQLFactory(Protocol):
    """An SQLite or PostgreSQL factory: its datastore, environment and whether to create tables."""

    datastore: Any
    env: Environment

    def env_create_table(self) -> bool: ...


def sql_factory(factory: InfrastructureFactory) -> SQLFactory:
    """`factory` as an SQL factory (call it only once the in-memory factory is ruled out)."""
    return cast(SQLFactory, factory)
