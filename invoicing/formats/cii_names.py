"""UN/CEFACT CII D16B vocabulary shared by the CII reader and writer.

Namespaces, the fixed code values the EN 16931 syntax binding uses to tell elements apart, and
`NO_EN16931_TERM`: the documented list of CII data that EN 16931 (and so the model) has no term
for. `explain_unmapped` sorts what a reader left unmapped into those known patterns and the rest;
the rest is what a reviewer must look at, since it may be data that was dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from fnmatch import fnmatchcase

from lxml import etree

RSM = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
RAM = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
UDT = "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100"
QDT = "urn:un:unece:uncefact:data:standard:QualifiedDataType:100"

NAMESPACES = {"rsm": RSM, "ram": RAM, "udt": UDT, "qdt": QDT}
"""Prefixes used by every XPath of the reader and every tag of the writer."""

DATE_FORMAT = "102"
"""UNTDID 2379 code of a calendar date written YYYYMMDD, the only date format EN 16931 uses in CII."""

VAT = "VAT"
"""ram:TypeCode of a tax that is value added tax (UNTDID 5153)."""

TENDER_OR_LOT_TYPE = "50"
"""TypeCode of the additional referenced document that carries BT-17 (UNTDID 1001: validated pricing tender)."""

OBJECT_IDENTIFIER_TYPE = "130"
"""TypeCode of the referenced document that carries BT-18 / BT-128 (UNTDID 1001: invoicing data sheet)."""

SUPPORTING_DOCUMENT_TYPE = "916"
"""TypeCode of the additional referenced document that is a supporting document, BG-24 (UNTDID 1001)."""

PROJECT_NAME_FILLER = "Project reference"
"""CII requires ram:SpecifiedProcuringProject/ram:Name beside BT-11; EN 16931 has no such term, this text fills it."""

VAT_SCHEMES = ("VA", "VAT")
"""schemeID values of ram:SpecifiedTaxRegistration/ram:ID that mark a VAT identifier (BT-31, BT-48, BT-63)."""

TAX_NUMBER_SCHEME = "FC"
"""schemeID of the seller's tax registration identifier (BT-32), e.g. a German Steuernummer."""

DIRECT_DEBIT_MEANS = frozenset({"49", "59"})
"""UNTDID 4461 payment means codes of direct debits, whose BG-16 receives BT-89 and BT-90."""


@dataclass(frozen=True)
class UnmappedPattern:
    """CII data EN 16931 has no business term for, matched by a glob over local element names."""

    glob: str
    reason: str
    condition: str | None = None
    """An XPath test on the element (the owner element for an attribute) that must also hold."""


