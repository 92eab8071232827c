"""Cash-discount calendar: given an accepted invoice with Skonto terms, its tiers, deadlines and lights."""

from datetime import timedelta
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
