"""Processing errors and acceptance without acceptMatch, on a small configuration made for the test.

The configuration has one scenario for `<doc v="…"/>`: a schema, one rule stylesheet that casts
`@v` to a decimal (a dynamic error FORG0001 when it is not a number) and reports a warning above
10, and KoSIT's report stylesheets from the reference configuration (copied at test time).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from tests.unit.kosit.helpers import UBL_INVOICE, XRECHNUNG, document, edited, reference_directory, runner
from validators.kosit import Configuration, Runner

SCENARIOS = """<?xml version="1.0" encoding="UTF-8"?>
<scenarios xmlns="http://www.xoev.de/de/validator/framework/1/scenarios" frameworkVersion="1.0.0">
  <name>Test configuration</name><date>2026-01-01</date><description><p>For tests.</p></description>
  <scenario>
    <name>Doc</name>
    <namespace prefix="rep">http://www.xoev.de/de/validator/varl/1</namespace>
    <match>exists(/doc)</match>
    <validateWithXmlSchema><resource><name>Doc schema</name><location>resources/doc.xsd</location></resource></validateWithXmlSchema>
    <validateWithSchematron><resource><name>Doc rules</name><location>resources/rules.xsl</location></resource></validateWithSchematron>
    <createReport><resource><name>Report</name><location>resources/xrechnung-report.xsl</location></resource></createReport>
    ACCEPT
  </scenario>
  <noScenarioReport><resource><name>Default</name><location>resources/default-report.xsl</location></resource></noScenarioReport>
</scenarios>
"""
SCHEMA = """<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="doc"><xs:complexType><xs:attribute name="v" type="xs:string"/></xs:complexType></xs:element>
</xs:schema>"""
RULES = """<xsl:stylesheet version="2.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xsl:template match="/">
    <svrl:schematron-output title="Doc rules version 0.1">
      <xsl:if test="xs:decimal(/doc/@v) gt 10">
        <svrl:failed-assert id="DOC-1" flag="warning" location="/doc"><svrl:text>v is large</svrl:text></svrl:failed-assert>
      </xsl:if>
    </svrl:schematron-output>
  </xsl:template>
</xsl:stylesheet>"""
ACCEPT_MATCH = "<acceptMatch>/rep:report/rep:assessment[1]/rep:accept[1]</acceptMatch>"


def small_configuration(folder: Path, accept_match: str) -> Configuration:
    resources = folder / "resources"
    resources.mkdir(parents=True)
    for name in ("default-report.xsl", "xrechnung-report.xsl"):
        shutil.copy(reference_directory() / "resources" / name, resources / name)
    (resources / "doc.xsd").write_text(SCHEMA)
    (resources / "rules.xsl").write_text(RULES)
    (folder / "scenarios.xml").write_text(SCENARIOS.replace("ACCEPT", accept_match))
    return Configuration.load(folder)


@pytest.fixture(scope="module")
def with_accept_match(tmp_path_factory) -> Runner:
    return Runner(small_configuration(tmp_path_factory.mktemp("with"), ACCEPT_MATCH))


@pytest.fixture(scope="module")
def without_accept_match(tmp_path_factory) -> Runner:
    return Runner(small_configuration(tmp_path_factory.mktemp("without"), ""))


def test_a_rule_run_that_stops_with_a_dynamic_error_is_a_failed_step_and_not_acceptable(with_accept_match):
    result = with_accept_match.run(b'<doc v="abc"/>')
    assert result.scenario == "Doc" and result.schema_valid
    assert [step.step for step in result.failed_steps] == ["Doc rules"]
    assert 'Cannot convert string "abc" to xs:decimal' in result.failed_steps[0].reason  # FORG0001
    assert result.processing_errors[0].startswith("Error processing schematron validation Doc rules. Error is ")
    assert (result.acceptance, result.accepted) == ("undefined", False)
    steps = etree.fromstring(result.report_xml()).xpath(
        "//rep:validationStepResult[@id='val-sch.1']", namespaces={"rep": "http://www.xoev.de/de/validator/varl/1"})
    assert len(steps) == 1 and len(steps[0]) == 1  # KoSIT reports the step with an empty SVRL: its resource only


def test_with_accept_match_a_warning_does_not_reject(with_accept_match):
    result = with_accept_match.run(b'<doc v="20"/>')
    assert [(f.rule_id, f.level) for f in result.findings] == [("DOC-1", "warning")]
    assert result.accepted


def test_without_accept_match_any_failed_assert_rejects_even_a_warning(without_accept_match):
    # ComputeAcceptanceAction.evaluateSchemaAndSchematron: schema-valid and no svrl:failed-assert at all.
    assert without_accept_match.run(b'<doc v="5"/>').accepted
    result = without_accept_match.run(b'<doc v="20"/>')
    assert (result.acceptance, result.accepted) == ("reject", False)


def test_the_labels_of_a_small_configuration_come_from_its_own_files(with_accept_match):
    versions = with_accept_match.versions
    assert (versions.configuration, versions.date) == ("Test configuration", "2026-01-01")
    assert versions.label_of("resources/rules.xsl").version == "0.1"


def test_kosit_runs_no_rules_on_a_schema_invalid_document():
    xml = invoice_with_charge_indicator("no")
    result = runner().run(xml)
    assert result.schema_valid is False and result.schema_errors
    assert result.findings == () and result.failed_steps == () and not result.accepted


def test_rules_can_still_be_run_on_a_schema_invalid_document_without_changing_the_verdict():
    result = runner().run(invoice_with_charge_indicator("no"), schematron_on_schema_error=True)
    assert [step.step for step in result.failed_steps] == ["Schematron rules for EN16931 (UBL)"]
    assert result.failed_steps[0].reason == 'The string "no" cannot be cast to a boolean'  # FORG0001
    assert all(f.step == "Schematron rules for Invoice - CIUS XRechnung (UBL)" for f in result.findings)
    assert result.processing_errors == () and result.acceptance == "reject"
    assert b"val-sch" not in result.report_xml()  # the report stays KoSIT's: no rule steps after a schema error


def invoice_with_charge_indicator(value: str) -> bytes:
    """A generated XRechnung whose allowance/charge indicators read `value` (not a boolean: schema-invalid)."""
    cac = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
    cbc = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
    return edited(document(UBL_INVOICE, XRECHNUNG, seed=11), "//cac:AllowanceCharge/cbc:ChargeIndicator", value,
                  {"cac": cac, "cbc": cbc})
