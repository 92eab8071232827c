"""The actors for a bare Dramatiq worker: `dramatiq cli.actors` (`invoicing worker` needs no such step).

The actors look their services up in `workers.context`; here the composition root is made the place they
are built from, on first use, from the configuration (without creating tables).
"""

from __future__ import annotations

from cli import root
from workers import context

context.provide(root.actor_services)

from workers.actors import *  # noqa: E402,F403  (the actors, bound to the configured broker)
