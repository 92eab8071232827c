"""The mailbox intake on in-memory parts: an inbox, a mail sender that keeps what it sends, the application.

    world = World.build()
    world.deliver(mail(attachments=[("a.xml", FILES.ubl(1))]))
    world.poll(); world.settle()
    assert world.answers("receipt") == 1
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from email.utils import getaddresses

from eventsourcing.utils import get_topic

from invoicing.bootstrap import Services, bootstrap, mail_intake
from invoicing.config import Settings, Smtp
from invoicing.lifecycle.case import InvoiceCase, Status
from invoicing.mailbox.intake import MailIntake
from invoicing.mailbox.mail import ReceivedMail
from invoicing.mailbox.ports import InMemoryMailbox, InMemoryMailSender
from tests.mails import CITY
from workers import steps

NOTICE_OF_STATUS = {Status.REJECTED: "rejected", Status.AWAITING_APPROVAL: "accepted",
                    Status.ACCEPTED: "accepted", Status.DUPLICATE_SUSPECTED: "accepted"}


@dataclass
class World:
    """Everything the intake touches, in memory."""

    services: Services
    mailbox: InMemoryMailbox
    sender: InMemoryMailSender
    intake: MailIntake

    @classmethod
    def build(cls) -> World:
        sender = InMemoryMailSender()
        settings = Settings(persistence="memory", smtp=Smtp(host="smtp.invalid", mail_from=f"Rechnungseingang <{CITY}>"))
        services = bootstrap(settings, mail_sender=sender)
        mailbox = InMemoryMailbox()
        return cls(services, mailbox, sender, mail_intake(services, mailbox))

    @property
    def invoices(self):
        return self.services.invoices

    def deliver(self, *raws: bytes) -> list[int]:
        return [self.mailbox.deliver(raw) for raw in raws]

    def poll(self) -> int:
        return self.intake.poll_once()

    def settle(self) -> None:
        """What the workers would do: process every case, then send its verdict."""
        for case_id in self.case_ids():
            steps.process_submission(self.services, case_id)
        for case_id in self.case_ids():
            case = self.invoices.get_case(case_id)
            if case.status in NOTICE_OF_STATUS:
                steps.notify_supplier(self.services, case_id, NOTICE_OF_STATUS[case.status])

    def case_ids(self) -> list:
        return [n.originator_id for n in self._notifications(InvoiceCase.InvoiceReceived)]

    def mails(self) -> list[ReceivedMail]:
        return [self.invoices.repository.get(n.originator_id) for n in self._notifications(ReceivedMail.MailReceived)]

    def events(self, event_class) -> int:
        return len(self._notifications(event_class))

    def answers(self, notice: str | None = None) -> int:
        """Distinct answers sent (by Message-ID), of one kind or all."""
        return len({m["Message-ID"] for m in self.sender.sent if notice in (None, m["X-Invoicing-Notice"])})

    def sent_by_kind(self) -> Counter:
        return Counter(m["X-Invoicing-Notice"] for m in self.sender.sent)

    def recipients(self, notice: str) -> list[str]:
        return [address for m in self.sender.sent if m["X-Invoicing-Notice"] == notice
                for _, address in getaddresses([m["To"]])]

    def _notifications(self, event_class):
        return self.invoices.recorder.select_notifications(start=None, limit=100_000, topics=[get_topic(event_class)])
