"""CII syntax binding rules that the runnable official CII artefact (Factur-X EN16931) shares with CEN:
CII-SR-463…476 and CII-DT-031.

The CEN CII syntax file has some 430 further CII-SR/CII-DT rules (mostly "element not used"
warnings); they are not in the Factur-X file this project can run, so they are not implemented
natively yet (see `NOT_IMPLEMENTED` in the package).
"""

from __future__ import annotations

from lxml import etree

from validators.en16931.cii import RAM
from validators.en16931.rule import NOTHING, hit, norm, rule, show
from validators.en16931.view import View

CII = ("CII",)


@rule("CII-SR-463", "BG-20 BG-21", "An allowance or charge has no charge indicator (ram:ChargeIndicator). Please state "
      "whether it is an allowance (false) or a charge (true).",
      "Ein Nachlass oder Zuschlag hat keinen Indikator (ram:ChargeIndicator). Bitte geben Sie an, ob es ein Nachlass "
      "(false) oder ein Zuschlag (true) ist.", syntaxes=CII)
def cii_sr_463(view: View):
    return [h for a in _allowances(view) if a.el.find(RAM + "ChargeIndicator") is None for h in hit(a.el)] or NOTHING


def _allowances(view: View):
    return list(view.allowances) + [a for line in view.lines for a in line.allowances]


def _count_rule(rule_id: str, terms: str, what_en: str, what_de: str, count):
    @rule(rule_id, terms, f"An allowance or charge has {{found}} {what_en}; at most one is allowed.",
          f"Ein Nachlass oder Zuschlag hat {{found}} {what_de}; erlaubt ist höchstens eine(r).", syntaxes=CII)
    def check(view: View):
        return [h for a in _allowances(view) for n in [count(a)] if n > 1 for h in hit(a.el, found=n)] or NOTHING
    return check


_count_rule("CII-SR-471", "BT-95 BT-102", "VAT categories (ram:CategoryTradeTax)", "Umsatzsteuer-Kategorien",
            lambda a: len(a.categories))
_count_rule("CII-SR-472", "BT-94 BT-101", "rates (ram:RateApplicablePercent)", "Prozentsätze",
            lambda a: sum(1 for _ in a.el.iterchildren(RAM + "RateApplicablePercent")))
_count_rule("CII-SR-473", "BT-92 BT-99", "amounts (ram:ActualAmount)", "Beträge", lambda a: len(a.amounts))


@rule("CII-SR-464", "BG-16", "A payment instruction names the payer's financial institution "
      "(ram:PayerSpecifiedDebtorFinancialInstitution); EN 16931 does not use it.",
      "Eine Zahlungsanweisung nennt das Kreditinstitut des Zahlers (ram:PayerSpecifiedDebtorFinancialInstitution); "
      "EN 16931 sieht das nicht vor.", level="warning", syntaxes=CII, needs="payment_means")
def cii_sr_464(view: View):
    return [h for m in view.payment_means if m.debtor_institution is not None for h in hit(m.el)] or NOTHING


def _contact_rule(rule_id: str, role_en: str, role_de: str, party):
    @rule(rule_id, "BT-41 BT-56", f"The {role_en} contact gives both a person name and a department name; only one "
          "contact point (BT-41/BT-56) is expected.",
          f"Der Kontakt des {role_de} enthält Personen- und Abteilungsnamen; erwartet wird nur eine Kontaktstelle "
          "(BT-41/BT-56).", level="warning", syntaxes=CII)
    def check(view: View):
        who = party(view)
        if who is None:
            return NOTHING
        persons = any(c.find(RAM + "PersonName") is not None for c in who.contacts)
        departments = any(c.find(RAM + "DepartmentName") is not None for c in who.contacts)
        return hit(who.el) if persons and departments else NOTHING
    return check


_contact_rule("CII-SR-465", "seller", "Verkäufers", lambda v: v.seller)
_contact_rule("CII-SR-466", "buyer", "Käufers", lambda v: v.buyer)


