"""The invoice's history for the people who work on it: each event in one sentence of the page's language.

The auditors' timeline (`web.audit`, the audit page) shows every recorded attribute as recorded; the
invoice page tells what happened in words: reasons, questions and answers as people wrote them, the
pipeline's English records translated (rejections, unreadable files), codes named.
"""

from __future__ import annotations

from web.audit import Entry
from web.i18n import status_name, step_name, text
from web.refusals import read_error

_ABOUT = {"accepted": ("Annahme", "acceptance"), "rejected": ("Ablehnung", "rejection"),
          "returned": ("Rückgabe", "return"), "duplicate": ("Doppel", "duplicate")}
_TOLD = {"step-opened": ("offener Schritt", "step opened"), "escalated": ("Eskalation", "escalation"),
         "question": ("Rückfrage", "question"), "answer": ("Antwort", "answer"), "nobody": ("niemand", "nobody")}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def line(entry: Entry, lang: str) -> str:
    """What the event `entry` says, in one sentence of `lang` ("" when its name says it all)."""
    d, name = entry.details, entry.name
    said = {"de": "", "en": ""}
    if name in ("InvoiceReceived", "InvoiceReceivedAgain"):
        return f"{text('channel_' + d.get('channel', ''), lang)}: {d.get('filename', '')}"
    if name == "InvoiceRecognised":
        return f"{d.get('syntax', '')} {d.get('number') or ''} {d.get('seller_name') or ''}".strip()
    if name == "InvoiceNotRecognised":
        return read_error(d.get("code", ""), d.get("message", ""), d.get("hint", ""), lang)[0]
    if name == "InvoiceValidated":
        return status_name("accepted" if d.get("accepted") else "rejected", lang)
    if name == "InvoiceRejected":
        if entry.by.startswith("system:"):
            return text("rejected_by_check", lang)
        return d.get("reason", "")
    if name in ("DuplicateSuspicionDismissed", "DuplicateConfirmed", "InvoiceReturnedToSupplier", "LegalHoldPlaced",
                "LegalHoldLifted"):
        return d.get("reason", "")
    if name == "ApprovalRequested":
        explanation = (d.get("route") or {}).get("explanation") or {}
        return explanation.get(lang) or explanation.get("de") or ""
    if name in ("InvoiceCertified", "InvoiceApproved"):
        parts = [step_name(d.get("step", ""), lang)]
        if d.get("on_behalf_of"):
            parts.append(f"{text('for', lang)} {d['on_behalf_of']}")
        if d.get("assignment"):
            rows = "; ".join(f"{row.get('cost_centre')}/{row.get('account')}" for row in d["assignment"])
            parts.append(f"{text('kontierung', lang)} {rows}")
        if d.get("comment"):
            parts.append(f"„{d['comment']}“" if lang == "de" else f"“{d['comment']}”")
        return ", ".join(parts)
    if name == "InvoiceDenied":
        return f"{step_name(d.get('step', ''), lang)}: {d.get('reason', '')}"
    if name == "ClarificationRequested":
        target = d.get("addressed_to")
        who = text("supplier_role", lang) if target == "supplier" else target
        return f"{d.get('question', '')}" + (f" ({text('addressed', lang)} {who})" if who else "")
    if name == "ClarificationAnswered":
        return d.get("answer", "")
    if name == "StepReassigned":
        to = d.get("to") or {}
        return f"{step_name(d.get('kind', ''), lang)} → {to.get('person') or to.get('group')}: {d.get('reason', '')}"
    if name == "InvoiceAssignedToUnit":
        return f"{d.get('unit', '')}: {d.get('reason', '')}"
    if name == "EscalationRaised":
        return "; ".join((reason.get("message") or {}).get(lang, "") for reason in d.get("reasons", []))
    if name == "SupplierNotified":
        return f"{_pick(_ABOUT.get(d.get('about', ''), (d.get('about', ''),) * 2), lang)} → {d.get('recipient', '')}"
    if name == "PeopleNotified":
        who = ", ".join(item.get("login", "") for item in d.get("recipients", [])) or "–"
        return f"{_pick(_TOLD.get(d.get('about', ''), (d.get('about', ''),) * 2), lang)}: {who}"
    if name == "CorrectionReceived":
        return f"{text('corrects_text', lang)} {d.get('corrects', '')}"
    if name == "CorrectionArrived":
        return f"{text('correction_arrived', lang)} {d.get('correction', '')}"
    if name == "InvoiceExported":
        return f"{d.get('target', '')}, {d.get('batch', '')}"
    if name == "InvoiceProcessingFailed":
        return text("see_audit", lang)
    return said[lang] if lang in said else ""
