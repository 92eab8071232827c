"""What each actor does, without Dramatiq: plain functions of (services, ids), each safe to run twice.

A step first looks at the case: work that the history shows done is not done again. Reading and
validating are pure functions of the original, so doing them twice (two deliveries racing) gives
the same facts, and the application records them once.

`process_submission` parses the original once, in the budgeted child (`check_file`: reading,
recognition, accounting facts and validation all on the same tree), and records recognition,
report, invoice number, route and — unless the notice goes out by mail — the supplier's notice in
one transaction (`Invoices.record_check`). An accepted invoice sent by upload or API thus costs two
write transactions in all (received; checked and routed), one by mail three (the notice mail is
sent before its event is recorded, by `notify_supplier`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta
from functools import cache
from importlib import metadata
from pathlib import Path
from uuid import UUID

from invoicing.approvals.clock import city_day
from invoicing.bootstrap import Services
from invoicing.lifecycle.accounting import CaseFacts
from invoicing.lifecycle.case import InvoiceCase, Status
from invoicing.lifecycle.decisions.escalation import city_midnight
from invoicing.lifecycle.facts import Recognition, Unreadable, Verdict
from invoicing.lifecycle.reading import read_once, routing_facts
from invoicing.open_steps.indexer import row_for
from workers.budget import Budget, OverBudget, within_budget
from workers.retrying import reason_of

CLAIM_BATCH = 1000
"""How many due open steps the escalation sweep takes from the table at a time."""


@cache
def engine() -> str:
    """Which validation engine produced a report, with the product version that contains it."""
    return f"validators.engine (einvoice-receiving {metadata.version('einvoice-receiving')})"


def process_submission(services: Services, case_id: UUID) -> None:
    """Check a received file within the document budget and record the check, its route and (unless it goes
    by mail) the supplier's notice in one transaction (nothing if already validated). A file over budget is
    recorded as not readable and rejected, saying why."""
    invoices = services.invoices
    case = invoices.get_case(case_id)
    if case.verdict is not None:
        return
    content = invoices.documents.get(case.content_hash)
    settings = services.settings
    budget = Budget(settings.document_cpu_seconds, settings.document_memory_mb * 1024 * 1024)
    try:
        (found, report, facts), _ = within_budget(
            check_file, (content, case.received_at, settings.receiving_policy_file), budget)
    except OverBudget as over:
        (found, report), facts = over_budget(over, len(content)), None
    verdict = Verdict(report, engine(), facts)
    routing = CaseFacts.model_validate(facts).invoice if facts is not None and verdict.accepted else None
    invoices.record_check(case_id, found, verdict, facts=routing, notice=_notice_recorded_with(services), case=case)


def _notice_recorded_with(services: Services):
    """The notice of a case recorded with its check: None for a case whose notice goes out by mail first."""
    def notice_for(case: InvoiceCase, about: str) -> tuple[str, str] | None:
        if services.mail is not None:
            from invoicing.mailbox.notices import answerable_submission

            if answerable_submission(case) is not None:
                return None
        return case.submissions[0].sender, notice(case, about)
    return notice_for


def check_file(work: tuple[bytes, datetime, Path | None]) -> tuple[Recognition | Unreadable, dict, dict | None]:
    """The work done under the document budget for (content, received at, receiving-policy file): what
    the file is, its validation report and its accounting facts (as data; facts None when unreadable).

    The original is parsed once: reading, recognition and facts come from one tree, and the validation
    checks that same tree. A file that cannot be read is handed to the engine whole, which says why in
    its report as it always does."""
    import time as clock
    from dataclasses import replace as replaced

    from invoicing.formats.safe_xml import MAX_XML_BYTES
    from validators import policy
    from validators.engine import Document, validate, validate_document

    content, received_at, policy_file = work
    started = clock.perf_counter()
    found, facts, read = read_once(content, received_at)
    rules = policy.load(policy_file)
    if read is None or len(read.xml) > MAX_XML_BYTES:
        report = validate(content, policy=rules)
    else:
        document = Document(read.xml, read.tree, read.recognition, read.embedded.xmp_profile if read.embedded else None)
        report = replaced(validate_document(document, policy=rules),
                          duration_ms=round((clock.perf_counter() - started) * 1000, 3))
    return found, report.to_dict(), facts.model_dump(mode="json") if facts else None


def over_budget(over: OverBudget, size: int) -> tuple[Unreadable, dict]:
    """The recognition and report of a file whose checking ran over its budget."""
    from validators.report import Finding, ValidationReport

    spent = {"cpu": f"{over.budget.cpu_seconds:g} seconds of CPU time",
             "time": f"{over.budget.wall_seconds:g} seconds",
             "memory": f"{over.budget.memory_bytes // 1024 ** 2:,} MB of memory"}[over.reason]
    found = Unreadable("over-budget", f"Checking the file ({size:,} bytes) took more than {spent}, the limit for one "
                                      "document; it was stopped and not checked further.",
                       "Real invoices are checked in well under a second: please send the invoice as your invoicing "
                       "software produces it, without unusual nesting or very large embedded documents.")
    german = (f"Die Prüfung der Datei ({size:,} Bytes) überschritt die Grenze für ein Dokument und wurde abgebrochen. "
              "Bitte senden Sie die Rechnung so, wie Ihre Rechnungssoftware sie erzeugt, ohne ungewöhnliche "
              "Verschachtelung oder sehr große eingebettete Dokumente.")
    report = ValidationReport(accepted=False, scenario="not recognised", syntax=None, customization_id=None,
                              findings=(Finding("INTAKE-over-budget", "error", f"{found.message} {found.hint}",
                                                "intake", message_de=german),),
                              rule_sets=(), kosit_accepted=False)
    return found, report.to_dict()


def route_invoice(services: Services, case_id: UUID) -> None:
    """Route an accepted invoice by the approval policy, on the facts recorded at validation (else read again)."""
    invoices = services.invoices
    case = invoices.get_case(case_id)
    if case.status != Status.ACCEPTED or case.inbox is not None:
        return
    recorded = case.accounting_facts
    facts = recorded.invoice if recorded else routing_facts(invoices.documents.get(case.content_hash))
    invoices.route(case_id, facts)


def escalate_due(services: Services, send: Callable[[UUID], object]) -> int:
    """The periodic sweep: send `send(case_id)` (its result ignored) for every open step escalation should look at now.

    Each case taken is leased until `redeliver_after` from now, so the next sweep does not send it
    again while its message waits; `escalate_invoice` then sets when to look next.
    """
    now = services.invoices.clock()
    until, sent = now + timedelta(seconds=services.settings.redeliver_after), 0
    while True:
        case_ids = services.open_steps.claim_due(now, until=until, limit=CLAIM_BATCH)
        for case_id in case_ids:
            send(case_id)
        sent += len(case_ids)
        if len(case_ids) < CLAIM_BATCH:
            return sent


def escalate_invoice(services: Services, case_id: UUID) -> None:
    """Raise what is due on one invoice's open step (once per reason) and note when to look at it next."""
    invoices = services.invoices
    invoices.escalate(case_id)
    now = invoices.clock()
    row = row_for(invoices.get_case(case_id), invoices.policy, now)
    if row is None:
        return  # the step closed meanwhile; the indexer removes the row
    if row.check_after is not None and row.check_after <= now:  # nothing more became due: look again tomorrow
        row = replace(row, check_after=city_midnight(city_day(now) + timedelta(days=1)))
    services.open_steps.put(row)


