"""Which automatic work each event opens or closes: the rules behind the outbox.

Work is opened by the event that makes it due and closed by the event that shows it done (or
no longer needed), never by whoever carried it out. So the set of open work is a pure function
of the event log: it can be rebuilt from scratch, and after a crash it says exactly what is left.

| event                          | opens                      | closes                   |
|--------------------------------|----------------------------|--------------------------|
| InvoiceReceived                | process                    |                          |
| InvoiceValidated (accepted)    | route, notify:accepted     | process                  |
| InvoiceValidated (not accepted)|                            | process                  |
| InvoiceRejected                | notify:rejected            | process, route           |
| DuplicateSuspected             |                            | route                    |
| DuplicateSuspicionDismissed    | route                      |                          |
| DuplicateConfirmed             | notify:duplicate           |                          |
| ApprovalRequested              |                            | route                    |
| InvoiceReturnedToSupplier      | notify:returned            |                          |
| SupplierNotified (about X)     |                            | notify:X                 |
| InvoiceProcessingFailed (A)    |                            | A                        |
| ApprovalRequested, InvoiceCertified, StepReassigned, InvoiceAssignedToUnit, EscalationRaised, |
|   ClarificationRequested, ClarificationAnswered (at version V) | tell:V |                |
| PeopleNotified (version V)     |                            | tell:V                   |

`tell:V` tells the people the event at version V concerns (`invoicing.notifications`): whose step
opened, the escalation target, the addressee of a question, the asker of an answered one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from invoicing.lifecycle.case import InvoiceCase

PROCESS = "process"
ROUTE = "route"


def tell(version: int) -> str:
    """The action that tells people of the event at `version` of the case."""
    return f"tell:{version}"


def _telling(event) -> tuple[str, ...]:
    return (tell(event.originator_version),)


def notify(about: str) -> str:
    """The action that tells the supplier `about` something (accepted, rejected, returned, duplicate)."""
    return f"notify:{about}"


@dataclass(frozen=True)
class WorkChange:
    """The actions one event opens and closes on its case."""

    opened: tuple[str, ...] = ()
    closed: tuple[str, ...] = ()


_Case = InvoiceCase
_RULES: dict[type, Callable[[Any], WorkChange]] = {
    _Case.InvoiceReceived: lambda event: WorkChange((PROCESS,)),
    _Case.InvoiceValidated: lambda event: WorkChange((ROUTE, notify("accepted")) if event.accepted else (), (PROCESS,)),
    _Case.InvoiceRejected: lambda event: WorkChange((notify("rejected"),), (PROCESS, ROUTE)),
    _Case.DuplicateSuspected: lambda event: WorkChange((), (ROUTE,)),
    _Case.DuplicateSuspicionDismissed: lambda event: WorkChange((ROUTE,)),
    _Case.DuplicateConfirmed: lambda event: WorkChange((notify("duplicate"),)),
    _Case.ApprovalRequested: lambda event: WorkChange(_telling(event), (ROUTE,)),
    _Case.InvoiceCertified: lambda event: WorkChange(_telling(event)),
    _Case.StepReassigned: lambda event: WorkChange(_telling(event)),
    _Case.InvoiceAssignedToUnit: lambda event: WorkChange(_telling(event)),
    _Case.EscalationRaised: lambda event: WorkChange(_telling(event)),
    _Case.ClarificationRequested: lambda event: WorkChange(_telling(event)),
    _Case.ClarificationAnswered: lambda event: WorkChange(_telling(event)),
    _Case.PeopleNotified: lambda event: WorkChange((), (tell(event.version),)),
    _Case.InvoiceReturnedToSupplier: lambda event: WorkChange((notify("returned"),)),
    _Case.SupplierNotified: lambda event: WorkChange((), (notify(event.about),)),
    _Case.InvoiceProcessingFailed: lambda event: WorkChange((), (event.action,)),
}

TOPICS = tuple(get_topic(event_class) for event_class in _RULES)
"""The stored topics of the events that change work; the dispatcher reads only these."""


def work_change(event: Any) -> WorkChange:
    """What `event` opens and closes on its case (nothing for events that concern no automatic work)."""
    rule = _RULES.get(type(event))
    return rule(event) if rule else WorkChange()


def net_work(events: list[Any]) -> tuple[set[tuple[UUID, str]], set[tuple[UUID, str]]]:
    """The (case id, action) pairs a run of events leaves opened and closed, in log order.

    Work opened and closed within the same run appears in neither set's opposite: an accepted
    invoice that turns out to be a suspected duplicate in the same transaction is never routed.
    """
    state: dict[tuple[UUID, str], bool] = {}
    for event in events:
        change = work_change(event)
        for action in change.opened:
            state[(event.originator_id, action)] = True
        for action in change.closed:
            state[(event.originator_id, action)] = False
    opened = {key for key, is_open in state.items() if is_open}
    return opened, set(state) - opened
