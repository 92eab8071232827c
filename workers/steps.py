"""What each actor does, without Dramatiq: plain functions of (services, ids), each safe to run twice.

A step first looks at the case: work that the history shows done is not done again. Reading and
validating are pure functions of the original, so doing them twice (two deliveries racing) gives
the same facts, and the application records them once.
"""

from __future__ import annotations

from functools import cache
from importlib import metadata
from uuid import UUID

from invoicing.bootstrap import Services
from invoicing.lifecycle.case import InvoiceCase
from invoicing.lifecycle.facts import Verdict
from invoicing.lifecycle.reading import recognise_file
from workers.retrying import reason_of


@cache
def engine() -> str:
    """Which validation engine produced a report, with the product version that contains it."""
    return f"validators.engine (einvoice-receiving {metadata.version('einvoice-receiving')})"


def process_submission(services: Services, case_id: UUID) -> None:
    """Recognise and validate a received file, and record both (nothing if already validated)."""
    from validators.engine import validate

    invoices = services.invoices
    case = invoices.get_case(case_id)
    if case.verdict is not None:
        return
    content = invoices.documents.get(case.content_hash)
    if case.recognition is None and case.unreadable is None:
        invoices.record_recognition(case_id, recognise_file(content))
    invoices.record_validation(case_id, Verdict(validate(content).to_dict(), engine()))


def route_invoice(services: Services, case_id: UUID) -> None:
    """Send an accepted invoice to its approval inbox (the default inbox until the policy exists)."""
    services.invoices.route(case_id)


def notify_supplier(services: Services, case_id: UUID, about: str) -> None:
    """Tell the supplier about the case and record it (the mail itself comes with the mailbox intake)."""
    invoices = services.invoices
    case = invoices.get_case(case_id)
    if about in case.notified:
        return
    invoices.notify_supplier(case_id, about=about, recipient=case.submissions[0].sender, message=notice(case, about))


def record_dead_letter(services: Services, message: dict, retry_info: dict) -> None:
    """Make a message that gave up visible on its case, with the reason, so a person can act."""
    arguments = message.get("args") or []
    if not arguments:
        return
    action = {"process_submission": "process", "route_invoice": "route"}.get(message.get("actor_name", ""))
    if action is None:
        action = f"notify:{arguments[1]}" if len(arguments) > 1 else str(message.get("actor_name"))
    services.invoices.record_processing_failure(UUID(arguments[0]), action=action, reason=reason_of(message),
                                                retries=int(retry_info.get("retries", 0)))


def notice(case: InvoiceCase, about: str) -> str:
    """The words the supplier gets (German first, as the city writes to its suppliers)."""
    number = case.number or case.submissions[0].filename
    if about == "accepted":
        return (f"Ihre Rechnung {number} ist eingegangen und formal in Ordnung; sie wird jetzt geprüft. / "
                f"Your invoice {number} was received and is formally valid; it is now being checked.")
    if about == "rejected":
        reason = (case.rejection or {}).get("reason", "")
        hint = (case.unreadable or {}).get("hint", "Bitte korrigieren und erneut senden. / Please correct and resend.")
        return (f"Ihre Rechnung {number} wurde abgelehnt. / Your invoice {number} was rejected: {reason} {hint}")
    if about == "returned":
        return f"Ihre Rechnung {number} geht an Sie zurück. / Your invoice {number} is returned: {case.returned['reason']}"
    return (f"Ihre Rechnung {number} wurde als Doppel erkannt und wird nicht erneut bezahlt. / "
            f"Your invoice {number} is a duplicate and will not be paid twice.")
