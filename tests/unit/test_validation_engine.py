"""The engine's contract: never raises for bad input, records its rule sets, never accepts what it did not check."""

from __future__ import annotations

import json

from lxml import etree

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from validators.engine import validate
from validators.render import render_html, render_text
from validators.report import ValidationReport

CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"


def with_changed(document: bytes, local_name: str, value: str) -> bytes:
    tree = etree.fromstring(document)
    element = next(tree.iter(f"{{{CBC}}}{local_name}"))
    element.text = value
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def test_unreadable_input_gives_a_rejected_report_with_an_intake_finding():
    report = validate(b"this is not an invoice")
    assert not report.accepted
    assert [f.rule_id for f in report.findings] == ["INTAKE-not-xml"]
    assert "not well-formed" in report.findings[0].message


def test_every_report_records_the_rule_sets_it_used_with_versions():
    report = validate(write_ubl(generate_invoice(1)))
    names = {rule_set.name: rule_set.version for rule_set in report.rule_sets}
    assert names["EN 16931"] == "CEN 1.3.16 (native)"
    assert names["XRechnung"] == "3.0.2"
    official = {rule_set.name: rule_set for rule_set in validate(write_ubl(generate_invoice(1)), engine="official").rule_sets}
    assert official["EN 16931"].version.startswith("CEN EN 16931 UBL 1.3.") and "saxon" in official["EN 16931"].engine.lower()
    assert names["XML Schema"] == "UBL-Invoice-2.1.xsd"
    assert report.scenario == "XRechnung 3.0 (UBL Invoice)"


def test_a_wrong_total_is_an_en16931_error_and_rejects():
    report = validate(with_changed(write_ubl(generate_invoice(2)), "TaxInclusiveAmount", "1.00"))
    assert "BR-CO-15" in report.errors
    assert not report.accepted


def test_a_schema_error_rejects():
    report = validate(with_changed(write_ubl(generate_invoice(3)), "IssueDate", "gestern"))
    assert "XSD" in report.errors and not report.accepted


def test_a_layer_that_stopped_is_named_and_the_document_is_not_accepted():
    # A ChargeIndicator that is not a boolean stops the CEN XSLT with a dynamic error.
    documents = (etree.fromstring(write_ubl(generate_invoice(seed))) for seed in range(100))
    tree = next(tree for tree in documents if tree.find(f".//{{{CBC}}}ChargeIndicator") is not None)
    tree.find(f".//{{{CBC}}}ChargeIndicator").text = "vielleicht"
    report = validate(etree.tostring(tree), engine="official")
    assert not report.accepted
    assert any("EN 16931 rules" in reason for reason in report.not_run)


def test_minimum_profile_is_rejected_by_policy_with_our_own_id():
    document = write_cii(generate_invoice(5)).replace(
        b"urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0", b"urn:factur-x.eu:1p0:minimum")
    report = validate(document)
    assert "POLICY-PROFILE" in report.errors
    assert "MINIMUM" in next(f.message for f in report.findings if f.rule_id == "POLICY-PROFILE")


def test_a_report_survives_json_unchanged():
    report = validate(with_changed(write_ubl(generate_invoice(6)), "TaxInclusiveAmount", "1.00"))
    assert ValidationReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report


def test_text_and_html_renderings_name_verdict_findings_and_rule_sets():
    report = validate(with_changed(write_ubl(generate_invoice(7)), "TaxInclusiveAmount", "1.00"))
    text = render_text(report, "r.xml")
    assert "r.xml: REJECTED" in text and "BR-CO-15" in text and "EN 16931 CEN 1.3.16 (native)" in text
    html = render_html(report, language="de")
    assert "Abgelehnt" in html and "<th scope=\"col\">Regel</th>" in html and "BR-CO-15" in html
    assert "<script" not in render_html(validate(b"<x><![CDATA[<script>]]></x>"), language="en")


def test_a_failing_rule_layer_is_reported_as_not_run_and_never_accepted(monkeypatch):
    from validators.rules import xrechnung

    def broken(*_arguments):
        raise RuntimeError("rule bug")

    monkeypatch.setattr(xrechnung, "check", broken)
    report = validate(write_ubl(generate_invoice(8)))
    assert not report.accepted and not report.complete
    assert "rule bug" in report.not_run[0]


def test_a_failing_native_en16931_rule_is_reported_as_not_run(monkeypatch):
    from validators import en16931

    def broken(*_arguments):
        raise en16931.RulesFailed("BR-01", RuntimeError("rule bug"))

    monkeypatch.setattr(en16931, "check", broken)
    report = validate(write_ubl(generate_invoice(9)))
    assert not report.accepted
    assert "BR-01" in report.not_run[0]


def test_both_engines_agree_on_a_wrong_total():
    document = with_changed(write_ubl(generate_invoice(2)), "TaxInclusiveAmount", "1.00")
    assert validate(document).errors == validate(document, engine="official").errors
