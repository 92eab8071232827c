"""VAT category rules -01…-07 of every family (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG)
and BR-B-01, BR-B-02.

-01 the category used in lines/allowances/charges has its VAT breakdown; -02…-04 the parties
carry (or for O: do not carry) the tax identifiers the category needs; -05…-07 the rate of a
line, allowance or charge in that category.
"""

from __future__ import annotations

from validators.en16931.numbers import dbl, dec
from validators.en16931.rule import NOTHING, hit, rule, show
from validators.en16931.vat import (
    CATEGORIES, PARTIES_DE, PARTIES_EN, Category, allowance_categories, breakdowns, code_of, is_, line_categories,
    parties_ok, present, tax_ids,
)
from validators.en16931.view import View


def _breakdown_present(view: View, c: Category) -> bool:
    """Rule -01 as the artefact of the document's syntax states it."""
    code, family = c.code, c.family
    if view.ubl:
        if family == "S":
            used = len(allowance_categories(view, code, None, vat=False)) + len(line_categories(view, code, vat=False))
            given = len(breakdowns(view, code, vat=False))
            return (used > 0 and given > 0) or (used == 0 and given == 0)
        if family in ("AF", "AG"):
            used = len(allowance_categories(view, code, None)) + len(line_categories(view, code))
            raw = [b for b in view.breakdowns if b.category is not None and b.category.code == code
                   and (family == "AF" or b.category.vat)]
            return (used > 0 and len(raw) > 0) or (used == 0 and not breakdowns(view, code))
        anywhere = bool(allowance_categories(view, code, None) or line_categories(view, code) or breakdowns(view, code))
        return not anywhere or len(breakdowns(view, code)) == 1
    lines = len(line_categories(view, code))
    header = len(breakdowns(view, code))
    allowances = len(allowance_categories(view, code, None))
    if family in ("S", "AF", "AG"):
        return (lines + header >= 2 or lines == 0) and (allowances + header >= 2 or allowances == 0)
    if family == "O":
        return header == 0 or (header == 1 and (lines > 0 or allowances > 0))
    return (header == 0 and lines == 0 and allowances == 0) or (header == 1 and (lines > 0 or allowances > 0))


def _rule_01(c: Category):
    @rule(f"BR-{c.family}-01", "BG-23 BT-118 BT-151 BT-95 BT-102",
          f"VAT category {c.code} ({c.en}) is used in invoice lines, allowances or charges, but the VAT breakdown "
          f"(BG-23) does not match: it has {{found}} breakdown(s) for this category. Give one breakdown per VAT "
          "category used, and none for categories not used.",
          f"Die Umsatzsteuer-Kategorie {c.code} ({c.de}) wird in Positionen, Nachlässen oder Zuschlägen verwendet, die "
          f"Aufschlüsselung (BG-23) passt nicht dazu: sie enthält {{found}} Aufschlüsselung(en) dieser Kategorie. "
          "Geben Sie je verwendeter "
          "Kategorie eine Aufschlüsselung an und keine für unbenutzte Kategorien.", needs=c.code)
    def check(view: View):
        if not present(view, c.code) or _breakdown_present(view, c):
            return NOTHING
        return hit(found=len(breakdowns(view, c.code, vat=False)))
    return check


def _used(view: View, c: Category, where: str):
    """(element, used) for rules -02…-04: lines, document allowances (False) or charges (True)."""
    code, family = c.code, c.family
    if where == "lines":
        found = line_categories(view, code)
        if view.ubl:
            gate = found if family != "S" else line_categories(view, code, vat=False)
            return [found[0].el] if found else [], bool(gate)
        return [x.el for x in found], bool(found)
    charge = where == "charges"
    doc_only = view.ubl and family == "O"
    found = [cat for _, cat in allowance_categories(view, code, charge, lines=not doc_only)]
    if view.ubl:
        if family == "G":
            loose = allowance_categories(view, code, charge, vat=False)
            return ([loose[0][1].el] if loose else []), bool(found)
        return ([found[0].el] if found else []), bool(found)
    return [x.el for x in found], bool(found)


def _rule_parties(c: Category, number: int, where: str, what_en: str, what_de: str, terms: str):
    if c.family == "O":
        en = (f"{what_en} in VAT category O (not subject to VAT), but the invoice contains a VAT identifier of the "
              "seller (BT-31), tax representative (BT-63) or buyer (BT-48). Remove them or use another category.")
        de = (f"{what_de} in Umsatzsteuer-Kategorie O (nicht steuerbar), die Rechnung enthält aber eine "
              "Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31), Steuervertreters (BT-63) oder Käufers "
              "(BT-48). Entfernen Sie diese oder wählen Sie eine andere Kategorie.")
    else:
        en = f"{what_en} in VAT category {c.code} ({c.en}), so the invoice must give {PARTIES_EN[c.family]}."
        de = f"{what_de} in Umsatzsteuer-Kategorie {c.code} ({c.de}), daher muss die Rechnung {PARTIES_DE[c.family]} enthalten."

    @rule(f"BR-{c.family}-{number:02d}", terms, en, de, needs=c.code)
    def check(view: View):
        if not present(view, c.code):
            return NOTHING
        elements, used = _used(view, c, where)
        if not used or parties_ok(c.family, tax_ids(view)):
            return NOTHING
        return [h for el in elements for h in hit(el)] or hit()
    return check


