"""The mailbox intake on in-memory parts: every mail submitted, answered and filed once."""

import pytest

from invoicing.lifecycle.case import InvoiceCase, Status
from invoicing.mailbox.mail import ReceivedMail
from invoicing.mailbox.ports import MailboxUnavailable
from tests.mails import DOCX, PNG, InvoiceFiles, bounce, mail, out_of_office, plain_pdf
from tests.unit.mailbox.world import World

FILES = InvoiceFiles()


@pytest.fixture
def world():
    world = World.build()
    yield world
    world.services.close()


def test_an_invoice_by_mail_becomes_a_case_with_the_mail_as_evidence_and_the_sender_gets_a_receipt(world):
    world.deliver(mail(subject="Rechnung RE-1", message_id="<re1@muster.example>",
                       attachments=[("RE-1.xml", FILES.ubl(1)), ("logo.png", PNG)]))

    assert world.poll() == 1

    [case_id] = world.case_ids()
    submission = world.invoices.get_case(case_id).submissions[0]
    assert (submission.channel, submission.sender, submission.filename) == ("email", "rechnung@muster.example", "RE-1.xml")
    assert submission.evidence["message_id"] == "<re1@muster.example>" and submission.evidence["subject"] == "Rechnung RE-1"
    assert submission.received_at == world.mailbox.in_folder("Processed")[0].received_at
    [receipt] = world.sender.sent
    assert receipt["To"] == "rechnung@muster.example" and receipt["In-Reply-To"] == "<re1@muster.example>"
    assert str(case_id) in receipt.get_content() and receipt["X-Invoicing-Case"] == str(case_id)
    assert world.mailbox.uids() == [] and len(world.mailbox.in_folder("Processed")) == 1


def test_the_verdict_follows_once_per_case_accepted_or_rejected_with_the_reasons(world):
    world.deliver(mail(attachments=[("ok.xml", FILES.cii(1))]), mail(attachments=[("bad.xml", FILES.ubl(2, invalid=True))]))
    world.poll()

    world.settle()
    world.settle()  # the notify work delivered twice: nothing more is sent

    assert world.sent_by_kind() == {"receipt": 2, "accepted": 1, "rejected": 1}
    rejected = next(m for m in world.sender.sent if m["X-Invoicing-Notice"] == "rejected")
    text = rejected.get_content()
    assert "BR-CO-15" in text and text.index("Gründe") < text.index("Reasons")
    notified = [e for case_id in world.case_ids() for e in world.invoices.history(case_id)
                if isinstance(e, InvoiceCase.SupplierNotified)]
    assert sorted(e.message_id for e in notified) == sorted(m["Message-ID"] for m in world.sender.sent
                                                            if m["X-Invoicing-Notice"] in ("accepted", "rejected"))


def test_a_mail_without_an_invoice_gets_the_polite_answer_and_goes_to_no_invoice(world):
    world.deliver(mail(subject="Rechnung als PDF", attachments=[("scan.pdf", plain_pdf()), ("brief.docx", DOCX)]),
                  mail(subject="Frage zur Zahlung"))

    world.poll()

    assert world.case_ids() == [] and world.sent_by_kind() == {"no-invoice": 2}
    text = world.sender.sent[0].get_content()
    assert "scan.pdf" in text and "XRechnung" in text and "ZUGFeRD" in text
    assert text.index("Guten Tag") < text.index("Hello")
    assert len(world.mailbox.in_folder("NoInvoice")) == 2


def test_bounces_and_autoreplies_are_filed_without_any_answer(world):
    world.deliver(bounce(), out_of_office())

    world.poll()

    assert world.sender.sent == [] and len(world.mailbox.in_folder("NoInvoice")) == 2
    assert sorted(m.silence for m in world.mails()) == ["auto-submitted", "bounce"]


def test_an_invoice_in_an_automatic_mail_is_taken_in_but_nobody_is_answered(world):
    world.deliver(mail(headers={"Auto-Submitted": "auto-generated"}, attachments=[("a.xml", FILES.ubl(3))]))

    world.poll()
    world.settle()

    assert len(world.case_ids()) == 1 and world.sender.sent == []
    assert world.invoices.get_case(world.case_ids()[0]).notified == ["accepted"]


