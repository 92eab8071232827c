"""The actors: thin, idempotent, and they take ids. The work itself is in `workers.steps`.

`send(work)` turns an outbox item into the message for its actor; the dispatcher calls it.
"""

from __future__ import annotations

from uuid import UUID

import dramatiq

from workers.broker import broker  # noqa: F401  (configures the broker before the actors bind to it)

# isort: split
from invoicing.outbox import Work
from workers import notify, steps
from workers.context import services

QUEUE = "invoicing"
DEAD_LETTERS = "record_dead_letter"


@dramatiq.actor(queue_name=QUEUE, time_limit=120_000, on_retry_exhausted=DEAD_LETTERS)
def process_submission(case_id: str) -> None:
    """Recognise, validate and record one received file."""
    steps.process_submission(services(), UUID(case_id))


@dramatiq.actor(queue_name=QUEUE, time_limit=30_000, on_retry_exhausted=DEAD_LETTERS)
def route_invoice(case_id: str) -> None:
    """Send one accepted invoice to its approval inbox."""
    steps.route_invoice(services(), UUID(case_id))


@dramatiq.actor(queue_name=QUEUE, time_limit=30_000, on_retry_exhausted=DEAD_LETTERS)
def notify_supplier(case_id: str, about: str) -> None:
    """Tell the supplier about one case (accepted, rejected, returned, duplicate)."""
    steps.notify_supplier(services(), UUID(case_id), about)


@dramatiq.actor(queue_name=QUEUE, time_limit=30_000, on_retry_exhausted=DEAD_LETTERS)
def notify_people(case_id: str, version: int) -> None:
    """Tell the people one event of a case concerns (step opened, escalation, question, answer)."""
    notify.notify_people(services(), UUID(case_id), int(version))


@dramatiq.actor(queue_name=QUEUE, time_limit=300_000)
def send_digests() -> None:
    """The daily digest to everyone who chose it (once per person and day)."""
    current = services()
    notify.send_digests(current, lambda login: notify.inbox_lines(current, login))


@dramatiq.actor(queue_name=QUEUE, time_limit=300_000)
def escalate_due_invoices() -> None:
    """The periodic escalation sweep: one `escalate_invoice` message per open step that may be due now."""
    steps.escalate_due(services(), lambda case_id: escalate_invoice.send(str(case_id)))


@dramatiq.actor(queue_name=QUEUE, time_limit=30_000, on_retry_exhausted=DEAD_LETTERS)
def escalate_invoice(case_id: str) -> None:
    """Escalate one invoice's open step for what is due now (once per reason)."""
    steps.escalate_invoice(services(), UUID(case_id))


@dramatiq.actor(queue_name=QUEUE, time_limit=30_000)
def record_dead_letter(message: dict, retry_info: dict) -> None:
    """Record on the case that a message gave up, and why."""
    steps.record_dead_letter(services(), message, retry_info)


def send(work: Work) -> None:
    """Enqueue the message that carries out `work`."""
    case_id = str(work.case_id)
    if work.action == "process":
        process_submission.send(case_id)
    elif work.action == "route":
        route_invoice.send(case_id)
    elif work.action.startswith("notify:"):
        notify_supplier.send(case_id, work.action.removeprefix("notify:"))
    elif work.action.startswith("tell:"):
        notify_people.send(case_id, int(work.action.removeprefix("tell:")))
    else:
        raise ValueError(f"No actor carries out {work.action!r}.")
