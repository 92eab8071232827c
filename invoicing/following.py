"""Following the event log: the one loop behind the dispatcher, the open-steps index and the views.

A `Follower` reads the `Invoices` notification log after a consumer's position, in batches of the
consumer's topics, decodes each batch once (when the consumer wants events) and hands it over with
the position the batch reaches. The consumer records what the batch changes *together with* that
position, in one transaction of its own store (`Consumer.apply`), and refuses with eventsourcing's
`IntegrityError` when the stored position is no longer the one it read from (another process got
there first): the follower then reads the position again and goes on from there, so nothing is
applied twice and nothing is skipped. When the log has moved on but nothing in it concerns the
consumer, the consumer is still moved to the log's end (an empty batch), so its position says
"everything up to here is done".

Consumers: `workers.dispatcher.Dispatcher` (the outbox), `invoicing.open_steps.indexer.StepIndexer`
(the open steps), `projections.runner.Runner` (every view; its position is the least of theirs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from eventsourcing.persistence import IntegrityError


class Consumer(Protocol):
    """What a follower feeds: topics to read, a position, and a batch applied with the position it reaches."""

    topics: Sequence[str]
    decoded: bool
    """True: batches carry domain events; False: the stored notifications (ids and stream ids suffice)."""

    def position(self) -> int:
        """The notification id everything up to which is applied (read from the consumer's store)."""

    def apply(self, batch: list[tuple[int, Any]], end: int) -> None:
        """Apply (notification id, event) pairs and record position `end`, atomically; `IntegrityError` when
        the recorded position is not the one this batch follows."""


class Follower:
    """Reads the log after a consumer's position and hands it the batches (see the module docstring)."""

    def __init__(self, invoices, consumer: Consumer, *, batch_size: int = 500,
                 progress: Callable[[int, int, int], None] | None = None):
        self.invoices = invoices
        self.consumer = consumer
        self.batch_size = batch_size
        self.progress = progress
        self._position: int | None = None

    def follow_once(self, *, until: int | None = None, batch_size: int | None = None) -> int:
        """Apply the next batch (up to notification id `until`); returns how many notifications it held (0: the
        consumer is at the log's end, perhaps moved there just now)."""
        recorder = self.invoices.recorder
        if self._position is None:
            self._position = self.consumer.position()
        start = self._position
        end = recorder.max_notification_id() or 0
        end = min(end, until) if until is not None else end
        if end <= start:
            return 0
        notifications = recorder.select_notifications(start=start, limit=batch_size or self.batch_size, stop=end,
                                                      topics=self.consumer.topics, inclusive_of_start=False)
        reached = notifications[-1].id if notifications else end
        mapper = self.invoices.mapper
        batch = [(item.id, mapper.to_domain_event(item) if self.consumer.decoded else item) for item in notifications]
        try:
            self.consumer.apply(batch, reached)
        except IntegrityError:  # someone else applied this batch: go on from where they are
            self._position = None
            return len(notifications)
        self._position = reached
        return len(notifications)

    def catch_up(self, *, until: int | None = None, batch_size: int | None = None) -> int:
        """Apply everything recorded so far (or up to `until`); returns how many notifications were read."""
        total = 0
        while read := self.follow_once(until=until, batch_size=batch_size):
            total += read
            if self.progress is not None and self._position is not None:
                self.progress(self._position, min(until or 1 << 62, self.invoices.recorder.max_notification_id() or 0),
                              total)
        return total

    def forget_position(self) -> None:
        """Read the position from the consumer's store again next time (after a failure)."""
        self._position = None
