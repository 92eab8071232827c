"""Peppol BIS Billing 3.0 rules that XRechnung 3.0.2 adopts (PEPPOL-EN16931-R*), document level.

Amount rules (allowances and charges, line net amounts, prices) are in `xrechnung_peppol_amounts`.
Both modules apply to every XRechnung scenario.
"""

from __future__ import annotations

from datetime import date
from typing import Iterator

from validators.rules import paths as p
from validators.rules.base import (MISSING, Doc, Hit, Registry, Rule, decimal, either, name_of, present, shown, text,
                                   xpath)

RULES = Registry()

# --- presence and emptiness (R001, R008, R010, R020) ---------------------------------------------

_EMPTY = xpath("//*[not(*) and not(normalize-space())]")


def _empty_elements(doc: Doc) -> Iterator[Hit]:
    for element in doc.all(_EMPTY):
        yield element, {"element": name_of(element)}


def _endpoint(party, endpoint):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(party):
            if not doc.all(endpoint):
                yield element, {}
    return check


RULES.add(
    Rule("PEPPOL-EN16931-R001", "error",
         "The business process type (BT-23) is missing; state it, e.g. 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'.",
         "Die Prozesskennung (BT-23) fehlt; bitte sie angeben, z. B. 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'.",
         ("BT-23",), ubl=present(p.U_PROFILE), cii=present(p.C_BUSINESS_PROCESS)),
    Rule("PEPPOL-EN16931-R008", "error",
         "The element {element} is empty; fill it or remove it — the invoice must not contain empty elements.",
         "Das Element {element} ist leer; bitte füllen oder entfernen — die Rechnung darf keine leeren Elemente "
         "enthalten.",
         (), ubl=_empty_elements),
    Rule("PEPPOL-EN16931-R010", "error",
         "The buyer's electronic address (BT-49) is missing; give the address the invoice is delivered to, "
         "e.g. the Leitweg-ID with scheme 0204.",
         "Die elektronische Adresse des Käufers (BT-49) fehlt; bitte die Empfangsadresse angeben, z. B. die "
         "Leitweg-ID mit Schema 0204.",
         ("BT-49",), ubl=_endpoint(p.U_BUYER_PARTY, p.U_BUYER_ENDPOINT),
         cii=_endpoint(p.C_BUYER_PARTY, p.C_BUYER_ENDPOINT)),
    Rule("PEPPOL-EN16931-R020", "error",
         "The seller's electronic address (BT-34) is missing; give it, e.g. an e-mail address with scheme EM.",
         "Die elektronische Adresse des Verkäufers (BT-34) fehlt; bitte sie angeben, z. B. eine E-Mail-Adresse mit "
         "Schema EM.",
         ("BT-34",), ubl=_endpoint(p.U_SELLER_PARTY, p.U_SELLER_ENDPOINT),
         cii=_endpoint(p.C_SELLER_PARTY, p.C_SELLER_ENDPOINT)),
)

# --- currencies and VAT totals (R005, R053, R054, R055) -----------------------------------------

_U_TAX_AMOUNT = xpath("cbc:TaxAmount")
_U_WITH_SUBTOTALS = xpath("/*/cac:TaxTotal[cac:TaxSubtotal]")
_U_WITHOUT_SUBTOTALS = xpath("/*/cac:TaxTotal[not(cac:TaxSubtotal)]")
_C_TAX_TOTAL = xpath(f"{p.C_SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:TaxTotalAmount")


def _tax_currency(currency, tax_currency):
    def check(doc: Doc) -> Iterator[Hit]:
        element = doc.first(tax_currency)
        if element is not None and text(element) == text(doc.first(currency)):
            yield element, {"found": shown(text(element))}
    return check


def _vat_totals(doc: Doc) -> dict[str, list]:
    """VAT total amounts in invoice currency (BT-110) and in accounting currency (BT-111), as elements."""
    def compute():
        if doc.syntax == "UBL":
            return {"invoice": [doc.first(_U_TAX_AMOUNT, total) for total in doc.all(_U_WITH_SUBTOTALS)],
                    "accounting": [doc.first(_U_TAX_AMOUNT, total) for total in doc.all(_U_WITHOUT_SUBTOTALS)]}
        currency, tax_currency = text(doc.first(p.C_CURRENCY)), text(doc.first(p.C_TAX_CURRENCY))
        amounts = doc.all(_C_TAX_TOTAL)
        return {"invoice": [a for a in amounts if a.get("currencyID") in (None, currency)],
                "accounting": [a for a in amounts if tax_currency and a.get("currencyID") == tax_currency]}
    return doc.memo("vat-totals", compute)


