"""Writing the EN 16931 model as UN/CEFACT CII D16B (`rsm:CrossIndustryInvoice`), UTF-8, pretty-printed.

Elements follow the schema's sequence order (checked against the UN/CEFACT D16B uncoupled schema
the official validator uses, `validators/schemas/cii-d16b`); the guideline id is the model's BT-24, dates use format 102. What the
reader decides when CII and the model are shaped differently, the writer does the other way round
(see `cii_reader`): BT-83, BT-89 and BT-90 are written once for the document, BT-7/BT-8 in every
VAT breakdown, each credit transfer as its own payment means.

Data CII cannot carry is never dropped: `write_cii` raises `NotExpressibleInCii` naming it (e.g.
third-party payments BG-DEX-09, which have no CII binding in XRechnung 3.0).
"""

from __future__ import annotations

import base64
import re

from lxml import etree

from invoicing.formats.cii_build import child, date_time, optional, populated, qualified
from invoicing.formats.cii_names import (
    NAMESPACES,
    OBJECT_IDENTIFIER_TYPE,
    PROJECT_NAME_FILLER,
    SUPPORTING_DOCUMENT_TYPE,
    TENDER_OR_LOT_TYPE,
    VAT,
)
from invoicing.formats.cii_writer_lines import allowance_charge, write_lines
from invoicing.formats.cii_writer_parties import (
    write_buyer,
    write_payee,
    write_seller,
    write_ship_to,
    write_tax_representative,
)
from invoicing.model import Identifier, Invoice, PaymentInstructions, Term

_IBAN = re.compile(r"[A-Z]{2}[0-9]{2}[A-Z0-9]{1,30}")


class NotExpressibleInCii(ValueError):
    """The invoice holds data that CII has no place for; writing it would silently drop that data."""

    def __init__(self, problems: list[str]):
        super().__init__("The invoice cannot be written as CII without losing data: " + "; ".join(problems))
        self.problems = tuple(problems)


def write_cii(invoice: Invoice) -> bytes:
    """The invoice as CII XML bytes; raises `NotExpressibleInCii` instead of dropping data."""
    problems = inexpressible(invoice)
    if problems:
        raise NotExpressibleInCii(problems)
    root = etree.Element(qualified("rsm:CrossIndustryInvoice"), nsmap=NAMESPACES)
    _context(child(root, "rsm:ExchangedDocumentContext"), invoice)
    _document(child(root, "rsm:ExchangedDocument"), invoice)
    transaction = child(root, "rsm:SupplyChainTradeTransaction")
    write_lines(transaction, invoice.lines)
    _agreement(child(transaction, "ram:ApplicableHeaderTradeAgreement"), invoice)
    _delivery(child(transaction, "ram:ApplicableHeaderTradeDelivery"), invoice)
    _settlement(child(transaction, "ram:ApplicableHeaderTradeSettlement"), invoice)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def inexpressible(invoice: Invoice) -> list[str]:
    """What in `invoice` CII cannot carry (empty when `write_cii` will succeed)."""
    problems = []
    if invoice.third_party_payments:
        problems.append("third_party_payments (BG-DEX-09) have no CII binding")
    if len(invoice.preceding_invoices) > 1:
        # the D16B schema has one ram:InvoiceReferencedDocument in the header settlement
        problems.append(f"preceding_invoices (BG-3): CII D16B holds one, the invoice has {len(invoice.preceding_invoices)}")
    for name, values in _document_wide_payment_terms(invoice.payment_instructions).items():
        if len(values) > 1:
            problems.append(f"{name} differs between payment instructions, CII has one per document: {sorted(values)}")
    if (invoice.vat_point_date or invoice.vat_point_date_code) and not invoice.vat_breakdown:
        problems.append("vat_point_date/vat_point_date_code (BT-7/BT-8) need a VAT breakdown to be written in")
    problems.extend(f"{path}.scheme_version: CII has no scheme version for this identifier"
                    for path in _identifiers_with_version(invoice, ""))
    problems.extend(f"{path}: a sub line's parent needs a line identifier (BT-126) for ram:ParentLineID"
                    for path in _orphaned_sub_lines(invoice.lines, "lines"))
    return problems


def _document_wide_payment_terms(instructions: tuple[PaymentInstructions, ...]) -> dict[str, set]:
    debits = [entry.direct_debit for entry in instructions if entry.direct_debit is not None]
    return {
        "remittance_information": {entry.remittance_information for entry in instructions} - {None},
        "mandate_reference": {debit.mandate_reference for debit in debits} - {None},
        "creditor_identifier": {debit.creditor_identifier for debit in debits} - {None},
    }


def _identifiers_with_version(value, path: str):
    if isinstance(value, Identifier):
        if value.scheme_version is not None:
            yield path
    elif isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _identifiers_with_version(item, f"{path}[{index}]")
    elif isinstance(value, Term):
        for name in type(value).model_fields:
            yield from _identifiers_with_version(getattr(value, name), f"{path}.{name}" if path else name)


