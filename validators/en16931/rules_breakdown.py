"""EN 16931 rules on the VAT breakdown (BG-23): BR-45…BR-48, BR-CO-03, BR-CO-14, BR-CO-17,
BR-DEC-19, BR-DEC-20."""

from __future__ import annotations

from validators.en16931.numbers import HUNDRED, cents, dadd, dbl, dec, decimals, dmul, dsum, fsum, xround
from validators.en16931.rule import NOTHING, hit, norm, rule, show
from validators.en16931.view import View


def _breakdown_rule(rule_id: str, terms: str, en: str, de: str, fires, **values):
    @rule(rule_id, terms, en, de)
    def check(view: View):
        hits = []
        for breakdown in view.breakdowns:
            if fires(view, breakdown):
                category = breakdown.category
                hits += hit(breakdown.el, category=show(category.code if category else None),
                            **{k: show(get(breakdown)) for k, get in values.items()})
        return hits or NOTHING
    return check


def _vat_category(view: View, breakdown):
    """The breakdown's category if the official rule would see it (UBL: TaxCategory with VAT scheme)."""
    category = breakdown.category
    if category is None or (view.ubl and not category.vat):
        return None
    return category


_breakdown_rule("BR-45", "BT-116",
                "A VAT breakdown (category {category}) has no taxable amount (BT-116). Please give it.",
                "Eine Umsatzsteuer-Aufschlüsselung (Kategorie {category}) hat keinen Steuerbemessungsbetrag (BT-116). "
                "Bitte geben Sie ihn an.",
                lambda v, b: b.taxable is None)
_breakdown_rule("BR-46", "BT-117",
                "A VAT breakdown (category {category}) has no VAT amount (BT-117). Please give it.",
                "Eine Umsatzsteuer-Aufschlüsselung (Kategorie {category}) hat keinen Steuerbetrag (BT-117). "
                "Bitte geben Sie ihn an.",
                lambda v, b: b.tax is None)
_breakdown_rule("BR-47", "BT-118",
                "A VAT breakdown has no VAT category code (BT-118). Please state the category, e.g. S.",
                "Eine Umsatzsteuer-Aufschlüsselung hat keinen Kategoriecode (BT-118). Bitte geben Sie ihn an, z. B. S.",
                lambda v, b: (_vat_category(v, b) is None or _vat_category(v, b).code is None))


def _no_rate(view: View, breakdown) -> bool:
    category = _vat_category(view, breakdown)
    if category is None:
        return True
    if category.percent is not None:
        return False
    return (norm(category.code) if view.ubl else category.code) != "O"


_breakdown_rule("BR-48", "BT-119",
                "The VAT breakdown for category {category} has no VAT rate (BT-119). Only category O (not subject to "
                "VAT) may leave it out.",
                "Die Umsatzsteuer-Aufschlüsselung der Kategorie {category} hat keinen Steuersatz (BT-119). Nur "
                "Kategorie O (nicht steuerbar) darf ihn weglassen.",
                _no_rate)
_breakdown_rule("BR-DEC-19", "BT-116",
                "The taxable amount (BT-116) of the VAT breakdown for category {category} is {found}; at most two "
                "decimals are allowed.",
                "Der Steuerbemessungsbetrag (BT-116) der Aufschlüsselung für Kategorie {category} ist {found}; "
                "höchstens zwei Nachkommastellen sind erlaubt.",
                lambda v, b: decimals(b.taxable) > 2, found=lambda b: b.taxable)
_breakdown_rule("BR-DEC-20", "BT-117",
                "The VAT amount (BT-117) of the VAT breakdown for category {category} is {found}; at most two "
                "decimals are allowed.",
                "Der Steuerbetrag (BT-117) der Aufschlüsselung für Kategorie {category} ist {found}; höchstens zwei "
                "Nachkommastellen sind erlaubt.",
                lambda v, b: decimals(b.tax) > 2, found=lambda b: b.tax)


def _vat_mismatch(view: View, breakdown) -> bool:
    """BR-CO-17: VAT amount = taxable amount × rate, rounded to cents, with a tolerance of one unit."""
    category = breakdown.category
    use = category is not None and category.vat
    rate = dec(category.percent) if use else None
    tax, taxable = dec(breakdown.tax), dec(breakdown.taxable)
    if rate is None:
        return not (tax is not None and xround(tax) == 0)
    if xround(rate) == 0:
        return not (tax is not None and xround(tax) == 0)
    if tax is None or taxable is None:
        return True
    expected = cents(dmul(abs(taxable), rate / HUNDRED))
    low, high = dadd(abs(tax), -1), dadd(abs(tax), 1)
    if view.ubl:
        return not (low < expected < high)
    return not (low <= expected <= high)


def _expected_vat(breakdown):
    rate, taxable = dec(breakdown.category.percent) if breakdown.category else None, dec(breakdown.taxable)
    return None if rate is None or taxable is None else cents(dmul(abs(taxable), rate / HUNDRED))


_breakdown_rule("BR-CO-17", "BT-117 BT-116 BT-119",
                "The VAT amount (BT-117) for category {category} is {found}, but taxable amount × rate gives {expected} "
                "(one unit of tolerance). Please correct the VAT amount.",
                "Der Steuerbetrag (BT-117) der Kategorie {category} ist {found}, Bemessungsbetrag × Steuersatz ergibt "
                "aber {expected} (Toleranz eine Einheit). Bitte korrigieren Sie den Steuerbetrag.",
                _vat_mismatch, found=lambda b: b.tax, expected=_expected_vat)


@rule("BR-CO-03", "BT-7 BT-8",
      "The invoice gives both a VAT point date (BT-7) and a VAT point date code (BT-8); only one of them is allowed.",
      "Die Rechnung enthält sowohl ein Steuerfälligkeitsdatum (BT-7) als auch einen Code dafür (BT-8); nur eines "
      "von beiden ist erlaubt.")
def br_co_03(view: View):
    if view.ubl:
        codes = [p for p in view.periods if p.code is not None]
        return hit() if view.tax_point_dates and codes else NOTHING
    return [h for b in view.breakdowns if b.tax_point_date is not None and b.due_date_code is not None
            for h in hit(b.el)] or NOTHING


@rule("BR-CO-14", "BT-110 BT-117",
      "The total VAT amount (BT-110) is {found}, but the VAT amounts of the breakdowns (BT-117) add up to {expected}. "
      "Please correct the total or the breakdowns.",
      "Der Umsatzsteuer-Gesamtbetrag (BT-110) ist {found}, die Steuerbeträge der Aufschlüsselung (BT-117) ergeben "
      "aber {expected}. Bitte korrigieren Sie die Summe oder die Aufschlüsselung.")
def br_co_14(view: View):
    hits = []
    if view.ubl:
        for total in view.tax_totals:
            if not total.breakdowns:
                continue
            expected = cents(dsum([b.tax for b in total.breakdowns if b.tax is not None]))
            found = total.amounts[0][0] if total.amounts else None
            if expected is None or dec(found) != expected:
                hits += hit(total.el, found=show(found), expected=show(expected))
        return hits or NOTHING
    totals = view.totals
    if totals is None:
        return NOTHING
    total = fsum([b.tax for b in view.breakdowns if b.tax is not None])
    expected = cents(total)
    currencies = set(view.currencies)
    for text, currency in totals.vat:
        if currency in currencies and (expected is None or dbl(text) != expected):
            hits += hit(totals.el, found=show(text), expected=show(expected))
    return hits or NOTHING
