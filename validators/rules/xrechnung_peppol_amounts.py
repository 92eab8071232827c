"""Peppol BIS Billing 3.0 amount rules that XRechnung 3.0.2 adopts: allowances and charges, prices, line net amounts.

Allowances and charges are judged like a Schematron pattern judges them, by the first case that
fits: on a price (BG-29) only R044 and R046 apply; a percentage without base amount is R041, a
base amount without percentage R042; otherwise R040 and R043. Computed amounts may differ from the
stated ones by a slack: 0.02, or 0.5 in currencies without cents (see `codelists.ZERO_DECIMAL_CURRENCIES`).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Iterator

from validators.rules import codelists, paths as p
from validators.rules.base import (MISSING, NS, Doc, Hit, Registry, Rule, cents, decimal, either, money, plain,
                                   shown, text, xpath)

RULES = Registry()
ZERO = Decimal(0)

_AC = {
    "UBL": {
        "all": xpath("//cac:AllowanceCharge"), "indicator": xpath("cbc:ChargeIndicator"),
        "percent": xpath("cbc:MultiplierFactorNumeric"), "base": xpath("cbc:BaseAmount"), "amount": xpath("cbc:Amount"),
    },
    "CII": {
        "all": xpath("//ram:SpecifiedTradeAllowanceCharge | //ram:AppliedTradeAllowanceCharge"),
        "indicator": xpath("ram:ChargeIndicator/udt:Indicator"), "percent": xpath("ram:CalculationPercent"),
        "base": xpath("ram:BasisAmount"), "amount": xpath("ram:ActualAmount"),
    },
}
_PRICE_PARENT = {"UBL": f"{{{NS['cac']}}}Price", "CII": f"{{{NS['ram']}}}GrossPriceProductTradePrice"}


def slack(doc: Doc) -> Decimal:
    """The rounding slack for the invoice currency."""
    currency = text(doc.first(p.U_CURRENCY if doc.syntax == "UBL" else p.C_CURRENCY))
    return Decimal("0.5") if currency in codelists.ZERO_DECIMAL_CURRENCIES else Decimal("0.02")


def _cases(doc: Doc) -> dict[str, list]:
    """The allowances and charges sorted into the case that judges them ('price', 'R041', 'R042', 'general')."""
    def compute():
        b = _AC[doc.syntax]
        cases: dict[str, list] = {"price": [], "R041": [], "R042": [], "general": []}
        for element in doc.all(b["all"]):
            percent, base = bool(doc.all(b["percent"], element)), bool(doc.all(b["base"], element))
            if element.getparent().tag == _PRICE_PARENT[doc.syntax]:
                cases["price"].append(element)
            elif percent and not base:
                cases["R041"].append(element)
            elif base and not percent:
                cases["R042"].append(element)
            else:
                cases["general"].append(element)
        return cases
    return doc.memo("allowance-charge-cases", compute)


def _case(name: str):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in _cases(doc)[name]:
            yield element, {}
    return check


def _amount_from_percentage(doc: Doc) -> Iterator[Hit]:
    b, tolerance = _AC[doc.syntax], slack(doc)
    for element in _cases(doc)["general"]:
        percent, base = decimal(doc.first(b["percent"], element)), decimal(doc.first(b["base"], element))
        if percent is None or base is None:
            continue
        amount = decimal(doc.first(b["amount"], element)) or ZERO
        expected = base * percent / 100
        if abs(amount - expected) > tolerance:
            yield element, {"found": amount, "base": base, "percent": percent, "expected": plain(expected)}


def _indicator(doc: Doc) -> Iterator[Hit]:
    b = _AC[doc.syntax]
    for element in _cases(doc)["general"]:
        found = text(doc.first(b["indicator"], element))
        if found not in ("true", "false"):
            yield either(doc.first(b["indicator"], element), element), {"found": shown(found)}


def _price_allowance(doc: Doc) -> Iterator[Hit]:
    b = _AC[doc.syntax]
    for element in _cases(doc)["price"]:
        found = text(doc.first(b["indicator"], element))
        if found != "false":
            yield either(doc.first(b["indicator"], element), element), {"found": shown(found)}


_U_PRICE_AMOUNT = xpath("../cbc:PriceAmount")
_C_GROSS_PRICE = xpath("../ram:ChargeAmount")
_C_NET_PRICE = xpath("../../ram:NetPriceProductTradePrice/ram:ChargeAmount")
_C_GROSS_BASIS = xpath("../ram:BasisQuantity")
_C_NET_BASIS = xpath("../../ram:NetPriceProductTradePrice/ram:BasisQuantity")


def _net_price(doc: Doc) -> Iterator[Hit]:
    b = _AC[doc.syntax]
    for element in _cases(doc)["price"]:
        if doc.syntax == "UBL":
            if not doc.all(b["base"], element):
                continue
            gross, net = decimal(doc.first(b["base"], element)), decimal(doc.first(_U_PRICE_AMOUNT, element))
        else:
            gross, net = decimal(doc.first(_C_GROSS_PRICE, element)), decimal(doc.first(_C_NET_PRICE, element))
            # Gross and net price may be stated per different base quantities; then they do not compare.
            if gross is None or text(doc.first(_C_GROSS_BASIS, element)) != text(doc.first(_C_NET_BASIS, element)):
                continue
        allowance = decimal(doc.first(b["amount"], element))
        if net is None or gross is None or allowance is None or net != gross - allowance:
            yield element, {"net": MISSING if net is None else net, "gross": MISSING if gross is None else gross,
                            "allowance": MISSING if allowance is None else allowance}


RULES.add(
    Rule("PEPPOL-EN16931-R040", "error",
         "The allowance or charge amount is {found}, but base amount {base} × percentage {percent} / 100 gives "
         "{expected}; correct the amount, the base amount or the percentage.",
         "Der Betrag des Ab- oder Zuschlags ist {found}, Basisbetrag {base} × Prozentsatz {percent} / 100 ergibt aber "
         "{expected}; bitte Betrag, Basisbetrag oder Prozentsatz berichtigen.",
         ("BT-92", "BT-93", "BT-94", "BT-99", "BT-100", "BT-101", "BT-136", "BT-137", "BT-138", "BT-141", "BT-142",
          "BT-143"), ubl=_amount_from_percentage, cii=_amount_from_percentage),
    Rule("PEPPOL-EN16931-R041", "error",
         "The allowance or charge gives a percentage but no base amount; add the base amount the percentage "
         "applies to.",
         "Der Ab- oder Zuschlag nennt einen Prozentsatz, aber keinen Basisbetrag; bitte den Basisbetrag angeben, auf "
         "den sich der Prozentsatz bezieht.",
         ("BT-93", "BT-100", "BT-137", "BT-142"), ubl=_case("R041"), cii=_case("R041")),
    Rule("PEPPOL-EN16931-R042", "error",
         "The allowance or charge gives a base amount but no percentage; add the percentage or leave the base "
         "amount out.",
         "Der Ab- oder Zuschlag nennt einen Basisbetrag, aber keinen Prozentsatz; bitte den Prozentsatz angeben oder "
         "den Basisbetrag weglassen.",
         ("BT-94", "BT-101", "BT-138", "BT-143"), ubl=_case("R042"), cii=_case("R042")),
    Rule("PEPPOL-EN16931-R043", "error",
         "The allowance/charge indicator is {found}; it must be 'true' (charge) or 'false' (allowance).",
         "Das Kennzeichen Ab-/Zuschlag ist {found}; es muss 'true' (Zuschlag) oder 'false' (Abschlag) sein.",
         (), ubl=_indicator, cii=_indicator),
    Rule("PEPPOL-EN16931-R044", "error",
         "The allowance/charge indicator of a price discount (BG-29) is {found}; on the price only an allowance "
         "('false') is allowed.",
         "Das Kennzeichen Ab-/Zuschlag eines Preisnachlasses (BG-29) ist {found}; beim Preis ist nur ein Abschlag "
         "('false') erlaubt.",
         ("BT-147",), ubl=_price_allowance, cii=_price_allowance),
    Rule("PEPPOL-EN16931-R046", "error",
         "The item net price (BT-146) is {net}, but gross price {gross} − price discount {allowance} is different; "
         "the net price must equal the gross price less the discount.",
         "Der Nettopreis (BT-146) ist {net}, Bruttopreis {gross} − Preisnachlass {allowance} ergibt aber etwas "
         "anderes; der Nettopreis muss dem Bruttopreis abzüglich Nachlass entsprechen.",
         ("BT-146", "BT-147", "BT-148"), ubl=_net_price, cii=_net_price),
)

# --- invoice lines (R120, R121, R130) -------------------------------------------------------------

_LINE = {
    "UBL": {
        "net": xpath("cbc:LineExtensionAmount"), "quantity": xpath("cbc:InvoicedQuantity | cbc:CreditedQuantity"),
        "price": xpath("cac:Price/cbc:PriceAmount"), "base_quantity": xpath("cac:Price/cbc:BaseQuantity"),
        "charges": xpath("cac:AllowanceCharge"), "indicator": xpath("cbc:ChargeIndicator"),
        "amount": xpath("cbc:Amount"), "id": xpath("cbc:ID"),
    },
    "CII": {
        "net": xpath("ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeSettlementLineMonetarySummation"
                     "/ram:LineTotalAmount"),
        "quantity": xpath("ram:SpecifiedLineTradeDelivery/ram:BilledQuantity"),
        "price": xpath("ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:ChargeAmount"),
        "base_quantity": xpath("ram:SpecifiedLineTradeAgreement/ram:NetPriceProductTradePrice/ram:BasisQuantity"),
        "charges": xpath("ram:SpecifiedLineTradeSettlement/ram:SpecifiedTradeAllowanceCharge"),
        "indicator": xpath("ram:ChargeIndicator/udt:Indicator"), "amount": xpath("ram:ActualAmount"),
        "id": xpath("ram:AssociatedDocumentLineDocument/ram:LineID"),
    },
}



def _line_net_amount(doc: Doc) -> Iterator[Hit]:
    b, tolerance = _LINE[doc.syntax], slack(doc)
    for line in doc.all(p.U_LINES if doc.syntax == "UBL" else p.C_LINES):
        net = decimal(doc.first(b["net"], line)) or ZERO
        quantity_element = doc.first(b["quantity"], line)
        quantity = decimal(quantity_element) if quantity_element is not None else Decimal(1)
        price = decimal(doc.first(b["price"], line)) or ZERO
        base_quantity = decimal(doc.first(b["base_quantity"], line))
        if not base_quantity:
            base_quantity = Decimal(1)
        totals = {"true": ZERO, "false": ZERO}
        for charge in doc.all(b["charges"], line):
            indicator = text(doc.first(b["indicator"], charge))
            if indicator in totals:
                totals[indicator] += decimal(doc.first(b["amount"], charge)) or ZERO
        expected = (quantity or ZERO) * (price / base_quantity) + cents(totals["true"]) - cents(totals["false"])
        if abs(net - expected) > tolerance:
            yield either(doc.first(b["net"], line), line), {
                "line": shown(text(doc.first(b["id"], line))), "found": net, "expected": money(cents(expected))}


def _base_quantity(doc: Doc) -> Iterator[Hit]:
    b = _LINE[doc.syntax]
    for line in doc.all(p.U_LINES if doc.syntax == "UBL" else p.C_LINES):
        element = doc.first(b["base_quantity"], line)
        if element is not None:
            value = decimal(element)
            if value is None or value <= 0:
                yield element, {"found": shown(text(element))}


def _base_quantity_unit(doc: Doc) -> Iterator[Hit]:
    b = _LINE[doc.syntax]
    for line in doc.all(p.U_LINES if doc.syntax == "UBL" else p.C_LINES):
        element = doc.first(b["base_quantity"], line)
        if element is None or element.get("unitCode") is None:
            continue
        quantity = doc.first(b["quantity"], line)
        expected = quantity.get("unitCode") if quantity is not None else None
        if element.get("unitCode") != expected:
            yield element, {"found": shown(element.get("unitCode")), "expected": shown(expected)}


RULES.add(
    Rule("PEPPOL-EN16931-R120", "warning",
         "The net amount of line {line} (BT-131) is {found}, but quantity × (net price / base quantity) + charges − "
         "allowances gives {expected}.",
         "Der Nettobetrag der Position {line} (BT-131) ist {found}, Menge × (Nettopreis / Basismenge) + Zuschläge − "
         "Abschläge ergibt aber {expected}.",
         ("BT-131", "BT-129", "BT-146", "BT-149", "BT-136", "BT-141"), ubl=_line_net_amount, cii=_line_net_amount),
    Rule("PEPPOL-EN16931-R121", "error",
         "The item price base quantity (BT-149) is {found}; it must be a number above zero.",
         "Die Basismenge des Preises (BT-149) ist {found}; sie muss eine Zahl größer als null sein.",
         ("BT-149",), ubl=_base_quantity, cii=_base_quantity),
    Rule("PEPPOL-EN16931-R130", "error",
         "The unit of the price base quantity (BT-150) is {found}, but the invoiced quantity is in {expected} "
         "(BT-130); both must use the same unit.",
         "Die Einheit der Preisbasismenge (BT-150) ist {found}, die berechnete Menge ist aber in {expected} (BT-130) "
         "angegeben; beide müssen dieselbe Einheit haben.",
         ("BT-150", "BT-130"), ubl=_base_quantity_unit, cii=_base_quantity_unit),
)
