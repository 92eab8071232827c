"""The composition root: the one place that assembles the application from the environment.

Every command, `invoicing serve` and `invoicing worker` take what they work with from here:

- `settings()`: `invoicing.config.load()`, the one reader of the environment;
- `services(settings)`: the core (events, originals, outbox, open steps, policy, mail), `invoicing.bootstrap`;
- `views(settings, services)`: the read models, `projections.catalogue.open_views`;
- `accounts(settings)` and `edge(settings, services)`: the web edge, `web.wiring`;
- `worker_runtime(services)`: worker threads, dispatcher, mailbox poller, projections thread, `workers.runtime`;
- `actor_services()`: what a bare `dramatiq cli.actors` run gives the actors.

The modules named are factories: they take what they need as arguments and do not load settings or build
another layer's parts. Imports are inside the functions, so `invoicing --help` loads none of them.

Assembled elsewhere still: Dramatiq's global broker, built by `workers/broker.py` from `invoicing.config.load()`
when it is first imported (Dramatiq binds each actor to the global broker as the actor is declared, so the
broker must exist before `workers.actors` is imported); and within their own layer, from what they are given,
the worker runtime's parts (dispatcher, leadership, mailbox poller, projections thread) and the web edge's
(accounts, sessions, throttles, key, read side).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from invoicing.bootstrap import Services
    from invoicing.config import Settings


def settings(**changes) -> Settings:
    """The settings from the environment, with `changes` (e.g. `create_tables=False`); raises `ConfigurationError`."""
    from invoicing import config

    loaded = config.load()
    return loaded.but(**changes) if changes else loaded


def services(settings: Settings, **options) -> Services:
    """The core application for `settings` (`options`: `clock`, `policy`, `mail_sender`, see `bootstrap`)."""
    from invoicing.bootstrap import bootstrap

    return bootstrap(settings, **options)


def views(settings: Settings, services: Services, **options):
    """The read models' views of `services.invoices` (`options`: `names`, `prefix`, `create`); raises `UnknownView`."""
    from projections.catalogue import open_views

    return open_views(settings, services.invoices, **options)


def accounts(settings: Settings):
    """The web's accounts (people, suppliers, API tokens) on the same backend as the invoices."""
    from web.wiring import accounts_for

    return accounts_for(settings)


def edge(settings: Settings, services: Services):
    """The web edge over `services` (accounts, sessions, throttles, key, read side)."""
    from web.wiring import build_edge

    return build_edge(settings, services)


def worker_runtime(services: Services, threads: int | None = None):
    """The worker threads, dispatcher, mailbox poller and projections thread of one process (not started)."""
    from workers.runtime import WorkerRuntime

    return WorkerRuntime(services, threads=threads)


def actor_services() -> Services:
    """The services actors use when no runtime installed any (a bare Dramatiq worker): never creates tables."""
    return services(settings(create_tables=False))
