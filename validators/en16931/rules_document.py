"""EN 16931 rules on the document header and the parties: BR-01…BR-11, BR-16…BR-20, BR-56, BR-62, BR-63,
BR-CO-09 and BR-CO-26.

Where the two official artefacts test a term differently (UBL trims white space with
normalize-space, the CII file often only asks for a non-empty text), each check follows the
artefact of the document's syntax.
"""

from __future__ import annotations

from validators.en16931.codelists import vat_prefixes
from validators.en16931.rule import NOTHING, filled, hit, rule, show
from validators.en16931.view import View


def _present(view: View, text: str | None) -> bool:
    """Is the term given? UBL: normalize-space(x) != ''; CII: x != ''."""
    return filled(text) if view.ubl else bool(text)


def _required(rule_id: str, term: str, what_en: str, what_de: str, value):
    """Register a rule that fires when the header term `value(view)` is missing (`what_de` with its article)."""
    @rule(rule_id, term,
          f"The invoice has no {what_en} ({term}; found: {{found}}). Please state it.",
          f"Der Rechnung fehlt {what_de} ({term}; gefunden: {{found}}). Bitte geben Sie sie an.")
    def check(view: View):
        text = value(view)
        return NOTHING if _present(view, text) else hit(found=show(text))
    return check


_required("BR-01", "BT-24", "specification identifier", "die Spezifikationskennung", lambda v: v.specification)
_required("BR-02", "BT-1", "invoice number", "die Rechnungsnummer", lambda v: v.number)
_required("BR-03", "BT-2", "issue date", "das Rechnungsdatum", lambda v: v.issue_date)
_required("BR-04", "BT-3", "invoice type code", "die Rechnungsart", lambda v: v.type_code)
_required("BR-05", "BT-5", "invoice currency code", "die Rechnungswährung",
          lambda v: v.currencies[0] if v.currencies else None)


def _party_name(rule_id: str, term: str, role_en: str, role_de: str, party):
    @rule(rule_id, term,
          f"The {role_en} name ({term}) is missing (found: {{found}}). Please give the {role_en}'s name.",
          f"Der Name des {role_de} ({term}) fehlt (gefunden: {{found}}). Bitte geben Sie den Namen an.")
    def check(view: View):
        who = party(view)
        text = who.name if who else None
        if _present(view, text):
            return NOTHING
        return hit(who.el if who else None, found=show(text))
    return check


_party_name("BR-06", "BT-27", "seller", "Verkäufers", lambda v: v.seller)
_party_name("BR-07", "BT-44", "buyer", "Käufers", lambda v: v.buyer)


def _address(rule_id: str, term: str, role_en: str, role_de: str, party):
    @rule(rule_id, term,
          f"The {role_en} postal address ({term}) is missing. Please give the {role_en}'s address.",
          f"Die Postanschrift des {role_de} ({term}) fehlt. Bitte geben Sie die Anschrift an.")
    def check(view: View):
        who = party(view)
        if who is not None and who.address is not None:
            return NOTHING
        return hit(who.el if who else None)
    return check


_address("BR-08", "BG-5", "seller", "Verkäufers", lambda v: v.seller)
_address("BR-10", "BG-8", "buyer", "Käufers", lambda v: v.buyer)


def _country(rule_id: str, term: str, group: str, role_en: str, role_de: str, party, *, cii_trim: bool = False):
    """Country code of an address. UBL checks it only where the address exists (and trims it); the
    CII file also fires when the address itself is missing, and trims only with `cii_trim`."""
    @rule(rule_id, f"{term} {group}",
          f"The {role_en} postal address ({group}) has no country code ({term}); found {{found}}. "
          "Please give the ISO 3166-1 alpha-2 code, e.g. DE.",
          f"Die Postanschrift des {role_de} ({group}) enthält keinen Ländercode ({term}); gefunden: {{found}}. "
          "Bitte geben Sie den Code nach ISO 3166-1 alpha-2 an, z. B. DE.")
    def check(view: View):
        who = party(view)
        if who is None or (who.address is None and view.ubl):
            return NOTHING
        if filled(who.country) if (view.ubl or cii_trim) else bool(who.country):
            return NOTHING
        return hit(who.address if who.address is not None else who.el, found=show(who.country))
    return check


_country("BR-09", "BT-40", "BG-5", "seller", "Verkäufers", lambda v: v.seller)
_country("BR-11", "BT-55", "BG-8", "buyer", "Käufers", lambda v: v.buyer)


@rule("BR-16", "BG-25",
      "The invoice has no invoice line (BG-25). Every invoice needs at least one line.",
      "Die Rechnung enthält keine Rechnungsposition (BG-25). Jede Rechnung braucht mindestens eine Position.")
def br_16(view: View):
    return NOTHING if view.lines else hit()


@rule("BR-17", "BT-59 BG-10",
      "The payee (BG-10) must have a name (BT-59) that differs from the seller; found name {found}. "
      "Leave out the payee when the seller is paid, otherwise name the payee.",
      "Der Zahlungsempfänger (BG-10) muss einen eigenen Namen (BT-59) haben, der sich vom Verkäufer unterscheidet; "
      "gefunden: {found}. Lassen Sie den Zahlungsempfänger weg, wenn der Verkäufer das Geld erhält.", needs="payee")
