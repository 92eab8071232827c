"""Due dates (BT-9, BT-20 in words, the BGB default) and cash-discount deadlines and amounts."""

from datetime import date
from decimal import Decimal

from invoicing.approvals import deadlines, due_date
from tests.unit.approvals.helpers import at, facts

RECEIVED = at("2026-03-04")  # the invoice was issued on 2 March 2026


def test_bt9_decides_the_due_date_when_given():
    due = due_date(facts(due_date=date(2026, 4, 1), payment_terms="Zahlbar innerhalb von 10 Tagen."), RECEIVED)
    assert (due.date, due.source) == (date(2026, 4, 1), "BT-9")


def test_payment_terms_within_days_count_from_the_issue_date():
    due = due_date(facts(payment_terms="Zahlbar innerhalb von 30 Tagen ohne Abzug."), RECEIVED)
    assert (due.date, due.source) == (date(2026, 4, 1), "BT-20")


def test_payment_terms_after_receipt_count_from_receipt():
    due = due_date(facts(payment_terms="Zahlbar innerhalb von 21 Tagen nach Zugang (§ 16 Abs. 1 VOB/B)."), RECEIVED)
    assert due.date == date(2026, 3, 25)


def test_payment_terms_with_a_date_give_that_date():
    assert due_date(facts(payment_terms="Zahlbar bis 15.04.2026 ohne Abzug."), RECEIVED).date == date(2026, 4, 15)


def test_net_days_are_understood():
    assert due_date(facts(payment_terms="Zahlungsziel: 14 Tage netto."), RECEIVED).date == date(2026, 3, 16)


def test_a_skonto_clause_is_not_taken_for_the_due_date():
    terms = "Bei Zahlung innerhalb von 10 Tagen 3 % Skonto, innerhalb 30 Tagen netto.\n#SKONTO#TAGE=10#PROZENT=3.00#\n"
    assert due_date(facts(payment_terms=terms), RECEIVED).date == date(2026, 4, 1)


def test_without_terms_payment_is_due_30_days_after_receipt():
    due = due_date(facts(payment_terms=None), RECEIVED)
    assert (due.date, due.source) == (date(2026, 4, 3), "default")
    assert "§ 286 Abs. 3 BGB" in due.explanation.de


def test_unintelligible_terms_fall_back_to_30_days_after_receipt():
    due = due_date(facts(payment_terms="Wie vereinbart.\n#SKONTO#TAGE=14#PROZENT=2.00#"), RECEIVED)
    assert (due.date, due.source) == (date(2026, 4, 3), "default")


def test_receipt_late_in_the_evening_counts_on_the_citys_calendar_day():
    # 4 March 23:30 UTC is 5 March 00:30 in Eichenbrück
    assert due_date(facts(), at("2026-03-04", 23).replace(minute=30)).date == date(2026, 4, 4)


def test_the_discount_deadline_counts_from_the_issue_date_and_the_discount_from_the_amount_due():
    # given 2 % within 14 days on 1,190.00 EUR due
    result = deadlines(facts(payment_terms="#SKONTO#TAGE=14#PROZENT=2.00#\n"), RECEIVED)
    # then
    discount, = result.discounts
    assert (discount.deadline, discount.base_amount, discount.discount) == (date(2026, 3, 16), Decimal("1190.00"),
                                                                           Decimal("23.80"))


def test_the_discount_deadline_may_count_from_receipt():
    result = deadlines(facts(payment_terms="#SKONTO#TAGE=14#PROZENT=2.00#\n"), RECEIVED, discount_from="receipt")
    assert result.discounts[0].deadline == date(2026, 3, 18)


def test_the_base_amount_of_a_tier_replaces_the_amount_due():
    result = deadlines(facts(payment_terms="#SKONTO#TAGE=14#PROZENT=3.00#BASISBETRAG=333.33#\n"), RECEIVED)
    assert result.discounts[0].discount == Decimal("10.00")


def test_the_next_discount_is_the_earliest_still_open():
    result = deadlines(facts(payment_terms="#SKONTO#TAGE=10#PROZENT=3.00#\n#SKONTO#TAGE=20#PROZENT=2.00#\n"), RECEIVED)
    assert result.next_discount(date(2026, 3, 12)).tier.days == 10
    assert result.next_discount(date(2026, 3, 13)).tier.days == 20
    assert result.next_discount(date(2026, 3, 23)) is None


def test_skonto_problems_are_passed_on_with_the_deadlines():
    result = deadlines(facts(payment_terms="#SKONTO#TAGE=x#PROZENT=2.00#"), RECEIVED)
    assert result.discounts == () and result.skonto_problems[0].line == 1


def test_a_credit_note_has_no_discount_and_is_not_payable():
    result = deadlines(facts(is_credit_note=True, type_code="381", payment_terms="#SKONTO#TAGE=14#PROZENT=2.00#"),
                       RECEIVED)
    assert result.discounts == () and not result.payable
