"""Finding levels: the Schematron flag as KoSIT maps it, then the scenario's customLevel, and what the verdict does with them."""

from __future__ import annotations

import copy

import pytest
from lxml import etree

from tests.unit.kosit.helpers import EN16931, EXTENSION, UBL_INVOICE, XRECHNUNG, document, runner
from validators.kosit.svrl import flag_level, messages, parse

CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
NS = {"cac": CAC, "cbc": CBC}


@pytest.mark.parametrize("flag, role, level", [
    ("fatal", None, "error"), ("error", None, "error"), ("warning", None, "warning"), ("warn", None, "warning"),
    ("information", None, "information"), ("info", None, "information"), (None, None, "error"),
    ("Fatal", None, "error"), ("Info", None, "error"), ("warning", "error", "error"), (None, "info", "information"),
    ("whatever", "warn", "warning"),
])
def test_flag_and_role_map_to_a_level_as_in_kosits_report_stylesheet(flag, role, level):
    assert flag_level(flag, role) == level


def test_only_direct_children_of_the_svrl_output_are_messages_and_a_missing_id_is_unspecific():
    output = parse(b"""<svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl">
        <svrl:failed-assert location="/a" flag="warning"><svrl:text>no id</svrl:text></svrl:failed-assert>
        <svrl:successful-report id="" location="/b"><svrl:text>empty id</svrl:text></svrl:successful-report>
        <svrl:fired-rule><svrl:failed-assert id="NESTED"/></svrl:fired-rule>
      </svrl:schematron-output>""")
    found = messages(output)
    assert [(m.code, m.level, m.kind, m.text) for m in found] == [
        ("UNSPECIFIC", "warning", "failed-assert", "no id"), ("", "error", "successful-report", "empty id")]


def with_unit_code(specification: str, code: str) -> bytes:
    root = etree.fromstring(document(UBL_INVOICE, specification))
    root.find(".//cbc:InvoicedQuantity", NS).set("unitCode", code)
    return etree.tostring(root)


def test_a_fatal_rule_lowered_by_the_scenario_is_a_warning_and_the_invoice_is_accepted():
    result = runner().run(with_unit_code(XRECHNUNG, "FOO"))
    finding = next(f for f in result.findings if f.rule_id == "BR-CL-23")
    assert (finding.flag, finding.flag_level, finding.level) == ("fatal", "error", "warning")
    assert result.accepted and "BR-CL-23" in result.warnings


def test_the_same_rule_without_a_level_change_rejects():
    result = runner().run(with_unit_code(EN16931, "FOO"))
    assert result.scenario == "EN16931 (UBL Invoice)"
    assert not result.accepted and "BR-CL-23" in result.errors


def with_sub_invoice_line(specification: str) -> bytes:
    root = etree.fromstring(document(UBL_INVOICE, specification))
    line = root.find("cac:InvoiceLine", NS)
    sub = etree.SubElement(line, f"{{{CAC}}}SubInvoiceLine")
    etree.SubElement(sub, f"{{{CBC}}}ID").text = "1.1"
    sub.append(copy.deepcopy(line.find("cbc:LineExtensionAmount", NS)))
    sub.append(copy.deepcopy(line.find("cac:Item", NS)))
    return etree.tostring(root)


def test_a_warning_raised_to_error_by_the_standard_scenario_rejects():
    result = runner().run(with_sub_invoice_line(XRECHNUNG))
    finding = next(f for f in result.findings if f.rule_id == "UBL-CR-646")
    assert (finding.flag, finding.level) == ("warning", "error")
    assert result.schema_valid and not result.accepted


def test_the_extension_scenario_lowers_the_same_warning_to_information():
    result = runner().run(with_sub_invoice_line(EXTENSION))
    assert next(f for f in result.findings if f.rule_id == "UBL-CR-646").level == "information"
    assert "UBL-CR-646" not in result.warnings | result.errors and result.accepted


def test_the_report_writes_the_flag_level_and_assesses_with_the_custom_level():
    report = etree.fromstring(runner().run(with_unit_code(XRECHNUNG, "FOO")).report_xml())
    rep = {"rep": "http://www.xoev.de/de/validator/varl/1"}
    message = report.xpath("//rep:message[@code='BR-CL-23']", namespaces=rep)[0]
    assert message.get("level") == "error"  # as KoSIT writes it: customLevel only enters the assessment
    assert report.xpath("/rep:report/rep:assessment/rep:accept", namespaces=rep)
    assert report.get("valid") == "false"  # a step with an error-level message is not valid
