"""KoSIT reports: valid against the configuration's report.xsd, and the native writer equal to the stylesheet's report."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from lxml import etree

from tests.unit.kosit.helpers import (
    CII,
    EN16931,
    EXTENSION,
    PEPPOL_BIS,
    UBL_CREDIT_NOTE,
    UBL_INVOICE,
    XRECHNUNG,
    document,
    reference,
    reference_directory,
    runner,
)
from tests.unit.kosit.report_comparison import canonical, differences, native_report
from tests.unit.kosit.report_schema import report_errors
from tests.unit.kosit.test_levels import with_sub_invoice_line, with_unit_code
from tests.unit.kosit.test_processing import invoice_with_charge_indicator
from validators.kosit import Finding, Resource, XmlError, write_report

REP = {"rep": "http://www.xoev.de/de/validator/varl/1"}


def cases() -> dict[str, bytes]:
    return {
        "accepted UBL": document(UBL_INVOICE, XRECHNUNG),
        "accepted CII extension": document(CII, EXTENSION),
        "credit note, EN 16931": document(UBL_CREDIT_NOTE, EN16931),
        "warning after customLevel": with_unit_code(XRECHNUNG, "FOO"),
        "error after customLevel": with_sub_invoice_line(XRECHNUNG),
        "schema-invalid": invoice_with_charge_indicator("no"),
        "no scenario": document(UBL_INVOICE, PEPPOL_BIS),
        "not well-formed": b"<Invoice><cbc:ID>",
    }


@pytest.fixture(scope="module")
def xsd():
    return reference_directory() / "resources" / "report.xsd"


@pytest.mark.parametrize("case", list(cases()))
def test_the_runners_report_is_valid_against_report_xsd(case, xsd, tmp_path_factory):
    report = runner().run(cases()[case]).report_xml()
    assert report_errors(report, xsd, tmp_path_factory.getbasetemp()) == []


@pytest.mark.parametrize("case", list(cases()))
def test_the_native_writer_gives_the_stylesheets_report_apart_from_timestamp_and_explanation(case, xsd,
                                                                                            tmp_path_factory):
    xml = cases()[case]
    result = runner().run(xml, document_reference=f"{case}.xml")
    scenario = reference().scenario(result.scenario) if result.scenario else None
    native = native_report(result, scenario, xml, runner().engine, f"{case}.xml")
    assert report_errors(native, xsd, tmp_path_factory.getbasetemp()) == []
    assert differences(canonical(result.report_xml()), canonical(native)) == []


def test_the_native_writer_decides_the_assessment_like_the_stylesheet_when_not_told(xsd, tmp_path_factory):
    scenario = reference().scenario("EN16931 XRechnung (UBL Invoice)")
    rules = scenario.schematrons[0]

    def finding(rule_id: str, flag_level: str) -> Finding:
        return Finding(rule_id, flag_level, None, "text", "/Invoice", rules.name, flag_level)

    def assessed(*findings: Finding) -> str:
        report = write_report(scenario=scenario, document=b"<x/>", document_reference="x", engine="test",
                              schematron_steps=[(rules, findings)], timestamp=datetime(2026, 1, 1, tzinfo=timezone.utc))
        assert report_errors(report, xsd, tmp_path_factory.getbasetemp()) == []
        return etree.QName(etree.fromstring(report).xpath("/rep:report/rep:assessment/*", namespaces=REP)[0]).localname

    assert assessed() == "accept"
    assert assessed(finding("BR-01", "warning")) == "accept"
    assert assessed(finding("BR-01", "error")) == "reject"
    assert assessed(finding("BR-CL-23", "error")) == "accept"  # the scenario lowers BR-CL-23 to warning
    assert assessed(finding("UBL-CR-646", "warning")) == "reject"  # and raises UBL-CR-646 to error


def test_xerces_style_schema_messages_keep_their_key_as_code_and_others_are_generic():
    scenario = reference().scenario("EN16931 (CII)")
    report = etree.fromstring(write_report(
        scenario=scenario, document=b"<x/>", document_reference="x", engine="test",
        schema_errors=[XmlError("cvc-complex-type.2.4.a: Invalid content was found.", 3, 7),
                       XmlError("Element 'x': No matching global declaration available.", 1, None)]))
    messages = report.xpath("//rep:validationStepResult[@id='val-xsd']/rep:message", namespaces=REP)
    assert [(m.get("code"), m.text, m.get("lineNumber"), m.get("columnNumber")) for m in messages] == [
        ("cvc-complex-type.2.4.a", "Invalid content was found.", "3", "7"),
        ("generic-error", "Element 'x': No matching global declaration available.", "1", None)]
    assert report.get("valid") == "false" and report.xpath("//rep:reject", namespaces=REP)


def test_a_report_without_scenario_is_never_accepted():
    report = etree.fromstring(write_report(scenario=None, document=b"<x/>", document_reference="x", engine="test"))
    assert report.get("valid") == "false"
    assert report.xpath("/rep:report/rep:noScenarioMatched/rep:validationStepResult[@id='val-xml']", namespaces=REP)
    assert report.xpath("/rep:report/rep:assessment/rep:reject", namespaces=REP)


def test_the_document_is_identified_by_its_sha256_and_reference():
    report = etree.fromstring(write_report(scenario=None, document=b"abc", document_reference="a.xml", engine="t"))
    assert report.xpath("string(//rep:hashValue)", namespaces=REP) == "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
    assert report.xpath("string(//rep:documentReference)", namespaces=REP) == "a.xml"


def test_resources_are_written_with_name_and_location():
    scenario = reference().scenario("EN16931 (UBL Invoice)")
    report = write_report(scenario=scenario, document=b"<x/>", document_reference="x", engine="t",
                          schematron_steps=[(Resource("Extra rules", "resources/extra.xsl"), [])])
    step = etree.fromstring(report).xpath("//rep:validationStepResult[@id='val-sch.1']", namespaces=REP)[0]
    assert [e.text for e in step.iter()][-2:] == ["Extra rules", "resources/extra.xsl"]
