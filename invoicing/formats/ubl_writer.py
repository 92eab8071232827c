"""The EN 16931 model → UBL 2.1 Invoice or CreditNote (UTF-8, pretty-printed, XSD-valid for valid data).

`write_ubl` is the inverse of `read_ubl`: reading its output gives an equal `Invoice`. It writes a
CreditNote when BT-3 is a credit-note type code. UBL 2.1 CreditNote has no DueDate (BT-9 goes into
each PaymentMeans), no ProjectReference (BT-11 becomes an AdditionalDocumentReference of type 50)
and no PrepaidPayment: a credit note with BG-DEX-09 third-party payments cannot be written.
"""

from __future__ import annotations

import base64

from lxml import etree

from invoicing.formats.ubl_builder import UblBuilder
from invoicing.formats.ubl_names import (
    CAC,
    CARD_NETWORK_UNKNOWN,
    CBC,
    CREDIT_NOTE,
    INVOICE,
    OBJECT_IDENTIFIER_TYPE,
    PROJECT_REFERENCE_TYPE,
    UblKind,
)
from invoicing.formats.ubl_writer_lines import write_allowance_charge, write_lines
from invoicing.formats.ubl_writer_parties import (
    write_address,
    write_buyer,
    write_payee,
    write_seller,
    write_tax_representative,
)
from invoicing.model import CreditTransfer, Invoice, PaymentInstructions

_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


class NotRepresentableInUbl(ValueError):
    """The invoice holds data that the chosen UBL document type has no element for."""


def write_ubl(invoice: Invoice) -> bytes:
    """The invoice as UBL 2.1 XML bytes with an XML declaration."""
    kind = CREDIT_NOTE if invoice.is_credit_note else INVOICE
    if kind.is_credit_note and invoice.third_party_payments:
        raise NotRepresentableInUbl("A UBL 2.1 CreditNote has no cac:PrepaidPayment for BG-DEX-09 third party payments.")
    root = etree.Element(f"{{{kind.namespace}}}{kind.root}", nsmap={None: kind.namespace, "cac": CAC, "cbc": CBC})
    b = UblBuilder(invoice.currency_code)
    _header(b, root, invoice, kind)
    _references(b, root, invoice, kind)
    creditor = next((instructions.direct_debit.creditor_identifier for instructions in invoice.payment_instructions
                     if instructions.direct_debit and instructions.direct_debit.creditor_identifier), None)
    write_seller(b, root, invoice.seller, None if invoice.payee else creditor)
    write_buyer(b, root, invoice.buyer)
    write_payee(b, root, invoice.payee, creditor)
    write_tax_representative(b, root, invoice.seller_tax_representative)
    _delivery(b, root, invoice)
    _payment(b, root, invoice, kind)
    for allowance in invoice.allowances:
        write_allowance_charge(b, root, False, allowance, allowance.vat_category_code, allowance.vat_rate, with_vat=True)
    for charge in invoice.charges:
        write_allowance_charge(b, root, True, charge, charge.vat_category_code, charge.vat_rate, with_vat=True)
    _totals(b, root, invoice)
    write_lines(b, root, invoice.lines, kind, kind.line)
    root[:] = sorted(root, key=lambda child: kind.order.index(etree.QName(child).localname))
    return _DECLARATION + etree.tostring(root, encoding="UTF-8", pretty_print=True)


def _header(b: UblBuilder, root: etree._Element, invoice: Invoice, kind: UblKind) -> None:
    control = invoice.process_control
    b.opt(root, "cbc:CustomizationID", control.specification_identifier if control else None)
    b.opt(root, "cbc:ProfileID", control.business_process_type if control else None)
    b.add(root, "cbc:ID", invoice.number)
    b.add(root, "cbc:IssueDate", invoice.issue_date)
    if not kind.is_credit_note:
        b.opt(root, "cbc:DueDate", invoice.due_date)
    b.opt(root, f"cbc:{kind.type_code}", invoice.type_code)
    for note in invoice.notes:
        text = f"#{note.subject_code}#{note.text or ''}" if note.subject_code else note.text
        b.opt(root, "cbc:Note", text)
    b.opt(root, "cbc:TaxPointDate", invoice.vat_point_date)
    b.opt(root, "cbc:DocumentCurrencyCode", invoice.currency_code)
    b.opt(root, "cbc:TaxCurrencyCode", invoice.vat_accounting_currency_code)
    b.opt(root, "cbc:AccountingCost", invoice.buyer_accounting_reference)
    b.opt(root, "cbc:BuyerReference", invoice.buyer_reference)
    period = invoice.invoicing_period
    if period is not None or invoice.vat_point_date_code is not None:
        element = b.add(root, "cac:InvoicePeriod")
        b.opt(element, "cbc:StartDate", period.start_date if period else None)
        b.opt(element, "cbc:EndDate", period.end_date if period else None)
        b.opt(element, "cbc:DescriptionCode", invoice.vat_point_date_code)


