"""XRechnung 3.0.2 national rules on payment: instructions, Skonto, IBANs, and which group fits which means.

Payment means codes (BT-81, UNTDID 4461) name the group that must carry the details:
credit transfer 30 / 58 → BG-17, payment card 48 / 54 / 55 → BG-18, direct debit 59 → BG-19.
"""

from __future__ import annotations

import re
from typing import Iterator

from validators.rules import paths as p
from validators.rules.base import Doc, Hit, Registry, Rule, either, present, shown, text, xpath

RULES = Registry()

RULES.add(Rule(
    "BR-DE-1", "error",
    "The payment instructions (BG-16) are missing; state at least the payment means (BT-81), e.g. 58 for a SEPA "
    "credit transfer with the IBAN.",
    "Die Zahlungsanweisungen (BG-16) fehlen; bitte mindestens die Zahlungsart (BT-81) angeben, z. B. 58 für eine "
    "SEPA-Überweisung mit IBAN.",
    ("BG-16",), ubl=present(p.U_PAYMENT_MEANS), cii=present(p.C_PAYMENT_MEANS)))

# --- Skonto lines in the payment terms (BR-DE-18) ----------------------------------------------

_SKONTO = re.compile(r"#SKONTO#TAGE=[0-9]+#PROZENT=[0-9]+\.[0-9]{2}(?:#BASISBETRAG=-?[0-9]+\.[0-9]{2})?#")


def skonto_problems(terms: str) -> list[str]:
    """The lines of a payment terms text (BT-20) that start with '#' but are no valid, line-ended Skonto entry."""
    problems = []
    lines = terms.split("\n")
    for number, line in enumerate(lines):
        entry = line.strip(" \t\r")
        if not entry.startswith("#"):
            continue
        ended = number < len(lines) - 1
        if not _SKONTO.fullmatch(entry) or not ended:
            problems.append(entry)
    return problems


def _skonto(path):
    def check(doc: Doc) -> Iterator[Hit]:
        for element in doc.all(path):
            problems = skonto_problems("".join(element.itertext()))
            if problems:
                yield element, {"found": shown(problems[0])}
    return check


RULES.add(Rule(
    "BR-DE-18", "error",
    "The Skonto entry {found} in the payment terms (BT-20) is not in the XRechnung format; write each entry on its "
    "own line as '#SKONTO#TAGE=14#PROZENT=2.00#' (optionally '#BASISBETRAG=100.00#' before the end) and end it "
    "with a line break.",
    "Der Skonto-Eintrag {found} in den Zahlungsbedingungen (BT-20) entspricht nicht dem XRechnung-Format; bitte "
    "jeden Eintrag in eine eigene Zeile als '#SKONTO#TAGE=14#PROZENT=2.00#' schreiben (optional "
    "'#BASISBETRAG=100.00#' vor dem Ende) und mit einem Zeilenumbruch abschließen.",
    ("BT-20",), ubl=_skonto(p.U_PAYMENT_TERMS_NOTE), cii=_skonto(p.C_PAYMENT_TERMS_NOTE)))

# --- IBANs (BR-DE-19, BR-DE-20) ------------------------------------------------------------------

_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{11,30}")


def is_iban(value: str) -> bool:
    """True for an IBAN with valid ISO 13616 check digits (mod 97 = 1), written without blanks."""
    if not _IBAN.fullmatch(value):
        return False
    rearranged = value[4:] + value[:4]
    return int("".join(str(int(char, 36)) for char in rearranged)) % 97 == 1


def _iban(means_code: str, code, account):
    def check(doc: Doc) -> Iterator[Hit]:
        for means in doc.all(p.U_PAYMENT_MEANS if doc.syntax == "UBL" else p.C_PAYMENT_MEANS):
            if text(doc.first(code, means)) != means_code:
                continue
            element = doc.first(account, means)
            if not is_iban(text(element)):
                yield either(element, means), {"found": shown(text(element))}
    return check


