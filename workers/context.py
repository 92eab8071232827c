"""The services the actors of this process work with, installed once by whoever starts the process.

Actors receive ids, never objects; they look the application up here. `invoicing worker` and the
embedded runtime install the services they built (`install`); a bare `dramatiq cli.actors` run gives a
factory instead (`provide`), called on first use. This module builds nothing itself: the composition
root (`cli.root`) does.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from invoicing.bootstrap import Services

_lock = threading.Lock()
_services: Services | None = None
_factory: Callable[[], Services] | None = None


def install(services: Services | None) -> None:
    """Make `services` the ones actors use in this process (None to forget them)."""
    global _services
    with _lock:
        _services = services


def provide(factory: Callable[[], Services] | None) -> None:
    """Build the services with `factory` on first use when none were installed (a bare Dramatiq worker)."""
    global _factory
    with _lock:
        _factory = factory


def services() -> Services:
    """The installed services, else built by the provided factory; raises `LookupError` when there is neither."""
    global _services
    with _lock:
        if _services is None:
            if _factory is None:
                raise LookupError("No services for the actors: run `invoicing worker`, or `dramatiq cli.actors`.")
            _services = _factory()
        return _services
