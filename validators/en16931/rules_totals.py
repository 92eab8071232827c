"""EN 16931 rules on the document totals (BG-22): BR-12…BR-15, BR-53, BR-CO-10…BR-CO-13, BR-CO-15,
BR-CO-16, BR-DEC-09…BR-DEC-18.

The arithmetic follows each artefact's number types (see `numbers`): the UBL file computes in
xs:decimal, the CII file sums untyped amounts as doubles in BR-CO-10…BR-CO-12.
"""

from __future__ import annotations

from decimal import Decimal

from validators.en16931.numbers import CONTEXT, cents, dadd, dbl, dec, decimals, dsum, fsum, xround
from validators.en16931.rule import NOTHING, hit, rule, show
from validators.en16931.view import View


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def _present_rule(rule_id: str, term: str, field: str, what_en: str, what_de: str):
    @rule(rule_id, term,
          f"The document totals (BG-22) lack the {what_en} ({term}). Please state it.",
          f"In den Gesamtbeträgen (BG-22) fehlt: {what_de} ({term}). Bitte ergänzen Sie den Betrag.")
    def check(view: View):
        totals = view.totals
        if totals is None or getattr(totals, field):
            return NOTHING
        return hit(totals.el)
    return check


_present_rule("BR-12", "BT-106", "line", "sum of line net amounts", "Summe der Nettobeträge der Positionen")
_present_rule("BR-13", "BT-109", "without_vat", "total amount without VAT", "Gesamtbetrag ohne Umsatzsteuer")
_present_rule("BR-14", "BT-112", "with_vat", "total amount with VAT", "Gesamtbetrag mit Umsatzsteuer")
_present_rule("BR-15", "BT-115", "payable", "amount due for payment", "fälliger Zahlbetrag")


def _decimals_rule(rule_id: str, term: str, field: str, what_en: str, what_de: str):
    @rule(rule_id, term,
          f"The {what_en} ({term}) is {{found}}; at most two decimals are allowed.",
          f"Der {what_de} ({term}) ist {{found}}; höchstens zwei Nachkommastellen sind erlaubt.")
    def check(view: View):
        totals = view.totals
        if totals is None:
            return NOTHING
        text = _first(getattr(totals, field))
        return hit(totals.el, found=show(text)) if decimals(text) > 2 else NOTHING
    return check


for _args in (("BR-DEC-09", "BT-106", "line", "sum of line net amounts", "Summe der Positions-Nettobeträge"),
              ("BR-DEC-10", "BT-107", "allowances", "sum of allowances", "Summe der Nachlässe"),
              ("BR-DEC-11", "BT-108", "charges", "sum of charges", "Summe der Zuschläge"),
              ("BR-DEC-12", "BT-109", "without_vat", "total without VAT", "Gesamtbetrag ohne Umsatzsteuer"),
              ("BR-DEC-14", "BT-112", "with_vat", "total with VAT", "Gesamtbetrag mit Umsatzsteuer"),
              ("BR-DEC-16", "BT-113", "prepaid", "paid amount", "bereits gezahlte Betrag"),
              ("BR-DEC-17", "BT-114", "rounding", "rounding amount", "Rundungsbetrag"),
              ("BR-DEC-18", "BT-115", "payable", "amount due", "fällige Betrag")):
    _decimals_rule(*_args)


def _tax_amount_rounds(text: str) -> bool:
    """CII `. = round(. * 100) div 100` in doubles: the amount has no more than two decimals."""
    value = dbl(text)
    return value is not None and value == xround(value * 100) / 100


@rule("BR-DEC-13", "BT-110",
      "The total VAT amount (BT-110) in invoice currency is {found}; at most two decimals are allowed.",
      "Der Umsatzsteuer-Gesamtbetrag (BT-110) in Rechnungswährung ist {found}; höchstens zwei Nachkommastellen sind erlaubt.",
      syntaxes=("CII",))
def br_dec_13(view: View):
    # In the UBL artefact 1.3.16 the predicate compares with a child of TaxAmount and can never fire.
    totals = view.totals
    if totals is None or not totals.vat:
        return NOTHING
    currencies = set(view.currencies)
    if any((currency in currencies and _tax_amount_rounds(text)) or currency not in currencies
           for text, currency in totals.vat):
        return NOTHING
    return hit(totals.el, found=show(totals.vat[0][0]))


@rule("BR-DEC-15", "BT-111",
      "The total VAT amount (BT-111) in accounting currency is {found}; at most two decimals are allowed.",
      "Der Umsatzsteuer-Gesamtbetrag (BT-111) in Buchungswährung ist {found}; höchstens zwei Nachkommastellen sind erlaubt.",
      syntaxes=("CII",), needs="tax_currency")
def br_dec_15(view: View):
    totals = view.totals
    if totals is None or not totals.vat or not view.tax_currencies:
        return NOTHING
    currencies = set(view.tax_currencies)
    if any(currency in currencies and _tax_amount_rounds(text) for text, currency in totals.vat):
        return NOTHING
    return hit(totals.el, found=show(totals.vat[-1][0]))


