"""Messages for the "not used in EN 16931" rules (UBL-CR-*, CII-SR-* of the form `not(path)`).

The forbidden element of each rule is data generated from the rule's test (`unused_paths`, see
`generate`); this module holds what is written by hand: the business areas a path can lie in
(`GROUPS`, found by `group_of` through `GROUP_PREFIXES`) and the fixed sentence in each language.
"""

from __future__ import annotations

from validators.messages.unused_paths import UNUSED

GROUPS: dict[str, tuple[str, str]] = {
    "process": ("process control, BG-2", "Prozesssteuerung, BG-2"),
    "header": ("document header: number, date, type, notes", "Rechnungskopf: Nummer, Datum, Art, Bemerkungen"),
    "preceding": ("preceding invoice reference, BG-3", "vorausgegangene Rechnung, BG-3"),
    "seller": ("seller, BG-4", "Verkäufer, BG-4"),
    "buyer": ("buyer, BG-7", "Käufer, BG-7"),
    "payee": ("payee, BG-10", "Zahlungsempfänger, BG-10"),
    "representative": ("seller tax representative, BG-11", "Steuervertreter des Verkäufers, BG-11"),
    "delivery": ("delivery information, BG-13", "Lieferinformationen, BG-13"),
    "period": ("invoicing period, BG-14", "Abrechnungszeitraum, BG-14"),
    "payment": ("payment instructions, BG-16", "Zahlungsanweisungen, BG-16"),
    "terms": ("payment terms, BT-20", "Zahlungsbedingungen, BT-20"),
    "allowances": ("document level allowances and charges, BG-20 and BG-21",
                   "Nachlässe und Zuschläge auf Dokumentebene, BG-20 und BG-21"),
    "totals": ("document totals, BG-22", "Gesamtbeträge, BG-22"),
    "vat": ("VAT total and VAT breakdown, BT-110 and BG-23", "Umsatzsteuersumme und -aufschlüsselung, BT-110 und BG-23"),
    "documents": ("additional supporting documents, BG-24", "rechnungsbegründende Unterlagen, BG-24"),
    "order": ("purchase order reference, BT-13", "Bestellreferenz, BT-13"),
    "contract": ("contract reference, BT-12", "Vertragsreferenz, BT-12"),
    "project": ("project reference, BT-11", "Projektreferenz, BT-11"),
    "sales order": ("sales order reference, BT-14", "Auftragsreferenz, BT-14"),
    "accounting": ("buyer accounting reference, BT-19", "Buchungsreferenz des Käufers, BT-19"),
    "despatch": ("despatch advice reference, BT-16", "Versandanzeige, BT-16"),
    "receipt": ("receiving advice reference, BT-15", "Wareneingangsmeldung, BT-15"),
    "tender": ("tender or lot reference, BT-17", "Vergabe- oder Losnummer, BT-17"),
    "line": ("invoice line, BG-25", "Rechnungsposition, BG-25"),
    "item": ("item information of an invoice line, BG-31", "Artikelinformationen einer Rechnungsposition, BG-31"),
    "price": ("price details of an invoice line, BG-29", "Preisangaben einer Rechnungsposition, BG-29"),
}
"""Group key → (English, German) name of the business area, as shown in brackets after the path."""

