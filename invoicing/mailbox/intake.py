"""`MailIntake`: mails from the IMAP inbox become submissions, answered once, filed once.

Per mail (one copy, fetched by UID from the inbox), in this order:

1. **Record** — read the mail, decide the plan (`decisions.plan`: which attachments are
   invoices, which answer, which folder) and record `MailReceived` on the stream
   `mail_id(mail_key)` (the Message-ID), *before any side effect*. A copy already known does
   nothing here; another copy of a recorded mail records `MailReceivedAgain` and nothing else.
2. **Submit** — each invoice attachment goes to `Invoices.receive_submission(channel="email")`
   with `received_at` and evidence taken from the recorded event, then `MailInvoicesSubmitted`.
3. **Answer** — the receipt (or the polite no-invoice answer) is composed from the recorded
   facts with a Message-ID derived from the stream id, sent by SMTP, then `MailAnswered`.
4. **File** — `MailFiled` records the folder, then the copy is moved there (IMAP `UID MOVE`).

The inbox is the work queue: a copy leaves it only in the last step, and `decisions.due` gives
exactly the steps its stream does not show done. So a crash (or `kill -9`) anywhere leaves the
copy in the inbox, and the next poll continues where the stream says:

* before 1 is stored: nothing happened; the mail is taken from scratch (same key, same stream id,
  and the stream's first event is written with optimistic concurrency, so never twice);
* between 1 and 2, or inside 2: the submissions are made again with the *recorded* time and
  evidence, so each is the same `Submission` value and `receive_submission` records nothing new
  for those already made (same bytes → same case; same arrival → no second event);
* between 2 and 3: the answer goes out on the next poll — not lost;
* between SMTP's "250 accepted" and `MailAnswered` (the only window that no local record can
  close, as SMTP has no transactions): the same answer, with the *same Message-ID*, is sent again.
  Receivers' mail systems see one message id; the tests count answers by Message-ID;
* between `MailFiled` and the move: the next poll finds nothing due but the move, and moves it;
* after the move: the copy is no longer in the inbox, so it is never fetched again.

Duplicates: the same mail delivered twice (same Message-ID and attachments) is one stream, one
set of submissions, one answer; both copies are filed. The same attachment in two different mails
is two arrivals on one case (`InvoiceReceivedAgain`), a receipt for each mail, one verdict.

The verdict is sent by the notify-supplier work (`invoicing.mailbox.notices`), once per case
and notice: `SupplierNotified` (recorded after the mail, with its Message-ID) closes that work.

Only one poller may run at a time (`workers.mailbox` holds a lock for it): two pollers could
both find an answer not yet recorded and both send it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from eventsourcing.application import AggregateNotFoundError

from invoicing.lifecycle.errors import LifecycleError
from invoicing.lifecycle.keys import submitter_key
from invoicing.mailbox import replies
from invoicing.mailbox.attachments import kind_of
from invoicing.mailbox.decisions import (
    ANSWER,
    ANSWER_WINDOW,
    FILE,
    MOVE,
    SUBMIT,
    due,
    mail_key,
    plan,
    rate_limited,
    silence,
)
from invoicing.mailbox.mail import ReceivedMail, mail_id
from invoicing.mailbox.ports import Mailbox, MailboxUnavailable, Outgoing, RawMail, Undeliverable
from invoicing.mailbox.reading import IncomingMail, read_mail
from invoicing.notifications.mails import question_replied
from invoicing.throttles import InMemoryThrottles, Throttles

CHANNEL = "email"
"""The `channel` of submissions that came by mail."""

UNKNOWN_SENDER = "unbekannt / unknown"

log = logging.getLogger(__name__)


class MailIntake:
    """Takes every mail in the inbox: record, submit, answer, file, move — each exactly once."""

    def __init__(self, invoices, mailbox: Mailbox, outgoing: Outgoing, *, processed: str = "Processed",
                 no_invoice: str = "NoInvoice", clock: Callable[[], datetime] | None = None,
                 throttles: Throttles | None = None):
        self.invoices = invoices
        self.throttles = throttles if throttles is not None else InMemoryThrottles()
        self.mailbox = mailbox
        self.outgoing = outgoing
        self.processed = processed
        self.no_invoice = no_invoice
        self.clock = clock or invoices.clock

    def poll_once(self, stop: threading.Event | None = None) -> int:
        """Take every mail now in the inbox; returns how many were taken.

        A mail whose handling fails stays in the inbox for the next poll (the others go on); when
        the mailbox itself fails, `MailboxUnavailable` ends the poll.
        """
        taken = 0
        for uid in self.mailbox.uids():
            if stop is not None and stop.is_set():
                break
            raw = self.mailbox.fetch(uid)
            if raw is None:
                continue
            try:
                self.take(raw)
                taken += 1
            except MailboxUnavailable:
                raise
            except Exception:
                log.exception("Mail UID %s could not be taken in; it stays in the inbox for the next poll.", uid)
        return taken

    def take(self, raw: RawMail) -> ReceivedMail:
        """Do whatever the mail `raw` still needs (see the module docstring), in order."""
        validity = self.mailbox.uid_validity()
        mail = read_mail(raw.content)
        record = self._find(mail_id(mail_key(mail)))
        if record is None:
            record = self._record(mail, raw, validity)
        elif not record.knows_copy(validity, raw.uid):
            record.receive_again(validity, raw.uid, raw.received_at, self.clock())
            self.invoices.save(record)
        for step in due(record, validity, raw.uid):
            if step == SUBMIT:
                self._submit(record, mail)
            elif step == ANSWER:
                self._answer(record)
            elif step == FILE:
                record.file(validity, raw.uid, self.clock())
                self.invoices.save(record)
            elif step == MOVE:
                self.mailbox.move(raw.uid, record.folder)
        return record

    def _record(self, mail: IncomingMail, raw: RawMail, validity: int) -> ReceivedMail:
        replied = self._answer_question(mail)
        kinds = [kind_of(item.content) for item in mail.attachments]
        decided = plan(mail, kinds, own_addresses=[self.outgoing.address], processed=self.processed,
                       no_invoice=self.no_invoice)
        if replied and decided.outcome == "no-invoice":  # the answer to a question: no "what we accept" reply
            decided = replace(decided, answer="", answer_to="", silence="question-reply", folder=self.processed)
        if decided.answer:  # at most ANSWERS_PER_ADDRESS answers an hour to one address
            sent = self.throttles.hit(f"mail-answer:{decided.answer_to.casefold()}", self.clock(), ANSWER_WINDOW)
            decided = rate_limited(decided, sent.count)
        record = ReceivedMail.receive(
            mail_key(mail), message_id=mail.message_id, sender=mail.from_address, subject=mail.subject,
            sent_at=mail.sent_at, received_at=raw.received_at, mailbox=self.mailbox.folder, uid_validity=validity,
            uid=raw.uid, attachments=[{"filename": item.filename, "declared_type": item.declared_type,
                                       "size": len(item.content), "sha256": item.sha256, "kind": kind}
                                      for item, kind in zip(mail.attachments, kinds)],
            outcome=decided.outcome, invoices=list(decided.invoices), answer=decided.answer,
            answer_to=decided.answer_to, silence=decided.silence, folder=decided.folder, timestamp=self.clock())
        self.invoices.save(record)
        return record

    def _answer_question(self, mail: IncomingMail) -> bool:
        """A reply to a question mail (`invoicing.notifications.mails`) from the supplier who was asked is the
        supplier's answer. Recorded before the mail itself and only while that very question is open, so a
        mail handled again after a crash answers nothing twice. Other senders' replies answer nothing."""
        replied = question_replied(mail.in_reply_to, mail.references)
        if replied is None or not mail.text or silence(mail, [self.outgoing.address]):
            return False
        case_id, number = replied
        try:
            case = self.invoices.get_case(case_id)
            asked = {submitter_key(case.submissions[0].sender)} | {
                submitter_key(item.evidence["answer_to"]) for item in case.submissions
                if (item.evidence or {}).get("answer_to")}
            if submitter_key(mail.from_address) not in asked:
                log.warning("A reply to question %s of case %s came from %s, not from the supplier; ignored.",
                            number, case_id, mail.from_address)
                return False
            self.invoices.answer_as_supplier(case_id, sender=mail.from_address, answer=mail.text, question=number)
        except LifecycleError as refusal:
            log.info("The reply to question %s of case %s answers nothing: %s", number, case_id, refusal)
        return True

    def _submit(self, record: ReceivedMail, mail: IncomingMail) -> None:
        case_ids, known_before = [], []
        for index in record.invoices:
            receipt = self.invoices.receive_submission(
                mail.attachments[index].content, channel=CHANNEL, sender=record.sender or UNKNOWN_SENDER,
                filename=record.attachments[index]["filename"], received_at=record.received_at,
                evidence=record.evidence)
            case_ids.append(receipt.case_id)
            first = self.invoices.get_case(receipt.case_id).submissions[0]
            if (first.evidence or {}).get("mail_id") != str(record.id):  # not `receipt.first`: wrong after a crash
                known_before.append(receipt.case_id)
        record.submitted(case_ids, known_before, self.clock())
        self.invoices.save(record)

    def _answer(self, record: ReceivedMail) -> None:
        message = replies.answer(record, self.outgoing, at=self.clock())
        try:
            self.outgoing.sender.send(message)
        except Undeliverable as refusal:
            log.warning("The answer to mail %s was refused for good: %s", record.message_id, refusal)
            record.answer_refused_by_server(str(refusal), self.clock())
        else:
            record.answered_by(message["Message-ID"], self.clock())
        self.invoices.save(record)

    def _find(self, stream_id) -> ReceivedMail | None:
        try:
            found = self.invoices.repository.get(stream_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, ReceivedMail) else None
