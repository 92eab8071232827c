"""The differential test's seeds in the VAT categories the generator does not write (`tests/differential/categories.py`).

They are starting points for mutants: each must hold its category where the category's rules look (lines,
the document allowance and charge, the VAT breakdown) and break none of them, so that one edit can make one
rule fail. Judged by the native engine (the differential test compares it with the official one on every seed).
"""

from __future__ import annotations

import pytest
from lxml import etree

from invoicing.formats.reader import read_document
from tests.differential.categories import CATEGORIES
from tests.differential.seeds import categorised
from validators.engine import validate

CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
RAM = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
SEEDS = categorised(16)  # two of each category, per syntax; the first eight declare XRechnung 3.0 standard


@pytest.mark.parametrize("category", list(CATEGORIES))
@pytest.mark.parametrize("syntax", ["UBL", "CII"])
def test_a_seed_in_each_category_is_a_valid_xrechnung(category, syntax):
    seed = next(s for s in SEEDS if s.syntax == syntax and f"category {category} " in s.name)
    assert seed.name.endswith("standard")
    report = validate(seed.xml)
    assert [(f.rule_id, f.level) for f in report.findings if f.level in ("error", "fatal")] == []
    assert report.accepted
    root = etree.fromstring(seed.xml)
    codes = [e.text for e in root.iter(f"{CBC}ID", f"{RAM}CategoryCode") if e.text == category]
    # lines (at least one), the allowance, the charge and the breakdown
    assert len(codes) >= 4


def test_not_subject_to_vat_states_no_rate_but_in_the_breakdown():
    """BR-O-05 to -07 forbid a rate on lines, allowances and charges; XRechnung's BR-DE-14 asks for one in the
    breakdown."""
    seed = next(s for s in SEEDS if s.syntax == "CII" and "category O " in s.name)
    root = etree.fromstring(seed.xml)
    rates = [tax.find(f"{RAM}RateApplicablePercent") for tax in root.iter(f"{RAM}ApplicableTradeTax", f"{RAM}CategoryTradeTax")]
    assert [rate is not None for rate in rates].count(True) == 1
    assert all(tax.findtext(f"{RAM}CategoryCode") == "O"
               for tax in root.iter(f"{RAM}ApplicableTradeTax", f"{RAM}CategoryTradeTax"))


@pytest.mark.parametrize("syntax", ["UBL", "CII"])
def test_some_seeds_bring_a_foreign_currency_with_vat_in_euros_and_some_a_payment_card(syntax):
    """Groups no generated invoice has: BT-6 with BT-111 (L and M seeds) and BG-18 (G and O seeds)."""
    found = {}
    for seed in SEEDS:
        if seed.syntax == syntax and seed.name.endswith("standard"):
            invoice = read_document(seed.xml).invoice
            found[seed.name.split("category ")[1].split()[0]] = (
                invoice.currency_code, invoice.vat_accounting_currency_code,
                invoice.totals.vat_total_accounting_currency is not None,
                [instruction.card is not None for instruction in invoice.payment_instructions])
    assert {code: values[:3] for code, values in found.items() if values[1]} == {
        "L": ("CHF", "EUR", True), "M": ("HUF", "EUR", True)}
    assert sorted(code for code, values in found.items() if any(values[3])) == ["G", "O"]
