"""The read models in the worker: a thread that keeps every view up to date while it holds the projections lock.

However many worker processes run, one follows the log into the views (PostgreSQL: an advisory
lock on a connection of its own; SQLite: a file lock beside the views; in memory: this process);
when it dies, another takes over where the views' tracking positions say. It creates missing view
tables when it takes the lock, so `invoicing worker` needs no extra setup step. Started by
`workers.runtime.WorkerRuntime`; `invoicing projections run` runs the same thread in the foreground.
"""

from __future__ import annotations

from invoicing.bootstrap import Services
from projections.catalogue import Views, open_views
from projections.runner import Runner, RunnerThread
from workers.leadership import FileLeadership, PostgresLeadership, ProcessLeadership

PROJECTIONS_LOCK_KEY = 4_716_042_028
"""The PostgreSQL advisory lock key of the projections runner."""

PROJECTIONS_APPLICATION_NAME = "invoicing-projections-"


def projections_lock(settings):
    """The projections lock for where `settings` keep the data."""
    if settings.persistence == "postgres":
        return PostgresLeadership(settings, key=PROJECTIONS_LOCK_KEY, name=PROJECTIONS_APPLICATION_NAME)
    if settings.persistence == "sqlite":
        folder = settings.data_dir / "views"
        folder.mkdir(parents=True, exist_ok=True)
        return FileLeadership(folder / "projections.lock")
    return ProcessLeadership()


class ProjectionsHook:
    """The views of this process's services, and the thread that follows the log into them."""

    def __init__(self, services: Services, *, poll_interval: float = 0.2):
        self.views: Views = open_views(services.settings, services.invoices, create=False)
        self.thread = RunnerThread(Runner(services.invoices, list(self.views)),
                                   projections_lock(services.settings), prepare=self.views.create_tables,
                                   poll_interval=poll_interval)

    def start(self) -> None:
        self.thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self.thread.stop(timeout)
        self.views.close()
