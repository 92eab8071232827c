"""Replaying a stream's events onto its aggregate, as eventsourcing's `project_aggregate` does.

eventsourcing's projector asserts `isinstance(event, CanMutateProtocol)` for every event: a runtime
Protocol check that costs 12 µs each (measured), a tenth of reading a case and about 6 ms for an
inbox page of 50 cases. Every event class of this project is an eventsourcing aggregate event, whose
`mutate` is the method the projector calls, so the check tells nothing here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def replay(aggregate: Any, events: Iterable[Any]) -> Any:
    """`aggregate` (None for a new stream) after each of `events` in turn; None when there are none."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate
