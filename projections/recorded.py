"""How the views read the invoice facts recorded in the events: the one place that knows where they are.

The facts the accounting views need (amounts, VAT breakdown BG-23, dates, terms, parties) are
recorded in the events, never read from the originals, so a view rebuilt years later is the same:

* `InvoiceValidated` v2 — `facts` of an accepted invoice (None when rejected, or for v1 events);
* `InvoiceFactsRecorded` — the migration event giving a case validated under v1 its facts later,
  with the case's `status` at that moment (views that keep rows only in some statuses use it).
"""

from __future__ import annotations

from typing import Any

from invoicing.lifecycle.accounting import CaseFacts
from invoicing.lifecycle.case import InvoiceCase, Status

_Case = InvoiceCase

FACTS_EVENTS = (_Case.InvoiceValidated, _Case.InvoiceFactsRecorded)
"""The events that may carry the facts."""


_READ: dict[int, tuple[Any, CaseFacts]] = {}
"""Facts read from events lately (by the event's id, with the event): every view of a batch reads the same."""


def facts_of(event: Any) -> CaseFacts | None:
    """The facts an event records (None when it records none), read once however many views ask."""
    data = getattr(event, "facts", None)
    if data is None or not getattr(event, "accepted", True):
        return None
    found = _READ.get(id(event))
    if found is not None and found[0] is event:
        return found[1]
    if len(_READ) >= 10_000:  # a batch's worth; the events themselves are kept alive by the batch
        _READ.clear()
    facts = _READ[id(event)] = (event, CaseFacts.model_validate(data))
    return facts[1]


def status_with(event: Any) -> str:
    """The case's status when the facts were recorded: accepted at validation, else as the migration recorded it."""
    return getattr(event, "status", None) or Status.ACCEPTED
