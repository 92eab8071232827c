"""Reading UN/CEFACT CII D16B (`rsm:CrossIndustryInvoice`) into the EN 16931 model.

One reader serves XRechnung CII and every ZUGFeRD 2.x / Factur-X profile (MINIMUM … EXTENDED):
the profiles are subsets of the same syntax. The mapping follows the EN 16931-3-3 CII binding;
every value goes through `XmlSource` (via `CiiValues`), so each populated term has provenance
and `source.unmapped()` lists what EN 16931 has no place for (see `cii_names.explain_unmapped`).

Decisions where CII and the model are shaped differently:
* BT-7/BT-8 sit in every header ram:ApplicableTradeTax; the first occurrence is read and equal
  repeats are consumed (a differing repeat stays unmapped).
* BG-16: see `cii_reader_payment`.
* BT-110/BT-111: ram:TaxTotalAmount whose currencyID is the VAT accounting currency (BT-6) and
  differs from BT-5 (or the second one when both are equal) is BT-111.
* BG-DEX-09 (third-party payments) has no CII binding in XRechnung 3.0 (its rules BR-DEX-10…13
  are UBL-only; ram:SpecifiedAdvancePayment of EXTENDED is an advance payment, a different
  concept) and is never read from CII.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from lxml import etree

from invoicing.formats.cii_names import (
    NAMESPACES,
    OBJECT_IDENTIFIER_TYPE,
    PROJECT_NAME_FILLER,
    RSM,
    SUPPORTING_DOCUMENT_TYPE,
    TENDER_OR_LOT_TYPE,
    VAT,
)
from invoicing.formats.cii_reader_lines import read_lines
from invoicing.formats.cii_reader_parties import (
    read_buyer,
    read_delivery,
    read_payee,
    read_seller,
    read_tax_representative,
)
from invoicing.formats.cii_reader_payment import read_payment_instructions
from invoicing.formats.cii_values import CiiValues
from invoicing.formats.errors import NotAnInvoice
from invoicing.formats.source import XmlSource
from invoicing.model import (
    BinaryObject,
    DocumentAllowance,
    DocumentCharge,
    DocumentTotals,
    Invoice,
    InvoiceNote,
    InvoicingPeriod,
    PrecedingInvoiceReference,
    ProcessControl,
    SupportingDocument,
    VatBreakdown,
)
from invoicing.model.terms import term_of

_TERMS = "ram:SpecifiedTradePaymentTerms"
_ALLOWANCE_CHARGE = {
    "amount": "ram:ActualAmount", "base_amount": "ram:BasisAmount", "percentage": "ram:CalculationPercent",
    "reason": "ram:Reason", "reason_code": "ram:ReasonCode",
}


def read_cii(tree: etree._ElementTree) -> tuple[Invoice, XmlSource]:
    """Read a CII invoice into the model; the `XmlSource` carries provenance and `unmapped()`.

    Raises `NotAnInvoice` if the root is not rsm:CrossIndustryInvoice, and `ReadError` with code
    "bad-value" for a number, date or indicator that does not parse.
    """
    root = tree.getroot()
    if root.tag != f"{{{RSM}}}CrossIndustryInvoice":
        raise NotAnInvoice(f"The XML root element is {root.tag!s}, not a CII rsm:CrossIndustryInvoice.")
    source = XmlSource(tree, dict(NAMESPACES))
    v = CiiValues(source)
    context = v.container(root, "rsm:ExchangedDocumentContext")
    document = v.container(root, "rsm:ExchangedDocument")
    transaction = v.container(root, "rsm:SupplyChainTradeTransaction")
    agreement = v.container(transaction, "ram:ApplicableHeaderTradeAgreement")
    delivery = v.container(transaction, "ram:ApplicableHeaderTradeDelivery")
    settlement = v.container(transaction, "ram:ApplicableHeaderTradeSettlement")

    header = v.fields(Invoice, settlement, "", {
        "currency_code": "ram:InvoiceCurrencyCode", "vat_accounting_currency_code": "ram:TaxCurrencyCode",
        "buyer_accounting_reference": "ram:ReceivableSpecifiedTradeAccountingAccount/ram:ID",
    })
    v.currency = header["currency_code"]
    header.update(v.fields(Invoice, document, "", {
        "number": "ram:ID", "type_code": "ram:TypeCode", "issue_date": "ram:IssueDateTime/udt:DateTimeString",
    }))
    header.update(v.fields(Invoice, agreement, "", {
        "buyer_reference": "ram:BuyerReference",
        "project_reference": "ram:SpecifiedProcuringProject/ram:ID",
        "contract_reference": "ram:ContractReferencedDocument/ram:IssuerAssignedID",
        "purchase_order_reference": "ram:BuyerOrderReferencedDocument/ram:IssuerAssignedID",
        "sales_order_reference": "ram:SellerOrderReferencedDocument/ram:IssuerAssignedID",
    }))
    v.consume_if(agreement, "ram:SpecifiedProcuringProject/ram:Name", PROJECT_NAME_FILLER)
    header.update(v.fields(Invoice, delivery, "", {
        "receiving_advice_reference": "ram:ReceivingAdviceReferencedDocument/ram:IssuerAssignedID",
        "despatch_advice_reference": "ram:DespatchAdviceReferencedDocument/ram:IssuerAssignedID",
    }))
    header.update(v.fields(Invoice, settlement, "", {  # the first of each, should terms be split over elements
        "due_date": f"{_TERMS}/ram:DueDateDateTime/udt:DateTimeString",
    }))
    # verbatim: the Skonto lines of BT-20 must keep their line breaks (BR-DE-18)
    header["payment_terms"] = v.source.text(settlement, f"{_TERMS}/ram:Description", "payment_terms", "BT-20",
                                            verbatim=True)
    header.update(_tax_point(v, settlement))
    header.update(_additional_references(v, agreement))

    invoice = Invoice(
        **header,
        notes=_notes(v, document),
        process_control=v.group(ProcessControl, context, "process_control", {
            "business_process_type": "ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID",
            "specification_identifier": "ram:GuidelineSpecifiedDocumentContextParameter/ram:ID",
        }),
        preceding_invoices=_preceding_invoices(v, settlement),
        seller=read_seller(v, v.container(agreement, "ram:SellerTradeParty")),
        buyer=read_buyer(v, v.container(agreement, "ram:BuyerTradeParty")),
        payee=read_payee(v, v.container(settlement, "ram:PayeeTradeParty")),
        seller_tax_representative=read_tax_representative(
            v, v.container(agreement, "ram:SellerTaxRepresentativeTradeParty")),
        delivery=read_delivery(v, delivery),
        invoicing_period=v.group(InvoicingPeriod, settlement, "invoicing_period", {
            "start_date": "ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString",
            "end_date": "ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString",
        }),
        payment_instructions=read_payment_instructions(v, settlement),
        **_allowances_and_charges(v, settlement),
        totals=_totals(v, settlement, header["currency_code"], header["vat_accounting_currency_code"]),
        vat_breakdown=_vat_breakdown(v, settlement),
        supporting_documents=_supporting_documents(v, agreement),
        lines=read_lines(v, transaction),
    )
    return invoice, source


def _notes(v: CiiValues, document) -> tuple[InvoiceNote, ...]:
    notes: list[InvoiceNote] = []
    for element in v.containers(document, "ram:IncludedNote"):
        note = v.group(InvoiceNote, element, f"notes[{len(notes)}]",
                       {"subject_code": "ram:SubjectCode", "text": "ram:Content"})
        if note is not None:
            notes.append(note)
    return tuple(notes)


def _preceding_invoices(v: CiiValues, settlement) -> tuple[PrecedingInvoiceReference, ...]:
    references: list[PrecedingInvoiceReference] = []
    for element in v.containers(settlement, "ram:InvoiceReferencedDocument"):
        reference = v.group(PrecedingInvoiceReference, element, f"preceding_invoices[{len(references)}]", {
            "reference": "ram:IssuerAssignedID", "issue_date": "ram:FormattedIssueDateTime/qdt:DateTimeString"})
        if reference is not None:
            references.append(reference)
    return tuple(references)


def _tax_point(v: CiiValues, settlement) -> dict:
    """BT-7 and BT-8 from the first header tax that has them; equal repeats are consumed."""
    values = {"vat_point_date": None, "vat_point_date_code": None}
    expressions = {"vat_point_date": "ram:TaxPointDate/udt:DateString", "vat_point_date_code": "ram:DueDateTypeCode"}
    for tax in v.containers(settlement, "ram:ApplicableTradeTax"):
        for name, expression in expressions.items():
            if values[name] is None:
                values.update(v.fields(Invoice, tax, "", {name: expression}))
            elif (element := v.find(tax, expression)) is not None:
                if v.raw(tax, expression) == _written(values[name]):
                    v.source.consume(element)
                    v.source.consume_attribute(element, "format")
    return values


def _written(value) -> str:
    return value.strftime("%Y%m%d") if isinstance(value, date) else str(value)


def _additional_references(v: CiiValues, agreement) -> dict:
    """BT-17 and BT-18 from ram:AdditionalReferencedDocument with TypeCode 50 and 130 (first of each)."""
    values: dict[str, Any] = {"tender_or_lot_reference": None, "invoiced_object_identifier": None}
    for element in v.containers(agreement, "ram:AdditionalReferencedDocument"):
        type_code = v.raw(element, "ram:TypeCode")
        if type_code == TENDER_OR_LOT_TYPE and values["tender_or_lot_reference"] is None:
            values.update(v.fields(Invoice, element, "", {"tender_or_lot_reference": "ram:IssuerAssignedID"}))
        elif type_code == OBJECT_IDENTIFIER_TYPE and values["invoiced_object_identifier"] is None:
            values["invoiced_object_identifier"] = v.identifier(
                v.find(element, "ram:IssuerAssignedID"), "invoiced_object_identifier",
                term_of(Invoice, "invoiced_object_identifier"), scheme="../ram:ReferenceTypeCode")
        else:
            continue
        v.consume_if(element, "ram:TypeCode", type_code)
    return values


def _supporting_documents(v: CiiValues, agreement) -> tuple[SupportingDocument, ...]:
    documents: list[SupportingDocument] = []
    for element in v.containers(agreement, "ram:AdditionalReferencedDocument"):
        if v.raw(element, "ram:TypeCode") != SUPPORTING_DOCUMENT_TYPE:
            continue
        v.consume_if(element, "ram:TypeCode", SUPPORTING_DOCUMENT_TYPE)
        prefix = f"supporting_documents[{len(documents)}]"
        document = v.group(SupportingDocument, element, prefix, {
            "reference": "ram:IssuerAssignedID", "description": "ram:Name", "external_location": "ram:URIID",
        }, attachment=_attachment(v, element, f"{prefix}.attachment"))
        if document is not None:
            documents.append(document)
    return tuple(documents)


def _attachment(v: CiiValues, document, path: str) -> BinaryObject | None:
    content = v.binary(document, "ram:AttachmentBinaryObject", f"{path}.content", term_of(BinaryObject, "content"))
    if content is None:
        return None
    element = v.find(document, "ram:AttachmentBinaryObject")
    mime_code = v.text(element, "@mimeCode", f"{path}.mime_code", term_of(BinaryObject, "mime_code"))
    filename = v.text(element, "@filename", f"{path}.filename", term_of(BinaryObject, "filename"))
    return BinaryObject(content=content, mime_code=mime_code or "", filename=filename or "")


# --- settlement ---------------------------------------------------------------------------------


def _allowances_and_charges(v: CiiValues, settlement) -> dict:
    allowances: list[DocumentAllowance] = []
    charges: list[DocumentCharge] = []
    for element in v.containers(settlement, "ram:SpecifiedTradeAllowanceCharge"):
        is_charge = v.indicator(element, "ram:ChargeIndicator/udt:Indicator")
        if is_charge is None:
            continue
        found, cls, name = ((charges, DocumentCharge, "charges") if is_charge
                            else (allowances, DocumentAllowance, "allowances"))
        v.consume_if(element, "ram:CategoryTradeTax/ram:TypeCode", VAT)
        item = v.group(cls, element, f"{name}[{len(found)}]", {
            **_ALLOWANCE_CHARGE,
            "vat_category_code": "ram:CategoryTradeTax/ram:CategoryCode",
            "vat_rate": "ram:CategoryTradeTax/ram:RateApplicablePercent",
        })
        if item is not None:
            found.append(item)
    return {"allowances": tuple(allowances), "charges": tuple(charges)}


def _totals(v: CiiValues, settlement, currency: str | None, accounting_currency: str | None) -> DocumentTotals | None:
    summation = v.container(settlement, "ram:SpecifiedTradeSettlementHeaderMonetarySummation")
    if summation is None:
        return None
    vat = {}
    for element in v.find_all(summation, "ram:TaxTotalAmount"):
        unit = element.get("currencyID")
        is_accounting = "vat_total" in vat or (unit is not None and unit == accounting_currency and unit != currency)
        name = "vat_total_accounting_currency" if is_accounting else "vat_total"
        if name in vat:
            continue
        vat[name] = v.decimal(element, ".", f"totals.{name}", term_of(DocumentTotals, name))
        if unit in (currency, accounting_currency):  # understood: it is what told BT-110 and BT-111 apart
            v.source.consume_attribute(element, "currencyID")
    return v.group(DocumentTotals, summation, "totals", {
        "line_net_total": "ram:LineTotalAmount", "allowance_total": "ram:AllowanceTotalAmount",
        "charge_total": "ram:ChargeTotalAmount", "total_without_vat": "ram:TaxBasisTotalAmount",
        "total_with_vat": "ram:GrandTotalAmount", "paid_amount": "ram:TotalPrepaidAmount",
        "rounding_amount": "ram:RoundingAmount", "amount_due": "ram:DuePayableAmount",
    }, **vat)


def _vat_breakdown(v: CiiValues, settlement) -> tuple[VatBreakdown, ...]:
    breakdown: list[VatBreakdown] = []
    for element in v.containers(settlement, "ram:ApplicableTradeTax"):
        v.consume_if(element, "ram:TypeCode", VAT)
        item = v.group(VatBreakdown, element, f"vat_breakdown[{len(breakdown)}]", {
            "taxable_amount": "ram:BasisAmount", "tax_amount": "ram:CalculatedAmount",
            "category_code": "ram:CategoryCode", "rate": "ram:RateApplicablePercent",
            "exemption_reason": "ram:ExemptionReason", "exemption_reason_code": "ram:ExemptionReasonCode",
        })
        if item is not None:
            breakdown.append(item)
    return tuple(breakdown)