def _orphaned_sub_lines(lines, path: str):
    for index, line in enumerate(lines):
        if line.sub_lines and line.identifier is None:
            yield f"{path}[{index}].sub_lines"
        yield from _orphaned_sub_lines(line.sub_lines, f"{path}[{index}].sub_lines")


# --- header -------------------------------------------------------------------------------------


def _context(context: etree._Element, invoice: Invoice) -> None:
    control = invoice.process_control
    if control is not None and control.business_process_type is not None:
        process = child(context, "ram:BusinessProcessSpecifiedDocumentContextParameter")
        child(process, "ram:ID", control.business_process_type)
    child(child(context, "ram:GuidelineSpecifiedDocumentContextParameter"), "ram:ID", invoice.specification_identifier)


def _document(document: etree._Element, invoice: Invoice) -> None:
    child(document, "ram:ID", invoice.number)
    child(document, "ram:TypeCode", invoice.type_code)
    date_time(document, "ram:IssueDateTime", invoice.issue_date)
    for note in invoice.notes:
        element = child(document, "ram:IncludedNote")
        optional(element, "ram:Content", note.text)
        optional(element, "ram:SubjectCode", note.subject_code)


def _agreement(agreement: etree._Element, invoice: Invoice) -> None:
    optional(agreement, "ram:BuyerReference", invoice.buyer_reference)
    write_seller(child(agreement, "ram:SellerTradeParty"), invoice.seller)
    write_buyer(child(agreement, "ram:BuyerTradeParty"), invoice.buyer)
    write_tax_representative(agreement, invoice.seller_tax_representative)
    _referenced(agreement, "ram:SellerOrderReferencedDocument", invoice.sales_order_reference)
    _referenced(agreement, "ram:BuyerOrderReferencedDocument", invoice.purchase_order_reference)
    _referenced(agreement, "ram:ContractReferencedDocument", invoice.contract_reference)
    for document in invoice.supporting_documents:
        element = child(agreement, "ram:AdditionalReferencedDocument")
        optional(element, "ram:IssuerAssignedID", document.reference)
        optional(element, "ram:URIID", document.external_location)
        child(element, "ram:TypeCode", SUPPORTING_DOCUMENT_TYPE)
        optional(element, "ram:Name", document.description)
        if document.attachment is not None:
            child(element, "ram:AttachmentBinaryObject", base64.b64encode(document.attachment.content).decode("ascii"),
                  mimeCode=document.attachment.mime_code, filename=document.attachment.filename)
    if invoice.tender_or_lot_reference is not None:
        element = child(agreement, "ram:AdditionalReferencedDocument")
        child(element, "ram:IssuerAssignedID", invoice.tender_or_lot_reference)
        child(element, "ram:TypeCode", TENDER_OR_LOT_TYPE)
    if invoice.invoiced_object_identifier is not None:
        element = child(agreement, "ram:AdditionalReferencedDocument")
        child(element, "ram:IssuerAssignedID", invoice.invoiced_object_identifier.value)
        child(element, "ram:TypeCode", OBJECT_IDENTIFIER_TYPE)
        optional(element, "ram:ReferenceTypeCode", invoice.invoiced_object_identifier.scheme_id)
    if invoice.project_reference is not None:
        project = child(agreement, "ram:SpecifiedProcuringProject")
        child(project, "ram:ID", invoice.project_reference)
        child(project, "ram:Name", PROJECT_NAME_FILLER)


def _referenced(parent: etree._Element, name: str, reference: str | None) -> None:
    if reference is not None:
        child(child(parent, name), "ram:IssuerAssignedID", reference)


def _delivery(delivery: etree._Element, invoice: Invoice) -> None:
    information = invoice.delivery
    write_ship_to(delivery, information)
    if information is not None and information.actual_delivery_date is not None:
        date_time(child(delivery, "ram:ActualDeliverySupplyChainEvent"), "ram:OccurrenceDateTime",
                  information.actual_delivery_date)
    _referenced(delivery, "ram:DespatchAdviceReferencedDocument", invoice.despatch_advice_reference)
    _referenced(delivery, "ram:ReceivingAdviceReferencedDocument", invoice.receiving_advice_reference)


# --- settlement ---------------------------------------------------------------------------------


