"""The verdict by mail: part of the notify-supplier work, sent once per case and notice.

The notify-supplier step calls `mail_notice` before it records `SupplierNotified`; the work
stays open until that event exists, so a crash before it sends the notice again — with the same
Message-ID (`uuid5(case id, "notice:<about>")`), the key that makes a repeat recognisable. The
notice goes to the first e-mail arrival of the case that may be answered; a case that came only
by upload, or only by automatic mail, gets no mail.
"""

from __future__ import annotations

from invoicing.lifecycle.case import InvoiceCase, Submission
from invoicing.mailbox import replies
from invoicing.mailbox.intake import CHANNEL
from invoicing.mailbox.ports import Outgoing


def answerable_submission(case: InvoiceCase) -> Submission | None:
    """The first arrival of `case` by a mail that may be answered, or None."""
    return next((item for item in case.submissions
                 if item.channel == CHANNEL and (item.evidence or {}).get("answer_to")), None)


def mail_notice(invoices, outgoing: Outgoing, case: InvoiceCase, about: str) -> tuple[str, str] | None:
    """Mail the notice `about` the case; (recipient, Message-ID), or None when it came by no answerable mail.

    Raises `Undeliverable` when the mail server refuses it for good (the work then dead-letters,
    which makes the refusal visible on the case).
    """
    submission = answerable_submission(case)
    if submission is None:
        return None
    report = validation_report(invoices, case) if about == "rejected" else None
    message = replies.notice(case, about, report, submission, outgoing, at=invoices.clock())
    outgoing.sender.send(message)
    assert submission.evidence is not None  # a mailed submission keeps its evidence
    return submission.evidence["answer_to"], message["Message-ID"]


def validation_report(invoices, case: InvoiceCase) -> dict | None:
    """The report recorded by the case's validation (None before it)."""
    for event in reversed(invoices.history(case.id)):
        if isinstance(event, InvoiceCase.InvoiceValidated):
            return event.report
    return None
