"""The invoice as a whole: document-level terms and groups of EN 16931-1, and the root `Invoice`.

`Invoice` models invoices and credit notes alike (BT-3 tells which). It is syntax-neutral:
readers for UBL, CII and PDF hybrids produce it, writers consume it.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from invoicing.model.lines import InvoiceLine
from invoicing.model.parties import Buyer, DeliverToAddress, Payee, Seller, SellerTaxRepresentative
from invoicing.model.payment import PaymentInstructions, ThirdPartyPayment
from invoicing.model.terms import BinaryObject, Identifier, Term, term

CREDIT_NOTE_TYPE_CODES = frozenset({"81", "83", "261", "262", "296", "308", "381", "396", "420", "458", "532"})
"""UNTDID 1001 codes of credit notes (written as UBL CreditNote)."""


class InvoiceNote(Term):
    """BG-1 INVOICE NOTE."""

    subject_code: str | None = term("BT-21", "Invoice note subject code")
    text: str | None = term("BT-22", "Invoice note")


class ProcessControl(Term):
    """BG-2 PROCESS CONTROL."""

    business_process_type: str | None = term("BT-23", "Business process type")
    specification_identifier: str | None = term("BT-24", "Specification identifier")


class PrecedingInvoiceReference(Term):
    """BG-3 PRECEDING INVOICE REFERENCE."""

    reference: str | None = term("BT-25", "Preceding Invoice reference")
    issue_date: date | None = term("BT-26", "Preceding Invoice issue date")


class DeliveryInformation(Term):
    """BG-13 DELIVERY INFORMATION."""

    party_name: str | None = term("BT-70", "Deliver to party name")
    location_identifier: Identifier | None = term("BT-71", "Deliver to location identifier")
    actual_delivery_date: date | None = term("BT-72", "Actual delivery date")
    address: DeliverToAddress | None = term("BG-15", "DELIVER TO ADDRESS")


class InvoicingPeriod(Term):
    """BG-14 INVOICING PERIOD."""

    start_date: date | None = term("BT-73", "Invoicing period start date")
    end_date: date | None = term("BT-74", "Invoicing period end date")


class DocumentAllowance(Term):
    """BG-20 DOCUMENT LEVEL ALLOWANCES."""

    amount: Decimal | None = term("BT-92", "Document level allowance amount")
    base_amount: Decimal | None = term("BT-93", "Document level allowance base amount")
    percentage: Decimal | None = term("BT-94", "Document level allowance percentage")
    vat_category_code: str | None = term("BT-95", "Document level allowance VAT category code")
    vat_rate: Decimal | None = term("BT-96", "Document level allowance VAT rate")
    reason: str | None = term("BT-97", "Document level allowance reason")
    reason_code: str | None = term("BT-98", "Document level allowance reason code")


class DocumentCharge(Term):
    """BG-21 DOCUMENT LEVEL CHARGES."""

    amount: Decimal | None = term("BT-99", "Document level charge amount")
    base_amount: Decimal | None = term("BT-100", "Document level charge base amount")
    percentage: Decimal | None = term("BT-101", "Document level charge percentage")
    vat_category_code: str | None = term("BT-102", "Document level charge VAT category code")
    vat_rate: Decimal | None = term("BT-103", "Document level charge VAT rate")
    reason: str | None = term("BT-104", "Document level charge reason")
    reason_code: str | None = term("BT-105", "Document level charge reason code")


class DocumentTotals(Term):
    """BG-22 DOCUMENT TOTALS."""

    line_net_total: Decimal | None = term("BT-106", "Sum of Invoice line net amount")
    allowance_total: Decimal | None = term("BT-107", "Sum of allowances on document level")
    charge_total: Decimal | None = term("BT-108", "Sum of charges on document level")
    total_without_vat: Decimal | None = term("BT-109", "Invoice total amount without VAT")
    vat_total: Decimal | None = term("BT-110", "Invoice total VAT amount")
    vat_total_accounting_currency: Decimal | None = term("BT-111", "Invoice total VAT amount in accounting currency")
    total_with_vat: Decimal | None = term("BT-112", "Invoice total amount with VAT")
    paid_amount: Decimal | None = term("BT-113", "Paid amount")
    rounding_amount: Decimal | None = term("BT-114", "Rounding amount")
    amount_due: Decimal | None = term("BT-115", "Amount due for payment")


class VatBreakdown(Term):
    """BG-23 VAT BREAKDOWN: one per VAT category and rate."""

    taxable_amount: Decimal | None = term("BT-116", "VAT category taxable amount")
    tax_amount: Decimal | None = term("BT-117", "VAT category tax amount")
    category_code: str | None = term("BT-118", "VAT category code")
    rate: Decimal | None = term("BT-119", "VAT category rate")
    exemption_reason: str | None = term("BT-120", "VAT exemption reason text")
    exemption_reason_code: str | None = term("BT-121", "VAT exemption reason code")


class SupportingDocument(Term):
    """BG-24 ADDITIONAL SUPPORTING DOCUMENTS."""

    reference: str | None = term("BT-122", "Supporting document reference")
    description: str | None = term("BT-123", "Supporting document description")
    external_location: str | None = term("BT-124", "External document location")
    attachment: BinaryObject | None = term("BT-125", "Attached document")


class Invoice(Term):
    """BG-0 INVOICE: an invoice or credit note per EN 16931-1, with the XRechnung 3.0 extension terms."""

    number: str | None = term("BT-1", "Invoice number")
    issue_date: date | None = term("BT-2", "Invoice issue date")
    type_code: str | None = term("BT-3", "Invoice type code")
    currency_code: str | None = term("BT-5", "Invoice currency code")
    vat_accounting_currency_code: str | None = term("BT-6", "VAT accounting currency code")
    vat_point_date: date | None = term("BT-7", "Value added tax point date")
    vat_point_date_code: str | None = term("BT-8", "Value added tax point date code")
    due_date: date | None = term("BT-9", "Payment due date")
    buyer_reference: str | None = term("BT-10", "Buyer reference")
    project_reference: str | None = term("BT-11", "Project reference")
    contract_reference: str | None = term("BT-12", "Contract reference")
    purchase_order_reference: str | None = term("BT-13", "Purchase order reference")
    sales_order_reference: str | None = term("BT-14", "Sales order reference")
    receiving_advice_reference: str | None = term("BT-15", "Receiving advice reference")
    despatch_advice_reference: str | None = term("BT-16", "Despatch advice reference")
    tender_or_lot_reference: str | None = term("BT-17", "Tender or lot reference")
    invoiced_object_identifier: Identifier | None = term("BT-18", "Invoiced object identifier")
    buyer_accounting_reference: str | None = term("BT-19", "Buyer accounting reference")
    payment_terms: str | None = term("BT-20", "Payment terms")
    notes: tuple[InvoiceNote, ...] = term("BG-1", "INVOICE NOTE", ())
    process_control: ProcessControl | None = term("BG-2", "PROCESS CONTROL")
    preceding_invoices: tuple[PrecedingInvoiceReference, ...] = term("BG-3", "PRECEDING INVOICE REFERENCE", ())
    seller: Seller | None = term("BG-4", "SELLER")
    buyer: Buyer | None = term("BG-7", "BUYER")
    payee: Payee | None = term("BG-10", "PAYEE")
    seller_tax_representative: SellerTaxRepresentative | None = term("BG-11", "SELLER TAX REPRESENTATIVE PARTY")
    delivery: DeliveryInformation | None = term("BG-13", "DELIVERY INFORMATION")
    invoicing_period: InvoicingPeriod | None = term("BG-14", "INVOICING PERIOD")
    payment_instructions: tuple[PaymentInstructions, ...] = term("BG-16", "PAYMENT INSTRUCTIONS", ())
    allowances: tuple[DocumentAllowance, ...] = term("BG-20", "DOCUMENT LEVEL ALLOWANCES", ())
    charges: tuple[DocumentCharge, ...] = term("BG-21", "DOCUMENT LEVEL CHARGES", ())
    totals: DocumentTotals | None = term("BG-22", "DOCUMENT TOTALS")
    vat_breakdown: tuple[VatBreakdown, ...] = term("BG-23", "VAT BREAKDOWN", ())
    supporting_documents: tuple[SupportingDocument, ...] = term("BG-24", "ADDITIONAL SUPPORTING DOCUMENTS", ())
    lines: tuple[InvoiceLine, ...] = term("BG-25", "INVOICE LINE", ())
    third_party_payments: tuple[ThirdPartyPayment, ...] = term("BG-DEX-09", "THIRD PARTY PAYMENT", ())

    @property
    def is_credit_note(self) -> bool:
        """True when BT-3 is a credit-note type code (UNTDID 1001)."""
        return self.type_code in CREDIT_NOTE_TYPE_CODES

    @property
    def specification_identifier(self) -> str | None:
        """BT-24, the CustomizationID / guideline that selects the validation scenario."""
        return self.process_control.specification_identifier if self.process_control else None