RULES.add(
    Rule("BR-DE-19", "warning",
         "The payment account identifier (BT-84) of a SEPA credit transfer (code 58) is {found}; it should be a "
         "valid IBAN (capital letters, no blanks, correct check digits).",
         "Die Kontokennung (BT-84) einer SEPA-Überweisung (Code 58) ist {found}; sie soll eine gültige IBAN sein "
         "(Großbuchstaben, ohne Leerzeichen, richtige Prüfziffern).",
         ("BT-84",), ubl=_iban("58", p.U_MEANS_CODE, xpath("cac:PayeeFinancialAccount/cbc:ID")),
         cii=_iban("58", p.C_MEANS_CODE, xpath("ram:PayeePartyCreditorFinancialAccount/ram:IBANID"))),
    Rule("BR-DE-20", "warning",
         "The debited account identifier (BT-91) of a SEPA direct debit (code 59) is {found}; it should be a "
         "valid IBAN (capital letters, no blanks, correct check digits).",
         "Die Kennung des zu belastenden Kontos (BT-91) einer SEPA-Lastschrift (Code 59) ist {found}; sie soll eine "
         "gültige IBAN sein (Großbuchstaben, ohne Leerzeichen, richtige Prüfziffern).",
         ("BT-91",), ubl=_iban("59", p.U_MEANS_CODE, xpath("cac:PaymentMandate/cac:PayerFinancialAccount/cbc:ID")),
         cii=_iban("59", p.C_MEANS_CODE, xpath("ram:PayerPartyDebtorFinancialAccount/ram:IBANID"))),
)

# --- which payment group belongs to which means (BR-DE-23 … BR-DE-25) ---------------------------

CREDIT_TRANSFER, CARD, DIRECT_DEBIT = ("30", "58"), ("48", "54", "55"), ("59",)
_GROUPS = {"BG-17": "credit transfer", "BG-18": "payment card", "BG-19": "direct debit"}
_GROUPS_DE = {"BG-17": "Überweisung", "BG-18": "Zahlungskarte", "BG-19": "Lastschrift"}


def _groups_of(doc: Doc, means) -> dict[str, bool]:
    if doc.syntax == "UBL":
        paths = {"BG-17": p.U_MEANS_CREDIT_TRANSFER, "BG-18": p.U_MEANS_CARD, "BG-19": p.U_MEANS_DIRECT_DEBIT}
    else:
        paths = {"BG-17": p.C_MEANS_CREDIT_TRANSFER, "BG-18": p.C_MEANS_CARD, "BG-19": p.C_MEANS_DIRECT_DEBIT}
    return {group: bool(doc.all(path, means)) for group, path in paths.items()}


def _means_with(doc: Doc, codes: tuple[str, ...]):
    for means in doc.all(p.U_PAYMENT_MEANS if doc.syntax == "UBL" else p.C_PAYMENT_MEANS):
        code = text(doc.first(p.U_MEANS_CODE if doc.syntax == "UBL" else p.C_MEANS_CODE, means))
        if code in codes:
            yield means, code


def _group_required(codes: tuple[str, ...], group: str):
    def check(doc: Doc) -> Iterator[Hit]:
        for means, code in _means_with(doc, codes):
            if not _groups_of(doc, means)[group]:
                yield means, {"code": code}
    return check


def _groups_forbidden(codes: tuple[str, ...], group: str):
    def check(doc: Doc) -> Iterator[Hit]:
        for means, code in _means_with(doc, codes):
            others = [other for other, there in _groups_of(doc, means).items() if there and other != group]
            if others:
                yield means, {"code": code, "groups": ", ".join(f"{g} ({_GROUPS[g]})" for g in others),
                              "groups_de": ", ".join(f"{g} ({_GROUPS_DE[g]})" for g in others)}
    return check


