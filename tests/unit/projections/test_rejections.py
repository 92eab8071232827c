"""Rejection statistics: given rejected files, counts by supplier and rule id, and rejection rates."""

from tests.unit.projections.world import invoice


def test_each_rule_of_a_rejection_counts_once_for_the_supplier(world):
    world.rejected(invoice(7), "BR-CO-15", "BR-DE-15")
    world.rejected(invoice(7, number="2026/99999"), "BR-CO-15")
    world.accepted(invoice(7, number="2026/99998"))
    world.catch_up()
    statistics = world.views["rejections"]
    supplier = invoice(7).seller.name
    assert [(row["supplier"], row["rule_id"], row["rejections"]) for row in statistics.by_supplier_and_rule()] == [
        (supplier, "BR-CO-15", 2), (supplier, "BR-DE-15", 1)]
    assert [(row["rule_id"], row["rejections"], row["suppliers"]) for row in statistics.by_rule()] == [
        ("BR-CO-15", 2, 1), ("BR-DE-15", 1, 1)]
    [rate] = statistics.rates()
    assert (rate["submissions"], rate["rejected"], rate["share"]) == (3, 2, round(2 / 3, 4))


def test_a_rejection_by_a_person_counts_as_manual(world):
    case = world.routed(world.accepted(invoice(7)))
    world.invoices.reject(case, by=world.signer(case), reason="Keine Bestellung")
    world.catch_up()
    assert [row["rule_id"] for row in world.views["rejections"].by_rule()] == ["manual"]


def test_a_month_filter_counts_only_that_months_receipts(world):
    world.rejected(invoice(7), "BR-CO-15")
    world.catch_up()
    month = world.now.strftime("%Y-%m")
    assert len(world.views["rejections"].by_rule(month)) == 1
    assert world.views["rejections"].by_rule("1999-01") == []



def test_monthly_volumes_count_submissions_and_rejections_of_the_last_24_months(world):
    from datetime import date

    from projections.figures import monthly_volumes

    world.rejected(invoice(7), "BR-01")
    world.accepted(invoice(8))
    first = world.now.date()
    world.later(days=31)
    world.rejected(invoice(9), "BR-02")
    second = world.now.date()
    world.catch_up()
    months = [f"{first:%Y-%m}", f"{second:%Y-%m}"]
    assert months[0] < months[1]
    assert [(row["month"], row["submissions"], row["rejected"]) for row in monthly_volumes(world.views, second)] == [
        (months[0], 2, 1), (months[1], 1, 1)]
    two_years_on = date(first.year + 2, first.month, 1)  # 24 months back from here is the month after the first
    assert [row["month"] for row in monthly_volumes(world.views, two_years_on)] == months[1:]
