"""A received mail as an event stream: what arrived, what was submitted, answered and filed.

One `ReceivedMail` stream per mail, its id `mail_id(key)` derived from the mail's natural key
(`invoicing.mailbox.decisions.mail_key`: the Message-ID), so the same mail fetched again after
a crash, or delivered twice, lands on the same stream. The streams live in the `Invoices`
application's store beside the cases (as the invoice-number registers do). Topics are
permanent, as in `invoicing.lifecycle.case`: `invoicing.mailbox.mail:ReceivedMail.MailReceived` etc.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid5

from eventsourcing.domain import Aggregate

MAILS = UUID("3c1b7c2e-8f0a-5d7e-b6a4-5e2f9d1c0a03")
"""Namespace of `ReceivedMail` stream ids (never change: stored ids depend on it)."""

BY = "system:mailbox"
"""`by` of every event the mailbox intake records."""


def mail_id(key: str) -> UUID:
    """The stream id of the mail with natural key `key`."""
    return uuid5(MAILS, key)


class ReceivedMail(Aggregate):
    """One mail that reached the invoice mailbox, and what the intake did with it."""

    class MailReceived(Aggregate.Created):
        """A mail arrived and was read; the plan (submit, answer, folder) is decided before anything is done.

        `received_at` is the IMAP INTERNALDATE of the first copy (delivery to the city's mailbox);
        `attachments` lists each attachment's file name, declared type, size, SHA-256 and kind.
        `answer` is "receipt", "no-invoice" or "" (with `silence` saying why not, e.g. "auto-submitted").
        """

        key: str
        message_id: str
        sender: str
        subject: str
        sent_at: datetime | None
        received_at: datetime
        mailbox: str
        uid_validity: int
        uid: int
        attachments: list
        outcome: str
        invoices: list
        answer: str
        answer_to: str
        silence: str
        folder: str
        by: str

    class MailReceivedAgain(Aggregate.Event):
        """Another copy of the same mail (same Message-ID and attachments) arrived; nothing is submitted twice."""

        uid_validity: int
        uid: int
        received_at: datetime
        by: str

        def apply(self, mail: ReceivedMail) -> None:
            mail.copies.append([self.uid_validity, self.uid])

    class MailInvoicesSubmitted(Aggregate.Event):
        """Every invoice attachment was handed to the lifecycle; `case_ids` in attachment order.

        `known_before` lists the cases whose file had already arrived before this mail (by any channel).
        """

        case_ids: list
        known_before: list
        by: str

        def apply(self, mail: ReceivedMail) -> None:
            mail.case_ids = list(self.case_ids)
            mail.known_before = list(self.known_before)

    class MailAnswered(Aggregate.Event):
        """The answer (`receipt` or `no-invoice`) went out to `to` as the mail `message_id`."""

        answer: str
        to: str
        message_id: str
        by: str

        def apply(self, mail: ReceivedMail) -> None:
            mail.answered = True

    class MailAnswerRefused(Aggregate.Event):
        """The mail server refused the answer for good (e.g. no such address); it is not tried again."""

        answer: str
        to: str
        reason: str
        by: str

        def apply(self, mail: ReceivedMail) -> None:
            mail.answered = True
            mail.answer_refused = self.reason

    class MailFiled(Aggregate.Event):
        """The copy `uid` is to be moved into `folder`; the move itself follows (and is retried from the inbox)."""

        uid_validity: int
        uid: int
        folder: str
        by: str

        def apply(self, mail: ReceivedMail) -> None:
            mail.filed.append([self.uid_validity, self.uid])

    def __init__(self, key: str, message_id: str, sender: str, subject: str, sent_at: datetime | None,
                 received_at: datetime, mailbox: str, uid_validity: int, uid: int, attachments: list,
                 outcome: str, invoices: list, answer: str, answer_to: str, silence: str, folder: str, by: str):
        self.key = key
        self.message_id = message_id
        self.sender = sender
        self.subject = subject
        self.sent_at = sent_at
        self.received_at = received_at
        self.mailbox = mailbox
        self.attachments = list(attachments)
        self.outcome = outcome
        self.invoices = list(invoices)
        self.answer = answer
        self.answer_to = answer_to
        self.silence = silence
        self.folder = folder
        self.copies: list[list[int]] = [[uid_validity, uid]]
        self.case_ids: list[UUID] | None = None
        self.known_before: list[UUID] = []
        self.answered = False
        self.answer_refused: str | None = None
        self.filed: list[list[int]] = []

    @classmethod
    def receive(cls, key: str, **facts) -> ReceivedMail:
        """Open the stream of the mail with natural key `key` with its `MailReceived` event."""
        return cls._create(cls.MailReceived, id=mail_id(key), key=key, by=BY, **facts)

    def receive_again(self, uid_validity: int, uid: int, received_at: datetime, at: datetime) -> None:
        self.trigger_event(self.MailReceivedAgain, uid_validity=uid_validity, uid=uid, received_at=received_at,
                           by=BY, timestamp=at)

    def submitted(self, case_ids: list[UUID], known_before: list[UUID], at: datetime) -> None:
        self.trigger_event(self.MailInvoicesSubmitted, case_ids=list(case_ids), known_before=list(known_before),
                           by=BY, timestamp=at)

    def answered_by(self, message_id: str, at: datetime) -> None:
        self.trigger_event(self.MailAnswered, answer=self.answer, to=self.answer_to, message_id=message_id,
                           by=BY, timestamp=at)

    def answer_refused_by_server(self, reason: str, at: datetime) -> None:
        self.trigger_event(self.MailAnswerRefused, answer=self.answer, to=self.answer_to, reason=reason[:500],
                           by=BY, timestamp=at)

    def file(self, uid_validity: int, uid: int, at: datetime) -> None:
        self.trigger_event(self.MailFiled, uid_validity=uid_validity, uid=uid, folder=self.folder, by=BY,
                           timestamp=at)

    def knows_copy(self, uid_validity: int, uid: int) -> bool:
        return [uid_validity, uid] in self.copies

    def has_filed(self, uid_validity: int, uid: int) -> bool:
        return [uid_validity, uid] in self.filed

    @property
    def evidence(self) -> dict[str, str]:
        """What a case keeps about this mail (see `Submission.evidence`)."""
        return {"message_id": self.message_id, "subject": self.subject,
                "sent_at": self.sent_at.isoformat() if self.sent_at else "", "mail_id": str(self.id),
                "answer_to": self.answer_to}
