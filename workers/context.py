"""The services the actors of this process work with, installed once by whoever starts the process.

Actors receive ids, never objects; they look the application up here. `invoicing worker` and the
embedded runtime install the services they built; a bare `dramatiq workers.actors` run builds
them from the configuration (without creating tables) on first use.
"""

from __future__ import annotations

import threading

from invoicing.bootstrap import Services, bootstrap

_lock = threading.Lock()
_services: Services | None = None


def install(services: Services | None) -> None:
    """Make `services` the ones actors use in this process (None to forget them)."""
    global _services
    with _lock:
        _services = services


def services() -> Services:
    """The installed services, built from the configuration on first use if none were installed."""
    global _services
    with _lock:
        if _services is None:
            from invoicing import config

            _services = bootstrap(config.load().but(create_tables=False))
        return _services
