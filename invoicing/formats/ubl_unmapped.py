"""What a UBL document may carry that EN 16931 has no business term for, and how to tell it from a gap.

`XmlSource.unmapped()` lists every source value the reader did not put into the model. Some of that
is expected: UBL 2.1 is a much larger vocabulary than EN 16931. `NOT_IN_EN16931` names those
element/attribute patterns with the reason; anything else in `unexpected_unmapped` is data the
model could not hold (e.g. a repeated element where EN 16931 allows one) and deserves a warning.
"""

from __future__ import annotations

import re

from lxml import etree

from invoicing.formats.source import XmlSource
from invoicing.formats.ubl_names import CAC, CBC

_PREFIXES: dict[str | None, str] = {CAC: "cac", CBC: "cbc",
             "urn:oasis:names:specification:ubl:schema:xsd:CommonExtensionComponents-2": "ext"}

_LINE = r"cac:(?:Invoice|CreditNote|SubInvoice|SubCreditNote)Line"

NOT_IN_EN16931: tuple[tuple[str, str], ...] = (
    (r"^/\w+/ext:UBLExtensions/", "UBL extensions (signatures, vendor data)"),
    (r"^/\w+/cac:Signature/", "signature references"),
    (r"^/\w+/cbc:(?:UBLVersionID|ProfileExecutionID|CopyIndicator|UUID|IssueTime|PricingCurrencyCode"
     r"|PaymentCurrencyCode|PaymentAlternativeCurrencyCode|AccountingCostCode|LineCountNumeric)$",
     "document metadata without a business term"),
    (r"/cac:CardAccount/cbc:NetworkID$", "card network: mandatory in UBL, no EN 16931 term"),
    (r"^/\w+/cac:PaymentMeans/cac:(?:CreditAccount|PayerFinancialAccount|TradeFinancing)/",
     "payment means accounts other than the payee's (BG-17) and the mandate's (BT-91)"),
    (rf"/{_LINE}/cac:OrderLineReference/cac:OrderReference/", "order of a referenced order line (BT-132 is the line only)"),
    (rf"/{_LINE}/cac:DocumentReference/", "line document references other than the object identifier (type 130, BT-128)"),
    (rf"/{_LINE}/cac:Price/cac:AllowanceCharge/",
     "price-level charges (EN 16931 has only a price discount, BT-147/148)"),
    (r"/cac:AccountingCustomerParty/cac:Party/cac:PartyTaxScheme/",
     "buyer tax registrations other than the VAT identifier (BT-48)"),
    (r"/cac:(?:TaxScheme|TaxCategory|ClassifiedTaxCategory)/cbc:ID/@(?:schemeID|schemeAgencyID)$",
     "code-list qualifiers on VAT scheme and category codes"),
    (r"/@(?:listAgencyID|listAgencyName|listName|listURI|listSchemeURI|schemeAgencyID|schemeAgencyName|schemeName"
     r"|schemeURI|schemeDataURI|schemeVersionID|languageID|languageLocaleID|unitCodeListID|unitCodeListAgencyID"
     r"|unitCodeListAgencyName|currencyCodeListVersionID|encodingCode|characterSetCode|uri|format)$",
     "code-list and identifier metadata attributes"),
)
"""(regular expression over `canonical_path`, reason) for UBL data that has no EN 16931 business term."""

_COMPILED = tuple(re.compile(pattern) for pattern, _reason in NOT_IN_EN16931)


def canonical_path(element: etree._Element, attribute: str | None = None) -> str:
    """`/Invoice/cac:PaymentMeans/cbc:PaymentMeansCode/@name`: local names with the usual UBL
    prefixes, no positions, whatever prefixes the document itself used."""
    steps = []
    for node in reversed([element, *element.iterancestors()]):
        qname = etree.QName(node)
        prefix = _PREFIXES.get(qname.namespace)
        steps.append(f"{prefix}:{qname.localname}" if prefix else qname.localname)
    path = "/" + "/".join(steps)
    return f"{path}/@{attribute}" if attribute else path


def not_in_en16931(path: str) -> bool:
    """True when `path` (a `canonical_path`) matches one of `NOT_IN_EN16931`."""
    return any(pattern.search(path) for pattern in _COMPILED)


def canonical_unmapped(source: XmlSource) -> tuple[str, ...]:
    """`source.unmapped()` as canonical paths (same order, duplicates kept)."""
    by_xpath = {source.path(element): element for element in source.root.iter(etree.Element)}
    paths = []
    for xpath in source.unmapped():
        element = by_xpath.get(xpath)
        if element is not None:
            paths.append(canonical_path(element))
        else:  # an attribute: "<element xpath>/@<name>"
            element_xpath, attribute = xpath.split("/@", 1) if "/@{" in xpath else xpath.rsplit("/@", 1)
            paths.append(canonical_path(by_xpath[element_xpath], etree.QName(attribute).localname))
    return tuple(paths)


def unexpected_unmapped(source: XmlSource) -> tuple[str, ...]:
    """The unmapped source data that is not explained by `NOT_IN_EN16931` (canonical paths)."""
    return tuple(path for path in canonical_unmapped(source) if not not_in_en16931(path))
