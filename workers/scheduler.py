"""Periodic jobs: messages the leading process sends every so often (e.g. the escalation sweep).

Only the process that leads the dispatcher runs the schedule, so with several worker processes a
job is still sent once per period, and the embedded runtime runs it the same way. A new leader
sends every job at once on taking over. The jobs are idempotent, so an extra run is harmless.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)

RETRY_AFTER = 10.0
"""Seconds until a job whose message could not be sent (broker down) is tried again."""


@dataclass
class Periodic:
    """One job: its name, every how many seconds, and how to send its message."""

    name: str
    every: float
    send: Callable[[], object]
    next_at: float = 0.0


class Schedule:
    """The periodic jobs of a leading process; `tick()` sends those whose time has come."""

    def __init__(self, jobs: list[Periodic], *, clock: Callable[[], float] = time.monotonic):
        self.jobs = jobs
        self.clock = clock

    def start(self) -> None:
        """Make every job due now (on taking over the leadership)."""
        for job in self.jobs:
            job.next_at = self.clock()

    def tick(self) -> list[str]:
        """Send every job that is due; returns their names."""
        now, sent = self.clock(), []
        for job in self.jobs:
            if now < job.next_at:
                continue
            try:
                job.send()
            except Exception:  # broker unavailable: try again shortly
                log.exception("Could not send the periodic job %s; trying again in %.0f s.", job.name, RETRY_AFTER)
                job.next_at = now + min(job.every, RETRY_AFTER)
                continue
            job.next_at = now + job.every
            sent.append(job.name)
        return sent
