"""Registering an accepted invoice's number; another use within ~18 months raises a duplicate suspicion."""

from datetime import timedelta

from invoicing.lifecycle.decisions import intake
from tests.unit.lifecycle.given import (
    CASE_ID,
    LATER,
    RECEIVED_AT,
    given,
    names,
    other_case,
    received,
    recognised,
    register,
    validated,
)


def accepted_case(number: str = "RE-2026-0042", seller: str | None = "vat:de123456789"):
    return given(received(), recognised(number, seller), validated())


def test_the_first_use_of_a_number_opens_its_register_and_suspects_nothing():
    check = intake.check_number(accepted_case(), None, at=LATER)
    assert check.case_changes == []
    assert check.register_change.name == "InvoiceNumberFirstUsed"
    assert check.register_change.attributes["key"] == "vat:de123456789|RE-2026-0042"


def test_another_file_with_the_same_seller_and_number_within_18_months_is_a_suspected_duplicate():
    earlier = other_case("earlier")
    check = intake.check_number(accepted_case(), register((earlier, RECEIVED_AT - timedelta(days=300))), at=LATER)
    assert names(check.case_changes) == ["DuplicateSuspected"]
    assert check.case_changes[0].attributes["earlier_cases"] == [earlier]
    assert check.register_change.name == "InvoiceNumberUsedAgain"


def test_a_use_more_than_18_months_apart_is_not_suspicious():
    check = intake.check_number(accepted_case(), register((other_case("old"), RECEIVED_AT - timedelta(days=600))),
                                at=LATER)
    assert check.case_changes == [] and check.register_change.name == "InvoiceNumberUsedAgain"


def test_registering_the_same_case_again_changes_nothing():
    check = intake.check_number(accepted_case(), register((CASE_ID, RECEIVED_AT)), at=LATER)
    assert check.case_changes == [] and check.register_change is None


def test_a_rejected_invoice_does_not_use_its_number_so_a_corrected_one_is_no_duplicate():
    case = given(received(), recognised(), validated("BR-CO-15"))
    assert intake.check_number(case, None, at=LATER).register_change is None


def test_without_a_seller_or_number_there_is_nothing_to_compare():
    assert intake.check_number(accepted_case(seller=None), None, at=LATER).register_change is None
