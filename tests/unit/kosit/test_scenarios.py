"""Which scenario a document gets: exactly one matching scenario, else the noScenarioReport and a rejection."""

from __future__ import annotations

import pytest
from lxml import etree

from tests.unit.kosit.helpers import (
    CII,
    CVD,
    EN16931,
    EXTENSION,
    PEPPOL_BIS,
    UBL_CREDIT_NOTE,
    UBL_INVOICE,
    XRECHNUNG,
    XRECHNUNG_2_3,
    copy_with,
    document,
    runner,
)
from validators.kosit import Configuration, Runner

REP = {"rep": "http://www.xoev.de/de/validator/varl/1", "s": "http://www.xoev.de/de/validator/framework/1/scenarios"}

CHOICES = [
    (UBL_INVOICE, XRECHNUNG, "EN16931 XRechnung (UBL Invoice)"),
    (UBL_INVOICE, EXTENSION, "EN16931 XRechnung Extension (UBL Invoice)"),
    (UBL_INVOICE, CVD, "EN16931 XRechnung CVD (UBL Invoice)"),
    (UBL_CREDIT_NOTE, XRECHNUNG, "EN16931 XRechnung (UBL CreditNote)"),
    (UBL_CREDIT_NOTE, EXTENSION, None),  # the configuration has no extension scenario for credit notes
    (UBL_CREDIT_NOTE, CVD, "EN16931 XRechnung CVD (UBL CreditNote)"),
    (CII, XRECHNUNG, "EN16931 XRechnung (CII)"),
    (CII, EXTENSION, "EN16931 XRechnung Extension (CII)"),
    (CII, CVD, "EN16931 XRechnung CVD (CII)"),
    (UBL_INVOICE, EN16931, "EN16931 (UBL Invoice)"),
    (UBL_CREDIT_NOTE, EN16931, "EN16931 (UBL CreditNote)"),
    (CII, EN16931, "EN16931 (CII)"),
    (UBL_INVOICE, PEPPOL_BIS, None),
    (CII, PEPPOL_BIS, None),
    (UBL_INVOICE, XRECHNUNG_2_3, None),
    (CII, None, None),
]


@pytest.mark.parametrize("kind, specification, expected", CHOICES)
def test_the_scenario_follows_the_document_type_and_its_specification_identifier(kind, specification, expected):
    result = runner().run(document(kind, specification))
    assert result.scenario == expected
    assert not result.forced


@pytest.mark.parametrize("kind", [UBL_INVOICE, UBL_CREDIT_NOTE, CII])
def test_a_valid_xrechnung_is_accepted_with_an_accept_report(kind):
    result = runner().run(document(kind, XRECHNUNG))
    assert result.accepted and result.acceptance == "accept" and result.schema_valid
    report = etree.fromstring(result.report_xml())
    assert report.xpath("/rep:report/rep:assessment/rep:accept", namespaces=REP)
    assert report.xpath("string(//rep:scenarioMatched/s:scenario/s:name)", namespaces=REP) == result.scenario


@pytest.mark.parametrize("kind, specification", [(UBL_INVOICE, PEPPOL_BIS), (CII, XRECHNUNG_2_3),
                                                 (UBL_CREDIT_NOTE, EXTENSION), (UBL_INVOICE, None)])
def test_an_unmatched_document_gets_the_no_scenario_report_and_is_rejected(kind, specification):
    result = runner().run(document(kind, specification))
    assert (result.scenario, result.accepted, result.acceptance) == (None, False, "reject")
    assert result.findings == () and result.schema_valid is None  # KoSIT runs no schema and no rules then
    report = etree.fromstring(result.report_xml())
    assert report.xpath("/rep:report/rep:noScenarioMatched", namespaces=REP)
    assert report.xpath("/rep:report/rep:assessment/rep:reject", namespaces=REP)
    assert report.get("valid") == "false"


def test_a_document_that_is_not_xml_is_rejected_with_a_well_formedness_message():
    result = runner().run(b"<Invoice><ID>1</Invoice>")
    assert (result.scenario, result.accepted, result.schema_valid) == (None, False, None)
    assert "not well-formed" in result.wellformedness_errors[0].message
    assert result.wellformedness_errors[0].line == 1
    messages = etree.fromstring(result.report_xml()).xpath("//rep:noScenarioMatched//rep:message", namespaces=REP)
    assert len(messages) == 1 and messages[0].get("lineNumber") == "1"


def test_a_document_with_a_dtd_is_refused_before_any_xml_processor_reads_it():
    hostile = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>'
    result = runner().run(hostile)
    assert not result.accepted and "DOCTYPE" in result.wellformedness_errors[0].message


def test_forcing_a_scenario_applies_it_to_a_document_no_scenario_matches():
    result = runner().run(document(UBL_INVOICE, PEPPOL_BIS), force_scenario="EN16931 (UBL Invoice)")
    assert (result.scenario, result.forced, result.accepted) == ("EN16931 (UBL Invoice)", True, True)


def test_forcing_an_unknown_scenario_names_the_known_ones():
    with pytest.raises(KeyError, match="EN16931 \\(CII\\)"):
        runner().run(document(CII, XRECHNUNG), force_scenario="EN16931 (CII) typo")


def test_two_matching_scenarios_give_no_scenario_as_in_kosit(tmp_path):
    # ScenarioRepository.selectScenario: more than one match selects the fallback, not the first.
    directory = copy_with(tmp_path, "<match>exists(/invoice:Invoice[ cbc:CustomizationID/text() = 'urn:cen.eu:en16931:2017' ])",
                          "<match>exists(/invoice:Invoice)")
    doubled = Runner(Configuration.load(directory))
    assert doubled.run(document(UBL_INVOICE, PEPPOL_BIS)).scenario == "EN16931 (UBL Invoice)"
    result = doubled.run(document(UBL_INVOICE, XRECHNUNG))
    assert (result.scenario, result.accepted) == (None, False)


def test_the_result_names_the_rule_sets_of_the_scenario_that_judged_it():
    xrechnung = runner().run(document(CII, XRECHNUNG))
    assert [label.version for label in xrechnung.rule_sets] == ["100.D16B", "1.3.16", "2.5.1-SNAPSHOT"]
    assert "XRechnung 3.0.2" in xrechnung.rule_sets[-1].label
    cen_only = runner().run(document(UBL_INVOICE, EN16931))
    assert [label.version for label in cen_only.rule_sets] == ["2.1", "1.3.16"]
    assert runner().run(document(UBL_INVOICE, PEPPOL_BIS)).rule_sets == ()
    assert xrechnung.versions.configuration == "Validator Configuration XRechnung 3.0.2"
