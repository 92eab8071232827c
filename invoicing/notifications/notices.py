"""What an event on an invoice means for people: who is told (logins, or the supplier) and in which words.

Pure: a function of the case (as it is now), the event and the policy in force. A step that opened is
told to whoever may act on it now (assignees and active deputies); an escalation to its target (person
or group members), with the reasons; a question to its addressee (a login, the supplier, or the step's
people); an answer to whoever asked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from invoicing.approvals import Assignee, Message, Policy, who_may_act
from invoicing.approvals.history import ClarificationRequested
from invoicing.approvals.wording import STEP_NAMES
from invoicing.lifecycle.case import InvoiceCase

_Case = InvoiceCase
_STEP_EVENTS = (_Case.ApprovalRequested, _Case.InvoiceCertified, _Case.StepReassigned, _Case.InvoiceAssignedToUnit)


@dataclass(frozen=True)
class Notice:
    """Who is told (`logins`; `supplier` True for the supplier) about what (`about`), and the words."""

    about: str
    subject: Message
    body: Message
    logins: tuple[str, ...] = ()
    supplier: bool = False
    question: int | None = None  # the number of the question on the case (its mail may be answered)
    extra: dict = field(default_factory=dict)


def notice_for(case: InvoiceCase, event, policy: Policy, at: datetime) -> Notice | None:
    """The notice the event `event` of `case` calls for now, or None (nobody to tell, or nothing open anymore)."""
    label = case.number or case.submissions[0].filename
    if isinstance(event, _STEP_EVENTS) and type(event) is not _Case.InvoiceApproved:
        step = case.open_step
        if step is None or (isinstance(event, _Case.InvoiceCertified) and event.index is None):
            return None
        logins = tuple(dict.fromkeys(actor.login for actor in who_may_act(step, policy, at)))
        name = STEP_NAMES.get(step.kind, (step.kind, step.kind))
        recognition = case.recognition
        assert recognition is not None  # a case with an open step was recognised
        return Notice("step-opened", Message(de=f"Rechnung {label}: „{name[0]}“ wartet auf Sie",
                                             en=f"Invoice {label}: '{name[1]}' waits for you"),
                      Message(de=f"Die Rechnung {label} ({recognition.get('seller_name') or '–'}) wartet im "
                                 f"Schritt „{name[0]}“ auf Sie. Sie finden sie in Ihrem Posteingang.",
                              en=f"The invoice {label} ({recognition.get('seller_name') or '–'}) waits for "
                                 f"you at the step '{name[1]}'. You find it in your inbox."), logins)
    if isinstance(event, _Case.EscalationRaised):
        target = Assignee(**event.target)
        logins = tuple(person.login for person in policy.members(target))
        reasons_de = "; ".join(reason["message"]["de"] for reason in event.reasons)
        reasons_en = "; ".join(reason["message"]["en"] for reason in event.reasons)
        return Notice("escalated", Message(de=f"Eskalation: Rechnung {label}", en=f"Escalation: invoice {label}"),
                      Message(de=f"Die Rechnung {label} wurde Ihnen vorgelegt. Grund: {reasons_de}",
                              en=f"The invoice {label} was escalated to you. Reason: {reasons_en}"), logins)
    if isinstance(event, _Case.ClarificationRequested):
        number = sum(1 for record in case.approvals if isinstance(record, ClarificationRequested)
                     and record.at <= event.timestamp)
        subject = Message(de=f"Rückfrage zur Rechnung {label}", en=f"Question on invoice {label}")
        body = Message(de=f"Zur Rechnung {label} gibt es eine Rückfrage: {event.question}",
                       en=f"There is a question on invoice {label}: {event.question}")
        if event.addressed_to == "supplier":
            body = Message(de=body.de + " Bitte antworten Sie im Portal bei der Rechnung oder auf diese E-Mail.",
                           en=body.en + " Please answer in the portal at the invoice, or reply to this e-mail.")
            return Notice("question", subject, body, supplier=True, question=number)
        if event.addressed_to:
            return Notice("question", subject, body, (event.addressed_to,), question=number)
        step = case.open_step
        logins = tuple(actor.login for actor in who_may_act(step, policy, at)) if step else ()
        return Notice("question", subject, body, tuple(login for login in logins if login != event.by),
                      question=number)
    if isinstance(event, _Case.ClarificationAnswered):
        asked = next((record for record in reversed(case.approvals) if isinstance(record, ClarificationRequested)
                      and record.step == event.step and record.at <= event.timestamp), None)
        if asked is None:
            return None
        return Notice("answer", Message(de=f"Antwort auf Ihre Rückfrage zur Rechnung {label}",
                                        en=f"Answer to your question on invoice {label}"),
                      Message(de=f"Ihre Rückfrage „{asked.question}“ wurde beantwortet: {event.answer}",
                              en=f"Your question '{asked.question}' was answered: {event.answer}"), (asked.by,))
    return None
