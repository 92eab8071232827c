"""Recognising what a document is: syntax, document type, CustomizationID (BT-24), profile, XRechnung version.

This is the first step the official validator takes (it picks the scenario from it); here it also
decides which reader runs, and refuses what is not an accepted e-invoice with a specific reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from invoicing.formats.errors import NotAnInvoice, UnsupportedSyntax

UBL_INVOICE = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
UBL_CREDIT_NOTE = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CII = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"

XRECHNUNG_CIUS = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
XRECHNUNG_EXTENSION = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0"

# Guideline ids of ZUGFeRD 2.x / Factur-X profiles (the XRechnung profile uses the XRechnung ids).
PROFILES = {
    "urn:factur-x.eu:1p0:minimum": "MINIMUM",
    "urn:zugferd.de:2p0:minimum": "MINIMUM",
    "urn:factur-x.eu:1p0:basicwl": "BASIC WL",
    "urn:zugferd.de:2p0:basicwl": "BASIC WL",
    "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic": "BASIC",
    "urn:cen.eu:en16931:2017#compliant#urn:zugferd.de:2p0:basic": "BASIC",
    "urn:cen.eu:en16931:2017": "EN16931",
    "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended": "EXTENDED",
    "urn:cen.eu:en16931:2017#conformant#urn:zugferd.de:2p0:extended": "EXTENDED",
}

_XRECHNUNG_VERSION = re.compile(r"urn:xeinkauf\.de:kosit:xrechnung_(\d+(?:\.\d+)*)")

# Roots that look like business documents but are not accepted, with the reason why.
_UNSUPPORTED_ROOTS = {
    "urn:ferd:CrossIndustryDocument:invoice:1p0": "a ZUGFeRD 1.0 invoice (CrossIndustryDocument)",
    "urn:un:unece:uncefact:data:standard:SCRDMCCBDACIOMessageStructure:100": "an Order-X order",
    "urn:un:unece:uncefact:data:standard:CrossIndustryOrder:100": "a CII order",
}


@dataclass(frozen=True)
class Recognition:
    """What a document was recognised as.

    `syntax` is "UBL" or "CII"; `document_type` the root element name ("Invoice", "CreditNote",
    "CrossIndustryInvoice"); `customization_id` is BT-24 as written; `profile` the ZUGFeRD /
    Factur-X profile ("XRECHNUNG" for XRechnung in CII) or None for UBL; `xrechnung_version` the
    version named in BT-24, e.g. "3.0", or None.
    """

    syntax: str
    document_type: str
    customization_id: str | None
    profile: str | None
    xrechnung_version: str | None

    @property
    def is_xrechnung_3(self) -> bool:
        """True when BT-24 declares XRechnung 3.0 (standard or extension): the XRechnung rules apply."""
        return bool(self.xrechnung_version and self.xrechnung_version.split(".")[:2] == ["3", "0"])

    @property
    def is_extension(self) -> bool:
        """True when BT-24 declares the XRechnung extension (conformant, not compliant)."""
        return bool(self.customization_id
                    and "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung" in self.customization_id)


def recognise(tree: etree._ElementTree) -> Recognition:
    """Recognise a parsed document or raise `UnsupportedSyntax` / `NotAnInvoice` naming what was found."""
    root = tree.getroot()
    qname = etree.QName(root)
    if qname.namespace in (UBL_INVOICE, UBL_CREDIT_NOTE) and qname.localname in ("Invoice", "CreditNote"):
        customization = _text(root.find(f"{{{CBC}}}CustomizationID"))
        return Recognition("UBL", qname.localname, customization, None, _xrechnung_version(customization))
    if qname.namespace == CII and qname.localname == "CrossIndustryInvoice":
        guideline = _text(root.find(f"{{{CII}}}ExchangedDocumentContext/{{{RAM}}}GuidelineSpecifiedDocumentContextParameter/{{{RAM}}}ID"))
        version = _xrechnung_version(guideline)
        profile = "XRECHNUNG" if version else PROFILES.get(guideline or "")
        return Recognition("CII", qname.localname, guideline, profile, version)
    if qname.namespace in _UNSUPPORTED_ROOTS:
        raise UnsupportedSyntax(
            f"The document is {_UNSUPPORTED_ROOTS[qname.namespace]}, which is not accepted.",
            "Please send XRechnung 3.0 (UBL or CII) or ZUGFeRD 2.x / Factur-X (profile BASIC, EN 16931, EXTENDED or XRECHNUNG).",
        )
    if qname.namespace and qname.namespace.startswith("urn:oasis:names:specification:ubl:schema:xsd:"):
        raise NotAnInvoice(
            f"The document is a UBL {qname.localname}, not an invoice or credit note.",
            "Please send a UBL 2.1 Invoice or CreditNote following XRechnung 3.0.",
        )
    found = f"{{{qname.namespace}}}{qname.localname}" if qname.namespace else qname.localname
    raise NotAnInvoice(
        f"The XML document's root element is {found}, which is not an invoice.",
        "Accepted are UBL 2.1 Invoice/CreditNote and UN/CEFACT CrossIndustryInvoice (XRechnung, ZUGFeRD, Factur-X).",
    )


def _text(element: etree._Element | None) -> str | None:
    text = (element.text or "").strip() if element is not None else ""
    return text or None


def _xrechnung_version(customization: str | None) -> str | None:
    match = _XRECHNUNG_VERSION.search(customization or "")
    return match.group(1) if match else None
