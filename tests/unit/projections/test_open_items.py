"""Open items: given accepted invoices, which the city still owes, and their ageing past the due date."""

from datetime import timedelta

from invoicing.lifecycle.case import Status
from projections.open_items import bucket_of
from tests.unit.projections.world import invoice

SKONTO = invoice(2)  # due 06.03.2026 (BT-20 "Zahlbar bis"), 3,081.95 EUR


def test_an_accepted_invoice_is_an_open_item_with_its_amount_due_and_due_date(world):
    case = world.accepted(SKONTO)
    world.catch_up()
    [item] = world.views["open-items"].items(SKONTO.issue_date)
    assert (item["case_id"], item["status"], item["amount_due"], item["supplier"]) == (
        case, Status.ACCEPTED, SKONTO.totals.amount_due, SKONTO.seller.name)
    assert item["due_date"].isoformat() == "2026-03-06"


def test_ageing_puts_items_in_buckets_by_days_past_due_on_the_day_asked(world):
    world.accepted(SKONTO)
    world.catch_up()
    due = world.views["open-items"].items(SKONTO.issue_date)[0]["due_date"]
    for days, bucket in ((-1, "not due"), (0, "0-30"), (30, "0-30"), (31, "31-60"), (61, "61-90"), (91, ">90")):
        [row] = world.views["open-items"].aging(due + timedelta(days=days))
        assert (row["bucket"], row["invoices"], row["amount"]) == (bucket, 1, SKONTO.totals.amount_due), days
        assert bucket_of(days) == bucket


def test_ageing_sums_per_bucket(world):
    world.accepted(SKONTO)
    world.accepted(invoice(8))
    world.catch_up()
    rows = world.views["open-items"].aging(SKONTO.issue_date - timedelta(days=1))
    assert [(row["bucket"], row["invoices"]) for row in rows] == [("not due", 2)]
    assert rows[0]["amount"] == SKONTO.totals.amount_due + invoice(8).totals.amount_due


def test_an_approved_invoice_stays_open_until_it_is_exported(world):
    case = world.approved(world.routed(world.accepted(SKONTO)))
    world.catch_up()
    assert [item["status"] for item in world.views["open-items"].items(world.now.date())] == [Status.APPROVED]
    world.invoices.mark_exported(case, target="datev", batch="B1", by="kasse")
    world.catch_up()
    assert world.views["open-items"].items(world.now.date()) == []


def test_rejected_invoices_and_credit_notes_are_not_open_items(world):
    world.rejected(invoice(8), "BR-CO-15")
    world.accepted(invoice(3, type_code="381"))
    world.catch_up()
    assert world.views["open-items"].rows() == []
    assert world.views["open-items"].aging(world.now.date()) == []


def test_a_returned_invoice_is_no_longer_open(world):
    case = world.routed(world.accepted(SKONTO))
    world.invoices.return_to_supplier(case, by=world.signer(case), reason="Bestellnummer fehlt")
    world.catch_up()
    assert world.views["open-items"].rows() == []
