"""Where an invoice stands, in words a supplier can act on (API and pages share this)."""

from __future__ import annotations

from invoicing.lifecycle.case import InvoiceCase
from web.i18n import status_name, step_name

SUPPLIER_SEES = {"duplicate-suspected": "accepted"}
"""Statuses a supplier is shown differently: a suspected duplicate is found by comparing with invoices that
others may have sent, so it stays the city's business until a person decides (then "duplicate")."""


def shown_status(status: str, internal: bool) -> str:
    """The status as `internal` readers (the city) or the supplier see it."""
    return status if internal else SUPPLIER_SEES.get(status, status)


_HINT = {
    "de": "Bitte korrigieren Sie die genannten Punkte und senden Sie die Rechnung erneut.",
    "en": "Please correct the points named and send the invoice again.",
}


def messages(case: InvoiceCase, report: dict | None, lang: str) -> list[dict]:
    """The validation messages for people: errors first, each with rule id and what to fix."""
    found: list[dict] = []
    if case.unreadable:
        found.append({"level": "error", "rule_id": case.unreadable["code"],
                      "message": case.unreadable["message"], "hint": case.unreadable["hint"]})
    for finding in (report or {}).get("findings", ()):
        if finding.get("level") not in ("error", "warning"):
            continue
        text = finding.get("message_de") if lang == "de" and finding.get("message_de") else finding.get("message")
        found.append({"level": finding["level"], "rule_id": finding["rule_id"], "message": text,
                      "terms": list(finding.get("terms") or ())})
    for reason in (report or {}).get("not_run", ()):
        found.append({"level": "error", "rule_id": "NOT-RUN", "message": reason})
    found.sort(key=lambda item: item["level"] != "error")
    return found


def status_of(case: InvoiceCase, lang: str = "de", report: dict | None = None, *, internal: bool = True) -> dict:
    """The case as JSON: receipt, status (code and words), recognition, verdict, steps and decisions."""
    recognition = case.recognition or {}
    status = shown_status(case.status, internal)
    return {
        "case_id": str(case.id), "status": status, "status_text": status_name(status, lang),
        "received_at": case.received_at.isoformat(), "content_hash": case.content_hash, "size": case.size,
        "filename": case.submissions[0].filename, "channel": case.submissions[0].channel,
        "submissions": len(case.submissions),
        "number": recognition.get("number"), "seller_name": recognition.get("seller_name"),
        "amount_due": str(recognition["amount_due"]) if recognition.get("amount_due") is not None else None,
        "currency": recognition.get("currency"),
        "accepted": (case.verdict or {}).get("accepted"),
        "rule_sets": (case.verdict or {}).get("rule_sets", []),
        "rejection": case.rejection["reason"] if case.rejection else None,
        "returned": case.returned["reason"] if case.returned else None,
        "hint": _HINT[lang] if case.status in ("rejected", "not-recognised") else None,
        "steps": [{"step": step, "name": step_name(step, lang),
                   "decision": (lambda d: {"outcome": d.outcome, "by": d.by, "at": d.at.isoformat()} if d else None)(
                       case.decision_on(step))} for step in case.steps],
        "current_step": case.current_step,
        "links": {"report": f"/api/invoices/{case.id}/report", "original": f"/api/invoices/{case.id}/original"},
        **({"messages": messages(case, report, lang)} if report is not None or case.unreadable else {}),
    }