def br_17(view: View):
    payee, seller = view.payee, view.seller
    if payee is None:
        return NOTHING
    if view.ubl:
        names = payee.trading_names
        seller_names = seller.trading_names if seller else []
    else:
        names = payee.names
        seller_names = seller.names if seller else []
    if not names:
        return hit(payee.el, found=show(None))
    seller_ids = {text for text, _ in seller.ids} if seller else set()
    same = (set(names) & set(seller_names)) or ({text for text, _ in payee.ids} & seller_ids)
    if not view.ubl and seller is not None:
        same = same or (set(payee.legal_ids) & set(seller.legal_ids))
    return hit(payee.el, found=show(names[0])) if same else NOTHING


@rule("BR-18", "BT-62 BG-11",
      "The seller tax representative (BG-11) has no name (BT-62); found {found}. Please give the representative's name.",
      "Der Steuervertreter des Verkäufers (BG-11) hat keinen Namen (BT-62); gefunden: {found}. "
      "Bitte geben Sie den Namen an.", needs="tax_rep")
def br_18(view: View):
    rep = view.tax_rep
    if rep is None or filled(rep.name):
        return NOTHING
    return hit(rep.el, found=show(rep.name))


@rule("BR-19", "BG-12 BG-11",
      "The seller tax representative (BG-11) has no postal address (BG-12). Please give the address.",
      "Der Steuervertreter des Verkäufers (BG-11) hat keine Postanschrift (BG-12). Bitte geben Sie sie an.", needs="tax_rep")
def br_19(view: View):
    rep = view.tax_rep
    return hit(rep.el) if rep is not None and rep.address is None else NOTHING


_country("BR-20", "BT-69", "BG-12", "seller tax representative", "Steuervertreters", lambda v: v.tax_rep, cii_trim=True)


@rule("BR-56", "BT-63 BG-11",
      "The seller tax representative (BG-11) has no VAT identifier (BT-63). Please give the representative's VAT number.",
      "Der Steuervertreter des Verkäufers (BG-11) hat keine Umsatzsteuer-Identifikationsnummer (BT-63). "
      "Bitte geben Sie sie an.", needs="tax_rep")
def br_56(view: View):
    rep = view.tax_rep
    if rep is None:
        return NOTHING
    if view.ubl:
        ok = bool(rep.vat_ids)
    else:
        ok = any(text for text in rep.vat_ids)
    return NOTHING if ok else hit(rep.el)


def _endpoint(rule_id: str, term: str, role_en: str, role_de: str, party):
    @rule(rule_id, term,
          f"The {role_en} electronic address ({term}) {{found}} has no scheme identifier. "
          "Please add the scheme (e.g. EM for e-mail, 0204 for a Leitweg-ID).",
          f"Die elektronische Adresse des {role_de} ({term}) {{found}} hat keine Schema-Kennung. "
          "Bitte ergänzen Sie das Schema (z. B. EM für E-Mail, 0204 für eine Leitweg-ID).")
    def check(view: View):
        who = party(view)
        if who is None or not who.endpoints:
            return NOTHING
        if view.ubl:
            return [hit_ for el in who.endpoints if el.get("schemeID") is None
                    for hit_ in hit(el, found=show(el.text))]
        first = who.endpoints[0]  # CII: URIUniversalCommunication[1]/URIID/@schemeID
        if first is not None and filled(first.get("schemeID")):
            return NOTHING
        return hit(first if first is not None else who.el, found=show(first.text if first is not None else None))
    return check


_endpoint("BR-62", "BT-34", "seller", "Verkäufers", lambda v: v.seller)
_endpoint("BR-63", "BT-49", "buyer", "Käufers", lambda v: v.buyer)


@rule("BR-CO-09", "BT-31 BT-48 BT-63",
      "The VAT identifier {found} does not start with a country prefix (ISO 3166-1 alpha-2, Greece EL). "
      "Please write it with its country prefix, e.g. DE123456789.",
      "Die Umsatzsteuer-Identifikationsnummer {found} beginnt nicht mit einem Länderpräfix (ISO 3166-1 alpha-2, "
      "Griechenland EL). Bitte schreiben Sie sie mit Präfix, z. B. DE123456789.")
def br_co_09(view: View):
    prefixes = vat_prefixes()
    hits = []
    for party in (view.seller, view.buyer, view.payee, view.tax_rep):
        if party is None:
            continue
        for text, scheme in party.tax_ids:
            if scheme != ("VAT" if view.ubl else "VA"):
                continue
            if view.ubl:
                ok = text[:2] in prefixes.text  # contains(list, substring(id, 1, 2))
            else:
                ok = f" {text[:2]} " in prefixes.text
            if not ok:
                hits += hit(party.el, found=show(text))
    return hits or NOTHING


@rule("BR-CO-26", "BT-29 BT-30 BT-31",
      "The seller (BG-4) is not identified: give a seller identifier (BT-29), a legal registration identifier "
      "(BT-30) or a VAT identifier (BT-31).",
      "Der Verkäufer (BG-4) ist nicht identifiziert: Bitte geben Sie eine Verkäuferkennung (BT-29), eine "
      "Registernummer (BT-30) oder eine Umsatzsteuer-Identifikationsnummer (BT-31) an.")
def br_co_26(view: View):
    seller = view.seller
    if seller is None:
        return NOTHING
    if view.ubl:
        ok = bool(seller.vat_ids) or any(scheme != "SEPA" for _, scheme in seller.ids) or bool(seller.legal_ids)
    else:
        ok = bool(seller.ids or seller.global_ids or seller.legal_ids or seller.vat_ids)
    return NOTHING if ok else hit(seller.el)
