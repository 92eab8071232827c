"""Which elements a rule context can match, read from the pattern's form (`validators.schematron.patterns`)."""

from __future__ import annotations

import pytest

from validators.schematron.compiler import ExpressionCompiler
from validators.schematron.patterns import decided_by_name, name_filter

NS = {"ram": "urn:ram", "cac": "urn:cac"}


@pytest.mark.parametrize("context", [
    "//ram:*[ends-with(name(), 'ID')]",  # CII-SR rules of EN16931-CII-validation.sch
    "//ram:*[ends-with(name(), 'Amount') and not (self::ram:TaxTotalAmount)]",
    "//*[ends-with(name(), 'BinaryObject')]",  # EN16931-UBL-validation.sch
    "ram:*[ends-with(name(), 'ID')] | //ram:*[not(ends-with(name(), 'Quantity'))]",
])
def test_a_context_of_name_conditions_alone_is_decided_by_the_name(context):
    assert decided_by_name(context, ExpressionCompiler(NS))


@pytest.mark.parametrize("context", [
    "//*[ends-with(name(), 'Amount') and not(ancestor::cac:Price/cac:AllowanceCharge)]",  # more than the name
    "cac:Price/ram:*[ends-with(name(), 'ID')]",  # the parent matters
    "//ram:*[ends-with(name(), 'ID')] | ram:ID[@schemeID]",
    "//ram:*[ends-with(name(), 'ram:ID')]",  # a prefix in the suffix: not a condition on the Clark name
])
def test_a_context_that_asks_more_than_the_name_keeps_its_match_function(context):
    assert not decided_by_name(context, ExpressionCompiler(NS))


def test_a_self_test_in_a_predicate_is_a_condition_on_the_name():
    condition = name_filter("//ram:*[ends-with(name(), 'Amount') and not (self::ram:TaxTotalAmount)]",
                            ExpressionCompiler(NS))
    passes = eval(f"lambda t: {condition}")
    assert [passes(name) for name in ("{urn:ram}LineTotalAmount", "{urn:ram}TaxTotalAmount", "{urn:cac}Amount")] \
        == [True, False, False]