def _all_equal_rule(rule_id: str, terms: str, what_en: str, what_de: str, values):
    @rule(rule_id, terms, f"The payment instructions give different {what_en} ({{found}}); they must all be the same.",
          f"Die Zahlungsanweisungen enthalten unterschiedliche {what_de} ({{found}}); sie müssen gleich sein.",
          syntaxes=CII, needs="payment_means")
    def check(view: View):
        found = [norm(value) for value in values(view)]
        return hit(found=", ".join(sorted(set(found)))) if len(set(found)) > 1 else NOTHING
    return check


_all_equal_rule("CII-SR-467", "BT-81", "payment means codes", "Zahlungsart-Codes",
                lambda v: [el.text for m in v.payment_means for el in m.codes])
_all_equal_rule("CII-SR-468", "BT-82", "payment means texts", "Zahlungsart-Texte",
                lambda v: [text for m in v.payment_means for text in m.information])


@rule("CII-SR-469", "BT-83", "The invoice gives {found} payment references (BT-83); at most one is allowed.",
      "Die Rechnung enthält {found} Verwendungszwecke (BT-83); erlaubt ist höchstens einer.", syntaxes=CII)
def cii_sr_469(view: View):
    count = len(view.payment_references)
    return hit(view.header_settlement, found=count) if count > 1 else NOTHING


@rule("CII-SR-470", "BT-84", "A credit transfer (payment means code {found}) must give exactly one account identifier: "
      "an IBAN or a proprietary identifier, not both and not none.",
      "Eine Überweisung (Zahlungsart-Code {found}) muss genau eine Kontokennung enthalten: IBAN oder sonstige Kennung, "
      "nicht beide und nicht keine.", syntaxes=CII, needs="payment_means")
def cii_sr_470(view: View):
    hits = []
    for means in view.payment_means:
        if norm(means.code) not in ("30", "58"):
            continue
        iban = any(a.iban for a in means.accounts)
        proprietary = any(a.proprietary for a in means.accounts)
        if not ((iban or proprietary) and not (iban and proprietary)):
            hits += hit(means.el, found=show(means.code))
    return hits or NOTHING


@rule("CII-SR-474", "BT-128", "Invoice line {line} gives {found} invoiced object identifiers (BT-128); at most one "
      "is expected.", "Rechnungsposition {line} enthält {found} Objektkennungen (BT-128); erwartet ist höchstens eine.",
      level="warning", syntaxes=CII)
def cii_sr_474(view: View):
    return [h for line in view.lines for n in [sum(1 for r in line.object_refs if norm(r.type_code) == "130")] if n > 1
            for h in hit(line.el, line=show(line.id), found=n)] or NOTHING


def _supporting_rule(rule_id: str, field: str, what_en: str, what_de: str):
    @rule(rule_id, "BG-24", f"The supporting documents (BG-24) carry {{found}} {what_en} in total; the CII binding "
          "expects at most one.",
          f"Die rechnungsbegründenden Dokumente (BG-24) enthalten zusammen {{found}} {what_de}; die CII-Bindung "
          "erwartet höchstens eine(n).", level="warning", syntaxes=CII, needs="documents")
    def check(view: View):
        count = sum(len(getattr(d, field)) for d in view.documents
                    if norm(d.type_code) == "916" and d.el.getparent() is view.agreement)
        return hit(view.agreement, found=count) if count > 1 else NOTHING
    return check


_supporting_rule("CII-SR-475", "names", "document descriptions (ram:Name)", "Beschreibungen (ram:Name)")
_supporting_rule("CII-SR-476", "attachments", "attachments (ram:AttachmentBinaryObject)", "Anhänge")


@rule("CII-DT-031", "BT-5", "The amount element {found} carries a currency (@currencyID); in CII only the VAT total "
      "(ram:TaxTotalAmount) states its currency.",
      "Das Betragselement {found} hat eine Währungsangabe (@currencyID); in CII gibt nur der Umsatzsteuer-Gesamtbetrag "
      "(ram:TaxTotalAmount) seine Währung an.", syntaxes=CII)
def cii_dt_031(view: View):
    hits = []
    for el in view.root.iter(etree.Element):
        tag = el.tag
        if tag.endswith("Amount") and tag.startswith(RAM) and tag != RAM + "TaxTotalAmount" and "currencyID" in el.attrib:
            hits += hit(el, found=etree.QName(el).localname)
    return hits or NOTHING
