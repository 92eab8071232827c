"""Supplier ledger: given several suppliers' invoices, each supplier's statement and balances."""

from decimal import Decimal

from invoicing.lifecycle.case import Status
from tests.unit.projections.world import invoice


def test_balances_split_open_approved_and_exported_amounts_and_count_closed_files(world):
    first, second = invoice(7), invoice(7, number="2026/99999")
    exported = world.approved(world.routed(world.accepted(first)))
    world.invoices.mark_exported(exported, target="datev", batch="B1", by="kasse")
    world.accepted(second)
    world.rejected(invoice(7, number="2026/99998"), "BR-CO-15")
    world.catch_up()
    [balance] = [row for row in world.views["suppliers"].balances() if row["supplier"] == first.seller.name]
    assert (balance["invoices"], balance["closed"]) == (3, 1)
    assert (balance["open"], balance["approved"], balance["exported"]) == (
        second.totals.total_with_vat, Decimal("0.00"), first.totals.total_with_vat)


def test_a_statement_lists_the_suppliers_invoices_oldest_first(world):
    one = world.accepted(invoice(7))
    two = world.later(days=3).accepted(invoice(7, number="2026/99999"))
    world.catch_up()
    key = world.views["register"].get(one)["supplier_key"]
    statement = world.views["suppliers"].statement(key)
    assert [(row["case_id"], row["status"]) for row in statement] == [(one, Status.ACCEPTED), (two, Status.ACCEPTED)]


def test_a_credit_note_reduces_what_is_open(world):
    credit = invoice(7, type_code="381")
    world.accepted(credit)
    world.catch_up()
    [balance] = world.views["suppliers"].balances()
    assert balance["open"] == -credit.totals.total_with_vat