def _settlement(settlement: etree._Element, invoice: Invoice) -> None:
    terms = _document_wide_payment_terms(invoice.payment_instructions)
    creditor = next(iter(terms["creditor_identifier"]), None)
    remittance = next(iter(terms["remittance_information"]), None)
    mandate = next(iter(terms["mandate_reference"]), None)
    optional(settlement, "ram:CreditorReferenceID", creditor)
    optional(settlement, "ram:PaymentReference", remittance)
    optional(settlement, "ram:TaxCurrencyCode", invoice.vat_accounting_currency_code)
    child(settlement, "ram:InvoiceCurrencyCode", invoice.currency_code)
    write_payee(settlement, invoice.payee)
    for instructions in invoice.payment_instructions:
        _payment_means(settlement, instructions)
    for breakdown in invoice.vat_breakdown:
        tax = child(settlement, "ram:ApplicableTradeTax")
        optional(tax, "ram:CalculatedAmount", breakdown.tax_amount)
        child(tax, "ram:TypeCode", VAT)
        optional(tax, "ram:ExemptionReason", breakdown.exemption_reason)
        optional(tax, "ram:BasisAmount", breakdown.taxable_amount)
        optional(tax, "ram:CategoryCode", breakdown.category_code)
        optional(tax, "ram:ExemptionReasonCode", breakdown.exemption_reason_code)
        date_time(tax, "ram:TaxPointDate", invoice.vat_point_date, string="udt:DateString")
        optional(tax, "ram:DueDateTypeCode", invoice.vat_point_date_code)
        optional(tax, "ram:RateApplicablePercent", breakdown.rate)
    period = invoice.invoicing_period
    if period is not None and period.populated():
        element = child(settlement, "ram:BillingSpecifiedPeriod")
        date_time(element, "ram:StartDateTime", period.start_date)
        date_time(element, "ram:EndDateTime", period.end_date)
    for is_charge, items in ((False, invoice.allowances), (True, invoice.charges)):
        for entry in items:
            allowance_charge(settlement, is_charge, entry, vat=True)
    if populated(invoice.payment_terms, invoice.due_date, mandate):
        element = child(settlement, "ram:SpecifiedTradePaymentTerms")
        optional(element, "ram:Description", invoice.payment_terms)
        date_time(element, "ram:DueDateDateTime", invoice.due_date)
        optional(element, "ram:DirectDebitMandateID", mandate)
    _totals(child(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation"), invoice)
    for preceding in invoice.preceding_invoices:
        element = child(settlement, "ram:InvoiceReferencedDocument")
        optional(element, "ram:IssuerAssignedID", preceding.reference)
        date_time(element, "ram:FormattedIssueDateTime", preceding.issue_date, string="qdt:DateTimeString")
    if invoice.buyer_accounting_reference is not None:
        account = child(settlement, "ram:ReceivableSpecifiedTradeAccountingAccount")
        child(account, "ram:ID", invoice.buyer_accounting_reference)


def _payment_means(settlement: etree._Element, instructions: PaymentInstructions) -> None:
    """One ram:SpecifiedTradeSettlementPaymentMeans per credit transfer (at least one if there is a means)."""
    debited = instructions.direct_debit.debited_account_identifier if instructions.direct_debit else None
    card = instructions.card if instructions.card is not None and instructions.card.populated() else None
    if not populated(instructions.means_type_code, instructions.means_text, card, debited,
                     instructions.credit_transfers):
        return
    for transfer in instructions.credit_transfers or (None,):
        means = child(settlement, "ram:SpecifiedTradeSettlementPaymentMeans")
        optional(means, "ram:TypeCode", instructions.means_type_code)
        optional(means, "ram:Information", instructions.means_text)
        if card is not None:
            element = child(means, "ram:ApplicableTradeSettlementFinancialCard")
            child(element, "ram:ID", card.primary_account_number)
            optional(element, "ram:CardholderName", card.holder_name)
        if debited is not None:
            child(child(means, "ram:PayerPartyDebtorFinancialAccount"), "ram:IBANID", debited)
        if transfer is None:
            continue
        if transfer.account_identifier is not None or transfer.account_name is not None:
            account = child(means, "ram:PayeePartyCreditorFinancialAccount")
            number = transfer.account_identifier
            is_iban = number is not None and _IBAN.fullmatch(re.sub(r"\s", "", number)) is not None
            optional(account, "ram:IBANID", number if is_iban else None)
            optional(account, "ram:AccountName", transfer.account_name)
            optional(account, "ram:ProprietaryID", None if is_iban else number)
        if transfer.service_provider_identifier is not None:
            child(child(means, "ram:PayeeSpecifiedCreditorFinancialInstitution"), "ram:BICID",
                  transfer.service_provider_identifier)


def _totals(summation: etree._Element, invoice: Invoice) -> None:
    totals = invoice.totals
    if totals is None:
        return
    child(summation, "ram:LineTotalAmount", totals.line_net_total)
    optional(summation, "ram:ChargeTotalAmount", totals.charge_total)
    optional(summation, "ram:AllowanceTotalAmount", totals.allowance_total)
    child(summation, "ram:TaxBasisTotalAmount", totals.total_without_vat)
    optional(summation, "ram:TaxTotalAmount", totals.vat_total, currencyID=invoice.currency_code)
    optional(summation, "ram:TaxTotalAmount", totals.vat_total_accounting_currency,
             currencyID=invoice.vat_accounting_currency_code)
    optional(summation, "ram:RoundingAmount", totals.rounding_amount)
    child(summation, "ram:GrandTotalAmount", totals.total_with_vat)
    optional(summation, "ram:TotalPrepaidAmount", totals.paid_amount)
    child(summation, "ram:DuePayableAmount", totals.amount_due)
