"""Cash-discount calendar: given an accepted invoice with Skonto terms, its tiers, deadlines and lights."""

from datetime import datetime, time, timedelta, timezone
from decimal import Decimal

from projections.discounts import light
from tests.unit.projections.world import invoice

SKONTO = invoice(2)  # "#SKONTO#TAGE=14#PROZENT=2.00#", issued 13.02.2026, 3,081.95 EUR due


def test_an_accepted_invoice_with_skonto_terms_has_its_tier_in_the_calendar(world):
    case = world.accepted(SKONTO)
    world.catch_up()
    [tier] = world.views["discounts"].calendar(SKONTO.issue_date)
    assert (tier["case_id"], tier["days"], tier["percent"], tier["deadline"]) == (
        case, 14, Decimal("2.00"), SKONTO.issue_date + timedelta(days=14))
    assert (tier["base_amount"], tier["discount"]) == (Decimal("3081.95"), Decimal("61.64"))
    assert (tier["days_left"], tier["light"]) == (14, "green")


def test_the_traffic_light_turns_amber_then_red_then_expired():
    deadline = SKONTO.issue_date + timedelta(days=14)
    assert [light(deadline, deadline - timedelta(days=days)) for days in (8, 7, 3, 2, 0, -1)] == [
        "green", "amber", "amber", "red", "red", "expired"]


def test_expired_tiers_are_left_out_unless_asked_for(world):
    world.accepted(SKONTO)
    world.catch_up()
    late = SKONTO.issue_date + timedelta(days=20)
    assert world.views["discounts"].calendar(late) == []
    assert [tier["light"] for tier in world.views["discounts"].calendar(late, include_expired=True)] == ["expired"]


def test_an_exported_invoice_leaves_the_calendar(world):
    case = world.approved(world.routed(world.accepted(SKONTO)))
    world.invoices.mark_exported(case, target="datev", batch="B1", by="kasse")
    world.catch_up()
    assert world.views["discounts"].rows() == []


def test_an_invoice_without_skonto_has_no_tiers(world):
    plain = invoice(7)
    assert "#SKONTO#" not in (plain.payment_terms or "")
    world.accepted(plain)
    world.catch_up()
    assert world.views["discounts"].rows() == []


def test_the_calendar_lists_the_deadlines_still_to_be_taken_first_soonest_on_top(world):
    early, late = invoice(2), invoice(2, number="2026/77777", issue_date=SKONTO.issue_date + timedelta(days=5))
    old = invoice(2, number="2026/66666", issue_date=SKONTO.issue_date - timedelta(days=30))
    for generated in (late, old, early):
        world.accepted(generated)
    world.catch_up()
    today = SKONTO.issue_date + timedelta(days=1)
    calendar = world.views["discounts"]
    page = calendar.page(today=today)
    assert [row["number"] for row in page.rows] == [early.number, late.number]  # the expired one is not among them
    assert [row["light"] for row in page.rows] == ["green", "green"] and page.total == 2
    [first] = page.rows[:1]
    assert first["payable"] == first["amount_due"] - first["discount"] == Decimal("3081.95") - Decimal("61.64")
    expired = calendar.page(today=today, filters={"period": "expired"})
    assert [row["number"] for row in expired.rows] == [old.number] and expired.rows[0]["light"] == "expired"
    [lights] = calendar.lights(today)
    assert (lights["light"], lights["tiers"], lights["discount"]) == ("green", 2, Decimal("123.28"))


def test_the_lights_follow_the_day_asked(world):
    world.accepted(SKONTO)
    world.catch_up()
    deadline = SKONTO.issue_date + timedelta(days=14)
    assert [row["light"] for row in world.views["discounts"].lights(deadline - timedelta(days=1))] == ["red"]
    assert [row["light"] for row in world.views["discounts"].lights(deadline - timedelta(days=5))] == ["amber"]
    assert world.views["discounts"].lights(deadline + timedelta(days=1)) == []


def test_the_skonto_figures_say_taken_lost_or_open_by_the_day_the_payment_was_ordered(world):
    from projections.figures import skonto

    deadline = SKONTO.issue_date + timedelta(days=14)
    world.now = datetime.combine(SKONTO.issue_date, time(9), tzinfo=timezone.utc)
    taken = world.approved(world.routed(world.accepted(SKONTO)))  # each certification step takes a day
    world.now = datetime.combine(deadline, time(9), tzinfo=timezone.utc)
    lost = world.approved(world.routed(world.accepted(invoice(2, number="2026/55555"))))
    world.accepted(invoice(2, number="2026/44444"))  # not ordered, deadline passed: lost
    world.accepted(invoice(2, number="2026/33333", issue_date=deadline))  # not ordered, deadline ahead: open
    world.catch_up()
    ordered = {row["case_id"]: row["approved_on"] for row in world.views["discounts"].rows()}
    assert ordered[taken] <= deadline < ordered[lost]
    [february, march] = skonto(world.views, deadline + timedelta(days=1))
    assert (february["taken"], february["lost"], february["open"]) == (Decimal("61.64"), Decimal("123.28"), 0)
    assert (march["month"], march["taken"], march["lost"], march["open"]) == ("2026-03", 0, 0, Decimal("61.64"))
