"""VAT category rules on the breakdown (BG-23) of every family: -08 taxable amount, -09 VAT amount,
-10 exemption reason, and BR-IC-11/12, BR-O-11…BR-O-14."""

from __future__ import annotations

from decimal import Decimal

from validators.en16931.numbers import ONE, ZERO, cents, dadd, dbl, dec, dmul, dsum, HUNDRED, xround
from validators.en16931.rule import NOTHING, hit, rule, show
from validators.en16931.vat import CATEGORIES, Category, breakdowns, code_of, is_, present
from validators.en16931.view import View

_RATED = ("S", "AF", "AG")


def _amount(allowance) -> str | None:
    return allowance.amounts[0] if allowance.amounts else None


def _has(view: View, categories, code: str, rate: Decimal | None = None) -> bool:
    """Any of `categories` of `code` (and, with `rate`, of that rate) — no VAT scheme filter, as in -08."""
    return any(code_of(view, c) == code and (rate is None or dec(c.percent) == rate) for c in categories)


def _expected_taxable(view: View, code: str, rate: Decimal | None):
    """Sum of line net amounts + charges − allowances in category `code` (and rate), each side as the artefact
    rounds it: UBL sums exactly, CII rounds each sum to cents."""
    key = ("taxable", code, rate)
    if key not in view.cache:
        view.cache[key] = _taxable_sum(view, code, rate)
    return view.cache[key]


def _taxable_sum(view: View, code: str, rate: Decimal | None):
    lines = [line.net for line in view.lines if line.net is not None and _has(view, line.categories, code, rate)]
    charges = [_amount(a) for a in view.allowances if a.charge is True and _amount(a) is not None
               and _has(view, a.categories, code, rate)]
    allowances = [_amount(a) for a in view.allowances if a.charge is False and _amount(a) is not None
                  and _has(view, a.categories, code, rate)]
    parts = [dsum(lines), dsum(charges), dsum(allowances)]
    if None in parts:
        return None
    if not view.ubl:
        parts = [cents(p) for p in parts]
    return dadd(parts[0], parts[1], -parts[2])


def _used_at_rate(view: View, code: str, rate: Decimal | None) -> bool:
    """Is there a line, allowance or charge (also at line level) of `code` at `rate`? (once per view)"""
    key = ("used", code, rate)
    if key not in view.cache:
        categories = [x for line in view.lines for x in line.categories]
        categories += [x for a in view.allowances for x in a.categories]
        categories += [x for line in view.lines for a in line.allowances for x in a.categories]
        view.cache[key] = _has(view, categories, code, rate)
    return view.cache[key]


def _taxable_ok(view: View, c: Category, breakdown) -> tuple[bool, Decimal | None]:
    category = breakdown.category
    if c.family in _RATED:
        rate_text = category.percent
        if rate_text is None:
            return True, None  # every $rate in () satisfies …
        rate = dec(rate_text)
        expected = _expected_taxable(view, c.code, rate)
        if view.ubl:
            taxable = dbl(breakdown.taxable)
            if expected is None or taxable is None:
                return False, expected
            if c.family == "S" and not _used_at_rate(view, c.code, rate):
                return False, expected
            if c.family != "S" and not view.lines:
                return False, expected
            # `xs:decimal(cbc:TaxableAmount - 1)`: the ±1 is double arithmetic, converted exactly to decimal
            return Decimal(taxable - 1) < expected < Decimal(taxable + 1), expected
        taxable = dbl(breakdown.taxable)
        return taxable is not None and expected is not None and taxable == float(expected), expected
    expected = _expected_taxable(view, c.code, None)
    if view.ubl:
        return bool(view.lines) and expected is not None and dec(breakdown.taxable) == expected, expected
    taxable = dbl(breakdown.taxable)
    if taxable is None or expected is None:
        return False, expected
    if c.family == "O":
        return taxable == float(expected), expected
    return taxable - 1 <= float(expected) < taxable + 1, expected


