"""XRechnung 3.0.2 extension rules BR-DEX-* (only for documents that declare the XRechnung extension).

The extension adds sub invoice lines (BG-DEX-01; UBL `cac:SubInvoiceLine`, CII lines with a
`ram:ParentLineID`), third party payments (BG-DEX-09; UBL `cac:PrepaidPayment`, UBL only), XML
attachments, and scheme identifiers beyond the EN 16931 lists. BR-DEX-04 … BR-DEX-08 stand in for
the code list rules BR-CL-10, -11, -21, -25, -26, which the extension scenario lowers to
information.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from validators.rules import codelists, paths as p
from validators.rules.base import (EXTENSION, MISSING, Doc, Hit, Registry, Rule, cents, decimal, either, money, plain,
                                   shown, text, xpath)

RULES = Registry()
_ONLY = frozenset({EXTENSION})

# --- attachments and scheme identifiers ----------------------------------------------------------


def _mime(path):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(path):
            if element.get("mimeCode") not in codelists.MIME_CODES_EXTENSION:
                yield element, {"found": shown(element.get("mimeCode"))}
    return check


def _scheme(path, allowed: frozenset[str]):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(path):
            scheme = element.get("schemeID", "")
            if " " in scheme.strip() or scheme.strip() not in allowed:
                yield element, {"found": shown(scheme)}
    return check


_ICD = codelists.ICD_EXTENSION
_PARTY_SCHEMES = _ICD | {"SEPA"}

RULES.add(
    Rule("BR-DEX-01", "error",
         "The MIME type of the attachment (BT-125) is {found}; the XRechnung extension allows application/pdf, "
         "image/png, image/jpeg, text/csv, application/xml and the Excel and OpenDocument spreadsheet types.",
         "Der MIME-Typ des Anhangs (BT-125) ist {found}; die XRechnung-Extension erlaubt application/pdf, image/png, "
         "image/jpeg, text/csv, application/xml sowie die Tabellenformate von Excel und OpenDocument.",
         ("BT-125",), ubl=_mime(p.U_ATTACHMENT), cii=_mime(p.C_ATTACHMENT), scenarios=_ONLY),
    Rule("BR-DEX-04", "error",
         "The scheme identifier {found} of a party identifier is not in the ISO 6523 ICD list; use an ICD code "
         "such as 0088 (GLN) or leave the scheme out.",
         "Die Schemakennung {found} einer Partei-Kennung steht nicht in der ISO-6523-ICD-Liste; bitte einen ICD-Code "
         "wie 0088 (GLN) verwenden oder die Schemakennung weglassen.",
         ("BT-29", "BT-46", "BT-60"),
         ubl=_scheme(xpath("//cac:PartyIdentification/cbc:ID[@schemeID]"), _PARTY_SCHEMES),
         cii=_scheme(xpath("//ram:SellerTradeParty/ram:GlobalID[@schemeID]"
                           " | //ram:BuyerTradeParty/ram:GlobalID[@schemeID]"
                           " | //ram:PayeeTradeParty/ram:GlobalID[@schemeID]"), _PARTY_SCHEMES),
         scenarios=_ONLY),
    Rule("BR-DEX-05", "error",
         "The scheme identifier {found} of a legal registration identifier is not in the ISO 6523 ICD list; use an "
         "ICD code or leave the scheme out.",
         "Die Schemakennung {found} einer Registernummer steht nicht in der ISO-6523-ICD-Liste; bitte einen ICD-Code "
         "verwenden oder die Schemakennung weglassen.",
         ("BT-30", "BT-47", "BT-61"),
         ubl=_scheme(xpath("//cac:PartyLegalEntity/cbc:CompanyID[@schemeID]"), _ICD),
         cii=_scheme(xpath("//ram:SpecifiedLegalOrganization/ram:ID[@schemeID]"), _ICD), scenarios=_ONLY),
    Rule("BR-DEX-06", "error",
         "The scheme identifier {found} of an item standard identifier (BT-157) is not in the ISO 6523 ICD list; "
         "use an ICD code such as 0160 (GTIN).",
         "Die Schemakennung {found} einer Artikelkennung (BT-157) steht nicht in der ISO-6523-ICD-Liste; bitte einen "
         "ICD-Code wie 0160 (GTIN) verwenden.",
         ("BT-157",),
         ubl=_scheme(xpath("//cac:StandardItemIdentification/cbc:ID[@schemeID]"), _ICD),
         cii=_scheme(xpath("//ram:SpecifiedTradeProduct/ram:GlobalID[@schemeID]"), _ICD), scenarios=_ONLY),
    Rule("BR-DEX-07", "error",
         "The scheme identifier {found} of an electronic address (BT-34, BT-49) is not in the CEF EAS list; use an "
         "EAS code such as EM (e-mail) or 0204 (Leitweg-ID).",
         "Die Schemakennung {found} einer elektronischen Adresse (BT-34, BT-49) steht nicht in der CEF-EAS-Liste; "
         "bitte einen EAS-Code wie EM (E-Mail) oder 0204 (Leitweg-ID) verwenden.",
         ("BT-34", "BT-49"),
         ubl=_scheme(xpath("//cbc:EndpointID[@schemeID]"), codelists.EAS_EXTENSION),
         cii=_scheme(xpath("//ram:URIUniversalCommunication/ram:URIID[@schemeID]"), codelists.EAS_EXTENSION),
         scenarios=_ONLY),
    Rule("BR-DEX-08", "error",
         "The scheme identifier {found} of the deliver-to location identifier (BT-71) is not in the ISO 6523 ICD "
         "list; use an ICD code such as 0088 (GLN).",
         "Die Schemakennung {found} der Lieferort-Kennung (BT-71) steht nicht in der ISO-6523-ICD-Liste; bitte einen "
         "ICD-Code wie 0088 (GLN) verwenden.",
         ("BT-71",),
         ubl=_scheme(xpath("//cac:DeliveryLocation/cbc:ID[@schemeID]"), _ICD),
         cii=_scheme(xpath("//ram:ShipToTradeParty/ram:GlobalID[@schemeID]"), _ICD), scenarios=_ONLY),
)

# --- sub invoice lines (BR-DEX-02, BR-DEX-03) ----------------------------------------------------

_U_WITH_SUB_LINES = xpath("//cac:InvoiceLine[cac:SubInvoiceLine] | //cac:CreditNoteLine[cac:SubInvoiceLine]"
                          " | //cac:SubInvoiceLine[cac:SubInvoiceLine]")
_U_SUB_LINES_OF = xpath("cac:SubInvoiceLine")
_U_ALL_SUB_LINES = xpath("//cac:SubInvoiceLine")
_U_NET = xpath("cbc:LineExtensionAmount")
_U_LINE_ID = xpath("cbc:ID")
_U_LINE_VAT = xpath("cac:Item/cac:ClassifiedTaxCategory")
_C_LINE_ID = xpath("ram:AssociatedDocumentLineDocument/ram:LineID")
_C_PARENT_ID = xpath("ram:AssociatedDocumentLineDocument/ram:ParentLineID")
_C_NET = xpath("ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")
_C_LINE_VAT = xpath("ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax")


def _sub_line_tree(doc: Doc) -> list[tuple[object, str, Decimal | None, list[Decimal | None]]]:
    """(line, line id, net amount, net amounts of its direct sub lines) for every line that has sub lines."""
    if doc.syntax == "UBL":
        return [(line, text(doc.first(_U_LINE_ID, line)), decimal(doc.first(_U_NET, line)),
                 [decimal(doc.first(_U_NET, sub)) for sub in doc.all(_U_SUB_LINES_OF, line)])
                for line in doc.all(_U_WITH_SUB_LINES)]
    lines = doc.all(p.C_LINES)
    children: dict[str, list] = {}
    for line in lines:
        parent = text(doc.first(_C_PARENT_ID, line))
        if parent:
            children.setdefault(parent, []).append(decimal(doc.first(_C_NET, line)))
    return [(line, text(doc.first(_C_LINE_ID, line)), decimal(doc.first(_C_NET, line)),
             children[text(doc.first(_C_LINE_ID, line))])
            for line in lines if text(doc.first(_C_LINE_ID, line)) in children]


def _sub_line_sums(doc: Doc) -> Iterator[Hit]:
    for line, line_id, net, parts in _sub_line_tree(doc):
        total = sum((part or Decimal(0) for part in parts), Decimal(0))
        if net is None or net != total:
            yield line, {"line": shown(line_id), "found": MISSING if net is None else net, "expected": plain(total)}


def _sub_line_vat(doc: Doc) -> Iterator[Hit]:
    if doc.syntax == "UBL":
        sub_lines = [(line, text(doc.first(_U_LINE_ID, line)), len(doc.all(_U_LINE_VAT, line)))
                     for line in doc.all(_U_ALL_SUB_LINES)]
    else:
        sub_lines = [(line, text(doc.first(_C_LINE_ID, line)), len(doc.all(_C_LINE_VAT, line)))
                     for line in doc.all(p.C_LINES) if text(doc.first(_C_PARENT_ID, line))]
    for line, line_id, count in sub_lines:
        if count != 1:
            yield line, {"line": shown(line_id), "count": count}


RULES.add(
    Rule("BR-DEX-02", "warning",
         "The net amount of line {line} is {found}, but its sub invoice lines add up to {expected}; the line net "
         "amount (BT-131) should equal the sum of its sub lines.",
         "Der Nettobetrag der Position {line} ist {found}, ihre Unterpositionen ergeben aber {expected}; der "
         "Positionsnettobetrag (BT-131) soll der Summe der Unterpositionen entsprechen.",
         ("BT-131", "BG-DEX-01"), ubl=_sub_line_sums, cii=_sub_line_sums, scenarios=_ONLY),
    Rule("BR-DEX-03", "error",
         "The sub invoice line {line} has {count} VAT information groups (BG-DEX-06); each sub line needs exactly one "
         "VAT category.",
         "Die Unterposition {line} hat {count} Umsatzsteuerangaben (BG-DEX-06); jede Unterposition braucht genau eine "
         "Umsatzsteuerkategorie.",
         ("BG-DEX-01", "BG-DEX-06"), ubl=_sub_line_vat, cii=_sub_line_vat, scenarios=_ONLY),
)

# --- third party payments (BR-DEX-09 … BR-DEX-14, UBL only) -------------------------------------

_PAID = xpath("cbc:PaidAmount")
_TOTALS = {name: xpath(f"cbc:{name}") for name in
           ("PayableAmount", "PayableRoundingAmount", "TaxInclusiveAmount", "PrepaidAmount")}


def _payable_amount(doc: Doc) -> Iterator[Hit]:
    """BT-115 − BT-114 must equal BT-112 − BT-113 + Σ BT-DEX-002, both sides rounded to cents."""
    third_party = sum((decimal(doc.first(_PAID, payment)) or Decimal(0)
                       for payment in doc.all(p.U_THIRD_PARTY_PAYMENT)), Decimal(0))
    for totals in doc.all(p.U_MONETARY_TOTAL):
        amount = {name: decimal(doc.first(path, totals)) or Decimal(0) for name, path in _TOTALS.items()}
        due_before_rounding = amount["TaxInclusiveAmount"] - amount["PrepaidAmount"] + third_party
        if cents(amount["PayableAmount"] - amount["PayableRoundingAmount"]) != cents(due_before_rounding):
            yield either(doc.first(_TOTALS["PayableAmount"], totals), totals), {
                "found": amount["PayableAmount"], "third_party": money(third_party),
                "expected": money(cents(due_before_rounding + amount["PayableRoundingAmount"]))}


def _third_party_field(path):
    def check(doc: Doc) -> Iterator[Hit]:
        for payment in doc.all(p.U_THIRD_PARTY_PAYMENT):
            if not text(doc.first(path, payment)):
                yield payment, {}
    return check


def _paid_decimals(doc: Doc) -> Iterator[Hit]:
    for payment in doc.all(p.U_THIRD_PARTY_PAYMENT):
        amount = doc.first(_PAID, payment)
        _, _, fraction = text(amount).partition(".")
        if len(fraction) > 2:
            yield amount, {"found": text(amount)}


def _paid_currency(doc: Doc) -> Iterator[Hit]:
    currency = text(doc.first(p.U_CURRENCY))
    for payment in doc.all(p.U_THIRD_PARTY_PAYMENT):
        amount = doc.first(_PAID, payment)
        found = amount.get("currencyID") if amount is not None else None
        if found != currency:
            yield either(amount, payment), {"found": shown(found), "expected": shown(currency)}


RULES.add(
    Rule("BR-DEX-09", "error",
         "The amount due for payment (BT-115) is {found}, but total with VAT − paid amount + rounding + third party "
         "payments ({third_party}) gives {expected}; correct the amount due or the third party payments.",
         "Der fällige Betrag (BT-115) ist {found}, Gesamtbetrag mit Umsatzsteuer − gezahlter Betrag + Rundung + "
         "Zahlungen Dritter ({third_party}) ergibt aber {expected}; bitte den fälligen Betrag oder die Zahlungen "
         "Dritter berichtigen.",
         ("BT-115", "BT-112", "BT-113", "BT-114", "BT-DEX-002"), ubl=_payable_amount, scenarios=_ONLY),
    Rule("BR-DEX-10", "error",
         "A third party payment (BG-DEX-09) has no payment type (BT-DEX-001); state what kind of payment it is.",
         "Eine Zahlung Dritter (BG-DEX-09) hat keine Zahlungsart (BT-DEX-001); bitte die Art der Zahlung angeben.",
         ("BG-DEX-09", "BT-DEX-001"), ubl=_third_party_field(xpath("cbc:ID")), scenarios=_ONLY),
    Rule("BR-DEX-11", "error",
         "A third party payment (BG-DEX-09) has no amount (BT-DEX-002); state the amount paid by the third party.",
         "Eine Zahlung Dritter (BG-DEX-09) hat keinen Betrag (BT-DEX-002); bitte den vom Dritten gezahlten Betrag "
         "angeben.",
         ("BG-DEX-09", "BT-DEX-002"), ubl=_third_party_field(_PAID), scenarios=_ONLY),
    Rule("BR-DEX-12", "error",
         "A third party payment (BG-DEX-09) has no description (BT-DEX-003); describe the payment.",
         "Eine Zahlung Dritter (BG-DEX-09) hat keine Beschreibung (BT-DEX-003); bitte die Zahlung beschreiben.",
         ("BG-DEX-09", "BT-DEX-003"), ubl=_third_party_field(xpath("cbc:InstructionID")),
         scenarios=_ONLY),
    Rule("BR-DEX-13", "error",
         "The third party payment amount (BT-DEX-002) is {found}; amounts may have at most two decimals.",
         "Der Betrag der Zahlung Dritter (BT-DEX-002) ist {found}; Beträge dürfen höchstens zwei "
         "Nachkommastellen haben.",
         ("BT-DEX-002",), ubl=_paid_decimals, scenarios=_ONLY),
    Rule("BR-DEX-14", "error",
         "The currency of the third party payment amount (BT-DEX-002) is {found}, but the invoice currency (BT-5) is "
         "{expected}; give it in the invoice currency.",
         "Die Währung des Betrags der Zahlung Dritter (BT-DEX-002) ist {found}, die Rechnungswährung (BT-5) ist aber "
         "{expected}; bitte den Betrag in der Rechnungswährung angeben.",
         ("BT-DEX-002", "BT-5"), ubl=_paid_currency, scenarios=_ONLY),
)
