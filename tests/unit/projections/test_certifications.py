"""The audit trail of certifications: who certified which step of which invoice, when, for whom, with which comment."""

from invoicing.lifecycle.case import Status
from tests.unit.projections.world import invoice


def test_every_step_of_an_approved_invoice_is_in_the_trail_with_who_when_and_the_comment(world):
    case = world.routed(world.accepted(invoice(7)))
    world.approved(case)
    world.catch_up()
    history = [event for event in world.invoices.history(case)
               if type(event).__name__ in ("InvoiceCertified", "InvoiceApproved")]
    trail = world.views["certifications"].trail()
    assert [(row["step"], row["by"], row["at"], row["outcome"]) for row in trail] == [
        (event.step, event.by, event.timestamp, "approved" if type(event).__name__ == "InvoiceApproved"
         else "certified") for event in history]
    assert {row["number"] for row in trail} == {invoice(7).number}
    assert world.invoices.get_case(case).status == Status.APPROVED


def test_a_denial_is_in_the_trail_with_its_reason(world):
    case = world.routed(world.accepted(invoice(8)))
    step = world.invoices.get_case(case).current_step
    world.invoices.deny(case, step=step, by=world.signer(case), reason="Leistung nicht erbracht")
    world.catch_up()
    (row,) = world.views["certifications"].trail()
    assert (row["outcome"], row["comment"]) == ("denied", "Leistung nicht erbracht")


def test_the_trail_of_one_person_includes_what_a_deputy_signed_for_them(world):
    case = world.routed(world.accepted(invoice(9)))
    world.approved(case)
    world.catch_up()
    signer = world.views["certifications"].trail()[0]["by"]
    assert all(signer in (row["by"], row["on_behalf_of"]) for row in world.views["certifications"].trail(by=signer))
    assert world.views["certifications"].trail(by="nobody") == []
