"""Keeping the open-steps table in step with the event log: run by the dispatcher's leader, and on demand.

`StepIndexer` follows the `Invoices` notification log (only the events that open, change or close
an approval step, `TOPICS`) from its own tracking position (`invoicing.following.Follower`). For
each batch it loads every case the batch touched (many per query), computes its row (`row_for`) or its
removal, and records them with the position in one transaction; a batch someone else recorded first is
skipped (`IntegrityError`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from eventsourcing.persistence import Tracking
from eventsourcing.utils import get_topic

from invoicing.approvals import Policy
from invoicing.following import Follower
from invoicing.lifecycle.application import Invoices
from invoicing.lifecycle.case import InvoiceCase
from invoicing.lifecycle.decisions import escalation
from invoicing.open_steps import OpenStep, OpenSteps

_Case = InvoiceCase
CASES_PER_READ = 200
TOPICS = tuple(get_topic(event_class) for event_class in (
    _Case.ApprovalRequested, _Case.InvoiceCertified, _Case.InvoiceApproved, _Case.InvoiceDenied,
    _Case.ClarificationRequested, _Case.ClarificationAnswered, _Case.StepReassigned, _Case.InvoiceAssignedToUnit,
    _Case.InvoiceReturnedToSupplier, _Case.InvoiceRejected, _Case.EscalationRaised))
"""The stored topics of the events that open, change or close an approval step (or its next check)."""


def row_for(case: InvoiceCase, policy: Policy, now) -> OpenStep | None:
    """The open-steps row of `case` (None when no step is open), with escalation's next check after `now`."""
    step = case.open_step
    if step is None:
        return None
    assert case.progress is not None  # a case with an open step is routed
    return OpenStep(case_id=case.id, version=case.version, unit=case.progress.route.unit, step=step.index,
                    kind=step.kind, person=step.assignee.person, group=step.assignee.group,
                    since=escalation.step_started(case), check_after=escalation.next_check(case, policy, now))


class StepIndexer:
    """Follows the log from its own position and writes the open-steps rows of the cases each batch touched."""

    topics: Sequence[str] = TOPICS
    decoded = False  # the stream ids of the notifications are all it needs

    def __init__(self, invoices: Invoices, open_steps: OpenSteps, *, batch_size: int = 500):
        self.invoices = invoices
        self.open_steps = open_steps
        self.name = f"{invoices.name}.open_steps"
        self.follower = Follower(invoices, self, batch_size=batch_size)

    def position(self) -> int:
        return self.open_steps.max_tracking_id(self.name) or 0

    def apply(self, batch: list, end: int) -> None:
        """Write the rows of the cases `batch` touched (or their removal) with position `end`."""
        now, rows, closed = self.invoices.clock(), [], []
        touched = list(dict.fromkeys(notification.originator_id for _, notification in batch))
        for case_id, case in self._cases(touched):
            row = row_for(case, self.invoices.policy, now)
            if row is None:
                closed.append((case_id, case.version))
            else:
                rows.append(row)
        self.open_steps.record(rows=rows, closed=closed, tracking=Tracking(self.name, end))

    def _cases(self, case_ids: list) -> Iterator[tuple]:
        """(id, case) for `case_ids`, read a share at a time in one query each (one query per case cost the
        pipeline more than the rest of indexing)."""
        for start in range(0, len(case_ids), CASES_PER_READ):
            share = case_ids[start:start + CASES_PER_READ]
            cases = self.invoices.get_cases(share)
            for case_id in share:
                found = cases.get(case_id)
                yield case_id, found if found is not None else self.invoices.get_case(case_id)

    def follow_once(self) -> int:
        """Index the next batch of events; returns how many were read (0 when caught up)."""
        return self.follower.follow_once()

    def catch_up(self) -> int:
        """Index everything not yet indexed; returns how many events were read."""
        return self.follower.catch_up()

    def forget_position(self) -> None:
        """Read the position from the table again next time (after a failure)."""
        self.follower.forget_position()