def notify_supplier(services: Services, case_id: UUID, about: str) -> None:
    """Tell the supplier about the case and record it; by mail when it came by mail (`invoicing.mailbox.notices`).

    The mail goes out before `SupplierNotified` is recorded, with a Message-ID fixed by (case, about):
    run again after a crash in between, the very same mail is sent again, never a different one.
    """
    invoices = services.invoices
    case = invoices.get_case(case_id)
    if about in case.notified:
        return
    recipient, message_id = case.submissions[0].sender, ""
    if services.mail is not None:
        from invoicing.mailbox.notices import mail_notice

        sent = mail_notice(invoices, services.mail, case, about)
        if sent is not None:
            recipient, message_id = sent
    invoices.notify_supplier(case_id, about=about, recipient=recipient, message=notice(case, about),
                             message_id=message_id)


def record_dead_letter(services: Services, message: dict, retry_info: dict) -> None:
    """Make a message that gave up visible on its case, with the reason, so a person can act."""
    arguments = message.get("args") or []
    if not arguments:
        return
    action = {"process_submission": "process", "route_invoice": "route"}.get(message.get("actor_name", ""))
    if action is None and message.get("actor_name") == "notify_people" and len(arguments) > 1:
        action = f"tell:{arguments[1]}"
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
        reason = (case.returned or {}).get("reason", "")  # as the mailed notice (`invoicing.mailbox.replies`)
        return f"Ihre Rechnung {number} geht an Sie zurück. / Your invoice {number} is returned: {reason}"
    return (f"Ihre Rechnung {number} wurde als Doppel erkannt und wird nicht erneut bezahlt. / "
            f"Your invoice {number} is a duplicate and will not be paid twice.")
