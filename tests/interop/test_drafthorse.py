"""Interoperability with drafthorse, an independent CII writer: its invoices, in every Factur-X / ZUGFeRD
profile it supports, are read by our readers to the same model and judged by our engine as the official
KoSIT engine judges them (`tests.differential.compare`: same scenario, verdict, error and warning ids)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from drafthorse.pdf import attach_xml
from pypdf import PdfWriter

from invoicing.formats.reader import read_document
from tests.differential.compare import compare
from tests.interop.drafthorse_invoices import INVOICE, PROFILES, WITH_ADDRESSES, WITH_LINES, drafthorse_xml
from tests.official import official_directory, runner
from validators.engine import validate

RECOGNISED = {"MINIMUM": "MINIMUM", "BASIC WL": "BASIC WL", "BASIC": "BASIC", "EN 16931": "EN16931",
              "EXTENDED": "EXTENDED", "XRECHNUNG": "XRECHNUNG"}
ACCEPTED = {"MINIMUM": False, "BASIC WL": False, "BASIC": True, "EN 16931": True, "EXTENDED": True, "XRECHNUNG": True}
"""Our verdict: MINIMUM and BASIC WL are no invoices in Germany (POLICY-PROFILE); BASIC and EXTENDED have no
official scenario, so the receiving policy checks them with the EN 16931 rules (POLICY-NO-SCENARIO)."""
OFFICIAL_SCENARIO = ("EN 16931", "XRECHNUNG")
"""The profiles the official configuration has a scenario for (the others it rejects as unknown)."""


def money(value: Decimal) -> str:
    return f"{value:.2f}"


def expected(profile: str) -> dict:
    """The model our reader must make of `INVOICE` written in `profile` (the terms that profile carries)."""
    seller, buyer = INVOICE["seller"], INVOICE["buyer"]
    model = {"number": INVOICE["number"], "issue_date": INVOICE["issue_date"].isoformat(), "type_code": "380",
             "currency_code": INVOICE["currency"], "buyer_reference": INVOICE["buyer_reference"],
             "process_control": {"specification_identifier": PROFILES[profile][1]},
             "seller": {"name": seller["name"], "vat_identifier": seller["vat"],
                        "postal_address": {"country_code": seller["country"]}},
             "buyer": {"name": buyer["name"]},
             "totals": {"total_without_vat": money(INVOICE["net"]), "vat_total": money(INVOICE["vat"]),
                        "total_with_vat": money(INVOICE["gross"]), "amount_due": money(INVOICE["gross"])}}
    if profile in WITH_ADDRESSES:
        for party, values in (("seller", seller), ("buyer", buyer)):
            model[party]["postal_address"] = {"line_1": values["street"], "city": values["city"],
                                              "post_code": values["postcode"], "country_code": values["country"]}
        model["due_date"] = INVOICE["due_date"].isoformat()
        model["payment_instructions"] = [{"means_type_code": "58",
                                          "credit_transfers": [{"account_identifier": INVOICE["iban"]}]}]
        model["totals"]["line_net_total"] = money(INVOICE["net"])
        model["vat_breakdown"] = [{"taxable_amount": money(INVOICE["net"]), "tax_amount": money(INVOICE["vat"]),
                                   "category_code": "S", "rate": "19.00"}]
    if profile in WITH_LINES:
        model["lines"] = [{"identifier": line_id, "quantity": str(quantity), "quantity_unit_code": unit,
                           "net_amount": money(quantity * price), "price": {"net_price": money(price)},
                           "vat": {"category_code": "S", "rate": "19.00"}, "item": {"name": name}}
                          for line_id, name, quantity, unit, price in INVOICE["lines"]]
    if profile == "XRECHNUNG":
        model["process_control"]["business_process_type"] = INVOICE["process"]
        model["seller"]["electronic_address"] = {"value": seller["email"], "scheme_id": "EM"}
        model["seller"]["contact"] = {"point": seller["contact"], "telephone": seller["phone"],
                                      "email": seller["email"]}
        model["buyer"]["electronic_address"] = {"value": buyer["email"], "scheme_id": "EM"}
    return model


def read_model(data: bytes) -> dict:
    return read_document(data).invoice.model_dump(mode="json", exclude_none=True, exclude_defaults=True)


@pytest.mark.parametrize("profile", PROFILES)
def test_an_invoice_drafthorse_writes_is_read_by_our_reader_to_the_same_model(profile):
    xml = drafthorse_xml(profile)
    assert read_document(xml).profile == RECOGNISED[profile]
    assert read_model(xml) == expected(profile)


@pytest.mark.parametrize("profile", ("EN 16931", "XRECHNUNG"))
def test_a_pdf_hybrid_drafthorse_makes_is_read_from_its_attachment_to_the_same_model(profile):
    blank = PdfWriter()
    blank.add_blank_page(595, 842)
    original = io.BytesIO()
    blank.write(original)
    pdf = attach_xml(original.getvalue(), drafthorse_xml(profile))
    result = read_document(pdf)
    assert result.embedded.xmp_profile == profile
    assert read_model(pdf) == expected(profile)


@pytest.mark.parametrize("profile", PROFILES)
def test_our_engine_judges_a_drafthorse_invoice_as_the_official_engine_does(profile):
    official_directory()
    xml = drafthorse_xml(profile)
    assert compare(xml).differences == []
    report, official = validate(xml), runner().run(xml)
    assert report.kosit_accepted == official.accepted == (profile in OFFICIAL_SCENARIO)
    assert report.accepted is ACCEPTED[profile]
    errors = {finding.rule_id for finding in report.findings if finding.level in ("fatal", "error")}
    assert errors == (set() if ACCEPTED[profile] else {"POLICY-PROFILE"})
