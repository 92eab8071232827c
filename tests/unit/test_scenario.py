"""Scenario choice from BT-24, and the level changes each scenario makes (KoSIT configuration)."""

import pytest

from validators.scenario import XRECHNUNG_3_0, XRECHNUNG_3_0_CVD, XRECHNUNG_3_0_EXTENSION, choose


def test_the_xrechnung_standard_id_selects_the_xrechnung_scenario():
    scenario = choose("UBL", "Invoice", XRECHNUNG_3_0)
    assert (scenario.xrechnung, scenario.variant) == (True, "standard")
    assert scenario.level("BR-CL-23", "error") == "warning"
    assert scenario.level("BR-CO-16", "error") == "error"


def test_the_extension_id_downgrades_code_list_rules_and_br_co_16_in_ubl():
    scenario = choose("UBL", "Invoice", XRECHNUNG_3_0_EXTENSION)
    assert scenario.variant == "extension"
    assert scenario.level("BR-CL-10", "error") == "information"
    assert scenario.level("BR-CO-16", "error") == "information"


def test_the_cii_extension_keeps_br_co_16():
    assert choose("CII", "CrossIndustryInvoice", XRECHNUNG_3_0_EXTENSION).level("BR-CO-16", "error") == "error"


def test_the_cvd_id_selects_the_cvd_scenario():
    assert choose("CII", "CrossIndustryInvoice", XRECHNUNG_3_0_CVD).variant == "cvd"


@pytest.mark.parametrize("customization", [
    "urn:cen.eu:en16931:2017",
    "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0",
    "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_2.3",
    XRECHNUNG_3_0 + " ",
    None,
])
def test_any_other_id_gets_en16931_rules_only_without_level_changes(customization):
    scenario = choose("UBL", "Invoice", customization)
    assert (scenario.xrechnung, scenario.variant) == (False, "en16931")
    assert scenario.level("BR-CL-23", "error") == "error"
