"""The dispatcher: follows the `Invoices` event log and sends the work it makes due (outbox pattern).

Per batch of events (`invoicing.following.Follower`, the loop the open-steps index and the views
use too): work opened and closed (`invoicing.lifecycle.work`) and the position read up to are
committed together in the outbox; then the newly opened work is sent. So every event
is dispatched at least once: after a crash between commit and send, `resend(everything=True)`
(run on start-up) sends all open work again, and `resend()` (run every `sweep_every` seconds)
sends work that has stayed open longer than `redeliver_after` (a lost message, a killed worker).
The actors are idempotent, so work sent twice is done once.

The leading process's `DispatcherThread` also runs the followers that keep other tables in step
with the log (the open approval steps, `invoicing.open_steps.indexer`) and the periodic jobs
(`workers.scheduler`, e.g. the escalation sweep): one leader, so each runs once.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from datetime import timedelta

from eventsourcing.persistence import Tracking

from invoicing.bootstrap import Services
from invoicing.following import Follower
from invoicing.lifecycle.work import TOPICS, net_work
from invoicing.outbox import Work

log = logging.getLogger(__name__)

FOLLOWER_PAUSE = 5.0
"""Seconds a follower (e.g. the open-steps indexer) rests after a failure before it tries again."""


class Dispatcher:
    """Reads the event log from the outbox's position, records open work, sends it."""

    topics: Sequence[str] = TOPICS  # as `invoicing.following.Consumer` declares it (a writable attribute)
    decoded = True

    def __init__(self, services: Services, send: Callable[[Work], None], *, batch_size: int = 500,
                 redeliver_after: float | None = None):
        self.invoices = services.invoices
        self.outbox = services.outbox
        self.send = send
        self.redeliver_after = timedelta(seconds=redeliver_after if redeliver_after is not None
                                         else services.settings.redeliver_after)
        self._backlog: list[Work] = []
        self.follower = Follower(self.invoices, self, batch_size=batch_size)

    def dispatch_once(self) -> int:
        """Handle the next batch of events; returns how many were read (0 when the log is caught up)."""
        if self._backlog:
            backlog, self._backlog = self._backlog, []
            self._send(backlog)
        return self.follower.follow_once()

    def position(self) -> int:
        return self.outbox.max_tracking_id(self.invoices.name) or 0

    def apply(self, batch: list, end: int) -> None:
        """Record the work `batch` opens and closes with position `end`; then send what it opened."""
        opened, closed = net_work([event for _, event in batch])
        opened_work = sorted(Work(*key) for key in opened)
        self.outbox.record(opened=opened_work, closed=[Work(*key) for key in closed],
                           tracking=Tracking(self.invoices.name, end), at=self.invoices.clock())
        self._send(opened_work)

    def forget_position(self) -> None:
        self.follower.forget_position()

    def resend(self, *, everything: bool = False) -> int:
        """Send open work again: all of it, or what has waited longer than `redeliver_after`."""
        now = self.invoices.clock()
        items = self.outbox.pending(sent_before=None if everything else now - self.redeliver_after, limit=10_000)
        sent = self._send(items)
        self.outbox.mark_sent(sent, now)
        return len(sent)

    def _send(self, items: list[Work]) -> list[Work]:
        sent: list[Work] = []
        for index, item in enumerate(items):
            try:
                self.send(item)
            except Exception:  # broker unavailable: keep the rest and try again on the next round
                log.exception("Could not send %s for case %s; trying again shortly.", item.action, item.case_id)
                self._backlog.extend(items[index:])
                break
            sent.append(item)
        return sent


class DispatcherThread(threading.Thread):
    """Runs a dispatcher (with followers and schedule) while this process leads; another takes over if it dies."""

    def __init__(self, dispatcher: Dispatcher, leadership, *, poll_interval: float = 0.05,
                 sweep_every: float = 2.0, followers: tuple = (), schedule=None):
        super().__init__(name="dispatcher", daemon=True)
        self.dispatcher = dispatcher
        self.leadership = leadership
        self.poll_interval = poll_interval
        self.sweep_every = sweep_every
        self.followers = followers
        self.schedule = schedule
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                if not self.leadership.acquire():
                    self.stopping.wait(1.0)
                    continue
                self._lead()
            except Exception:
                log.exception("The dispatcher failed; it starts again in a second.")
                self.dispatcher.forget_position()
                self.stopping.wait(1.0)
        self.leadership.release()

    def _lead(self) -> None:
        resent = self.dispatcher.resend(everything=True)  # recovery: whatever was open when the last leader stopped
        log.info("Dispatching now; %d open work items sent again on taking over.", resent)
        next_sweep = time.monotonic() + self.sweep_every
        if self.schedule is not None:
            self.schedule.start()
        resume_at = {id(follower): 0.0 for follower in self.followers}
        while not self.stopping.is_set():
            read = self.dispatcher.dispatch_once()
            for follower in self.followers:  # a failing follower never holds up the dispatching
                if time.monotonic() < resume_at[id(follower)]:
                    continue
                try:
                    read += follower.follow_once()
                except Exception:
                    log.exception("%s failed; it tries again in %.0f s.", type(follower).__name__, FOLLOWER_PAUSE)
                    follower.forget_position()
                    resume_at[id(follower)] = time.monotonic() + FOLLOWER_PAUSE
            if self.schedule is not None:
                self.schedule.tick()
            if read == 0:
                self.stopping.wait(self.poll_interval)
            if time.monotonic() >= next_sweep:
                if not self.leadership.still_held():
                    log.warning("Lost the dispatcher leadership; trying to get it back.")
                    return
                if resent := self.dispatcher.resend():
                    log.info("%d work items open for too long sent again.", resent)
                next_sweep = time.monotonic() + self.sweep_every

    def stop(self, timeout: float = 10.0) -> None:
        self.stopping.set()
        self.join(timeout)
