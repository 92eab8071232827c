"""VAT by rate and category per month: given accepted invoices, their BG-23 lines and the sums."""

from datetime import date
from decimal import Decimal

from invoicing.lifecycle.case import Status
from projections.status import BOOKED
from tests.unit.projections.world import invoice

TWO_RATES = invoice(1)


def _breakdown(generated, sign=1):
    return {(line.category_code, line.rate): (sign * line.taxable_amount, sign * line.tax_amount)
            for line in generated.vat_breakdown}


def test_an_accepted_invoice_has_one_row_per_vat_category_and_rate_in_its_issue_month(world):
    case = world.accepted(TWO_RATES)
    world.catch_up()
    rows = world.views["vat"].rows()
    assert len(rows) == len(TWO_RATES.vat_breakdown) > 1
    assert {(row["category"], row["rate"]): (row["taxable"], row["tax"]) for row in rows} == _breakdown(TWO_RATES)
    assert {(row["case_id"], row["month"], row["status"]) for row in rows} == {
        (case, TWO_RATES.issue_date.strftime("%Y-%m"), Status.ACCEPTED)}


def test_a_credit_note_counts_negative(world):
    credit = invoice(3, type_code="381")
    world.accepted(credit)
    world.catch_up()
    assert {(row["category"], row["rate"]): (row["taxable"], row["tax"])
            for row in world.views["vat"].rows()} == _breakdown(credit, -1)


def test_sums_per_month_category_and_rate_with_gross(world):
    for seed in (1, 2, 7, 8):
        world.accepted(invoice(seed))
    world.catch_up()
    expected: dict = {}
    for seed in (1, 2, 7, 8):
        generated = invoice(seed)
        for line in generated.vat_breakdown:
            key = (generated.issue_date.strftime("%Y-%m"), line.category_code, line.rate)
            taxable, tax = expected.get(key, (Decimal(0), Decimal(0)))
            expected[key] = (taxable + line.taxable_amount, tax + line.tax_amount)
    rows = world.views["vat"].by_month()
    assert {(row["month"], row["category"], row["rate"]): (row["taxable"], row["tax"]) for row in rows} == expected
    assert all(row["gross"] == row["taxable"] + row["tax"] for row in rows)


def test_only_booked_invoices_when_asked_and_rejected_ones_never(world):
    booked = world.approved(world.routed(world.accepted(invoice(7))))
    world.accepted(invoice(2))
    world.rejected(invoice(8), "BR-CO-15")
    world.catch_up()
    assert {row["case_id"] for row in world.views["vat"].rows()} == {booked} | {
        row["case_id"] for row in world.views["vat"].rows() if row["status"] == Status.ACCEPTED}
    booked_rows = world.views["vat"].by_rate(BOOKED)
    assert sum(row["gross"] for row in booked_rows) == invoice(7).totals.total_with_vat


def test_the_report_by_month_covers_the_last_24_months_while_the_lines_keep_every_month(world):
    world.accepted(invoice(1, issue_date=date(2023, 12, 31)))  # before January 2024: left out
    world.accepted(invoice(2, issue_date=date(2024, 1, 1)))  # January 2024 … December 2025 are the 24 months
    world.catch_up()
    reports = world.views["vat"].reports(date(2025, 12, 6))
    assert {row["month"] for row in reports["by-month"]} == {"2024-01"}
    assert {row["month"] for row in world.views["vat"].rows()} == {"2023-12", "2024-01"}
