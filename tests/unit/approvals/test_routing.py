"""Routing: each matcher, the order of precedence, thresholds and the clearing inbox."""

from decimal import Decimal

from invoicing.approvals import route, route_to_unit
from invoicing.approvals.policy import Match
from invoicing.approvals.routing import matches
from tests.unit.approvals.helpers import BAU, CENTRAL, SCHULE, facts, policy
from tests.unit.approvals.helpers import POLICY as TEXT

POLICY = policy()


def test_the_leitweg_id_matcher_compares_bt10_as_a_case_insensitive_glob():
    assert matches(Match(leitweg_id=("08111000-60-*",)), facts(buyer_reference=BAU))
    assert not matches(Match(leitweg_id=(SCHULE,)), facts(buyer_reference=BAU))


def test_the_order_reference_matcher_compares_bt13():
    assert matches(Match(order_reference=("40-*",)), facts(purchase_order_reference="40-2026-0012"))
    assert not matches(Match(order_reference=("40-*",)), facts(purchase_order_reference="4512345678"))
    assert not matches(Match(order_reference=("40-*",)), facts(purchase_order_reference=None))


def test_the_supplier_matcher_accepts_the_vat_id_or_the_name():
    assert matches(Match(supplier=("DE123456789",)), facts(seller_vat_id="DE 123 456 789"))
    assert matches(Match(supplier=("*stadtwerke*",)), facts(seller_name="Stadtwerke Eichenbrück GmbH"))
    assert not matches(Match(supplier=("DE999999999",)), facts())


def test_the_cost_centre_matcher_matches_any_of_the_invoices_cost_centres():
    assert matches(Match(cost_centre=("60??",)), facts(cost_centres=("4711", "6012")))
    assert not matches(Match(cost_centre=("60??",)), facts(cost_centres=("4012",)))


def test_the_amount_range_includes_its_start_and_excludes_its_end():
    band = Match(amount_from=Decimal("1000"), amount_below=Decimal("5000"))
    assert matches(band, facts(amount=Decimal("1000.00")))
    assert not matches(band, facts(amount=Decimal("5000.00")))
    assert not matches(band, facts(amount=Decimal("999.99")))
    assert not matches(band, facts(amount=None))


def test_all_given_matchers_must_fit():
    both = Match(leitweg_id=(BAU,), order_reference=("60-*",))
    assert matches(both, facts(purchase_order_reference="60-1"))
    assert not matches(both, facts(purchase_order_reference="40-1"))


def test_the_first_matching_rule_wins():
    # given a second rule, below bau-gross, that also fits large invoices to the Bauamt
    also_fits = policy(TEXT + '\n[[rules]]\nid = "alles-gross"\nunit = "schule"\nmatch = { amount_from = 20000 }\n')
    # when
    chosen = route(facts(amount=Decimal("25000.00")), also_fits)
    # then the earlier rule decides
    assert (chosen.source, chosen.rule, chosen.unit) == ("rule", "bau-gross", "bau")
    assert chosen.steps[-1].assignee.person == "kaemmerer"


def test_without_a_matching_rule_the_unit_of_the_leitweg_id_takes_the_invoice_with_its_chain():
    chosen = route(facts(buyer_reference=BAU), POLICY)
    assert (chosen.source, chosen.unit, chosen.rule) == ("leitweg_id", "bau", None)
    assert [step.kind for step in chosen.steps] == ["sachlich", "rechnerisch", "anordnung"]
    assert [step.index for step in chosen.steps] == [0, 1, 2]


def test_a_rule_routes_an_invoice_sent_to_the_central_inbox_by_its_order_reference():
    chosen = route(facts(buyer_reference=CENTRAL, purchase_order_reference="40-2026-0001"), POLICY)
    assert (chosen.source, chosen.rule, chosen.unit) == ("rule", "zentral-schule", "schule")


def test_without_rule_or_unit_leitweg_id_the_unit_owning_the_cost_centre_takes_the_invoice():
    chosen = route(facts(buyer_reference=CENTRAL, cost_centres=("6012",)), POLICY)
    assert (chosen.source, chosen.unit) == ("cost_centre", "bau")


def test_an_unroutable_invoice_goes_to_the_clearing_inbox_with_the_reason():
    chosen = route(facts(buyer_reference=CENTRAL), POLICY)
    assert chosen.clearing and chosen.unit is None
    assert [(step.kind, step.assignee.group) for step in chosen.steps] == [("clearing", "eingang")]
    assert "Leitweg-ID 08111000-33 gehört keinem Amt" in chosen.explanation.de


def test_an_invoice_without_any_buyer_reference_goes_to_the_clearing_inbox():
    assert route(facts(buyer_reference=None), POLICY).clearing


def test_cost_centres_of_two_units_are_ambiguous_and_go_to_the_clearing_inbox():
    chosen = route(facts(buyer_reference=None, cost_centres=("6012", "4012")), POLICY)
    assert chosen.clearing and "mehreren Ämtern" in chosen.explanation.de


def test_a_threshold_hands_the_step_to_its_assignee_whatever_the_chain():
    # given a Wertgrenze: from 8,000 EUR the Anordnung is the Kämmerer's
    with_threshold = policy(TEXT + '\n[[thresholds]]\namount_from = 8000\nstep = "anordnung"\nperson = "kaemmerer"\n')
    # when
    small, large = (route(facts(amount=Decimal(amount)), with_threshold) for amount in ("7999.99", "8000.00"))
    # then
    assert small.steps[-1].assignee.person == "carla"
    assert large.steps[-1].assignee.person == "kaemmerer"


def test_assigning_from_clearing_applies_the_units_rules_as_if_addressed_there():
    # given a large invoice sent to the central inbox
    large = facts(buyer_reference=CENTRAL, amount=Decimal("30000.00"))
    # when
    assigned = route_to_unit("bau", large, POLICY)
    # then
    assert (assigned.source, assigned.unit, assigned.rule) == ("assigned", "bau", "bau-gross")
    assert assigned.steps[-1].assignee.person == "kaemmerer"

