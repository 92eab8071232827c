"""Recognition: syntax, document type, BT-24, profile and XRechnung version; refusals name what was found."""

import pytest

from invoicing.formats import safe_xml
from invoicing.formats.errors import NotAnInvoice, UnsupportedSyntax
from invoicing.formats.recognition import XRECHNUNG_CIUS, XRECHNUNG_EXTENSION, recognise


def ubl(root="Invoice", customization=XRECHNUNG_CIUS):
    namespace = f"urn:oasis:names:specification:ubl:schema:xsd:{root}-2"
    return safe_xml.parse(
        f'<{root} xmlns="{namespace}" xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">'
        f"<cbc:CustomizationID>{customization}</cbc:CustomizationID></{root}>".encode()
    )


def cii(guideline):
    return safe_xml.parse(
        b'<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"'
        b' xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100">'
        b"<rsm:ExchangedDocumentContext><ram:GuidelineSpecifiedDocumentContextParameter><ram:ID>"
        + guideline.encode()
        + b"</ram:ID></ram:GuidelineSpecifiedDocumentContextParameter></rsm:ExchangedDocumentContext></rsm:CrossIndustryInvoice>"
    )


def test_ubl_xrechnung_invoice():
    found = recognise(ubl())
    assert (found.syntax, found.document_type, found.xrechnung_version, found.profile) == ("UBL", "Invoice", "3.0", None)
    assert found.is_xrechnung_3 and not found.is_extension


def test_ubl_credit_note_with_the_extension_id():
    found = recognise(ubl("CreditNote", XRECHNUNG_EXTENSION))
    assert found.document_type == "CreditNote"
    assert found.is_xrechnung_3 and found.is_extension


def test_an_older_xrechnung_is_recognised_but_is_not_xrechnung_3():
    found = recognise(ubl(customization="urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_1.2"))
    assert found.xrechnung_version is None or not found.is_xrechnung_3


def test_peppol_bis_is_not_xrechnung():
    found = recognise(ubl(customization="urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"))
    assert found.xrechnung_version is None and not found.is_xrechnung_3


@pytest.mark.parametrize("guideline, profile", [
    ("urn:factur-x.eu:1p0:minimum", "MINIMUM"),
    ("urn:factur-x.eu:1p0:basicwl", "BASIC WL"),
    ("urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic", "BASIC"),
    ("urn:cen.eu:en16931:2017", "EN16931"),
    ("urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended", "EXTENDED"),
    ("urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended", "EXTENDED"),
    (XRECHNUNG_CIUS, "XRECHNUNG"),
])
def test_cii_profiles(guideline, profile):
    assert recognise(cii(guideline)).profile == profile


def test_zugferd_1_is_refused_as_unsupported():
    tree = safe_xml.parse(b'<rsm:CrossIndustryDocument xmlns:rsm="urn:ferd:CrossIndustryDocument:invoice:1p0"/>')
    with pytest.raises(UnsupportedSyntax) as refused:
        recognise(tree)
    assert "ZUGFeRD 1.0" in refused.value.message


def test_order_x_is_refused_as_unsupported():
    tree = safe_xml.parse(b'<rsm:SCRDMCCBDACIOMessageStructure xmlns:rsm="urn:un:unece:uncefact:data:standard:SCRDMCCBDACIOMessageStructure:100"/>')
    with pytest.raises(UnsupportedSyntax, match="Order-X"):
        recognise(tree)


def test_a_ubl_order_is_not_an_invoice():
    tree = safe_xml.parse(b'<Order xmlns="urn:oasis:names:specification:ubl:schema:xsd:Order-2"/>')
    with pytest.raises(NotAnInvoice, match="UBL Order"):
        recognise(tree)


def test_unknown_xml_names_its_root():
    with pytest.raises(NotAnInvoice, match="html"):
        recognise(safe_xml.parse(b"<html><body/></html>"))
