"""Invoice facts: read once from the original when it is validated, recorded in the events, never read again."""

from datetime import datetime, timezone

from invoicing.formats.ubl_writer import write_ubl
from invoicing.lifecycle.accounting import CaseFacts
from invoicing.lifecycle.reading import accounting_facts
from tests.unit.projections.world import invoice

AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def test_the_facts_read_from_an_original_are_those_of_the_invoice_it_was_written_from():
    generated = invoice(1)
    assert accounting_facts(write_ubl(generated), AT) == CaseFacts.from_invoice(generated, AT)


def test_facts_carry_the_vat_breakdown_totals_due_date_and_skonto_tiers():
    facts = CaseFacts.from_invoice(invoice(2), AT)
    assert [(line.category, line.rate) for line in facts.vat] == [
        (line.category_code, line.rate) for line in invoice(2).vat_breakdown]
    assert facts.due_date.isoformat() == "2026-03-06"
    assert [(tier.days, tier.deadline.isoformat()) for tier in facts.discounts] == [(14, "2026-02-27")]


def test_an_accepted_invoice_records_its_facts_in_the_validation_event(world):
    case = world.accepted(invoice(7))
    validated = [event for event in world.invoices.history(case) if type(event).__name__ == "InvoiceValidated"]
    recorded = CaseFacts.model_validate(validated[0].facts)
    assert recorded == CaseFacts.from_invoice(invoice(7), world.invoices.get_case(case).received_at)
    assert world.invoices.get_case(case).accounting_facts == recorded


def test_a_rejected_invoice_records_no_facts(world):
    case = world.rejected(invoice(8), "BR-CO-15")
    validated = [event for event in world.invoices.history(case) if type(event).__name__ == "InvoiceValidated"]
    assert validated[0].facts is None
    assert world.invoices.get_case(case).accounting_facts is None


def test_an_original_that_cannot_be_read_gives_no_facts():
    assert accounting_facts(b"<Invoice>kaputt</Invoice>", AT) is None