@rule("BR-CO-10", "BT-106 BT-131",
      "The sum of line net amounts (BT-106) is {found}, but the line net amounts (BT-131) add up to {expected}. "
      "Please correct the sum or the lines.",
      "Die Summe der Positions-Nettobeträge (BT-106) ist {found}, die Nettobeträge der Positionen (BT-131) ergeben "
      "aber {expected}. Bitte korrigieren Sie die Summe oder die Positionen.")
def br_co_10(view: View):
    totals = view.totals
    if totals is None:
        return NOTHING
    nets = [line.net for line in view.lines if line.net is not None]
    if view.ubl:
        expected = cents(dsum(nets))
    else:
        total = fsum(nets)
        expected = None if total is None else cents(Decimal(total))  # xs:decimal(double): exact value
    found = dec(_first(totals.line))
    if found is not None and expected is not None and found == expected:
        return NOTHING
    return hit(totals.el, found=show(_first(totals.line)), expected=show(expected))


def _allowance_total_rule(rule_id: str, terms: str, charge: bool, field: str, what_en: str, what_de: str):
    @rule(rule_id, terms,
          f"The sum of {what_en}s ({terms.split()[0]}) is {{found}}, but the document level {what_en}s add up to "
          f"{{expected}}. Please correct the sum or the {what_en}s.",
          f"Die Summe der {what_de} ({terms.split()[0]}) ist {{found}}, die {what_de} auf Dokumentebene ergeben "
          "aber {expected}. Bitte korrigieren Sie die Summe oder die Einzelbeträge.")
    def check(view: View):
        totals = view.totals
        if totals is None:
            return NOTHING
        stated = getattr(totals, field)
        items = [a for a in view.allowances if a.charge is charge]
        if not items and not stated:
            return NOTHING
        if view.ubl:
            expected = cents(dsum([a.amounts[0] for a in items if a.amounts]))
            ok = expected is not None and dec(_first(stated)) == expected
        else:
            total = fsum([amount for a in items for amount in a.amounts])
            expected = cents(total)
            if charge and expected is not None:
                logistics = fsum(totals.logistics)
                expected = None if logistics is None else cents(expected + cents(logistics))
                found = dbl(_first(stated))
                ok = expected is not None and found is not None and cents(found) == expected
            else:
                ok = expected is not None and any(dbl(text) == expected for text in stated)
        return NOTHING if ok else hit(totals.el, found=show(_first(stated)), expected=show(expected))
    return check


_allowance_total_rule("BR-CO-11", "BT-107 BT-92", False, "allowances", "allowance", "Nachlässe")
_allowance_total_rule("BR-CO-12", "BT-108 BT-99", True, "charges", "charge", "Zuschläge")


@rule("BR-CO-13", "BT-109 BT-106 BT-107 BT-108",
      "The total without VAT (BT-109) is {found}, but sum of line net amounts − allowances + charges "
      "(BT-106 − BT-107 + BT-108) gives {expected}. Please correct the totals.",
      "Der Gesamtbetrag ohne Umsatzsteuer (BT-109) ist {found}, Summe der Positionen − Nachlässe + Zuschläge "
      "(BT-106 − BT-107 + BT-108) ergibt aber {expected}. Bitte korrigieren Sie die Summen.")
def br_co_13(view: View):
    totals = view.totals
    if totals is None:
        return NOTHING
    found = dec(_first(totals.without_vat))
    line = dec(_first(totals.line))
    allowances, charges = dec(_first(totals.allowances)), dec(_first(totals.charges))
    has_allowances, has_charges = bool(totals.allowances), bool(totals.charges)
    expected = line
    if line is not None:
        expected = dadd(line, -(allowances or 0), charges or 0)
    if view.ubl:
        if has_charges and has_allowances:
            ok = None not in (line, allowances, charges) and found == cents(dadd(line, charges, -allowances))
        elif has_allowances:
            ok = None not in (line, allowances) and found == cents(dadd(line, -allowances))
        elif has_charges:
            ok = None not in (line, charges) and found == cents(dadd(line, charges))
        else:
            ok = line is not None and found == line
    else:
        ok = found is not None and line is not None and (
            (allowances is not None and charges is not None and found == cents(dadd(line, -allowances, charges)))
            or (allowances is not None and not has_charges and found == cents(dadd(line, -allowances)))
            or (charges is not None and not has_allowances and found == cents(dadd(line, charges)))
            or (not has_charges and not has_allowances and found == cents(line)))
    return NOTHING if ok else hit(totals.el, found=show(_first(totals.without_vat)), expected=show(expected))


@rule("BR-CO-15", "BT-112 BT-109 BT-110",
      "The total with VAT (BT-112) is {found}, but total without VAT + total VAT (BT-109 + BT-110) gives {expected} "
      "(the VAT total must be given once in the invoice currency). Please correct the totals.",
      "Der Gesamtbetrag mit Umsatzsteuer (BT-112) ist {found}, Gesamtbetrag ohne Umsatzsteuer + Umsatzsteuer "
      "(BT-109 + BT-110) ergibt aber {expected} (die Umsatzsteuer-Summe muss genau einmal in Rechnungswährung "
      "angegeben sein). Bitte korrigieren Sie die Summen.")