def _one_vat_total(doc: Doc) -> Iterator[Hit]:
    found = len(_vat_totals(doc)["invoice"])
    # CII may leave BT-110 out (XRechnung test suite: minimal invoice); more than one is still wrong.
    if found > 1 or (found == 0 and doc.syntax == "UBL"):
        yield doc.root, {"count": found}


def _one_accounting_total(doc: Doc) -> Iterator[Hit]:
    tax_currency = text(doc.first(p.U_TAX_CURRENCY if doc.syntax == "UBL" else p.C_TAX_CURRENCY))
    found, expected = len(_vat_totals(doc)["accounting"]), 1 if tax_currency else 0
    if found != expected:
        yield doc.root, {"count": found, "expected": expected}


def _same_sign(doc: Doc) -> Iterator[Hit]:
    tax_currency = doc.first(p.U_TAX_CURRENCY if doc.syntax == "UBL" else p.C_TAX_CURRENCY)
    if tax_currency is None:
        return
    totals = _vat_totals(doc)
    invoice = [v for v in (decimal(a) for a in totals["invoice"] if a is not None) if v is not None]
    accounting = [v for v in (decimal(a) for a in totals["accounting"] if a is not None) if v is not None]
    # Zero goes with either sign: only strictly opposite signs (or a missing total) fire.
    negative = any(v <= 0 for v in invoice) and any(v <= 0 for v in accounting)
    positive = any(v >= 0 for v in invoice) and any(v >= 0 for v in accounting)
    if not (negative or positive):
        yield tax_currency, {"invoice": ", ".join(map(str, invoice)) or MISSING,
                             "accounting": ", ".join(map(str, accounting)) or MISSING}


RULES.add(
    Rule("PEPPOL-EN16931-R005", "error",
         "The VAT accounting currency (BT-6) is {found}, the same as the invoice currency (BT-5); give BT-6 only when "
         "it differs.",
         "Die Steuerwährung (BT-6) ist {found} und damit gleich der Rechnungswährung (BT-5); BT-6 bitte nur angeben, "
         "wenn sie abweicht.",
         ("BT-5", "BT-6"), ubl=_tax_currency(p.U_CURRENCY, p.U_TAX_CURRENCY),
         cii=_tax_currency(p.C_CURRENCY, p.C_TAX_CURRENCY)),
    Rule("PEPPOL-EN16931-R053", "error",
         "The invoice has {count} VAT totals with VAT breakdown; it needs exactly one total VAT amount (BT-110) with "
         "its breakdown (BG-23).",
         "Die Rechnung hat {count} Umsatzsteuersummen mit Aufschlüsselung; sie braucht genau eine Umsatzsteuersumme "
         "(BT-110) mit Aufschlüsselung (BG-23).",
         ("BT-110", "BG-23"), ubl=_one_vat_total, cii=_one_vat_total),
    Rule("PEPPOL-EN16931-R054", "error",
         "The invoice has {count} VAT totals in accounting currency (BT-111) but needs {expected}: exactly one when a "
         "VAT accounting currency (BT-6) is given, none otherwise.",
         "Die Rechnung hat {count} Umsatzsteuersummen in Steuerwährung (BT-111), braucht aber {expected}: genau eine, "
         "wenn eine Steuerwährung (BT-6) angegeben ist, sonst keine.",
         ("BT-6", "BT-111"), ubl=_one_accounting_total, cii=_one_accounting_total),
    Rule("PEPPOL-EN16931-R055", "error",
         "The total VAT amount ({invoice}, BT-110) and the total VAT amount in accounting currency ({accounting}, "
         "BT-111) have opposite signs (or one of them is missing); both must have the same sign.",
         "Die Umsatzsteuersumme ({invoice}, BT-110) und die Umsatzsteuersumme in Steuerwährung ({accounting}, BT-111) "
         "haben entgegengesetzte Vorzeichen (oder eine fehlt); beide müssen dasselbe Vorzeichen haben.",
         ("BT-110", "BT-111"), ubl=_same_sign, cii=_same_sign),
)

# --- mandate, line object, line periods (R061, R101, R110, R111) --------------------------------

_U_MANDATE_ID = xpath("cac:PaymentMandate/cbc:ID")


