"""A case's status as the views follow it: the same transitions as `InvoiceCase`'s events apply.

Kept as a table here (rather than by replaying the aggregate) so that views stay cheap to fold;
`tests/unit/projections/test_status.py` checks it against the aggregate on generated histories.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from invoicing.lifecycle.case import InvoiceCase, Status

_Case = InvoiceCase

CLOSED = frozenset({Status.REJECTED, Status.RETURNED, Status.DUPLICATE, Status.NOT_RECOGNISED})
"""Statuses in which the city owes nothing for the invoice (it will not be paid as sent)."""

PAYABLE = frozenset({Status.ACCEPTED, Status.DUPLICATE_SUSPECTED, Status.AWAITING_APPROVAL, Status.APPROVED,
                     Status.DENIED})
"""Accepted and not yet handed to accounting nor closed: the invoice is an open item."""

BOOKED = frozenset({Status.APPROVED, Status.EXPORTED})
"""Approved for payment (Anordnung given), exported or not."""

_TRANSITIONS: dict[type, Callable[[Any, Any], str | None]] = {
    _Case.InvoiceReceived: lambda event, status: Status.RECEIVED,
    _Case.InvoiceRecognised: lambda event, status: Status.RECOGNISED,
    _Case.InvoiceNotRecognised: lambda event, status: Status.NOT_RECOGNISED,
    _Case.InvoiceValidated: lambda event, status: Status.ACCEPTED if event.accepted else status,
    _Case.InvoiceRejected: lambda event, status: Status.REJECTED,
    _Case.DuplicateSuspected: lambda event, status: Status.DUPLICATE_SUSPECTED,
    _Case.DuplicateSuspicionDismissed: lambda event, status: Status.ACCEPTED,
    _Case.DuplicateConfirmed: lambda event, status: Status.DUPLICATE,
    _Case.ApprovalRequested: lambda event, status: Status.AWAITING_APPROVAL,
    _Case.InvoiceApproved: lambda event, status: Status.APPROVED,
    _Case.InvoiceDenied: lambda event, status: Status.DENIED,
    _Case.InvoiceReturnedToSupplier: lambda event, status: Status.RETURNED,
    _Case.InvoiceExported: lambda event, status: Status.EXPORTED,
    _Case.InvoiceProcessingFailed: lambda event, status: Status.PROCESSING_FAILED if event.action == "process"
    else status,
}

STATUS_EVENTS = tuple(_TRANSITIONS)
"""The event classes that can change a case's status."""

AFTER_ACCEPTANCE = tuple(event for event in STATUS_EVENTS
                         if event not in (_Case.InvoiceReceived, _Case.InvoiceRecognised, _Case.InvoiceNotRecognised))
"""The status events that can follow an invoice's acceptance (for views whose rows begin there)."""


def status_after(status: str | None, event: Any) -> str | None:
    """The status after `event`, given the status before it."""
    transition = _TRANSITIONS.get(type(event))
    return transition(event, status) if transition else status


def follow(case, event: Any, tables: tuple[str, ...], keep: frozenset[str]) -> None:
    """Move the `status` of the case's rows in `tables` along `event`; drop the rows once it leaves `keep`."""
    for table in tables:
        rows = case.all(table)
        if not rows:
            continue
        status = status_after(rows[0]["status"], event)
        if status not in keep:
            case.drop(table)
        else:
            for row in rows:
                row["status"] = status
