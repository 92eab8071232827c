"""The composition root: settings in, a wired application (events, originals, outbox) out.

    >>> from invoicing.bootstrap import bootstrap
    >>> from invoicing.config import Settings
    >>> services = bootstrap(Settings(persistence="memory"))
    >>> type(services.invoices).__name__, type(services.outbox).__name__
    ('Invoices', 'InMemoryOutbox')

Tests build the whole application here with in-memory parts; the CLI, the workers and (later)
the web server build it from `invoicing.config.load()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from invoicing.config import Settings
from invoicing.lifecycle.application import Invoices, utc_now
from invoicing.outbox import Outbox, outbox_for


@dataclass
class Services:
    """Everything wired: the application (with its document store) and the outbox of its dispatcher."""

    settings: Settings
    invoices: Invoices
    outbox: Outbox

    def close(self) -> None:
        """Release database connections."""
        self.invoices.close()


def bootstrap(settings: Settings, *, clock: Callable[[], datetime] = utc_now) -> Services:
    """Build the application for `settings`; creates missing tables only when `settings.create_tables`."""
    if settings.persistence == "sqlite":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    invoices = Invoices(settings.eventsourcing_env(), clock=clock)
    return Services(settings, invoices, outbox_for(invoices.factory))


def create_tables(settings: Settings) -> Services:
    """Create every table (events, tracking, originals, outbox) if missing: `invoicing db init`."""
    return bootstrap(settings.but(create_tables=True))
