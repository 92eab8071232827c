"""Loading a KoSIT configuration: every scenario of the reference configuration, and clear errors for broken ones."""

from __future__ import annotations

import shutil

import pytest
from lxml import etree

from tests.unit.kosit.helpers import copy_with, reference, reference_directory
from validators.kosit import Configuration, ConfigurationError, Runner

S = "http://www.xoev.de/de/validator/framework/1/scenarios"
NS = {"s": S}


def scenario_elements():
    return etree.parse(str(reference_directory() / "scenarios.xml")).getroot().findall("s:scenario", NS)


def test_every_scenario_of_the_reference_configuration_is_loaded_in_order():
    names = [element.findtext("s:name", namespaces=NS).strip() for element in scenario_elements()]
    assert [scenario.name for scenario in reference().scenarios] == names
    assert len(names) == 11


def test_each_scenario_carries_its_match_schemas_rules_report_and_accept_match_as_written():
    for element, scenario in zip(scenario_elements(), reference().scenarios, strict=True):
        assert scenario.match == element.findtext("s:match", namespaces=NS).strip()
        assert [r.location for r in scenario.schemas] == [
            x.strip() for x in element.xpath("s:validateWithXmlSchema/s:resource/s:location/text()", namespaces=NS)]
        assert [r.location for r in scenario.schematrons] == [
            x.strip() for x in element.xpath("s:validateWithSchematron/s:resource/s:location/text()", namespaces=NS)]
        assert scenario.report.location == element.findtext("s:createReport/s:resource/s:location", namespaces=NS)
        assert scenario.accept_match == element.findtext("s:acceptMatch", namespaces=NS).strip()
        assert dict(scenario.namespaces)["rep"] == "http://www.xoev.de/de/validator/varl/1"


def test_each_scenario_has_exactly_the_custom_levels_of_its_create_report():
    for element, scenario in zip(scenario_elements(), reference().scenarios, strict=True):
        written = {rule_id: custom.get("level")
                   for custom in element.findall("s:createReport/s:customLevel", NS) for rule_id in custom.text.split()}
        assert scenario.custom_levels == written, scenario.name


def test_the_level_changes_named_in_the_issue_are_in_the_tables():
    by_name = {scenario.name: scenario.custom_levels for scenario in reference().scenarios}
    for name in ("EN16931 XRechnung (UBL Invoice)", "EN16931 XRechnung CVD (UBL Invoice)",
                 "EN16931 XRechnung CVD (UBL CreditNote)"):
        assert by_name[name]["UBL-CR-646"] == "error"
    assert "UBL-CR-646" not in by_name["EN16931 XRechnung (UBL CreditNote)"]  # so written in scenarios.xml
    for name in ("EN16931 XRechnung (CII)", "EN16931 XRechnung Extension (CII)", "EN16931 XRechnung CVD (CII)"):
        assert {by_name[name][i] for i in ("CII-SR-452", "CII-SR-453", "CII-SR-454")} == {"error"}
    assert by_name["EN16931 XRechnung Extension (CII)"]["BR-CL-24"] == "information"
    assert by_name["EN16931 (UBL Invoice)"] == by_name["EN16931 (CII)"] == {}


def test_name_date_fallback_report_and_version_labels():
    configuration = reference()
    assert configuration.name == "Validator Configuration XRechnung 3.0.2"
    assert configuration.no_scenario_report.location == "resources/default-report.xsl"
    assert not configuration.date_is_iso  # "configuration commit 6faac15": KoSIT itself wants an xs:date here
    labels = {label.location: label for label in configuration.versions().resources}
    cen = labels["resources/ubl/2.1/xsl/EN16931-UBL-validation.xsl"]
    assert cen.version == "1.3.16" and "Schematron version 1.3.16" in cen.label
    xrechnung = labels["resources/xrechnung/3.0.2/xsl/XRechnung-CII-validation.xsl"]
    assert xrechnung.version == "2.5.1-SNAPSHOT" and "XRechnung 3.0.2" in xrechnung.label
    assert labels["resources/cii/16b/xsd/CrossIndustryInvoice_100pD16B.xsd"].version == "100.D16B"


@pytest.mark.parametrize("old, new, expected", [
    ("<match>|</match>", "<!--|-->", "<match> is missing"),
    ("</match>", "</matches>", "not well-formed"),
    ("resources/ubl/2.1/xsl/EN16931-UBL-validation.xsl", "resources/ubl/2.1/xsl/missing.xsl",
     "resources/ubl/2.1/xsl/missing.xsl (resource 'Schematron rules for EN16931 (UBL)') does not exist"),
    ("resources/ubl/2.1/xsd/maindoc/UBL-Invoice-2.1.xsd", "../etc/passwd", "must be a relative path"),
    ('<customLevel level="warning">', '<customLevel level="fatal">', "customLevel level 'fatal'"),
    ("<noScenarioReport>|</noScenarioReport>", "<!--|-->", "<noScenarioReport> is missing"),
    ("<name>EN16931 XRechnung (UBL Invoice)</name>", "<name> </name>", "scenario 1: <name> is missing"),
    ('frameworkVersion="1.0.0"', 'frameworkVersion="2.0.0"', "frameworkVersion '2.0.0' is not supported"),
    ("http://www.xoev.de/de/validator/framework/1/scenarios\"", "urn:other\"", "not {http://www.xoev.de"),
])
def test_a_broken_configuration_names_the_file_and_the_problem(tmp_path, old, new, expected):
    directory = copy_with(tmp_path, old, new)
    with pytest.raises(ConfigurationError) as raised:
        Configuration.load(directory)
    assert str(directory / "scenarios.xml") in str(raised.value)
    assert expected in str(raised.value)


def test_a_folder_without_scenarios_xml_is_refused(tmp_path):
    with pytest.raises(ConfigurationError, match="scenarios.xml does not exist"):
        Configuration.load(tmp_path)


def test_an_xpath_that_does_not_compile_is_refused_when_the_runner_is_made(tmp_path):
    directory = copy_with(tmp_path, "<acceptMatch>/rep:report", "<acceptMatch>/nope:report")
    with pytest.raises(ConfigurationError, match="does not compile") as raised:
        Runner(Configuration.load(directory))
    assert "EN16931 XRechnung (UBL Invoice)" in str(raised.value)


def test_a_stylesheet_that_does_not_compile_is_refused_when_the_runner_is_made(tmp_path):
    directory = copy_with(tmp_path, "resources/default-report.xsl", "broken.xsl")
    (directory / "broken.xsl").write_text('<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" '
                                          'version="2.0"><xsl:template match="/"><xsl:value-of select="(("/>'
                                          "</xsl:template></xsl:stylesheet>")
    with pytest.raises(ConfigurationError, match="broken.xsl: the stylesheet does not compile"):
        Runner(Configuration.load(directory))


def test_the_loaded_configuration_does_not_depend_on_the_working_directory(tmp_path, monkeypatch):
    shutil.copy(reference_directory() / "scenarios.xml", tmp_path / "scenarios.xml")
    (tmp_path / "resources").symlink_to(reference_directory() / "resources")
    monkeypatch.chdir(tmp_path)
    configuration = Configuration.load(".")
    assert configuration.directory == tmp_path.resolve()
    assert configuration.path(configuration.no_scenario_report).is_file()