def br_co_15(view: View):
    totals = view.totals
    for currency in view.currencies:
        if view.ubl:
            amounts = [text for total in view.tax_totals for text, cur in total.amounts if cur == currency]
            with_vat = dec(_first(totals.with_vat)) if totals else None
            without_vat = dec(_first(totals.without_vat)) if totals else None
            vat = dec(amounts[0]) if amounts else None
            expected = cents(dadd(without_vat, vat)) if None not in (without_vat, vat) else None
            ok = len(amounts) == 1 and with_vat is not None and expected is not None and with_vat == expected
        else:
            amounts = [text for text, cur in (totals.vat if totals else []) if cur == currency]
            with_vat = dec(_first(totals.with_vat)) if totals else None
            without_vat = dec(_first(totals.without_vat)) if totals else None
            vat = dec(amounts[0]) if amounts else None
            expected = cents(dadd(without_vat, vat)) if None not in (without_vat, vat) else without_vat
            ok = with_vat is not None and (
                (len(amounts) == 1 and vat is not None and without_vat is not None
                 and with_vat == cents(dadd(without_vat, vat)))
                or with_vat == without_vat)
        if not ok:
            return hit(totals.el if totals else None, found=show(_first(totals.with_vat) if totals else None),
                       expected=show(expected))
    return NOTHING


@rule("BR-CO-16", "BT-115 BT-112 BT-113 BT-114",
      "The amount due (BT-115) is {found}, but total with VAT − paid amount + rounding (BT-112 − BT-113 + BT-114) "
      "gives {expected}. Please correct the amount due.",
      "Der fällige Betrag (BT-115) ist {found}, Gesamtbetrag mit Umsatzsteuer − gezahlter Betrag + Rundung "
      "(BT-112 − BT-113 + BT-114) ergibt aber {expected}. Bitte korrigieren Sie den fälligen Betrag.")
def br_co_16(view: View):
    totals = view.totals
    if totals is None:
        return NOTHING
    payable, total = dec(_first(totals.payable)), dec(_first(totals.with_vat))
    prepaid, rounding = dec(_first(totals.prepaid)), dec(_first(totals.rounding))
    has_prepaid, has_rounding = bool(totals.prepaid), bool(totals.rounding)
    expected = None if total is None else dadd(total, -(prepaid or 0), rounding or 0)
    if payable is None or total is None:
        ok = False
    elif view.ubl:
        if has_prepaid and not has_rounding:
            ok = prepaid is not None and payable == cents(dadd(total, -prepaid))
        elif not has_prepaid and not has_rounding:
            ok = payable == total
        elif has_prepaid:
            ok = None not in (prepaid, rounding) and cents(dadd(payable, -rounding)) == cents(dadd(total, -prepaid))
        else:
            ok = rounding is not None and cents(dadd(payable, -rounding)) == total
    else:
        ok = ((prepaid is not None and rounding is not None and payable == dadd(total, -prepaid, rounding))
              or (rounding is not None and not has_prepaid and payable == dadd(total, rounding))
              or (prepaid is not None and not has_rounding and payable == dadd(total, -prepaid))
              or (not has_prepaid and not has_rounding and payable == total))
    return NOTHING if ok else hit(totals.el, found=show(_first(totals.payable)), expected=show(expected))


@rule("BR-53", "BT-6 BT-111",
      "The VAT accounting currency (BT-6) is {found}, but the total VAT amount in that currency (BT-111) is missing "
      "(or, in CII, equals the invoice currency). Please give the VAT total in the accounting currency.",
      "Die Buchungswährung der Umsatzsteuer (BT-6) ist {found}, der Umsatzsteuer-Gesamtbetrag in dieser Währung "
      "(BT-111) fehlt aber (oder ist in CII gleich der Rechnungswährung). Bitte geben Sie ihn an.", needs="tax_currency")
def br_53(view: View):
    if not view.tax_currencies:
        return NOTHING
    if view.ubl:
        stated = {currency for total in view.tax_totals for _, currency in total.amounts}
        missing = [currency for currency in view.tax_currencies if currency not in stated]
        return hit(found=show(missing[0])) if missing else NOTHING
    totals = view.totals
    if totals is None:
        return NOTHING
    stated = {currency for _, currency in totals.vat}
    ok = bool(stated & set(view.tax_currencies)) and not (set(view.tax_currencies) & set(view.currencies))
    return NOTHING if ok else hit(totals.el, found=show(view.tax_currencies[0]))


@rule("BR-CO-18", "BG-23",
      "The invoice has no VAT breakdown (BG-23). Please give at least one VAT breakdown per VAT category and rate.",
      "Die Rechnung enthält keine Aufschlüsselung der Umsatzsteuer (BG-23). Bitte geben Sie mindestens eine "
      "Aufschlüsselung je Kategorie und Steuersatz an.")
def br_co_18(view: View):
    if view.breakdowns:
        return NOTHING
    if not view.ubl and view.header_settlement is None:
        return NOTHING
    return hit(view.header_settlement if not view.ubl else None)


_ = CONTEXT  # the context is used through numbers' helpers