def _rule_08(c: Category):
    # In both CII artefacts the -08 test of AF and AG reads the rate from the wrong element and can never fail.
    @rule(f"BR-{c.family}-08", "BT-116 BT-131 BT-92 BT-99",
          f"The taxable amount (BT-116) of the VAT breakdown for category {c.code} ({c.en}) is {{found}}, but the "
          f"line net amounts plus charges minus allowances in that category{' and rate' if c.family in _RATED else ''} "
          "give {expected}. Please correct the breakdown.",
          f"Der Steuerbemessungsbetrag (BT-116) der Aufschlüsselung für Kategorie {c.code} ({c.de}) ist {{found}}, die "
          f"Nettobeträge der Positionen plus Zuschläge minus Nachlässe dieser Kategorie"
          f"{' und dieses Steuersatzes' if c.family in _RATED else ''} ergeben aber {{expected}}. Bitte korrigieren "
          "Sie die Aufschlüsselung.",
          syntaxes=("UBL",) if c.family in ("AF", "AG") else ("UBL", "CII"), needs=c.code)
    def check(view: View):
        if not present(view, c.code):
            return NOTHING
        hits = []
        for breakdown in breakdowns(view, c.code):
            ok, expected = _taxable_ok(view, c, breakdown)
            if not ok:
                hits += hit(breakdown.category.el, found=show(breakdown.taxable), expected=show(expected))
        return hits or NOTHING
    return check


def _tax_ok(view: View, c: Category, breakdown) -> bool:
    if c.family in _RATED:
        if not view.ubl and c.family != "S":
            return True  # the CII artefact's -09 of AF/AG is `true()`
        tax, taxable = dec(breakdown.tax), dec(breakdown.taxable)
        rate = dec(breakdown.category.percent)
        if None in (tax, taxable, rate):
            return False
        if view.ubl:
            expected = cents(dmul(abs(taxable), rate / HUNDRED))
            return dadd(abs(tax), -ONE) < expected < dadd(abs(tax), ONE)
        percent = dbl(breakdown.category.percent)
        expected_f = xround(float(abs(taxable)) * percent) / 100
        return float(abs(tax)) - 1 < expected_f < float(abs(tax)) + 1
    if view.ubl:
        return dec(breakdown.tax) == ZERO
    return dbl(breakdown.tax) == 0


def _rule_09(c: Category):
    need_en = "taxable amount × rate (one unit of tolerance)" if c.family in _RATED else "0"
    need_de = "Bemessungsbetrag × Steuersatz (Toleranz eine Einheit)" if c.family in _RATED else "0"

    @rule(f"BR-{c.family}-09", "BT-117",
          f"The VAT amount (BT-117) of the VAT breakdown for category {c.code} ({c.en}) is {{found}}; it must be {need_en}.",
          f"Der Steuerbetrag (BT-117) der Aufschlüsselung für Kategorie {c.code} ({c.de}) ist {{found}}; er muss "
          f"{need_de} betragen.",
          syntaxes=("UBL", "CII") if c.family not in ("AF", "AG") else ("UBL",), needs=c.code)
    def check(view: View):
        if not present(view, c.code):
            return NOTHING
        return [h for b in breakdowns(view, c.code) if not _tax_ok(view, c, b)
                for h in hit(b.category.el, found=show(b.tax))] or NOTHING
    return check


_NEEDS_REASON = ("E", "AE", "IC", "G", "O")


def _rule_10(c: Category):
    if c.family in _NEEDS_REASON:
        en = (f"The VAT breakdown for category {c.code} ({c.en}) has no exemption reason (BT-120) or reason code "
              "(BT-121). Please say why no VAT is charged, e.g. with a VATEX code.")
        de = (f"Die Aufschlüsselung für Kategorie {c.code} ({c.de}) enthält keinen Befreiungsgrund (BT-120) oder "
              "Befreiungsgrund-Code (BT-121). Bitte geben Sie an, warum keine Umsatzsteuer berechnet wird, z. B. mit "
              "einem VATEX-Code.")
    else:
        en = (f"The VAT breakdown for category {c.code} ({c.en}) gives an exemption reason or code (BT-120/BT-121) "
              "({found}); this category must not have one.")
        de = (f"Die Aufschlüsselung für Kategorie {c.code} ({c.de}) enthält einen Befreiungsgrund (BT-120/BT-121) "
              "({found}); diese Kategorie darf keinen haben.")

    @rule(f"BR-{c.family}-10", "BT-120 BT-121", en, de, needs=c.code)
    def check(view: View):
        if not present(view, c.code):
            return NOTHING
        hits = []
        for b in breakdowns(view, c.code):
            has_reason = bool(b.category.reasons) or b.category.reason_code is not None
            if has_reason != (c.family in _NEEDS_REASON):
                found = b.category.reason_code if b.category.reason_code is not None else (b.category.reasons or [None])[0]
                hits += hit(b.category.el, found=show(found))
        return hits or NOTHING
    return check