_CII_AGREEMENT, _CII_SETTLEMENT = "ram:ApplicableHeaderTradeAgreement/", "ram:ApplicableHeaderTradeSettlement/"
_CII_LINE = "ram:IncludedSupplyChainTradeLineItem"
GROUP_PREFIXES: tuple[tuple[str, str], ...] = (
    # UBL (paths below the document root)
    ("cac:AccountingSupplierParty", "seller"), ("cac:AccountingCustomerParty", "buyer"), ("cac:PayeeParty", "payee"),
    ("cac:TaxRepresentativeParty", "representative"), ("cac:Delivery", "delivery"), ("cac:InvoicePeriod", "period"),
    ("cac:PaymentMeans", "payment"), ("cac:PaymentMandate", "payment"), ("cac:CardAccount", "payment"),
    ("cac:PaymentTerms", "terms"), ("cac:AllowanceCharge", "allowances"), ("cac:TaxTotal", "vat"),
    ("cac:LegalMonetaryTotal", "totals"), ("cac:AdditionalDocumentReference", "documents"),
    ("cac:BillingReference", "preceding"), ("cac:OrderReference", "order"), ("cac:ContractDocumentReference", "contract"),
    ("cac:ProjectReference", "project"), ("cac:DespatchDocumentReference", "despatch"),
    ("cac:ReceiptDocumentReference", "receipt"), ("cac:OriginatorDocumentReference", "tender"),
    ("cac:InvoiceLine/cac:Item", "item"), ("cac:InvoiceLine/cac:Price", "price"), ("cac:InvoiceLine", "line"),
    ("cac:Price", "price"),
    # CII (paths below the root, without rsm:SupplyChainTradeTransaction)
    ("rsm:ExchangedDocumentContext", "process"), ("rsm:ExchangedDocument", "header"),
    (_CII_AGREEMENT + "ram:SellerTradeParty", "seller"), (_CII_AGREEMENT + "ram:BuyerTradeParty", "buyer"),
    (_CII_AGREEMENT + "ram:SellerTaxRepresentativeTradeParty", "representative"),
    (_CII_AGREEMENT + "ram:ContractReferencedDocument", "contract"),
    (_CII_AGREEMENT + "ram:BuyerOrderReferencedDocument", "order"),
    (_CII_AGREEMENT + "ram:AdditionalReferencedDocument", "documents"),
    (_CII_AGREEMENT + "ram:SellerOrderReferencedDocument", "sales order"),
    (_CII_AGREEMENT + "ram:SpecifiedProcuringProject", "project"),
    (_CII_SETTLEMENT + "ram:ReceivableSpecifiedTradeAccountingAccount", "accounting"),
    ("ram:ApplicableHeaderTradeDelivery", "delivery"),
    (_CII_SETTLEMENT + "ram:PayeeTradeParty", "payee"),
    (_CII_SETTLEMENT + "ram:SpecifiedTradeSettlementPaymentMeans", "payment"),
    ("ram:SpecifiedTradeSettlementPaymentMeans", "payment"),
    (_CII_SETTLEMENT + "ram:SpecifiedTradeAllowanceCharge", "allowances"),
    (_CII_SETTLEMENT + "ram:SpecifiedTradePaymentTerms", "terms"),
    (_CII_SETTLEMENT + "ram:SpecifiedTradeSettlementHeaderMonetarySummation", "totals"),
    (_CII_SETTLEMENT + "ram:ApplicableTradeTax", "vat"), (_CII_SETTLEMENT + "ram:BillingSpecifiedPeriod", "period"),
    (_CII_SETTLEMENT + "ram:InvoiceReferencedDocument", "preceding"),
    (_CII_LINE + "/ram:SpecifiedTradeProduct", "item"),
    (_CII_LINE + "/ram:SpecifiedLineTradeAgreement/ram:GrossPriceProductTradePrice", "price"),
    (_CII_LINE + "/ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice", "price"),
    (_CII_LINE, "line"),
)
"""Path prefix → group key; the longest prefix that matches whole steps wins. A UBL path of one `cbc:` step
lies in the document header."""


def group_of(path: str) -> str | None:
    """The key of the business area `path` lies in (see `GROUP_PREFIXES`), or None."""
    best, key = -1, "header" if path.startswith("cbc:") and "/" not in path else None
    for prefix, group in GROUP_PREFIXES:
        if (path == prefix or path.startswith(prefix + "/")) and len(prefix) > best:
            best, key = len(prefix), group
    return key


def sentences(path: str, attribute: str | None, group: str | None) -> tuple[str, str]:
    """The (English, German) message for a rule forbidding `path` (or its `attribute`) in area `group`."""
    area_en, area_de = (f" (area: {GROUPS[group][0]})", f" (Bereich: {GROUPS[group][1]})") if group else ("", "")
    if attribute is None:
        what_en, what_de = f"the element {path}", f"das Element {path}"
    elif path:
        what_en, what_de = f"the attribute {attribute} on the element {path}", f"das Attribut {attribute} am Element {path}"
    else:
        what_en, what_de = f"the attribute {attribute} on an element", f"das Attribut {attribute} an einem Element"
    return (f"The invoice contains {what_en}{area_en}. It is not part of EN 16931, so the recipient does not read "
            f"it; please leave it out.",
            f"Die Rechnung enthält {what_de}{area_de}. Es gehört nicht zur EN 16931 und wird daher beim Empfänger "
            f"nicht ausgewertet; bitte lassen Sie es weg.")


MESSAGES: dict[str, tuple[str, str]] = {rule_id: sentences(*entry) for rule_id, entry in UNUSED.items()}
