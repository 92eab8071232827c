"""What to do with a mail: pure functions of the mail's facts and its stream, tested without servers.

* `mail_key` — the natural key: the Message-ID (with a fingerprint of the attachments, so a
  sender reusing a Message-ID for different invoices loses nothing); without a Message-ID the
  SHA-256 of the mail's bytes, which do not change while it sits in the mailbox.
* `silence` — why a mail must get no answer at all (no mail loops, RFC 3834): bounces and
  delivery reports, automatic mail (`Auto-Submitted` other than "no", `X-Autoreply`,
  `Precedence: bulk/junk/list`, Microsoft's `X-Auto-Response-Suppress`), mailing lists, mail
  from the intake's own address, and mail without a usable address.
* `plan` — outcome, attachments to submit, answer and folder, decided before anything is done;
  `rate_limited` drops the answer when its address had `ANSWERS_PER_ADDRESS` within the hour.
* `due` — which steps a mail's stream still lacks (the intake does exactly those, in order).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import timedelta

from invoicing.mailbox.attachments import is_invoice
from invoicing.mailbox.mail import ReceivedMail
from invoicing.mailbox.reading import IncomingMail

BOUNCE_SENDERS = ("mailer-daemon", "postmaster", "mail-daemon")
"""Local parts of the senders of delivery reports."""

_ADDRESS = re.compile(r"^[^@\s<>,;\"]+@[^@\s<>,;\"]+\.[A-Za-z0-9-]{2,}$")

SUBMIT, ANSWER, FILE, MOVE = "submit", "answer", "file", "move"


@dataclass(frozen=True)
class Plan:
    """What the intake does with one mail, decided before any side effect."""

    outcome: str  # "invoices", "no-invoice" or "bounce"
    invoices: tuple[int, ...]  # indexes of the attachments to submit (each distinct content once)
    answer: str  # "receipt", "no-invoice" or "" (none)
    answer_to: str  # where the answer goes ("" when none)
    silence: str  # why there is no answer ("" when there is one)
    folder: str  # where the mail is filed


def mail_key(mail: IncomingMail) -> str:
    """The natural key of `mail` (see the module docstring)."""
    if not mail.message_id:
        return f"sha256:{mail.raw_sha256}"
    fingerprint = hashlib.sha256("\n".join(item.sha256 for item in mail.attachments).encode()).hexdigest()
    return f"{mail.message_id}|{fingerprint}"


def is_bounce(mail: IncomingMail) -> bool:
    """True for delivery status reports and other mail from mail systems themselves."""
    if mail.headers.get("return-path", "").replace(" ", "") == "<>":
        return True
    if mail.from_address.split("@", 1)[0].lower() in BOUNCE_SENDERS:
        return True
    return mail.content_type == "multipart/report"


def answer_to(mail: IncomingMail) -> str:
    """Where an answer goes: the From address of the mail that carried the invoice, else its envelope sender
    (Return-Path, as the receiving server recorded it); "" when neither is usable. Never a Reply-To: it
    would let anyone have the city mail receipts to a third party of their choosing."""
    envelope = mail.headers.get("return-path", "").strip().strip("<>").strip()
    for address in (mail.from_address, envelope):
        if address and _ADDRESS.match(address):
            return address
    return ""


ANSWERS_PER_ADDRESS = 20
"""Answers one address gets at most within `ANSWER_WINDOW`; later mails are taken in but not answered."""

ANSWER_WINDOW = timedelta(hours=1)


def rate_limited(decided: Plan, answers_in_window: int) -> Plan:
    """`decided` without its answer when this would be answer number `answers_in_window` > the limit to its address."""
    if not decided.answer or answers_in_window <= ANSWERS_PER_ADDRESS:
        return decided
    return replace(decided, answer="", answer_to="", silence="rate-limited")


def silence(mail: IncomingMail, own_addresses: Collection[str]) -> str:
    """Why `mail` must not be answered ("" when it may be)."""
    headers = mail.headers
    if is_bounce(mail):
        return "bounce"
    if headers.get("auto-submitted", "no").split(";")[0].strip().lower() != "no":
        return "auto-submitted"
    if "x-autoreply" in headers or "x-autorespond" in headers:
        return "auto-reply"
    if headers.get("precedence", "").strip().lower() in ("bulk", "junk", "list", "auto_reply"):
        return "bulk"
    suppress = {word.strip().lower() for word in headers.get("x-auto-response-suppress", "").split(",")}
    if suppress & {"all", "autoreply"}:
        return "auto-response-suppressed"
    if "list-id" in headers:
        return "mailing-list"
    address = answer_to(mail)
    if not address:
        return "no-address"
    own = {item.lower() for item in own_addresses}
    if address.lower() in own or mail.from_address.lower() in own:
        return "own-address"
    return ""


def plan(mail: IncomingMail, kinds: list[str], *, own_addresses: Collection[str], processed: str,
         no_invoice: str) -> Plan:
    """Decide what happens to `mail` whose attachments are of `kinds` (in order)."""
    reason = silence(mail, own_addresses)
    if reason == "bounce":  # never look into delivery reports: they quote other mails
        return Plan("bounce", (), "", "", reason, no_invoice)
    seen: set[str] = set()
    invoices: list[int] = []
    for index, (attachment, kind) in enumerate(zip(mail.attachments, kinds)):
        if is_invoice(kind) and attachment.sha256 not in seen:
            seen.add(attachment.sha256)
            invoices.append(index)
    answer = "" if reason else ("receipt" if invoices else "no-invoice")
    return Plan("invoices" if invoices else "no-invoice", tuple(invoices), answer,
                "" if reason else answer_to(mail), reason, processed if invoices else no_invoice)


def due(record: ReceivedMail, uid_validity: int, uid: int) -> tuple[str, ...]:
    """The steps still to do for the copy `uid` of the mail `record`, in the order they must happen."""
    steps = []
    if record.invoices and record.case_ids is None:
        steps.append(SUBMIT)
    if record.answer and not record.answered:
        steps.append(ANSWER)
    if not record.has_filed(uid_validity, uid):
        steps.append(FILE)
    steps.append(MOVE)  # always: the copy is still in the inbox, or it would not have been fetched
    return tuple(steps)
