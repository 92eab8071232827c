"""Retention: which cases are past their retention period, and which are under a legal hold.

Nothing is ever deleted; this only lists. The period runs from the end of the calendar year in
which the invoice was received (as § 147 (4) AO counts it) for `years` years: 8 for receipts
under current tax law (§ 147 (3) AO since 2025), 10 for municipal books (the default,
`INVOICING_RETENTION_YEARS`). A case under a legal hold (`LegalHoldPlaced`, until
`LegalHoldLifted`) is listed with the hold: it must be kept whatever its period says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from eventsourcing.utils import get_topic

from invoicing.lifecycle.case import InvoiceCase
from invoicing.lifecycle.errors import IntegrityAlarm

RECEIVED = get_topic(InvoiceCase.InvoiceReceived)
PAGE = 1000


def kept_until(received_at: datetime, years: int) -> date:
    """The last day a case received at `received_at` must be kept: 31 December of the receipt's year + `years`."""
    return date(received_at.year + years, 12, 31)


@dataclass(frozen=True)
class PastRetention:
    """A case whose retention period has ended (on the day asked), and whether a legal hold keeps it."""

    case_id: UUID
    received_at: datetime
    until: date
    status: str
    held: bool
    hold_reason: str | None = None


def past_retention(invoices, *, today: date, years: int) -> list[PastRetention]:
    """Every case kept past its retention period on `today`, oldest first (see the module docstring)."""
    found, position = [], 0
    while True:
        page = invoices.recorder.select_notifications(start=position, limit=PAGE, topics=[RECEIVED],
                                                      inclusive_of_start=False)
        for notification in page:
            received = invoices.mapper.to_domain_event(notification)
            until = kept_until(received.received_at, years)
            if until >= today:
                continue
            try:
                case = invoices.get_case(received.originator_id)
            except IntegrityAlarm:
                found.append(PastRetention(received.originator_id, received.received_at, until, "integrity-alarm",
                                           True, "integrity alarm: kept for the investigation"))
                continue
            hold = case.legal_hold
            found.append(PastRetention(case.id, received.received_at, until, case.status, hold is not None,
                                       hold["reason"] if hold else None))
        if len(page) < PAGE:
            return sorted(found, key=lambda item: item.received_at)
        position = page[-1].id
