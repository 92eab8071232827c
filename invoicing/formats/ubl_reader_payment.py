"""UBL payment data → BG-16 PAYMENT INSTRUCTIONS (with BG-17/18/19) and the PaymentMeans due date.

UBL repeats `cac:PaymentMeans`, typically once per bank account, where EN 16931 has one BG-16 with
several credit transfers (BG-17). The reader groups the elements into one `PaymentInstructions`
per distinct (means code BT-81, means text BT-82, remittance information BT-83, card BG-18,
mandate BT-89/BT-91); a PaymentMeans without BT-83 joins equal siblings that state one, collecting their accounts as credit transfers in document order, so a
document with repeated PaymentMeans is written back the same way.

The bank assigned creditor identifier (BT-90) is a SEPA-scheme party identifier of the payee,
else of the seller. It joins the direct debit of the first instructions that carry a mandate,
else of the first with a direct-debit means code (49, 59), else of the first instructions;
without any PaymentMeans it forms instructions of its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from lxml import etree

from invoicing.formats.ubl_names import SEPA_SCHEME
from invoicing.formats.ubl_values import UblValues, group
from invoicing.model import CreditTransfer, DirectDebit, PaymentCard, PaymentInstructions

DIRECT_DEBIT_MEANS = ("49", "59")
"""UNTDID 4461 codes for direct debit (49) and SEPA direct debit (59)."""


@dataclass
class _Means:
    """One `cac:PaymentMeans`, read under a temporary provenance prefix until its group is known."""

    key: tuple
    prefix: str
    transfer: CreditTransfer | None


def read_payment_instructions(v: UblValues, root: etree._Element,
                              parties: list[etree._Element | None]) -> tuple[PaymentInstructions, ...]:
    """BG-16 from every `cac:PaymentMeans`, plus BT-90 from the first of `parties` (payee, seller) that has one."""
    read = [_read_means(v, element, f"_payment_means[{index}]")
            for index, element in enumerate(v.all(root, "cac:PaymentMeans"))]
    _share_remittance(read)
    groups: dict[tuple, list[_Means]] = {}
    for means in read:
        groups.setdefault(means.key, []).append(means)
    instructions: list[dict] = []
    for (code, text, remittance, card, mandate, debited), members in groups.items():
        transfers = tuple(member.transfer for member in members if member.transfer)
        values = {"means_type_code": code, "means_text": text, "remittance_information": remittance,
                  "credit_transfers": transfers, "card": card,
                  "mandate_reference": mandate, "debited_account_identifier": debited, "creditor_identifier": None}
        target = f"payment_instructions[{len(instructions)}]" if any(values.values()) else None
        transfer_index = 0
        for position, member in enumerate(members):
            if member.transfer and target:
                _move(v, f"{member.prefix}.transfer", f"{target}.credit_transfers[{transfer_index}]")
                transfer_index += 1
            _move(v, member.prefix, target if position == 0 else None)
        if target:
            instructions.append(values)
    _attach_creditor(v, parties, instructions)
    return tuple(_instructions(values) for values in instructions)


def _share_remittance(read: list[_Means]) -> None:
    """Give a PaymentMeans without BT-83 the remittance information of its otherwise equal siblings.

    EN 16931 has one BT-83 per invoice; a document that states it on only one of several accounts
    means it for all of them (and CII can only say it once), so they form one group.
    """
    stated: dict[tuple, set] = {}
    for means in read:
        stated.setdefault(_without_remittance(means.key), set()).add(means.key[2])
    for means in read:
        known = stated[_without_remittance(means.key)] - {None}
        if means.key[2] is None and len(known) == 1:
            means.key = means.key[:2] + (next(iter(known)),) + means.key[3:]


def _without_remittance(key: tuple) -> tuple:
    return key[:2] + key[3:]


def read_means_due_date(v: UblValues, root: etree._Element) -> date | None:
    """BT-9 from `cac:PaymentMeans/cbc:PaymentDueDate` (where a UBL 2.1 CreditNote keeps it) when the
    root has no `cbc:DueDate`. Repetitions of the same date are consumed; a different date stays unmapped."""
    chosen = v.peek(root, "cbc:DueDate")
    due = None
    for element in v.all(root, "cac:PaymentMeans"):
        raw = v.peek(element, "cbc:PaymentDueDate")
        if raw is None:
            v.consume(element, "cbc:PaymentDueDate")
        elif chosen is None:
            chosen = raw
            due = v.date(element, "cbc:PaymentDueDate", "due_date", "BT-9")
        elif raw == chosen:
            v.consume(element, "cbc:PaymentDueDate")
    return due


def _read_means(v: UblValues, element: etree._Element, prefix: str) -> _Means:
    card = v.first(element, "cac:CardAccount")
    mandate = v.first(element, "cac:PaymentMandate")
    account = v.first(element, "cac:PayeeFinancialAccount")
    key = (
        v.text(element, "cbc:PaymentMeansCode", f"{prefix}.means_type_code", "BT-81"),
        v.text(element, "cbc:PaymentMeansCode/@name", f"{prefix}.means_text", "BT-82"),
        v.text(element, "cbc:PaymentID", f"{prefix}.remittance_information", "BT-83"),
        group(PaymentCard,
              primary_account_number=v.text(card, "cbc:PrimaryAccountNumberID", f"{prefix}.card.primary_account_number",
                                            "BT-87"),
              holder_name=v.text(card, "cbc:HolderName", f"{prefix}.card.holder_name", "BT-88")),
        v.text(mandate, "cbc:ID", f"{prefix}.direct_debit.mandate_reference", "BT-89"),
        v.text(mandate, "cac:PayerFinancialAccount/cbc:ID", f"{prefix}.direct_debit.debited_account_identifier", "BT-91"),
    )
    transfer = group(
        CreditTransfer,
        account_identifier=v.text(account, "cbc:ID", f"{prefix}.transfer.account_identifier", "BT-84"),
        account_name=v.text(account, "cbc:Name", f"{prefix}.transfer.account_name", "BT-85"),
        service_provider_identifier=v.text(account, "cac:FinancialInstitutionBranch/cbc:ID",
                                           f"{prefix}.transfer.service_provider_identifier", "BT-86"),
    )
    return _Means(key, prefix, transfer)


def _attach_creditor(v: UblValues, parties: list[etree._Element | None], instructions: list[dict]) -> None:
    expression = f"cac:PartyIdentification/cbc:ID[normalize-space(@schemeID)='{SEPA_SCHEME}']"
    element = next((found for party in parties for found in v.find(party, expression)), None)
    if element is None:
        return
    v.source.consume_attribute(element, "schemeID")
    if v.peek(element, ".") is None:
        v.source.consume(element)
        return
    target = next((index for index, values in enumerate(instructions)
                   if values["mandate_reference"] or values["debited_account_identifier"]), None)
    if target is None:
        target = next((index for index, values in enumerate(instructions)
                       if values["means_type_code"] in DIRECT_DEBIT_MEANS), None)
    if target is None:
        target = 0
        if not instructions:
            instructions.append({"means_type_code": None, "means_text": None, "remittance_information": None,
                                 "credit_transfers": (), "card": None, "mandate_reference": None,
                                 "debited_account_identifier": None, "creditor_identifier": None})
    instructions[target]["creditor_identifier"] = v.text(
        element, ".", f"payment_instructions[{target}].direct_debit.creditor_identifier", "BT-90")


def _instructions(values: dict) -> PaymentInstructions:
    return PaymentInstructions(
        means_type_code=values["means_type_code"],
        means_text=values["means_text"],
        remittance_information=values["remittance_information"],
        credit_transfers=values["credit_transfers"],
        card=values["card"],
        direct_debit=group(DirectDebit, mandate_reference=values["mandate_reference"],
                           creditor_identifier=values["creditor_identifier"],
                           debited_account_identifier=values["debited_account_identifier"]),
    )


def _move(v: UblValues, old: str, new: str | None) -> None:
    """Re-key provenance recorded under the temporary prefix `old` to `new` (or drop it when None)."""
    provenance = v.source.provenance
    for key in [key for key in provenance if key == old or key.startswith((old + ".", old + "["))]:
        location = provenance.pop(key)
        if new is not None:
            provenance[new + key[len(old):]] = location
