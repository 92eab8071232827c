"""Where an invoice stands, in words a supplier can act on (API and pages share this)."""

from __future__ import annotations

from invoicing.lifecycle.case import InvoiceCase
from web.i18n import status_name, step_name
from web.refusals import read_error

SUPPLIER_SEES = {"duplicate-suspected": "accepted"}
"""Statuses a supplier is shown differently: a suspected duplicate is found by comparing with invoices that
others may have sent, so it stays the city's business until a person decides (then "duplicate") — unless
the earlier invoice is the supplier's own (`own_duplicate`), which they may be told of."""


def shown_status(status: str, internal: bool, own_duplicate: bool = False) -> str:
    """The status as `internal` readers (the city) or the supplier see it.

    A supplier sees "duplicate-suspected" (suspected duplicate, under review) only when the earlier
    invoice with the same number is one they sent themselves; otherwise "accepted", so that nobody
    learns that another submitter sent an invoice with that number.
    """
    if internal or (status == "duplicate-suspected" and own_duplicate):
        return status
    return SUPPLIER_SEES.get(status, status)


def case_status(case: InvoiceCase, internal: bool) -> str:
    """The status of `case` as `internal` readers or its supplier see it."""
    return shown_status(case.status, internal, bool(getattr(case, "duplicate_own", None)))


_HINT = {
    "de": "Bitte korrigieren Sie die genannten Punkte und senden Sie die Rechnung erneut.",
    "en": "Please correct the points named and send the invoice again.",
}


def messages(case: InvoiceCase, report: dict | None, lang: str) -> list[dict]:
    """The validation messages for people: errors first, each with rule id and what to fix."""
    found: list[dict] = []
    if case.unreadable:
        message, hint = read_error(case.unreadable["code"], case.unreadable["message"], case.unreadable["hint"], lang)
        found.append({"level": "error", "rule_id": case.unreadable["code"], "message": message, "hint": hint})
    for finding in (report or {}).get("findings", ()):
        if finding.get("level") not in ("error", "warning") or (case.unreadable and finding.get("layer") == "intake"):
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
    status = case_status(case, internal)
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
        "rejection": rejection_text(case, lang),
        "returned": case.returned["reason"] if case.returned else None,
        "corrects": str(case.corrects) if getattr(case, "corrects", None) else None,
        "corrections": [str(item) for item in getattr(case, "corrections", ())],
        "hint": _HINT[lang] if case.status in ("rejected", "not-recognised") else None,
        "steps": [{"step": step, "name": step_name(step, lang),
                   "decision": (lambda d: {"outcome": d.outcome, "by": d.by, "at": d.at.isoformat()} if d else None)(
                       case.decision_on(step))} for step in case.steps],
        "current_step": case.current_step,
        "links": {"report": f"/api/invoices/{case.id}/report", "original": f"/api/invoices/{case.id}/original"},
        **({"messages": messages(case, report, lang)} if report is not None or case.unreadable else {}),
    }


def rejection_text(case: InvoiceCase, lang: str) -> str | None:
    """Why the invoice was rejected, in `lang` (the pipeline records the reason in English; a person's own words stay)."""
    if not case.rejection:
        return None
    if case.rejection["by"].startswith("system:") and lang == "de":
        if case.unreadable:
            return read_error(case.unreadable["code"], "", "", "de")[0]
        return "Die Prüfung hat Fehler gefunden; die Meldungen unten sagen, was zu korrigieren ist."
    return case.rejection["reason"]
