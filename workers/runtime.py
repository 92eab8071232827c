"""One process's moving parts: Dramatiq worker threads and a dispatcher that may lead.

Used by `invoicing worker` (one per worker process, broker from the configuration) and by the
embedded default (one process, in-process broker): `start()` installs the services for the
actors, starts the worker threads, and starts the dispatcher thread, which leads when it gets the
leadership and then first resends all open work (recovery after a restart).
"""

from __future__ import annotations

import dramatiq

from invoicing.bootstrap import Services
from workers import context
from workers.dispatcher import Dispatcher, DispatcherThread
from workers.leadership import leadership_for


class WorkerRuntime:
    """Worker threads consuming the broker's queues, plus the dispatcher thread."""

    def __init__(self, services: Services, *, threads: int | None = None, dispatch: bool = True,
                 poll_interval: float = 0.05, sweep_every: float = 2.0):
        from workers import actors  # binds the actors to the configured broker

        self.services = services
        self.broker = actors.broker
        self.threads = threads or services.settings.worker_threads
        self.worker: dramatiq.Worker | None = None
        self.dispatcher = DispatcherThread(Dispatcher(services, actors.send), leadership_for(services.settings),
                                           poll_interval=poll_interval, sweep_every=sweep_every) if dispatch else None

    def start(self) -> WorkerRuntime:
        context.install(self.services)
        self.worker = dramatiq.Worker(self.broker, worker_threads=self.threads, worker_timeout=100)
        self.worker.start()
        if self.dispatcher is not None:
            self.dispatcher.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop dispatching, let running messages finish (up to `timeout`), stop the threads."""
        if self.dispatcher is not None:
            self.dispatcher.stop(timeout)
        if self.worker is not None:
            self.worker.stop(timeout=int(timeout * 1000))
        context.install(None)

    def __enter__(self) -> WorkerRuntime:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()