def _references(b: UblBuilder, root: etree._Element, invoice: Invoice, kind: UblKind) -> None:
    if invoice.purchase_order_reference is not None or invoice.sales_order_reference is not None:
        order = b.add(root, "cac:OrderReference")
        b.add(order, "cbc:ID", invoice.purchase_order_reference)
        b.opt(order, "cbc:SalesOrderID", invoice.sales_order_reference)
    for preceding in invoice.preceding_invoices:
        reference = b.add(b.add(root, "cac:BillingReference"), "cac:InvoiceDocumentReference")
        b.add(reference, "cbc:ID", preceding.reference)
        b.opt(reference, "cbc:IssueDate", preceding.issue_date)
    b.path(root, "cac:DespatchDocumentReference/cbc:ID", invoice.despatch_advice_reference)
    b.path(root, "cac:ReceiptDocumentReference/cbc:ID", invoice.receiving_advice_reference)
    b.path(root, "cac:OriginatorDocumentReference/cbc:ID", invoice.tender_or_lot_reference)
    b.path(root, "cac:ContractDocumentReference/cbc:ID", invoice.contract_reference)
    if invoice.invoiced_object_identifier is not None:
        reference = b.add(root, "cac:AdditionalDocumentReference")
        b.identifier(reference, "cbc:ID", invoice.invoiced_object_identifier)
        b.add(reference, "cbc:DocumentTypeCode", OBJECT_IDENTIFIER_TYPE)
    if kind.is_credit_note and invoice.project_reference is not None:
        reference = b.add(root, "cac:AdditionalDocumentReference")
        b.add(reference, "cbc:ID", invoice.project_reference)
        b.add(reference, "cbc:DocumentTypeCode", PROJECT_REFERENCE_TYPE)
    for document in invoice.supporting_documents:
        reference = b.add(root, "cac:AdditionalDocumentReference")
        b.add(reference, "cbc:ID", document.reference)
        b.opt(reference, "cbc:DocumentDescription", document.description)
        if document.attachment is not None or document.external_location is not None:
            attachment = b.add(reference, "cac:Attachment")
            if document.attachment is not None:
                b.add(attachment, "cbc:EmbeddedDocumentBinaryObject",
                      base64.b64encode(document.attachment.content).decode("ascii"),
                      mimeCode=document.attachment.mime_code, filename=document.attachment.filename or None)
            b.path(attachment, "cac:ExternalReference/cbc:URI", document.external_location)
    if not kind.is_credit_note:
        b.path(root, "cac:ProjectReference/cbc:ID", invoice.project_reference)


def _delivery(b: UblBuilder, root: etree._Element, invoice: Invoice) -> None:
    delivery = invoice.delivery
    if delivery is None:
        return
    element = b.add(root, "cac:Delivery")
    b.opt(element, "cbc:ActualDeliveryDate", delivery.actual_delivery_date)
    if delivery.location_identifier is not None or delivery.address is not None:
        location = b.add(element, "cac:DeliveryLocation")
        b.identifier(location, "cbc:ID", delivery.location_identifier)
        write_address(b, location, "cac:Address", delivery.address)
    if delivery.party_name is not None:
        b.path(b.add(element, "cac:DeliveryParty"), "cac:PartyName/cbc:Name", delivery.party_name)


def _payment(b: UblBuilder, root: etree._Element, invoice: Invoice, kind: UblKind) -> None:
    """One `cac:PaymentMeans` per credit transfer (at least one per BG-16), then terms and prepaid payments."""
    due_date = invoice.due_date if kind.is_credit_note else None
    written = False
    for instructions in invoice.payment_instructions:
        if _only_creditor(instructions):
            continue  # BT-90 alone lives in the party identification
        for transfer in instructions.credit_transfers or (None,):
            _payment_means(b, root, instructions, transfer, due_date)
            written = True
    if due_date is not None and not written:
        means = b.add(root, "cac:PaymentMeans")
        b.add(means, "cbc:PaymentMeansCode")
        b.add(means, "cbc:PaymentDueDate", due_date)
    b.path(root, "cac:PaymentTerms/cbc:Note", invoice.payment_terms)
    for payment in invoice.third_party_payments:
        element = b.add(root, "cac:PrepaidPayment")
        b.opt(element, "cbc:ID", payment.type)
        b.amount(element, "cbc:PaidAmount", payment.amount)
        b.opt(element, "cbc:InstructionID", payment.description)