NO_EN16931_TERM: tuple[UnmappedPattern, ...] = (
    UnmappedPattern("*/ExchangedDocumentContext/TestIndicator/Indicator",
                    "test flag (ZUGFeRD EXTENDED); EN 16931 has no test indicator"),
    UnmappedPattern("*/ExchangedDocument/Name", "document title such as 'RECHNUNG' (EXTENDED)"),
    UnmappedPattern("*/ExchangedDocument/IncludedNote/ContentCode", "note content code (EXTENDED)"),
    UnmappedPattern("*/DefinedTradeContact/DepartmentName",
                    "contact department beside a person name (BT-41/BT-56 take the person; the department "
                    "is read only when no person name is given)"),
    UnmappedPattern("*/SpecifiedProcuringProject/Name",
                    "project name other than the filler 'Project reference'; BT-11 is the project id only"),
    UnmappedPattern("*/PayeeSpecifiedCreditorFinancialInstitution/Name", "bank name (EXTENDED)"),
    UnmappedPattern("*/PayeePartyCreditorFinancialAccount/ProprietaryID",
                    "national account number beside the IBAN; BT-84 holds one account identifier and takes the IBAN"),
    UnmappedPattern("*/GrossPriceProductTradePrice/BasisQuantity",
                    "gross price base quantity differing from the net price's; EN 16931 has one (BT-149)"),
    UnmappedPattern("*/GrossPriceProductTradePrice/BasisQuantity/@unitCode",
                    "unit of a gross price base quantity differing from the net price's (BT-150 is the net one)"),
    UnmappedPattern("*/BuyerTradeParty/SpecifiedTaxRegistration/ID", "buyer tax number; EN 16931 has only "
                    "the buyer VAT identifier (BT-48)", condition="@schemeID='FC'"),
    UnmappedPattern("*/BuyerTradeParty/SpecifiedTaxRegistration/ID/@schemeID", "scheme of the buyer tax number",
                    condition="@schemeID='FC'"),
    UnmappedPattern("*/ApplicableHeaderTradeAgreement/AdditionalReferencedDocument/*",
                    "referenced document without TypeCode: the binding makes it BT-17 only with code 50, BT-18 "
                    "only with 130 and BG-24 only with 916, so an untyped one is no EN 16931 term",
                    condition="not(../ram:TypeCode)"),
    UnmappedPattern("*/SpecifiedLineTradeSettlement/ApplicableTradeTax/ExemptionReason",
                    "line-level VAT exemption reason; EN 16931 has it only in the VAT breakdown (BT-120)"),
    UnmappedPattern("*/SpecifiedLineTradeSettlement/ApplicableTradeTax/ExemptionReasonCode",
                    "line-level VAT exemption reason code; EN 16931 has it only in the VAT breakdown (BT-121)"),
    UnmappedPattern("*/AssociatedDocumentLineDocument/LineStatusCode", "line status (EXTENDED)"),
    UnmappedPattern("*/AssociatedDocumentLineDocument/LineStatusReasonCode",
                    "line status reason DETAIL/GROUP/INFORMATION (EXTENDED sub lines); no model term yet"),
)
"""The documented CII data without an EN 16931 term; anything else left unmapped needs a look."""


@dataclass(frozen=True)
class UnmappedReport:
    """What a CII reader left unmapped, split into known no-term data (by pattern) and the rest."""

    known: Counter
    unexplained: tuple[str, ...]


def explain_unmapped(tree: etree._ElementTree, unmapped: tuple[str, ...]) -> UnmappedReport:
    """Sort `unmapped` XPaths (from `XmlSource.unmapped()`) into `NO_EN16931_TERM` patterns and the rest."""
    known: Counter = Counter()
    unexplained = []
    prefixes: dict[str, str] = {}
    for element in tree.getroot().iter(etree.Element):
        for prefix, uri in element.nsmap.items():
            if prefix is not None:
                prefixes.setdefault(prefix, uri)
    for xpath in unmapped:
        name_path, node = _resolve(tree, xpath, prefixes)  # a path comes with its element
        pattern = next((p for p in NO_EN16931_TERM if name_path and fnmatchcase(name_path, p.glob)
                        and (p.condition is None or (node is not None
                                                     and node.xpath(p.condition, namespaces=NAMESPACES)))), None)
        if pattern is None:
            unexplained.append(xpath)
        else:
            known[pattern.glob] += 1
    return UnmappedReport(known, tuple(unexplained))


def _resolve(tree: etree._ElementTree, xpath: str, prefixes: dict) -> tuple[str | None, etree._Element | None]:
    """('CrossIndustryInvoice/…/LocalName[/@attr]', element) for an XPath from `tree.getpath`."""
    element_path, _, attribute = xpath.partition("/@")
    try:
        found = tree.xpath(element_path, namespaces=prefixes)
    except etree.XPathError:
        return None, None
    if not found or not isinstance(found[0], etree._Element):
        return None, None
    element = found[0]
    names = [etree.QName(node).localname for node in (*reversed(list(element.iterancestors())), element)]
    path = "/".join(names)
    return (f"{path}/@{re.sub(r'^{.*}', '', attribute)}" if attribute else path), element
