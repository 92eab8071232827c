"""The verdict by mail goes only to suppliers who sent the invoice by a mail that may be answered."""

import pytest

from invoicing.lifecycle.case import InvoiceCase
from invoicing.mailbox.ports import Undeliverable
from invoicing.mailbox.replies import message_id
from tests.mails import InvoiceFiles, mail
from tests.unit.mailbox.world import World
from workers import steps
from workers.retrying import is_permanent

FILES = InvoiceFiles(seed=5)


@pytest.fixture
def world():
    world = World.build()
    yield world
    world.services.close()


def notified_events(world, case_id):
    return [e for e in world.invoices.history(case_id) if isinstance(e, InvoiceCase.SupplierNotified)]


def test_an_uploaded_invoice_gets_no_mail_but_the_notice_is_recorded(world):
    case_id = world.invoices.receive_submission(FILES.ubl(1), channel="upload", sender="portal:muster",
                                                filename="RE-1.xml").case_id

    world.settle()

    assert world.sender.sent == []
    [event] = notified_events(world, case_id)
    assert (event.about, event.recipient, event.message_id) == ("accepted", "portal:muster", "")


def test_the_verdict_mail_has_a_message_id_fixed_by_case_and_notice_and_is_recorded_with_it(world):
    world.deliver(mail(attachments=[("RE-2.xml", FILES.ubl(2))]))
    world.poll()

    world.settle()

    [case_id] = world.case_ids()
    [event] = notified_events(world, case_id)
    assert event.message_id == message_id(case_id, "notice:accepted", "stadt.example")
    assert event.recipient == "rechnung@muster.example"


def test_a_verdict_the_server_refuses_for_good_is_a_permanent_failure_of_the_work(world):
    world.deliver(mail(sender="gone@muster.example", attachments=[("RE-3.xml", FILES.ubl(3))]))
    world.poll()
    [case_id] = world.case_ids()
    steps.process_submission(world.services, case_id)
    world.sender.refused.add("gone@muster.example")

    with pytest.raises(Undeliverable) as refused:
        steps.notify_supplier(world.services, case_id, "accepted")

    assert is_permanent(refused.value) and notified_events(world, case_id) == []
