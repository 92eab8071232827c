"""Migration: give cases validated before `InvoiceValidated` v2 their facts, by a recorded event.

Older streams are never rewritten. For every accepted case whose validation recorded no facts,
the original is read once (the reader of today, named in `source`) and `InvoiceFactsRecorded` is
appended, with the case's status at that moment. From then on every view, export and audit
replays from the events alone. Safe to run again: a case with facts gets nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from eventsourcing.utils import get_topic

from invoicing.documents import DocumentCorrupted, DocumentNotFound
from invoicing.lifecycle.case import InvoiceCase
from invoicing.lifecycle.errors import IntegrityAlarm, LifecycleError
from invoicing.lifecycle.reading import accounting_facts

MIGRATION = "system:migration"
"""`by` of the events the migration records."""

VALIDATED = get_topic(InvoiceCase.InvoiceValidated)
PAGE = 1000


@dataclass
class Migrated:
    """What the migration did: cases given facts, and cases it could not (with why)."""

    recorded: list[UUID] = field(default_factory=list)
    skipped: list[tuple[UUID, str]] = field(default_factory=list)


def record_missing_facts(invoices) -> Migrated:
    """Append `InvoiceFactsRecorded` to every accepted case validated without facts (see the module docstring)."""
    result, position = Migrated(), 0
    while True:
        page = invoices.recorder.select_notifications(start=position, limit=PAGE, topics=[VALIDATED],
                                                      inclusive_of_start=False)
        for notification in page:
            event = invoices.mapper.to_domain_event(notification)
            if event.accepted and event.facts is None:
                _migrate(invoices, event.originator_id, result)
        if len(page) < PAGE:
            return result
        position = page[-1].id


def _migrate(invoices, case_id: UUID, result: Migrated) -> None:
    try:
        case = invoices.get_case(case_id)
        if case.accounting is not None:
            return
        facts = accounting_facts(invoices.documents.get(case.content_hash), case.received_at)
    except (DocumentNotFound, DocumentCorrupted, IntegrityAlarm) as error:
        result.skipped.append((case_id, f"its original or history cannot be used: {error}"))
        return
    if facts is None:
        result.skipped.append((case_id, "its original cannot be read as an invoice"))
        return
    try:
        if invoices.record_facts(case_id, facts, source=f"original {case.content_hash}, read by the reader of "
                                                        "einvoice-receiving", by=MIGRATION):
            result.recorded.append(case_id)
    except LifecycleError as error:
        result.skipped.append((case_id, error.message))