def _pair(suffix: str, codes: tuple[str, ...], group: str, terms: tuple[str, ...]) -> tuple[Rule, Rule]:
    name, name_de, listed = _GROUPS[group], _GROUPS_DE[group], " / ".join(codes)
    return (
        Rule(f"{suffix}-a", "error",
             f"The payment means code (BT-81) is {{code}} ({name}), but the {name} group ({group}) is missing; "
             f"add it or use the payment means code that fits the details given.",
             f"Der Zahlungsartcode (BT-81) ist {{code}} ({name_de}), aber die Gruppe {group} ({name_de}) fehlt; "
             f"bitte sie ergänzen oder den passenden Zahlungsartcode verwenden.",
             terms, ubl=_group_required(codes, group), cii=_group_required(codes, group)),
        Rule(f"{suffix}-b", "error",
             f"The payment means code (BT-81) is {{code}} ({name}, codes {listed}), but the payment instructions "
             f"also contain {{groups}}; give only the {name} details ({group}).",
             f"Der Zahlungsartcode (BT-81) ist {{code}} ({name_de}, Codes {listed}), die Zahlungsanweisungen enthalten "
             f"aber auch {{groups_de}}; bitte nur die Angaben zur {name_de} ({group}) übermitteln.",
             terms, ubl=_groups_forbidden(codes, group), cii=_groups_forbidden(codes, group)),
    )


RULES.add(*_pair("BR-DE-23", CREDIT_TRANSFER, "BG-17", ("BT-81", "BG-17", "BG-18", "BG-19")))
RULES.add(*_pair("BR-DE-24", CARD, "BG-18", ("BT-81", "BG-17", "BG-18", "BG-19")))
RULES.add(*_pair("BR-DE-25", DIRECT_DEBIT, "BG-19", ("BT-81", "BG-17", "BG-18", "BG-19")))

# --- direct debit details (BR-DE-30, BR-DE-31) ---------------------------------------------------

_U_DEBITED_ACCOUNT = xpath("cac:PayerFinancialAccount/cbc:ID")
_C_DEBITED_ACCOUNT = xpath(f"{p.C_SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans"
                           "/ram:PayerPartyDebtorFinancialAccount/ram:IBANID")
_C_DIRECT_DEBIT = xpath(f"{p.C_SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans"
                        "/ram:PayerPartyDebtorFinancialAccount"
                        f" | {p.C_SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID")


def _creditor_id(doc: Doc) -> Iterator[Hit]:
    if doc.syntax == "UBL":
        if any(text(element) for element in doc.all(p.U_CREDITOR_ID)):
            return
        for mandate in doc.all(p.U_MANDATE):
            yield mandate, {}
    elif doc.all(_C_DIRECT_DEBIT) and not any(text(element) for element in doc.all(p.C_CREDITOR_ID)):
        yield doc.first(_C_DIRECT_DEBIT), {}


def _debited_account(doc: Doc) -> Iterator[Hit]:
    if doc.syntax == "UBL":
        for mandate in doc.all(p.U_MANDATE):
            if not text(doc.first(_U_DEBITED_ACCOUNT, mandate)):
                yield mandate, {}
    elif doc.all(_C_DIRECT_DEBIT) and not any(text(element) for element in doc.all(_C_DEBITED_ACCOUNT)):
        yield doc.first(_C_DIRECT_DEBIT), {}


RULES.add(
    Rule("BR-DE-30", "error",
         "The invoice contains direct debit details (BG-19) but no bank assigned creditor identifier (BT-90); add "
         "the seller's SEPA creditor ID.",
         "Die Rechnung enthält Lastschriftangaben (BG-19), aber keine Gläubiger-Identifikationsnummer (BT-90); bitte "
         "die SEPA-Gläubiger-ID des Verkäufers angeben.",
         ("BG-19", "BT-90"), ubl=_creditor_id, cii=_creditor_id),
    Rule("BR-DE-31", "error",
         "The invoice contains direct debit details (BG-19) but no debited account identifier (BT-91); add the "
         "buyer's IBAN to be debited.",
         "Die Rechnung enthält Lastschriftangaben (BG-19), aber keine Kennung des zu belastenden Kontos (BT-91); "
         "bitte die IBAN des Käufers angeben.",
         ("BG-19", "BT-91"), ubl=_debited_account, cii=_debited_account),
)
