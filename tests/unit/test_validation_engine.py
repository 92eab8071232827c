"""The engine's contract: never raises for bad input, records its rule sets, never accepts what it did not check."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from validators import engine
from validators.engine import OfficialEngineUnavailable, validate
from validators.render import render_html, render_text
from validators.report import ValidationReport
from validators.schematron.engine import RuleSetFailed
from validators.schematron.values import XPathError

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"


def with_changed(document: bytes, local_name: str, value: str) -> bytes:
    tree = etree.fromstring(document)
    element = next(tree.iter(f"{{{CBC}}}{local_name}"))
    element.text = value
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def test_unreadable_input_gives_a_rejected_report_with_an_intake_finding():
    report = validate(b"this is not an invoice")
    assert not report.accepted and report.kosit_accepted is False
    assert [f.rule_id for f in report.findings] == ["INTAKE-not-xml"]
    assert "not well-formed" in report.findings[0].message


def test_a_valid_xrechnung_is_accepted_by_both_verdicts_under_its_scenario():
    report = validate(write_ubl(generate_invoice(1)))
    assert report.accepted and report.kosit_accepted
    assert report.scenario == report.kosit_scenario == "EN16931 XRechnung (UBL Invoice)"
    assert not report.errors


def test_every_report_records_the_rule_sets_and_releases_it_used():
    report = validate(write_ubl(generate_invoice(1)))
    names = {rule_set.name: rule_set.version for rule_set in report.rule_sets}
    assert names["EN 16931 (CEN)"].startswith("1.3.16 ")
    assert names["XRechnung"].startswith("3.0.2 ")
    assert names["XML Schema"] == "UBL-Invoice-2.1.xsd"
    assert names["KoSIT configuration"].startswith("Validator Configuration XRechnung 3.0.2")
    assert names["Receiving policy"]


def test_a_wrong_total_is_an_en16931_error_and_rejects():
    report = validate(with_changed(write_ubl(generate_invoice(2)), "TaxInclusiveAmount", "1.00"))
    assert "BR-CO-15" in report.errors
    assert not report.accepted and not report.kosit_accepted


def test_a_schema_error_rejects_and_the_rules_wait_for_a_schema_valid_document():
    report = validate(with_changed(write_ubl(generate_invoice(3)), "IssueDate", "gestern"))
    assert "XSD" in report.errors and not report.accepted
    assert {f.rule_id for f in report.findings} == {"XSD", "NOTE-SCHEMA-FIRST"}
    all_rules = validate(with_changed(write_ubl(generate_invoice(3)), "IssueDate", "gestern"), rules_on_schema_error=True)
    assert "NOTE-SCHEMA-FIRST" not in {f.rule_id for f in all_rules.findings}


def test_a_rule_set_that_stops_is_named_not_run_and_never_accepted(monkeypatch):
    def stopped(*_arguments):
        raise RuleSetFailed("cen_ubl", XPathError("FORG0001", "Cannot convert"))

    from validators import rulesets

    monkeypatch.setattr(rulesets.load("cen_ubl"), "run", stopped)
    report = validate(write_ubl(generate_invoice(8)))
    assert not report.accepted and not report.complete
    assert "FORG0001" in report.not_run[0]
    assert any(rule_set.name == "XRechnung" for rule_set in report.rule_sets), "as KoSIT, the other rule sets still run"


def test_minimum_profile_is_rejected_by_policy_with_our_own_id():
    document = write_cii(generate_invoice(5)).replace(
        b"urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0", b"urn:factur-x.eu:1p0:minimum")
    report = validate(document)
    assert "POLICY-PROFILE" in report.errors and not report.accepted
    assert "MINIMUM" in next(f.message for f in report.findings if f.rule_id == "POLICY-PROFILE")


def test_a_forced_scenario_checks_with_it_but_makes_no_receiving_decision():
    report = validate(write_ubl(generate_invoice(1)), scenario="EN16931 (UBL Invoice)")
    assert report.scenario == "EN16931 (UBL Invoice)"
    assert not any(f.layer == "xrechnung" for f in report.findings)
    assert not report.accepted


def test_a_report_survives_json_unchanged():
    report = validate(with_changed(write_ubl(generate_invoice(6)), "TaxInclusiveAmount", "1.00"))
    assert ValidationReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def test_a_report_recorded_before_the_kosit_fields_still_reads():
    data = validate(write_ubl(generate_invoice(6))).to_dict()
    del data["kosit_scenario"], data["kosit_accepted"]
    assert ValidationReport.from_dict(data).kosit_accepted is None


def test_findings_name_terms_locations_and_lines():
    report = validate(with_changed(write_ubl(generate_invoice(7)), "TaxInclusiveAmount", "1.00"))
    finding = next(f for f in report.findings if f.rule_id == "BR-CO-15")
    assert "BT-112" in finding.terms
    assert finding.location.startswith("/*:Invoice[namespace-uri()='urn:oasis:names:specification:ubl:schema:xsd:Invoice-2'][1]")
    from validators.schematron.nodes import readable_location

    assert readable_location(finding.location).startswith("/Invoice[1]") and finding.line > 1


def test_text_and_html_renderings_name_verdict_findings_and_rule_sets():
    report = validate(with_changed(write_ubl(generate_invoice(7)), "TaxInclusiveAmount", "1.00"))
    text = render_text(report, "r.xml")
    assert "r.xml: REJECTED" in text and "BR-CO-15" in text and "1.3.16" in text
    html = render_html(report, language="de")
    assert "Abgelehnt" in html and "<th scope=\"col\">Regel</th>" in html and "BR-CO-15" in html
    assert "<script" not in render_html(validate(b"<x><![CDATA[<script>]]></x>"), language="en")


def test_the_official_engine_without_a_configuration_says_how_to_install_one():
    with pytest.raises(OfficialEngineUnavailable, match="invoicing rules install"):
        validate(write_ubl(generate_invoice(1)), engine="official")


def test_warm_up_loads_every_rule_set():
    engine.warm_up()
    from validators import rulesets

    assert all(rulesets.load(name).assertions for name in rulesets.NAMES)


def test_a_rule_checks_the_elements_its_context_matches_that_no_earlier_rule_of_its_pattern_took():
    # EN16931-UBL-validation.sch, one pattern: "cac:InvoiceLine/cac:InvoicePeriod" (BR-30) comes before
    # "cac:InvoicePeriod" (BR-29), so BR-29 checks the document's invoicing period only, not the lines'
    from validators.rulesets import cen_ubl

    rule_set = cen_ubl.RULE_SET
    line_rule, document_rule = (next(rule for rule in rule_set.rules if rule.context == context) for context in (
        "cac:InvoiceLine/cac:InvoicePeriod | cac:CreditNoteLine/cac:InvoicePeriod", "cac:InvoicePeriod"))
    assert line_rule.pattern == document_rule.pattern and line_rule.index < document_rule.index
    from datetime import date

    from invoicing.model import InvoicingPeriod, LinePeriod

    invoice = generate_invoice(7)
    line = invoice.lines[0].model_copy(update={"period": LinePeriod(start_date=date(2026, 1, 1),
                                                                    end_date=date(2026, 1, 31))})
    root = etree.fromstring(write_ubl(invoice.model_copy(update={
        "lines": (line, *invoice.lines[1:]),
        "invoicing_period": InvoicingPeriod(start_date=date(2026, 1, 1), end_date=date(2026, 1, 31))})))
    periods = list(root.iter("{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}InvoicePeriod"))
    in_lines = [element for element in periods if etree.QName(element.getparent()).localname == "InvoiceLine"]
    assert in_lines and len(periods) > len(in_lines)
    assert rule_set.checked_by(root, line_rule) == in_lines
    assert rule_set.checked_by(root, document_rule) == [element for element in periods if element not in in_lines]


def test_a_rule_evaluated_alone_fails_where_the_whole_rule_set_stops_at_another_rules_error_first():
    # EN16931-UBL-validation.sch: UBL-SR-09 (the seller name at most once) and BR-06 (normalize-space of the
    # seller name, which raises XPTY0004 on two) are both checked on the root; a second name stops the rule set
    from validators.rulesets import cen_ubl

    rule_set = cen_ubl.RULE_SET
    (rule,) = [rule for rule in rule_set.rules if any(a.id == "UBL-SR-09" for a in rule_set.assertions_of(rule))]
    root = etree.fromstring(write_ubl(generate_invoice(3)))
    assert rule_set.failing_alone(root, rule) == []
    name = root.find(".//{*}AccountingSupplierParty/{*}Party/{*}PartyLegalEntity/{*}RegistrationName")
    name.addnext(etree.fromstring(etree.tostring(name)))
    with pytest.raises(RuleSetFailed):
        rule_set.run(root)
    failing = rule_set.failing_alone(root, rule)
    assert [(assertion.id, node) for assertion, node in failing] == [("UBL-SR-09", root)]
