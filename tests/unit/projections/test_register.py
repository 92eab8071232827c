"""Invoice register: given a file's events, its row; and search by supplier, number and Leitweg-ID."""

from datetime import timedelta

from invoicing.lifecycle.case import Status
from tests.unit.projections.world import invoice

GEBAEUDE = invoice(7)


def test_a_received_file_is_registered_with_when_and_how_it_arrived(world):
    case = world.received(GEBAEUDE, sender="rechnung@solar.example")
    world.catch_up()
    row = world.views["register"].get(case)
    assert (row["status"], row["received_at"], row["channel"], row["sender"], row["submissions"]) == (
        Status.RECEIVED, world.now, "upload", "rechnung@solar.example", 1)


def test_an_accepted_invoice_shows_supplier_number_leitweg_id_amounts_and_due_date(world):
    case = world.accepted(GEBAEUDE)
    world.catch_up()
    row = world.views["register"].get(case)
    totals = GEBAEUDE.totals
    assert (row["status"], row["supplier"], row["number"], row["leitweg_id"], row["issue_date"]) == (
        Status.ACCEPTED, GEBAEUDE.seller.name, GEBAEUDE.number, GEBAEUDE.buyer_reference, GEBAEUDE.issue_date)
    assert (row["net"], row["vat"], row["gross"], row["amount_due"]) == (
        totals.total_without_vat, totals.vat_total, totals.total_with_vat, totals.amount_due)
    assert row["due_date"] == GEBAEUDE.due_date or row["due_date"] > GEBAEUDE.issue_date


def test_the_status_follows_routing_approval_and_export(world):
    case = world.routed(world.accepted(GEBAEUDE))
    world.catch_up()
    assert (world.views["register"].get(case)["status"], world.views["register"].get(case)["inbox"]) == (
        Status.AWAITING_APPROVAL, "gebaeude")
    world.approved(case)
    approved_at = world.now
    world.later(days=2).invoices.mark_exported(case, target="datev", batch="B1", by="kasse")
    world.catch_up()
    row = world.views["register"].get(case)
    assert (row["status"], row["approved_at"], row["exported_at"], row["export_batch"]) == (
        Status.EXPORTED, approved_at, world.now, "B1")
    assert row["approved_by"] == "tkoch" or row["approved_by"] in ("bberger", "klindner")


def test_a_rejected_invoice_keeps_the_reason(world):
    case = world.rejected(invoice(8), "BR-CO-15")
    world.catch_up()
    row = world.views["register"].get(case)
    assert row["status"] == Status.REJECTED and row["reason"].startswith("BR-CO-15")


def test_search_finds_every_word_as_a_fragment_of_supplier_number_or_leitweg_id_whatever_the_case(world):
    first, second = invoice(7), invoice(11)
    one, other = world.accepted(first), world.accepted(second)
    world.catch_up()
    register = world.views["register"]

    def found(text):
        return {row["case_id"] for row in register.search(text)}

    supplier_word = first.seller.name.split()[0]
    assert one in found(supplier_word.upper())
    assert found(first.number[-4:]) >= {one}
    assert found(first.buyer_reference) == {one} | ({other} if second.buyer_reference == first.buyer_reference
                                                    else set())
    assert found(f"{supplier_word.lower()} {first.number}") == {one}
    assert found("zzz-nothing-like-this") == set()
    assert found("") == {one, other}


def test_search_with_short_words_and_a_status_filter(world):
    case = world.accepted(invoice(7))
    world.catch_up()
    register = world.views["register"]
    assert [row["case_id"] for row in register.search(GEBAEUDE.number[-2:], status=Status.ACCEPTED)] == [case]
    assert register.search(GEBAEUDE.number[-2:], status=Status.REJECTED) == []


def test_a_resubmission_is_counted_on_the_same_row(world):
    case = world.received(GEBAEUDE)
    world.later(minutes=10).invoices.receive_submission(world.originals[case], channel="mail",
                                                        sender="rechnung@lieferant.example", filename="again.xml")
    world.catch_up()
    assert world.views["register"].get(case)["submissions"] == 2
    assert world.views["register"].get(case)["received_at"] == world.now - timedelta(minutes=10)
