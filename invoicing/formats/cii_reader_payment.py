"""Reading BG-16 PAYMENT INSTRUCTIONS from CII, where payment data is split between the payment
means (repeatable) and document-wide elements.

* One `PaymentInstructions` per distinct (means code, means text, card, debited account);
  repeated ram:SpecifiedTradeSettlementPaymentMeans of one kind collect their accounts as credit
  transfers (BG-17), in document order.
* BT-83 (ram:PaymentReference) exists once per CII document and is set on every group.
* BT-89 (ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID) and BT-90
  (ram:CreditorReferenceID) exist once too; they go to the direct-debit groups (means code 49/59
  or with a debited account BT-91), else to the first group.
* Without any payment means but with BT-83/89/90, one group holds them, so nothing is lost.
"""

from __future__ import annotations

from invoicing.formats.cii_names import DIRECT_DEBIT_MEANS
from invoicing.formats.cii_values import CiiValues
from invoicing.model import CreditTransfer, DirectDebit, PaymentCard, PaymentInstructions

_MANDATE = "ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID"


def read_payment_instructions(v: CiiValues, settlement) -> tuple[PaymentInstructions, ...]:
    """BG-16 groups, one per kind of payment means (see the module docstring)."""
    means = v.containers(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
    keys: list[tuple] = []
    members: dict[tuple, list] = {}
    for element in means:
        key = tuple(v.raw(element, expression) for expression in _MEANS_KEY)
        if key not in members:
            keys.append(key)
            members[key] = []
        members[key].append(element)
    has_document_terms = any(v.find(context, expression) is not None for context, expression in (
        (settlement, "ram:PaymentReference"), (settlement, "ram:CreditorReferenceID"),
        (settlement, _MANDATE)))
    if not keys and not has_document_terms:
        return ()
    if not keys:
        keys, members = [()], {(): []}
    debit_groups = [index for index, key in enumerate(keys)
                    if key and (key[0] in DIRECT_DEBIT_MEANS or key[4] is not None)] or [0]
    groups = []
    for index, key in enumerate(keys):
        groups.append(_payment_group(v, members[key], f"payment_instructions[{index}]", settlement,
                                     index in debit_groups))
    return tuple(groups)


_ACCOUNT = ("ram:PayeePartyCreditorFinancialAccount/ram:IBANID"
            " | ram:PayeePartyCreditorFinancialAccount/ram:ProprietaryID")
"""BT-84: the IBAN, else the proprietary account id (document order puts IBANID first)."""

_MEANS_KEY = (
    "ram:TypeCode", "ram:Information", "ram:ApplicableTradeSettlementFinancialCard/ram:ID",
    "ram:ApplicableTradeSettlementFinancialCard/ram:CardholderName", "ram:PayerPartyDebtorFinancialAccount/ram:IBANID",
)


def _payment_group(v: CiiValues, elements: list, path: str, settlement, takes_direct_debit: bool):
    first = elements[0] if elements else None
    for repeat in elements[1:]:  # the key elements repeat the first one's values
        for expression in _MEANS_KEY:
            v.source.consume(v.find(repeat, expression))
    transfers: list[CreditTransfer] = []
    for element in elements:
        transfer = v.group(CreditTransfer, element, f"{path}.credit_transfers[{len(transfers)}]", {
            "account_identifier": _ACCOUNT,
            "account_name": "ram:PayeePartyCreditorFinancialAccount/ram:AccountName",
            "service_provider_identifier": "ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID",
        })
        if transfer is not None:
            transfers.append(transfer)
    direct_debit = v.group(DirectDebit, first, f"{path}.direct_debit", {
        "debited_account_identifier": "ram:PayerPartyDebtorFinancialAccount/ram:IBANID"})
    if takes_direct_debit:
        document_wide = v.fields(DirectDebit, settlement, f"{path}.direct_debit", {
            "mandate_reference": _MANDATE, "creditor_identifier": "ram:CreditorReferenceID"})
        if any(document_wide.values()):
            direct_debit = DirectDebit(**{**(direct_debit.model_dump() if direct_debit else {}), **document_wide})
    return PaymentInstructions(
        **v.fields(PaymentInstructions, first, path, {
            "means_type_code": "ram:TypeCode", "means_text": "ram:Information"}),
        **v.fields(PaymentInstructions, settlement, path, {"remittance_information": "ram:PaymentReference"}),
        credit_transfers=tuple(transfers),
        card=v.group(PaymentCard, first, f"{path}.card", {
            "primary_account_number": "ram:ApplicableTradeSettlementFinancialCard/ram:ID",
            "holder_name": "ram:ApplicableTradeSettlementFinancialCard/ram:CardholderName",
        }),
        direct_debit=direct_debit,
    )
