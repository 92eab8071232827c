"""Invoice facts: read once from the stored original, then from the cache."""

from datetime import datetime, timezone

from invoicing.formats.ubl_writer import write_ubl
from projections.facts import CaseFacts, Facts, FactsSource, InMemoryFactsCache
from tests.unit.projections.world import invoice

AT = datetime(2026, 3, 2, 9, tzinfo=timezone.utc)


def test_the_facts_read_from_an_original_are_those_of_the_invoice_it_was_written_from():
    generated = invoice(1)
    assert CaseFacts.from_original(write_ubl(generated), AT) == CaseFacts.from_invoice(generated, AT)


def test_facts_carry_the_vat_breakdown_totals_due_date_and_skonto_tiers():
    facts = CaseFacts.from_invoice(invoice(2), AT)
    assert [(line.category, line.rate) for line in facts.vat] == [
        (line.category_code, line.rate) for line in invoice(2).vat_breakdown]
    assert facts.due_date.isoformat() == "2026-03-06"
    assert [(tier.days, tier.deadline.isoformat()) for tier in facts.discounts] == [(14, "2026-02-27")]


def test_a_case_s_original_is_read_once_then_its_facts_come_from_the_cache(world):
    case = world.accepted(invoice(7))
    reads = []
    documents = world.invoices.documents
    original_get = documents.get
    documents.get = lambda digest: reads.append(digest) or original_get(digest)
    source = FactsSource(world.invoices, InMemoryFactsCache())
    assert source.lookup([case])[case].invoice.number == invoice(7).number
    assert source.lookup([case])[case] == CaseFacts.from_invoice(invoice(7), world.invoices.get_case(case).received_at)
    assert len(reads) == 1


def test_an_original_that_cannot_be_read_gives_no_facts_and_the_views_stay_without_amounts(world):
    receipt = world.invoices.receive_submission(b"<Invoice>kaputt</Invoice>", channel="upload",
                                               sender="x@example.org", filename="x.xml")
    assert FactsSource(world.invoices, InMemoryFactsCache()).lookup([receipt.case_id]) == {receipt.case_id: None}
    assert Facts().get(receipt.case_id) is None
