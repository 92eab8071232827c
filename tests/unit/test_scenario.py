"""Scenario choice and levels as the KoSIT configuration defines them (generated from scenarios.xml)."""

from __future__ import annotations

import pytest
from lxml import etree

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from invoicing.model import ProcessControl
from validators.scenario import by_name, choose, configuration, official_level

XRECHNUNG = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
EXTENSION = XRECHNUNG + "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0"
CVD = XRECHNUNG + "#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9"


def root(kind: str, specification: str):
    invoice = generate_invoice(4, kind="credit_note" if kind == "CreditNote" else "standard")
    invoice = invoice.model_copy(update={"process_control": (invoice.process_control or ProcessControl()).model_copy(
        update={"specification_identifier": specification})})
    return etree.fromstring(write_cii(invoice) if kind == "CII" else write_ubl(invoice))


@pytest.mark.parametrize("kind, specification, name", [
    ("Invoice", XRECHNUNG, "EN16931 XRechnung (UBL Invoice)"),
    ("Invoice", EXTENSION, "EN16931 XRechnung Extension (UBL Invoice)"),
    ("Invoice", CVD, "EN16931 XRechnung CVD (UBL Invoice)"),
    ("CreditNote", XRECHNUNG, "EN16931 XRechnung (UBL CreditNote)"),
    ("CreditNote", CVD, "EN16931 XRechnung CVD (UBL CreditNote)"),
    ("CII", XRECHNUNG, "EN16931 XRechnung (CII)"),
    ("CII", EXTENSION, "EN16931 XRechnung Extension (CII)"),
    ("CII", CVD, "EN16931 XRechnung CVD (CII)"),
    ("Invoice", "urn:cen.eu:en16931:2017", "EN16931 (UBL Invoice)"),
    ("CreditNote", "urn:cen.eu:en16931:2017", "EN16931 (UBL CreditNote)"),
    ("CII", "urn:cen.eu:en16931:2017", "EN16931 (CII)"),
])
def test_the_specification_identifier_selects_the_scenario(kind, specification, name):
    assert choose(root(kind, specification)).name == name


@pytest.mark.parametrize("kind, specification", [
    ("Invoice", "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"),
    ("Invoice", "urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.3"),
    ("Invoice", XRECHNUNG + " "),
    ("CreditNote", EXTENSION),  # scenarios.xml has no extension scenario for UBL credit notes
    ("CII", "urn:factur-x.eu:1p0:minimum"),
])
def test_any_other_identifier_matches_no_scenario(kind, specification):
    assert choose(root(kind, specification)) is None


def test_a_document_two_scenarios_match_gets_none_as_in_kosit(monkeypatch):
    from validators.rulesets import scenarios

    doubled = scenarios.SCENARIOS + (scenarios.SCENARIOS[0],)
    monkeypatch.setattr(scenarios, "SCENARIOS", doubled)
    assert choose(root("Invoice", XRECHNUNG)) is None


def test_custom_levels_follow_scenarios_xml():
    standard = by_name("EN16931 XRechnung (UBL Invoice)")
    assert standard.level("BR-CL-23", "error") == "warning"
    assert standard.level("UBL-CR-646", "warning") == "error"
    assert standard.level("BR-CO-16", "error") == "error"
    extension = by_name("EN16931 XRechnung Extension (UBL Invoice)")
    assert extension.level("BR-CO-16", "error") == "information"
    assert extension.level("BR-CL-24", "error") == "information"
    cii = by_name("EN16931 XRechnung (CII)")
    assert {cii.level(rule, "warning") for rule in ("CII-SR-452", "CII-SR-453", "CII-SR-454")} == {"error"}
    assert by_name("EN16931 XRechnung Extension (CII)").level("BR-CL-24", "error") == "information"
    assert by_name("EN16931 XRechnung CVD (CII)").level("BR-CL-13", "error") == "information"
    assert by_name("EN16931 (UBL Invoice)").custom_levels == {}


@pytest.mark.parametrize("flag, role, level", [
    ("fatal", None, "error"), ("error", None, "error"), ("warning", None, "warning"), ("warn", None, "warning"),
    ("information", None, "information"), ("info", None, "information"), (None, None, "error"),
    ("something", None, "error"), ("warning", "error", "error"), (None, "info", "information"),
])
def test_levels_come_from_flag_and_role_as_the_report_stylesheet_reads_them(flag, role, level):
    assert official_level(flag, role) == level


def test_the_configuration_names_its_releases():
    config = configuration()
    assert (config.name, config.cen_version, config.xrechnung_version) == (
        "Validator Configuration XRechnung 3.0.2", "1.3.16", "3.0.2")
