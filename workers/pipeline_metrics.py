"""`PipelineCounts`: Prometheus counters of what happens to invoices, counted once, from the event log.

Submissions arrive through the web, the mailbox and the command line, in any process; the log sees
them all. The dispatcher's leader runs this follower beside the others (`workers.runtime`), so each
event is counted by one process: the one leading while it was recorded. It starts at the log's end
when it first runs (history is not counted again on every start), so the totals are "since this
process began leading"; Prometheus' `increase()` and `rate()` over the sum of all worker processes
give the figures. After a failure it continues from where it was (an event may then count twice,
never be lost: the dispatcher's contract, at least once).

| metric | labels | counts |
|---|---|---|
| `invoicing_submissions_total` | `channel` (api, upload, mail, …), `again` (true: the same bytes once more) | files received |
| `invoicing_verdicts_total` | `result` (accepted, rejected) | validation verdicts recorded |
| `invoicing_escalations_total` | `reason` | escalation reasons raised on open steps |
| `invoicing_processing_failures_total` | `action` | work given up after its retries (a person must look) |
"""

from __future__ import annotations

from eventsourcing.utils import get_topic
from prometheus_client import Counter

from invoicing.lifecycle.application import Invoices
from invoicing.lifecycle.case import InvoiceCase

SUBMISSIONS = Counter("invoicing_submissions_total", "Invoice files received, by channel.", ("channel", "again"))
VERDICTS = Counter("invoicing_verdicts_total", "Validation verdicts recorded, by result.", ("result",))
ESCALATIONS = Counter("invoicing_escalations_total", "Escalation reasons raised on open approval steps.", ("reason",))
FAILURES = Counter("invoicing_processing_failures_total", "Automatic work given up after its retries.", ("action",))

_Case = InvoiceCase
TOPICS = tuple(get_topic(event_class) for event_class in (
    _Case.InvoiceReceived, _Case.InvoiceReceivedAgain, _Case.InvoiceValidated, _Case.EscalationRaised,
    _Case.InvoiceProcessingFailed))


def count(event) -> None:
    """Add one event to the counters."""
    if isinstance(event, (_Case.InvoiceReceived, _Case.InvoiceReceivedAgain)):
        SUBMISSIONS.labels(event.channel, str(isinstance(event, _Case.InvoiceReceivedAgain)).lower()).inc()
    elif isinstance(event, _Case.InvoiceValidated):
        VERDICTS.labels("accepted" if event.accepted else "rejected").inc()
    elif isinstance(event, _Case.EscalationRaised):
        for reason in event.reasons:
            ESCALATIONS.labels(str(reason.get("reason", "unknown"))).inc()
    elif isinstance(event, _Case.InvoiceProcessingFailed):
        FAILURES.labels(event.action.partition(":")[0]).inc()


class PipelineCounts:
    """A dispatcher follower (`follow_once`, `forget_position`) that counts new events of `TOPICS`."""

    def __init__(self, invoices: Invoices, *, batch_size: int = 500):
        self.invoices = invoices
        self.batch_size = batch_size
        self._position: int | None = None

    def follow_once(self) -> int:
        """Count the next batch of events; returns how many were read (0 when caught up)."""
        recorder = self.invoices.recorder
        if self._position is None:
            self._position = recorder.max_notification_id() or 0
            return 0
        notifications = recorder.select_notifications(start=self._position, limit=self.batch_size, topics=TOPICS,
                                                      inclusive_of_start=False)
        for notification in notifications:
            count(self.invoices.mapper.to_domain_event(notification))
            self._position = notification.id
        return len(notifications)

    def forget_position(self) -> None:
        """Nothing to forget: the position is this process's own (counting resumes where it stopped)."""