def _only_creditor(instructions: PaymentInstructions) -> bool:
    debit = instructions.direct_debit
    return (debit is not None and debit.mandate_reference is None and debit.debited_account_identifier is None
            and not instructions.model_copy(update={"direct_debit": None}).populated())


def _payment_means(b: UblBuilder, root: etree._Element, instructions: PaymentInstructions,
                   transfer: CreditTransfer | None, due_date) -> None:
    means = b.add(root, "cac:PaymentMeans")
    b.add(means, "cbc:PaymentMeansCode", instructions.means_type_code, name=instructions.means_text)
    b.opt(means, "cbc:PaymentDueDate", due_date)
    b.opt(means, "cbc:PaymentID", instructions.remittance_information)
    card = instructions.card
    if card is not None:
        account = b.add(means, "cac:CardAccount")
        b.add(account, "cbc:PrimaryAccountNumberID", card.primary_account_number)
        b.add(account, "cbc:NetworkID", CARD_NETWORK_UNKNOWN)
        b.opt(account, "cbc:HolderName", card.holder_name)
    if transfer is not None:
        account = b.add(means, "cac:PayeeFinancialAccount")
        b.opt(account, "cbc:ID", transfer.account_identifier)
        b.opt(account, "cbc:Name", transfer.account_name)
        b.path(account, "cac:FinancialInstitutionBranch/cbc:ID", transfer.service_provider_identifier)
    debit = instructions.direct_debit
    if debit is not None and (debit.mandate_reference is not None or debit.debited_account_identifier is not None):
        mandate = b.add(means, "cac:PaymentMandate")
        b.opt(mandate, "cbc:ID", debit.mandate_reference)
        b.path(mandate, "cac:PayerFinancialAccount/cbc:ID", debit.debited_account_identifier)


def _totals(b: UblBuilder, root: etree._Element, invoice: Invoice) -> None:
    totals = invoice.totals
    vat_total = totals.vat_total if totals else None
    if vat_total is not None or invoice.vat_breakdown:
        tax_total = b.add(root, "cac:TaxTotal")
        b.amount(tax_total, "cbc:TaxAmount", vat_total, required=True)
        for breakdown in invoice.vat_breakdown:
            subtotal = b.add(tax_total, "cac:TaxSubtotal")
            b.amount(subtotal, "cbc:TaxableAmount", breakdown.taxable_amount)
            b.amount(subtotal, "cbc:TaxAmount", breakdown.tax_amount, required=True)
            category = b.add(subtotal, "cac:TaxCategory")
            b.opt(category, "cbc:ID", breakdown.category_code)
            b.opt(category, "cbc:Percent", breakdown.rate)
            b.opt(category, "cbc:TaxExemptionReasonCode", breakdown.exemption_reason_code)
            b.opt(category, "cbc:TaxExemptionReason", breakdown.exemption_reason)
            b.vat_scheme(category)
    if totals is not None and totals.vat_total_accounting_currency is not None:
        b.amount(b.add(root, "cac:TaxTotal"), "cbc:TaxAmount", totals.vat_total_accounting_currency,
                 currency=invoice.vat_accounting_currency_code)
    monetary = b.add(root, "cac:LegalMonetaryTotal")
    if totals is None:
        b.amount(monetary, "cbc:PayableAmount", None, required=True)
        return
    b.amount(monetary, "cbc:LineExtensionAmount", totals.line_net_total)
    b.amount(monetary, "cbc:TaxExclusiveAmount", totals.total_without_vat)
    b.amount(monetary, "cbc:TaxInclusiveAmount", totals.total_with_vat)
    b.amount(monetary, "cbc:AllowanceTotalAmount", totals.allowance_total)
    b.amount(monetary, "cbc:ChargeTotalAmount", totals.charge_total)
    b.amount(monetary, "cbc:PrepaidAmount", totals.paid_amount)
    b.amount(monetary, "cbc:PayableRoundingAmount", totals.rounding_amount)
    b.amount(monetary, "cbc:PayableAmount", totals.amount_due, required=True)
