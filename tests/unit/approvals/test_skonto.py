"""Skonto tiers from BT-20: the XRechnung convention, the lenient readings, and malformed lines reported."""

from decimal import Decimal

from invoicing.approvals import SkontoTerms, SkontoTier, parse_skonto
from invoicing.generator import generate_batch


def test_one_tier_in_the_prescribed_form():
    assert parse_skonto("#SKONTO#TAGE=14#PROZENT=2.00#\n") == SkontoTerms(
        tiers=(SkontoTier(days=14, percent=Decimal("2.00"), line=1),))


def test_two_tiers_on_two_lines_ordered_by_days():
    terms = parse_skonto("#SKONTO#TAGE=30#PROZENT=1.00#\n#SKONTO#TAGE=10#PROZENT=3.00#\n")
    assert [(tier.days, tier.percent, tier.line) for tier in terms.tiers] == [(10, Decimal("3.00"), 2),
                                                                             (30, Decimal("1.00"), 1)]


def test_a_base_amount_limits_the_discount_to_part_of_the_invoice():
    tier, = parse_skonto("#SKONTO#TAGE=7#PROZENT=2.00#BASISBETRAG=500.00#\n").tiers
    assert tier.base_amount == Decimal("500.00") and tier.strict


def test_lower_case_is_read_but_marked_as_not_strict():
    tier, = parse_skonto("#skonto#tage=14#prozent=2.00#").tiers
    assert (tier.days, tier.percent, tier.strict) == (14, Decimal("2.00"), False)


def test_a_missing_closing_hash_is_read_but_marked_as_not_strict():
    tier, = parse_skonto("#SKONTO#TAGE=14#PROZENT=2.00").tiers
    assert (tier.days, tier.percent, tier.strict) == (14, Decimal("2.00"), False)


def test_decimal_commas_are_read_including_german_thousands_points():
    tier, = parse_skonto("#SKONTO#TAGE=14#PROZENT=2,50#BASISBETRAG=1.234,56#").tiers
    assert (tier.percent, tier.base_amount, tier.strict) == (Decimal("2.50"), Decimal("1234.56"), False)


def test_a_garbage_line_is_reported_by_number_and_the_other_tiers_still_count():
    # given
    text = "Zahlbar in 30 Tagen.\n#SKONTO#TAGE=vierzehn#PROZENT=2.00#\n#SKONTO#TAGE=7#PROZENT=3.00#\n"
    # when
    terms = parse_skonto(text)
    # then
    assert [tier.days for tier in terms.tiers] == [7]
    problem, = terms.problems
    assert (problem.line, problem.text) == (2, "#SKONTO#TAGE=vierzehn#PROZENT=2.00#")
    assert problem.message.de == ("Skonto-Zeile 2 ist nicht lesbar: TAGE fehlt oder ist keine positive ganze Zahl "
                                  "(gefunden: 'vierzehn').")


def test_a_percentage_outside_0_to_100_is_a_problem():
    assert parse_skonto("#SKONTO#TAGE=14#PROZENT=120.00#").problems[0].message.en.startswith(
        "Skonto line 1 cannot be read: PROZENT is missing or not between 0 and 100")


def test_unknown_or_repeated_keys_and_stray_text_are_problems():
    terms = parse_skonto("#SKONTO#TAGE=14#RABATT=2.00#\n#SKONTO#TAGE=14#TAGE=7#PROZENT=2.00#\n#SKONTO#TAGE=14#zwei#")
    assert [problem.line for problem in terms.problems] == [1, 2, 3]
    assert "unknown key 'RABATT'" in terms.problems[0].message.en
    assert "'TAGE' is given twice" in terms.problems[1].message.en
    assert "unexpected text 'zwei'" in terms.problems[2].message.en
    assert terms.tiers == ()


def test_a_skonto_segment_after_free_text_on_the_same_line_is_read_as_not_strict():
    tier, = parse_skonto("Zahlbar in 30 Tagen. #SKONTO#TAGE=10#PROZENT=2.00#").tiers
    assert (tier.days, tier.strict) == (10, False)


def test_no_skonto_gives_no_tiers_and_no_problems():
    assert parse_skonto(None) == parse_skonto("") == parse_skonto("Zahlbar innerhalb von 30 Tagen ohne Abzug.") \
        == parse_skonto("#VERZUG#TAGE=30#PROZENT=5.00#") == SkontoTerms()


def test_every_generated_skonto_line_is_read_strictly():
    terms = [parse_skonto(invoice.payment_terms) for invoice in generate_batch(5, 200)]
    assert all(not t.problems for t in terms)
    assert all(tier.strict for t in terms for tier in t.tiers)
    assert sum(len(t.tiers) for t in terms) > 10
