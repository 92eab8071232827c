"""The VAT categories of EN 16931 (UNTDID 5305 subset) and the selections the category rules share.

Each category rule family (BR-S, BR-Z, BR-E, BR-AE, BR-IC, BR-G, BR-O, BR-AF, BR-AG) asks the same
questions about "its" category code: where it occurs (lines, allowances, charges, breakdowns)
and which tax identifiers the parties have. The official artefacts select occurrences slightly
differently per syntax (UBL trims the code and asks for the VAT tax scheme; the CII file compares
the code as written); these helpers do it the artefact's way.
"""

from __future__ import annotations

from dataclasses import dataclass

from validators.en16931.rule import norm
from validators.en16931.view import View


@dataclass(frozen=True)
class Category:
    """A VAT category family: rule prefix, UNTDID 5305 code, English and German name."""

    family: str
    code: str
    en: str
    de: str


CATEGORIES = (
    Category("S", "S", "standard rated", "Normalsatz/ermäßigter Satz"),
    Category("Z", "Z", "zero rated", "Nullsatz"),
    Category("E", "E", "exempt from VAT", "steuerbefreit"),
    Category("AE", "AE", "reverse charge", "Umkehrung der Steuerschuldnerschaft"),
    Category("IC", "K", "intra-community supply", "innergemeinschaftliche Lieferung"),
    Category("G", "G", "export outside the EU", "Ausfuhr in Drittländer"),
    Category("O", "O", "not subject to VAT", "nicht steuerbar"),
    Category("AF", "L", "IGIC (Canary Islands)", "IGIC (Kanarische Inseln)"),
    Category("AG", "M", "IPSI (Ceuta and Melilla)", "IPSI (Ceuta und Melilla)"),
)


def present(view: View, code: str) -> bool:
    """Does `code` occur as a VAT category anywhere (breakdown, line, allowance, charge), as written or trimmed?

    Every category rule passes trivially for a category the invoice does not use, so the rule
    families check this first (computed once per view).
    """
    return code in used_codes(view)


def used_codes(view: View) -> set[str]:
    """Every VAT category code the invoice uses anywhere, as written and trimmed (computed once per view)."""
    codes = view.cache.get("categories")
    if codes is None:
        categories = [b.category for b in view.breakdowns]
        categories += [c for a in view.allowances for c in a.categories]
        for line in view.lines:
            categories += line.categories
            categories += [c for a in line.allowances for c in a.categories]
        codes = {c.code for c in categories if c is not None and c.code is not None}
        codes |= {norm(code) for code in codes}
        view.cache["categories"] = codes
    return codes


def code_of(view: View, category) -> str | None:
    """The category code as the artefact compares it (UBL normalize-space, CII as written)."""
    if category is None or category.code is None:
        return None
    return norm(category.code) if view.ubl else category.code


def is_(view: View, category, code: str, *, vat: bool = True) -> bool:
    """Is `category` of `code`? With `vat` (UBL only) the tax scheme must be VAT too."""
    if category is None or code_of(view, category) != code:
        return False
    return category.vat or not (vat and view.ubl)


def _cached(view: View, key: tuple, compute):
    """A selection computed once per view (the family rules ask the same questions many times)."""
    found = view.cache.get(key)
    if found is None:
        found = view.cache[key] = compute()
    return found


def line_categories(view: View, code: str, *, vat: bool = True):
    return _cached(view, ("lines", code, vat), lambda: [
        c for line in view.lines for c in line.categories if is_(view, c, code, vat=vat)])


def allowance_categories(view: View, code: str, charge: bool | None, *, vat: bool = True, lines: bool = True):
    return _cached(view, ("allowances", code, charge, vat, lines), lambda: [
        (a, c) for a in _allowances(view, lines) if charge is None or a.charge is charge
        for c in a.categories if is_(view, c, code, vat=vat)])


def _allowances(view: View, lines: bool):
    yield from view.allowances
    if lines:
        for line in view.lines:
            yield from line.allowances


def breakdowns(view: View, code: str, *, vat: bool = True):
    return _cached(view, ("breakdowns", code, vat), lambda: [
        b for b in view.breakdowns if is_(view, b.category, code, vat=vat)])


@dataclass(frozen=True)
class TaxIds:
    """Which tax identifiers the parties carry, in the two ways the artefacts ask for them."""

    seller_any: bool      # UBL: any PartyTaxScheme/CompanyID; CII: TaxRegistration ID with scheme VA or FC
    seller_vat: bool      # UBL: PartyTaxScheme[VAT]/CompanyID; CII: scheme VA
    rep_vat: bool
    buyer_vat: bool
    buyer_legal: bool


def tax_ids(view: View) -> TaxIds:
    return _cached(view, ("tax ids",), lambda: _tax_ids(view))


def _tax_ids(view: View) -> TaxIds:
    seller, rep, buyer = view.seller, view.tax_rep, view.buyer
    if view.ubl:
        return TaxIds(bool(seller and seller.tax_ids), bool(seller and seller.vat_ids), bool(rep and rep.vat_ids),
                      bool(buyer and buyer.vat_ids), bool(buyer and buyer.legal_ids))
    return TaxIds(bool(seller and any(s in ("VA", "FC") for _, s in seller.tax_ids)),
                  bool(seller and any(s == "VA" for _, s in seller.tax_ids)),
                  bool(rep and any(s == "VA" for _, s in rep.tax_ids)),
                  bool(buyer and any(s == "VA" for _, s in buyer.tax_ids)),
                  bool(buyer and buyer.legal_ids))


def parties_ok(family: str, ids: TaxIds) -> bool:
    """Rules -02…-04: the tax identifiers a family requires (or, for O, forbids) are given."""
    if family in ("S", "Z", "E", "AF", "AG"):
        return ids.seller_any or ids.rep_vat
    if family == "AE":
        return (ids.seller_any or ids.rep_vat) and (ids.buyer_vat or ids.buyer_legal)
    if family == "IC":
        return (ids.seller_vat or ids.rep_vat) and ids.buyer_vat
    if family == "G":
        return ids.seller_vat or ids.rep_vat
    return not ids.seller_vat and not ids.rep_vat and not ids.buyer_vat  # O


PARTIES_EN = {
    "S": "the seller's VAT identifier (BT-31) or tax registration (BT-32), or the tax representative's VAT identifier (BT-63)",
    "AE": "the seller's VAT identifier (BT-31/BT-32 or BT-63) and the buyer's VAT identifier (BT-48) or legal registration (BT-47)",
    "IC": "the seller's VAT identifier (BT-31 or BT-63) and the buyer's VAT identifier (BT-48)",
    "G": "the seller's VAT identifier (BT-31) or the tax representative's VAT identifier (BT-63)",
}
PARTIES_DE = {
    "S": "die Umsatzsteuer-Identifikationsnummer (BT-31) oder Steuernummer (BT-32) des Verkäufers oder die "
         "Umsatzsteuer-Identifikationsnummer des Steuervertreters (BT-63)",
    "AE": "die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31/BT-32 oder BT-63) und die des Käufers (BT-48) "
          "oder dessen Registernummer (BT-47)",
    "IC": "die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31 oder BT-63) und die des Käufers (BT-48)",
    "G": "die Umsatzsteuer-Identifikationsnummer des Verkäufers (BT-31) oder des Steuervertreters (BT-63)",
}
for _family in ("Z", "E", "AF", "AG"):
    PARTIES_EN[_family], PARTIES_DE[_family] = PARTIES_EN["S"], PARTIES_DE["S"]
