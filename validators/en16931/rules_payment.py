"""EN 16931 rules on payment instructions and references: BR-49…BR-52, BR-55, BR-57, BR-61."""

from __future__ import annotations

from validators.en16931.rule import NOTHING, filled, hit, norm, rule, show
from validators.en16931.view import View

CREDIT_TRANSFER = ("30", "58")
"""Payment means codes (UNTDID 4461) that need a payment account: credit transfer, SEPA credit transfer."""


@rule("BR-49", "BT-81",
      "A payment instruction (BG-16) has no payment means type code (BT-81). Please state how to pay, e.g. 58 "
      "for a SEPA credit transfer.",
      "Eine Zahlungsanweisung (BG-16) hat keinen Code für die Zahlungsart (BT-81). Bitte geben Sie an, wie zu "
      "zahlen ist, z. B. 58 für eine SEPA-Überweisung.", needs="payment_means")
def br_49(view: View):
    return [h for means in view.payment_means if not means.codes for h in hit(means.el)] or NOTHING


def _transfer_accounts(view: View):
    """Accounts of payment means whose code is (exactly, as written) 30 or 58."""
    for means in view.payment_means:
        codes = [el.text or "" for el in means.codes]
        if any(code in CREDIT_TRANSFER for code in codes):
            yield means, means.accounts


@rule("BR-50", "BT-84 BG-17",
      "A credit transfer account (BG-17) has no account identifier (BT-84), e.g. an IBAN. Please give it.",
      "Ein Überweisungskonto (BG-17) hat keine Kontokennung (BT-84), z. B. IBAN. Bitte geben Sie sie an.", needs="payment_means")
def br_50(view: View):
    hits = []
    for _, accounts in _transfer_accounts(view):
        for account in accounts:
            if view.ubl:
                ok = filled(account.ids[0] if account.ids else None)
            else:
                ok = filled(account.iban[0] if account.iban else None) or filled(
                    account.proprietary[0] if account.proprietary else None)
            if not ok:
                hits += hit(account.el)
    return hits or NOTHING


@rule("BR-61", "BT-81 BT-84",
      "The payment means code {found} is a credit transfer, but no payment account identifier (BT-84) is given. "
      "Please give the account (IBAN) to pay to.",
      "Der Zahlungsart-Code {found} bedeutet Überweisung, es ist aber keine Kontokennung (BT-84) angegeben. "
      "Bitte geben Sie das Konto (IBAN) an.", needs="payment_means")
def br_61(view: View):
    hits = []
    if view.ubl:
        for means in view.payment_means:
            code = norm(means.code)
            if code in CREDIT_TRANSFER and not any(account.ids for account in means.accounts):
                hits += hit(means.el, found=show(code))
        return hits or NOTHING
    for means, accounts in _transfer_accounts(view):
        for account in accounts:
            if not account.iban and not account.proprietary:
                hits += hit(account.el, found=show(means.code))
    return hits or NOTHING


@rule("BR-51", "BT-87",
      "The payment card number (BT-87) {found} is longer than 10 characters. For card security (PCI DSS) show at most "
      "the first 6 and last 4 digits.",
      "Die Kartennummer (BT-87) {found} ist länger als 10 Zeichen. Aus Sicherheitsgründen (PCI DSS) dürfen höchstens "
      "die ersten 6 und die letzten 4 Ziffern angegeben werden.",
      level="warning", needs="payment_means")
def br_51(view: View):
    return [h for means in view.payment_means for el in means.card_numbers if len(norm(el.text)) > 10
            for h in hit(el, found=show(el.text))] or NOTHING


@rule("BR-52", "BT-122 BG-24",
      "A supporting document (BG-24) has no document reference (BT-122); found {found}. Please give its identifier.",
      "Ein rechnungsbegründendes Dokument (BG-24) hat keine Kennung (BT-122); gefunden: {found}. Bitte geben Sie sie "
      "an.", needs="documents")
def br_52(view: View):
    if view.ubl:
        return [h for d in view.documents if not filled(d.id) for h in hit(d.el, found=show(d.id))] or NOTHING
    return [h for d in view.documents if not d.id for h in hit(d.el, found=show(d.id))] or NOTHING


@rule("BR-55", "BT-25 BG-3",
      "A preceding invoice reference (BG-3) does not give the preceding invoice's number (BT-25). Please give it.",
      "Ein Verweis auf eine vorausgegangene Rechnung (BG-3) nennt deren Nummer (BT-25) nicht. Bitte geben Sie sie an.",
      needs="billing_refs")
def br_55(view: View):
    if view.ubl:
        return [h for r in view.billing_refs if not r.has_id for h in hit(r.el)] or NOTHING
    return [h for r in view.billing_refs if not r.id for h in hit(r.el)] or NOTHING


@rule("BR-57", "BT-80 BG-15",
      "The deliver-to address (BG-15) has no country code (BT-80). Please give the ISO 3166-1 alpha-2 code, e.g. DE.",
      "Die Lieferanschrift (BG-15) hat keinen Ländercode (BT-80). Bitte geben Sie den Code nach ISO 3166-1 alpha-2 "
      "an, z. B. DE.", needs="deliveries")
def br_57(view: View):
    hits = []
    for el, address, country, *_ in view.deliveries:
        if address is None:
            continue
        if (country is None) if view.ubl else not country:
            hits += hit(address)
    return hits or NOTHING