def _mandate_reference(doc: Doc) -> Iterator[Hit]:
    if doc.syntax == "UBL":
        for means in doc.all(p.U_PAYMENT_MEANS):
            code = text(doc.first(p.U_MEANS_CODE, means))
            if code in ("49", "59") and not doc.all(_U_MANDATE_ID, means):
                yield means, {"code": code}
    else:
        for means in doc.all(p.C_PAYMENT_MEANS):
            code = text(doc.first(p.C_MEANS_CODE, means))
            if code in ("49", "59") and not doc.all(p.C_MANDATE_ID):
                yield means, {"code": code}


_U_LINE_OBJECTS = xpath("/*/cac:InvoiceLine/cac:DocumentReference | /*/cac:CreditNoteLine/cac:DocumentReference")
_C_LINE_OBJECTS = xpath(f"{p.C_TRANSACTION}/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement"
                        "/ram:AdditionalReferencedDocument")


def _line_object(objects, type_code):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(objects):
            code = doc.first(type_code, element)
            if text(code) != "130":
                yield either(code, element), {"found": shown(text(code))}
    return check


def _date(value: str) -> date | None:
    value = value.strip()
    try:
        if len(value) == 8 and value.isdigit():
            return date(int(value[:4]), int(value[4:6]), int(value[6:]))
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


_PERIOD = {
    "UBL": (xpath("/*/cac:InvoiceLine/cac:InvoicePeriod | /*/cac:CreditNoteLine/cac:InvoicePeriod"),
            xpath("cbc:StartDate"), xpath("cbc:EndDate")),
    "CII": (xpath(f"{p.C_TRANSACTION}/ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement"
                  "/ram:BillingSpecifiedPeriod"),
            xpath("ram:StartDateTime/udt:DateTimeString"), xpath("ram:EndDateTime/udt:DateTimeString")),
}


def _within_period(end: bool):
    def check(doc: Doc) -> Iterator[Hit]:
        line_periods, start_path, end_path = _PERIOD[doc.syntax]
        path = end_path if end else start_path
        header = doc.first(p.U_INVOICE_PERIOD if doc.syntax == "UBL" else p.C_INVOICE_PERIOD)
        bound = _date(text(doc.first(path, header))) if header is not None else None
        if bound is None:
            return
        for period in doc.all(line_periods):
            element = doc.first(path, period)
            value = _date(text(element)) if element is not None else None
            if value is not None and (value > bound if end else value < bound):
                yield element, {"found": value.isoformat(), "bound": bound.isoformat()}
    return check


RULES.add(
    Rule("PEPPOL-EN16931-R061", "error",
         "The payment means code is {code} (direct debit), but the mandate reference (BT-89) is missing; state the "
         "SEPA mandate reference.",
         "Der Zahlungsartcode ist {code} (Lastschrift), aber die Mandatsreferenz (BT-89) fehlt; bitte die "
         "SEPA-Mandatsreferenz angeben.",
         ("BT-81", "BT-89"), ubl=_mandate_reference, cii=_mandate_reference),
    Rule("PEPPOL-EN16931-R101", "error",
         "The type code of a document reference on an invoice line is {found}; on a line only the invoiced object "
         "identifier (BT-128) with type code 130 may be given.",
         "Der Typcode einer Dokumentreferenz in einer Rechnungsposition ist {found}; in einer Position ist nur die "
         "Objektkennung (BT-128) mit Typcode 130 erlaubt.",
         ("BT-128",), ubl=_line_object(_U_LINE_OBJECTS, xpath("cbc:DocumentTypeCode")),
         cii=_line_object(_C_LINE_OBJECTS, xpath("ram:TypeCode"))),
    Rule("PEPPOL-EN16931-R110", "error",
         "The line period starts on {found} (BT-134), before the invoicing period starts on {bound} (BT-73); a line "
         "period must lie within the invoicing period.",
         "Der Positionszeitraum beginnt am {found} (BT-134) und damit vor dem Abrechnungszeitraum ({bound}, BT-73); "
         "er muss innerhalb des Abrechnungszeitraums liegen.",
         ("BT-134", "BT-73"), ubl=_within_period(end=False), cii=_within_period(end=False)),
    Rule("PEPPOL-EN16931-R111", "error",
         "The line period ends on {found} (BT-135), after the invoicing period ends on {bound} (BT-74); a line "
         "period must lie within the invoicing period.",
         "Der Positionszeitraum endet am {found} (BT-135) und damit nach dem Abrechnungszeitraum ({bound}, BT-74); "
         "er muss innerhalb des Abrechnungszeitraums liegen.",
         ("BT-135", "BT-74"), ubl=_within_period(end=True), cii=_within_period(end=True)),
)
