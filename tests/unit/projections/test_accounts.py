"""The account mapping: read from TOML, every problem named; which accounts and tax keys an invoice gets."""

from decimal import Decimal

import pytest

from invoicing.approvals import InvoiceFacts
from projections.exports.accounts import MappingError, parse_mapping, sample_mapping

MAPPING = sample_mapping()


def test_the_sample_mapping_loads():
    assert (MAPPING.datev.consultant, MAPPING.datev.chart, MAPPING.accounts.creditor) == (1001, "03", "70000")


def test_a_mapping_with_mistakes_is_refused_naming_each():
    text = '[datev]\nconsultant = 12\nclient = 1\nlabel = "' + "x" * 31 + '"\n[accounts]\nexpense = "4980"\n' \
           'creditor = "70000"\nsurprise = 1\n[tax_keys]\n'
    with pytest.raises(MappingError) as refused:
        parse_mapping(text, source="accounts.toml")
    message = str(refused.value)
    assert "accounts.toml" in message and "datev.consultant" in message and "datev.label" in message
    assert "accounts.surprise" in message


def test_the_creditor_is_found_by_vat_id_else_name_else_the_default():
    assert MAPPING.creditor(InvoiceFacts(seller_vat_id="DE 226024193")) == "70001"
    assert MAPPING.creditor(InvoiceFacts(seller_name="Unbekannt GmbH")) == "70000"


def test_the_expense_account_goes_by_cost_centre_before_leitweg_id():
    assert MAPPING.expense(InvoiceFacts(cost_centres=("6510",), buyer_reference="08125999-3700-55")) == "4260"
    assert MAPPING.expense(InvoiceFacts(buyer_reference="08125999-3700-55")) == "4940"
    assert MAPPING.expense(InvoiceFacts()) == "4980"


def test_tax_keys_by_category_and_rate_whatever_the_decimals():
    assert [MAPPING.tax_key("S", Decimal(rate)) for rate in ("19", "19.00", "7.0")] == ["9", "9", "8"]
    assert MAPPING.tax_key("E", Decimal("0.00")) == ""
    assert MAPPING.tax_key("AE", Decimal("0")) is None
