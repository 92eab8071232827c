"""How the invoice is to be paid: BG-16 PAYMENT INSTRUCTIONS with BG-17, BG-18 and BG-19,
and the XRechnung extension's third-party payments (BG-DEX-09)."""

from __future__ import annotations

from decimal import Decimal

from invoicing.model.terms import Term, term


class CreditTransfer(Term):
    """BG-17 CREDIT TRANSFER: an account the buyer may pay into."""

    account_identifier: str | None = term("BT-84", "Payment account identifier")
    account_name: str | None = term("BT-85", "Payment account name")
    service_provider_identifier: str | None = term("BT-86", "Payment service provider identifier")


class PaymentCard(Term):
    """BG-18 PAYMENT CARD INFORMATION."""

    primary_account_number: str | None = term("BT-87", "Payment card primary account number")
    holder_name: str | None = term("BT-88", "Payment card holder name")


class DirectDebit(Term):
    """BG-19 DIRECT DEBIT."""

    mandate_reference: str | None = term("BT-89", "Mandate reference identifier")
    creditor_identifier: str | None = term("BT-90", "Bank assigned creditor identifier")
    debited_account_identifier: str | None = term("BT-91", "Debited account identifier")


class PaymentInstructions(Term):
    """BG-16 PAYMENT INSTRUCTIONS.

    EN 16931 allows one BG-16 with several credit transfers; a document that repeats the payment
    means element (as UBL and CII do, one per account) is read into one instance per distinct
    means code, so nothing is dropped.
    """

    means_type_code: str | None = term("BT-81", "Payment means type code")
    means_text: str | None = term("BT-82", "Payment means text")
    remittance_information: str | None = term("BT-83", "Remittance information")
    credit_transfers: tuple[CreditTransfer, ...] = term("BG-17", "CREDIT TRANSFER", ())
    card: PaymentCard | None = term("BG-18", "PAYMENT CARD INFORMATION")
    direct_debit: DirectDebit | None = term("BG-19", "DIRECT DEBIT")


class ThirdPartyPayment(Term):
    """BG-DEX-09 THIRD PARTY PAYMENT (XRechnung extension): an amount already paid through a third party."""

    type: str | None = term("BT-DEX-001", "Third party payment type")
    amount: Decimal | None = term("BT-DEX-002", "Third party payment amount")
    description: str | None = term("BT-DEX-003", "Third party payment description")