def _rate_ok(view: View, family: str, percent: str | None) -> bool:
    if family == "O":
        return percent is None
    if family in ("S", "AF", "AG"):
        value = dbl(percent)
        if view.ubl:
            return value is not None and (value > 0 if family == "S" else value >= 0)
        return value is not None and (value >= 0 if family == "AG" else value > 0)
    if view.ubl:
        return dec(percent) == 0
    return dbl(percent) == 0


_RATE_EN = {"O": "must not have a VAT rate", "S": "must have a VAT rate above zero", "AF": "must have a VAT rate of zero or more",
            "AG": "must have a VAT rate of zero or more"}
_RATE_DE = {"O": "darf keinen Steuersatz haben", "S": "muss einen Steuersatz über null haben",
            "AF": "muss einen Steuersatz von null oder mehr haben", "AG": "muss einen Steuersatz von null oder mehr haben"}


def _rule_rate(c: Category, number: int, where: str, what_en: str, what_de: str, terms: str):
    need_en = _RATE_EN.get(c.family, "must have a VAT rate of 0")
    need_de = _RATE_DE.get(c.family, "muss den Steuersatz 0 haben")

    @rule(f"BR-{c.family}-{number:02d}", terms,
          f"{what_en} in VAT category {c.code} ({c.en}) {need_en}; found rate {{found}}.",
          f"{what_de} in Umsatzsteuer-Kategorie {c.code} ({c.de}) {need_de}; gefunden: {{found}}.", needs=c.code)
    def check(view: View):
        if not present(view, c.code):
            return NOTHING
        if where == "lines":
            categories = line_categories(view, c.code)
        else:
            categories = [cat for _, cat in allowance_categories(view, c.code, where == "charges")]
        return [h for cat in categories if not _rate_ok(view, c.family, cat.percent)
                for h in hit(cat.el, found=show(cat.percent))] or NOTHING
    return check


for _c in CATEGORIES:
    _rule_01(_c)
    _rule_parties(_c, 2, "lines", "Invoice lines are", "Rechnungspositionen sind", "BT-151 BT-31 BT-32 BT-63")
    _rule_parties(_c, 3, "allowances", "A document level allowance is", "Ein Nachlass auf Dokumentebene ist",
                  "BT-95 BT-31 BT-32 BT-63")
    _rule_parties(_c, 4, "charges", "A document level charge is", "Ein Zuschlag auf Dokumentebene ist",
                  "BT-102 BT-31 BT-32 BT-63")
    _rule_rate(_c, 5, "lines", "An invoice line", "Eine Rechnungsposition", "BT-151 BT-152")
    _rule_rate(_c, 6, "allowances", "A document level allowance", "Ein Nachlass auf Dokumentebene", "BT-95 BT-96")
    _rule_rate(_c, 7, "charges", "A document level charge", "Ein Zuschlag auf Dokumentebene", "BT-102 BT-103")


def _raw_codes(view: View):
    """Every category code as written (UBL //cac:TaxCategory/cbc:ID and //cac:ClassifiedTaxCategory/cbc:ID,
    CII //ram:CategoryCode)."""
    categories = [b.category for b in view.breakdowns if b.category is not None]
    categories += [c for a in view.allowances for c in a.categories]
    categories += [c for line in view.lines for c in line.categories]
    categories += [c for line in view.lines for a in line.allowances for c in a.categories]
    return [c.code for c in categories if c.code is not None]


@rule("BR-B-01", "BT-118 BT-151 BT-40",
      "VAT category B (split payment) is used, but a country code other than IT occurs ({found}). Split payment "
      "applies to Italian domestic invoices only.",
      "Umsatzsteuer-Kategorie B (Split Payment) wird verwendet, es kommt aber ein anderer Ländercode als IT vor "
      "({found}). Split Payment gilt nur für italienische Inlandsrechnungen.", needs="B")
def br_b_01(view: View):
    if "B" not in _raw_codes(view):
        return NOTHING
    tag = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}IdentificationCode" if view.ubl \
        else "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}CountryID"
    other = [el.text for el in view.root.iter(tag) if (el.text or "") != "IT"]
    return hit(found=show(other[0])) if other else NOTHING


@rule("BR-B-02", "BT-118 BT-151",
      "The invoice uses VAT category B (split payment) together with category S (standard rated); they must not be "
      "combined in one invoice.",
      "Die Rechnung verwendet Umsatzsteuer-Kategorie B (Split Payment) zusammen mit Kategorie S (Normalsatz); beide "
      "dürfen nicht in einer Rechnung vorkommen.", needs="B")
def br_b_02(view: View):
    if view.ubl:
        codes = [b.category.code for b in view.breakdowns if b.category is not None]
        codes += [c.code for a in view.allowances for c in a.categories]
        codes += [c.code for line in view.lines for c in line.categories]
    else:
        codes = _raw_codes(view)
    return hit() if "B" in codes and "S" in codes else NOTHING


_ = (is_, code_of)
