"""One process's moving parts: Dramatiq worker threads and a dispatcher that may lead.

Used by `invoicing worker` (one per worker process, broker from the configuration) and by the
embedded default (one process, in-process broker): `start()` installs the services for the
actors, starts the worker threads, and starts the dispatcher thread, which leads when it gets the
leadership and then first resends all open work (recovery after a restart). While leading it also
keeps the open approval steps indexed and sends the escalation sweep every
`settings.escalation_every` seconds (`INVOICING_ESCALATION_EVERY`) and anchors the hash chain's head every
`settings.anchor_every` seconds (`INVOICING_ANCHOR_EVERY`; copied to `INVOICING_ANCHOR_FILE` and mailed to
`INVOICING_ANCHOR_MAIL_TO` when set). With IMAP settings, a mailbox
poller thread runs too (`workers.mailbox`; it polls while it holds the mailbox lock). With
`projections=True` (the default) a thread keeps the read models up to date (`workers.projections`;
it follows the log while it holds the projections lock).
"""

from __future__ import annotations

import dramatiq

from invoicing.bootstrap import Services
from invoicing.open_steps.indexer import StepIndexer
from workers import context
from workers.dispatcher import Dispatcher, DispatcherThread
from workers.leadership import leadership_for
from workers.mailbox import mailbox_poller
from workers.pipeline_metrics import PipelineCounts
from workers.scheduler import Periodic, Schedule


class WorkerRuntime:
    """Worker threads consuming the broker's queues, plus the dispatcher thread."""

    def __init__(self, services: Services, *, threads: int | None = None, dispatch: bool = True,
                 poll_interval: float = 0.05, sweep_every: float = 2.0, projections: bool = True):
        from workers import actors  # binds the actors to the configured broker

        self.services = services
        self.broker = actors.broker
        self.threads = threads or services.settings.worker_threads
        self.worker: dramatiq.Worker | None = None
        escalation = Periodic("escalate", services.settings.escalation_every, actors.escalate_due_invoices.send)
        anchoring = Periodic("anchor", services.settings.anchor_every, lambda: anchor_now(services))
        digests = Periodic("digest", 3600.0, actors.send_digests.send)  # each person's digest once a day
        schedule = Schedule([escalation, anchoring, digests])
        self.dispatcher = DispatcherThread(
            Dispatcher(services, actors.send), leadership_for(services.settings), poll_interval=poll_interval,
            sweep_every=sweep_every,
            followers=(StepIndexer(services.invoices, services.open_steps), PipelineCounts(services.invoices)),
            schedule=schedule) if dispatch else None
        self.mailbox = mailbox_poller(services) if dispatch else None
        self.projections = _projections(services) if dispatch and projections else None

    def start(self) -> WorkerRuntime:
        context.install(self.services)
        self.worker = dramatiq.Worker(self.broker, worker_threads=self.threads, worker_timeout=100)
        self.worker.start()
        if self.dispatcher is not None:
            self.dispatcher.start()
        if self.mailbox is not None:
            self.mailbox.start()
        if self.projections is not None:
            self.projections.start()
        return self

    def stop(self, timeout: float = 30.0) -> None:
        """Stop polling and dispatching, let running messages finish (up to `timeout`), stop the threads."""
        if self.mailbox is not None:
            self.mailbox.stop(timeout)
        if self.dispatcher is not None:
            self.dispatcher.stop(timeout)
        if self.worker is not None:
            self.worker.stop(timeout=int(timeout * 1000))
        if self.projections is not None:
            self.projections.stop(timeout)
        context.install(None)

    def __enter__(self) -> WorkerRuntime:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _projections(services: Services):
    """The read models' runner (`workers.projections`), imported only when used."""
    from workers.projections import ProjectionsHook

    return ProjectionsHook(services)


def anchor_now(services: Services) -> None:
    """Anchor the chain's head (nothing in memory mode), with the copies the settings ask for."""
    from datetime import datetime, timezone

    from invoicing.audit import ChainNotKept, anchor

    settings = services.settings
    try:
        anchor(services.invoices, at=datetime.now(timezone.utc), by="system:anchor", file=settings.anchor_file,
               mail=services.mail, mail_to=settings.anchor_mail_to)
    except ChainNotKept:
        pass
