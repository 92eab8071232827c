"""What the web edge works with, built once from the settings and the core's services: the accounts, the policy,
the key, the server-side sessions and the log-in throttles (both beside the accounts), the read side.

Factories only: the composition root (`cli.root`) calls them with what they need."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from invoicing.approvals import Policy
from invoicing.bootstrap import Services
from invoicing.config import Settings
from invoicing.lifecycle.application import utc_now
from invoicing.migrations import upgrade
from invoicing.throttles import Throttles, throttles_for
from web.accounts import Accounts
from web.passwords import Passwords
from web.session_store import SessionStore, Timeouts, sessions_for
from web.signin import SignIn

if TYPE_CHECKING:
    from web.views import ReadSide


@dataclass
class Edge:
    """The services behind the web edge."""

    settings: Settings
    services: Services
    accounts: Accounts
    policy: Policy
    secret_key: str
    sessions: SessionStore
    throttles: Throttles
    read: ReadSide | None = None
    """The projections (register, views, exports), caught up on read; None: an edge without them."""
    clock: Callable[[], datetime] = field(default=utc_now)

    @property
    def signin(self) -> SignIn:
        return SignIn(self.accounts, self.throttles, self.clock)

    @property
    def invoices(self):
        return self.services.invoices

    def close(self) -> None:
        if self.read is not None:
            self.read.close()
        self.accounts.close()
        self.services.close()


def accounts_for(settings: Settings, passwords: Passwords | None = None) -> Accounts:
    """The accounts application on the same backend as the invoices (SQLite: its own file); with `create_tables`,
    its tables are created and its own (sessions, throttles) migrated (`invoicing.migrations`)."""
    env = settings.eventsourcing_env()
    if settings.persistence == "sqlite":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        env["SQLITE_DBNAME"] = str(settings.data_dir / "accounts.sqlite")
    if settings.create_tables:
        upgrade(settings, ("accounts",))
    return Accounts(env, passwords=passwords)


def secret_key(settings: Settings) -> str:
    """`INVOICING_SECRET_KEY`, else a random key kept in the data folder (so restarts keep log-ins)."""
    if settings.secret_key:
        return settings.secret_key
    if settings.persistence == "memory":
        return secrets.token_urlsafe(32)
    path = Path(settings.data_dir) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48))
    return path.read_text().strip()


def build_edge(settings: Settings, services: Services, policy: Policy | None = None, *,
               passwords: Passwords | None = None) -> Edge:
    """Wire the edge over `services` (the core's, `invoicing.bootstrap`; may be shared with workers in the process)."""
    from web.views import ReadSide

    accounts = accounts_for(settings, passwords)
    timeouts = Timeouts(idle=timedelta(minutes=settings.session_idle_minutes),
                        absolute=timedelta(hours=settings.session_hours))
    return Edge(settings, services, accounts, policy or services.invoices.policy, secret_key(settings),
                sessions_for(accounts.factory, timeouts), throttles_for(accounts.factory),
                ReadSide(settings, services.invoices))
