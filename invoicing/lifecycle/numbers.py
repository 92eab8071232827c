"""The invoice-number register: every accepted case that used one seller's invoice number.

One stream per (seller key, invoice number), with the deterministic id `keys.number_id(key)`.
Recording a use on it in the same transaction as the case's validation makes duplicate
detection race-free: two files with the same number validated at the same moment both try to
append the same version, one is refused and, retried, finds the other's use.

Stored topics: `invoicing.lifecycle.numbers:InvoiceNumber.InvoiceNumberFirstUsed` and
`…:InvoiceNumber.InvoiceNumberUsedAgain`; the upcasting policy of `invoicing.lifecycle.case` applies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from eventsourcing.domain import Aggregate

DUPLICATE_WINDOW = timedelta(days=548)
"""About 18 months: uses of the same number further apart than this are not suspicious."""


@dataclass(frozen=True)
class NumberUse:
    """One case that used the number, and when its file arrived."""

    case_id: UUID
    received_at: datetime


class InvoiceNumber(Aggregate):
    """The cases that used one seller's invoice number."""

    class InvoiceNumberFirstUsed(Aggregate.Created):
        """An accepted invoice used this seller's number for the first time."""

        key: str
        case_id: UUID
        received_at: datetime
        by: str

    class InvoiceNumberUsedAgain(Aggregate.Event):
        """Another accepted invoice used the same seller's number."""

        case_id: UUID
        received_at: datetime
        by: str

        def apply(self, register: InvoiceNumber) -> None:
            register.uses.append(NumberUse(self.case_id, self.received_at))

    def __init__(self, key: str, case_id: UUID, received_at: datetime):
        self.key = key
        self.uses = [NumberUse(case_id, received_at)]

    @classmethod
    def open(cls, number_id: UUID, change) -> InvoiceNumber:
        """Start the register `number_id` with its first use (an `InvoiceNumberFirstUsed` change)."""
        return cls._create(change.event, id=number_id, **change.attributes)

    def record(self, change) -> None:
        """Record a decided use as the register's next event."""
        self.trigger_event(change.event, **change.attributes)

    def used_by(self, case_id: UUID) -> bool:
        """True when `case_id` is already registered here."""
        return any(use.case_id == case_id for use in self.uses)

    def other_uses(self, case_id: UUID, received_at: datetime) -> list[NumberUse]:
        """Uses by other cases whose files arrived within `DUPLICATE_WINDOW` of `received_at`."""
        return [use for use in self.uses
                if use.case_id != case_id and abs(use.received_at - received_at) <= DUPLICATE_WINDOW]