def test_the_same_mail_delivered_twice_is_one_mail_one_submission_one_answer_and_both_copies_are_filed(world):
    raw = mail(message_id="<twice@muster.example>", attachments=[("a.xml", FILES.ubl(4))])
    world.deliver(raw, raw)

    world.poll()

    assert len(world.mails()) == 1 and world.events(ReceivedMail.MailReceivedAgain) == 1
    assert len(world.case_ids()) == 1 and world.events(InvoiceCase.InvoiceReceivedAgain) == 0
    assert world.sent_by_kind() == {"receipt": 1} and len(world.mailbox.in_folder("Processed")) == 2


def test_the_same_invoice_in_two_mails_is_one_case_received_twice_with_a_receipt_for_each_mail(world):
    world.deliver(mail(attachments=[("a.xml", FILES.ubl(5))]), mail(attachments=[("again.xml", FILES.ubl(5))]))

    world.poll()
    world.settle()

    assert len(world.case_ids()) == 1 and world.events(InvoiceCase.InvoiceReceivedAgain) == 1
    assert world.sent_by_kind() == {"receipt": 2, "accepted": 1}
    first, second = [m for m in world.sender.sent if m["X-Invoicing-Notice"] == "receipt"]
    assert "lag bereits vor" not in first.get_content() and "received before" in second.get_content()


def test_answers_go_to_the_sender_never_to_a_reply_to(world):
    world.deliver(mail(reply_to="victim@elsewhere.example", attachments=[("a.xml", FILES.ubl(6))]))
    world.poll()
    world.settle()
    assert world.recipients("receipt") == world.recipients("accepted") == ["rechnung@muster.example"]


def test_one_address_gets_at_most_twenty_answers_an_hour_and_every_invoice_is_taken_in(world):
    from invoicing.mailbox.decisions import ANSWERS_PER_ADDRESS

    for number in range(ANSWERS_PER_ADDRESS + 5):
        world.deliver(mail(subject=f"Nr. {number}", attachments=[(f"{number}.xml", FILES.ubl(100 + number))]))
    world.poll()
    world.settle()
    assert world.answers("receipt") == ANSWERS_PER_ADDRESS and len(world.case_ids()) == ANSWERS_PER_ADDRESS + 5
    assert sorted(record.silence for record in world.mails()).count("rate-limited") == 5
    assert world.answers("accepted") == ANSWERS_PER_ADDRESS  # verdicts only to the answered mails


def test_an_answer_the_server_refuses_for_good_is_recorded_and_the_mail_is_filed_anyway(world):
    world.sender.refused.add("gone@muster.example")
    world.deliver(mail(sender="gone@muster.example", subject="Hallo"))

    world.poll()
    world.poll()

    [record] = world.mails()
    assert record.answer_refused.startswith("550") and world.events(ReceivedMail.MailAnswered) == 0
    assert len(world.mailbox.in_folder("NoInvoice")) == 1


def test_a_mail_that_cannot_be_answered_now_stays_in_the_inbox_and_is_finished_by_the_next_poll(world):
    world.deliver(mail(attachments=[("a.xml", FILES.ubl(7))]))
    send = world.sender.send
    world.sender.send = lambda message: (_ for _ in ()).throw(ConnectionRefusedError("smtp down"))

    assert world.poll() == 0
    assert len(world.case_ids()) == 1 and world.mailbox.uids() != []  # submitted already; still in the inbox

    world.sender.send = send
    assert world.poll() == 1
    assert world.sent_by_kind() == {"receipt": 1} and world.mailbox.uids() == []


def test_when_the_mailbox_fails_the_poll_ends(world):
    world.deliver(mail())
    world.mailbox.fetch = lambda uid: (_ for _ in ()).throw(MailboxUnavailable("connection reset"))
    with pytest.raises(MailboxUnavailable):
        world.poll()


def test_every_case_from_a_mail_reaches_its_state(world):
    world.deliver(mail(attachments=[("a.xml", FILES.ubl(8)), ("b.pdf", FILES.pdf(9)), ("c.xml", FILES.cii(10, invalid=True))]))
    world.poll()
    world.settle()
    statuses = sorted(world.invoices.get_case(case_id).status for case_id in world.case_ids())
    # an accepted invoice is routed in the transaction that records its check
    assert statuses == sorted([Status.AWAITING_APPROVAL, Status.AWAITING_APPROVAL, Status.REJECTED])
    assert world.sent_by_kind() == {"receipt": 1, "accepted": 2, "rejected": 1}