for _c in CATEGORIES:
    _rule_08(_c)
    _rule_09(_c)
    _rule_10(_c)


@rule("BR-IC-11", "BT-72 BG-14",
      "The invoice has an intra-community supply (VAT category K) but neither an actual delivery date (BT-72) nor an "
      "invoicing period (BG-14). Please give one of them.",
      "Die Rechnung enthält eine innergemeinschaftliche Lieferung (Kategorie K), aber weder Lieferdatum (BT-72) noch "
      "Abrechnungszeitraum (BG-14). Bitte geben Sie eines davon an.", needs="K")
def br_ic_11(view: View):
    found = breakdowns(view, "K") if present(view, "K") else None
    if not found:
        return NOTHING
    if view.ubl:
        date = view.deliveries[0][3] if view.deliveries else None
        ok = len(date or "") > 1 or any(p.has_children for p in view.periods)
    else:
        ok = any(d[3] is not None for d in view.deliveries) or any(
            p.start is not None or p.end is not None for p in view.periods)
    return NOTHING if ok else hit(found[0].category.el if not view.ubl else None)


@rule("BR-IC-12", "BT-80",
      "The invoice has an intra-community supply (VAT category K) but no deliver-to country code (BT-80). Please "
      "give the country the goods were delivered to.",
      "Die Rechnung enthält eine innergemeinschaftliche Lieferung (Kategorie K), aber keinen Ländercode der "
      "Lieferanschrift (BT-80). Bitte geben Sie das Bestimmungsland an.", needs="K")
def br_ic_12(view: View):
    found = breakdowns(view, "K") if present(view, "K") else None
    if not found:
        return NOTHING
    country = view.deliveries[0][2] if view.deliveries else None
    ok = len(country or "") > 1 if view.ubl else country is not None
    return NOTHING if ok else hit(found[0].category.el if not view.ubl else None)


def _other_categories(view: View, where: str):
    """Categories other than O — UBL: with VAT scheme, in breakdowns/lines/allowances/charges; CII: in
    breakdowns or lines (ApplicableTradeTax) / allowances or charges (CategoryTradeTax)."""
    if view.ubl:
        if where == "breakdowns":
            pool = [b.category for b in view.breakdowns]
        elif where == "lines":
            pool = [c for line in view.lines for c in line.categories]
        else:
            charge = where == "charges"
            pool = [c for a in list(view.allowances) + [a for line in view.lines for a in line.allowances]
                    if a.charge is charge for c in a.categories]
        return [c for c in pool if c is not None and c.vat and code_of(view, c) != "O"]
    if where in ("breakdowns", "lines"):
        pool = [b.category for b in view.breakdowns] + [c for line in view.lines for c in line.categories]
    else:
        pool = [c for a in view.allowances for c in a.categories] + [
            c for line in view.lines for a in line.allowances for c in a.categories]
    return [c for c in pool if c is not None and c.code is not None and c.code != "O"]


def _rule_o(number: int, where: str, what_en: str, what_de: str):
    @rule(f"BR-O-{number}", "BT-118 BT-151 BT-95 BT-102",
          f"The invoice has a VAT breakdown for category O (not subject to VAT), so it must not contain {what_en} in "
          "another VAT category (found {found}).",
          f"Die Rechnung enthält eine Aufschlüsselung für Kategorie O (nicht steuerbar) und darf daher keine {what_de} "
          "einer anderen Umsatzsteuer-Kategorie enthalten (gefunden: {found}).", needs="O")
    def check(view: View):
        found = breakdowns(view, "O") if present(view, "O") else None
        if not found:
            return NOTHING
        others = _other_categories(view, where)
        if not others:
            return NOTHING
        return [h for b in (found if not view.ubl else found[:1])
                for h in hit(b.category.el if not view.ubl else None, found=show(others[0].code))]
    return check


_rule_o(11, "breakdowns", "VAT breakdowns", "Aufschlüsselungen")
_rule_o(12, "lines", "invoice lines", "Rechnungspositionen")
_rule_o(13, "allowances", "document level allowances", "Nachlässe auf Dokumentebene")
_rule_o(14, "charges", "document level charges", "Zuschläge auf Dokumentebene")

_ = is_
