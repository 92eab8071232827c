"""UBL 2.1 Invoice / CreditNote → the EN 16931 model, following the EN 16931-3-2 UBL syntax binding
plus the XRechnung 3.0 extension (BG-DEX-01 `cac:SubInvoiceLine`, BG-DEX-09 `cac:PrepaidPayment`).

`read_ubl` returns the model and the `XmlSource` it was read through: `source.provenance` maps
each model path (e.g. "seller.name", "lines[0].sub_lines[1].item.name",
"seller.electronic_address.value") to the XPath and line it came from; `source.unmapped()` lists
the source data that has no place in the model (see `ubl_unmapped` for what is expected there).
Values are kept as written: decimals unrounded, texts trimmed, dates as `date`.
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import Any

from lxml import etree

from invoicing.formats.errors import NotAnInvoice, ReadError
from invoicing.formats.source import SourceLocation, XmlSource
from invoicing.formats.ubl_names import KINDS, NAMESPACES, OBJECT_IDENTIFIER_TYPE, PROJECT_REFERENCE_TYPE, UblKind
from invoicing.formats.ubl_reader_lines import read_allowances_and_charges, read_lines
from invoicing.formats.ubl_reader_parties import (
    read_address,
    read_buyer,
    read_payee,
    read_seller,
    read_tax_representative,
)
from invoicing.formats.ubl_reader_payment import read_means_due_date, read_payment_instructions
from invoicing.formats.ubl_values import UblValues, group
from invoicing.model import (
    BinaryObject,
    DeliverToAddress,
    DeliveryInformation,
    DocumentAllowance,
    DocumentCharge,
    DocumentTotals,
    Invoice,
    InvoiceNote,
    InvoicingPeriod,
    PrecedingInvoiceReference,
    ProcessControl,
    SupportingDocument,
    ThirdPartyPayment,
    VatBreakdown,
)

_NOTE_SUBJECT = re.compile(r"#([A-Za-z0-9]{1,10})#(.*)", re.DOTALL)
"""XRechnung/Peppol convention for BT-21 in UBL: the subject code leads the note as "#AAI#text"."""

SUPPORTING_DOCUMENT_TYPE = "916"
"""UNTDID 1001 "reference document": the type code CII uses for BG-24; accepted on a UBL reference too."""


def read_ubl(tree: etree._ElementTree) -> tuple[Invoice, XmlSource]:
    """Read a UBL 2.1 Invoice or CreditNote. Raises `NotAnInvoice` for another root, `ReadError`
    (code "bad-value") for a number or date that does not parse."""
    root = tree.getroot()
    qname = etree.QName(root)
    kind = KINDS.get((qname.namespace, qname.localname))
    if kind is None:
        raise NotAnInvoice(f"The XML root element is {qname.localname} ({qname.namespace}), not a UBL 2.1 Invoice "
                           "or CreditNote.")
    source = XmlSource(tree, dict(NAMESPACES))
    return _read(UblValues(source), root, kind), source


def _read(v: UblValues, root: etree._Element, kind: UblKind) -> Invoice:
    seller_party = v.first(root, "cac:AccountingSupplierParty/cac:Party")
    payee_party = v.first(root, "cac:PayeeParty")
    period = v.first(root, "cac:InvoicePeriod")
    references = _document_references(v, root)
    means_due_date = read_means_due_date(v, root)
    due_date = v.date(root, "cbc:DueDate", "due_date", "BT-9") or means_due_date
    return Invoice(
        number=v.text(root, "cbc:ID", "number", "BT-1"),
        issue_date=v.date(root, "cbc:IssueDate", "issue_date", "BT-2"),
        type_code=v.text(root, f"cbc:{kind.type_code}", "type_code", "BT-3"),
        currency_code=v.text(root, "cbc:DocumentCurrencyCode", "currency_code", "BT-5"),
        vat_accounting_currency_code=v.text(root, "cbc:TaxCurrencyCode", "vat_accounting_currency_code", "BT-6"),
        vat_point_date=v.date(root, "cbc:TaxPointDate", "vat_point_date", "BT-7"),
        vat_point_date_code=v.text(period, "cbc:DescriptionCode", "vat_point_date_code", "BT-8"),
        due_date=due_date,
        buyer_reference=v.text(root, "cbc:BuyerReference", "buyer_reference", "BT-10"),
        project_reference=v.text(root, "cac:ProjectReference/cbc:ID", "project_reference", "BT-11")
        or references["project_reference"],
        contract_reference=v.text(root, "cac:ContractDocumentReference/cbc:ID", "contract_reference", "BT-12"),
        purchase_order_reference=v.text(root, "cac:OrderReference/cbc:ID", "purchase_order_reference", "BT-13"),
        sales_order_reference=v.text(root, "cac:OrderReference/cbc:SalesOrderID", "sales_order_reference", "BT-14"),
        receiving_advice_reference=v.text(root, "cac:ReceiptDocumentReference/cbc:ID", "receiving_advice_reference",
                                          "BT-15"),
        despatch_advice_reference=v.text(root, "cac:DespatchDocumentReference/cbc:ID", "despatch_advice_reference",
                                         "BT-16"),
        tender_or_lot_reference=v.text(root, "cac:OriginatorDocumentReference/cbc:ID", "tender_or_lot_reference",
                                       "BT-17"),
        invoiced_object_identifier=references["invoiced_object_identifier"],
        buyer_accounting_reference=v.text(root, "cbc:AccountingCost", "buyer_accounting_reference", "BT-19"),
        # verbatim: the Skonto lines of BT-20 must keep their line breaks (BR-DE-18)
        payment_terms=v.source.text(root, "cac:PaymentTerms/cbc:Note", "payment_terms", "BT-20", verbatim=True),
        notes=_notes(v, root),
        process_control=group(
            ProcessControl,
            business_process_type=v.text(root, "cbc:ProfileID", "process_control.business_process_type", "BT-23"),
            specification_identifier=v.text(root, "cbc:CustomizationID", "process_control.specification_identifier",
                                            "BT-24"),
        ),
        preceding_invoices=_preceding_invoices(v, root),
        seller=read_seller(v, seller_party),
        buyer=read_buyer(v, v.first(root, "cac:AccountingCustomerParty/cac:Party")),
        payee=read_payee(v, payee_party),
        seller_tax_representative=read_tax_representative(v, v.first(root, "cac:TaxRepresentativeParty")),
        delivery=_delivery(v, v.first(root, "cac:Delivery")),
        invoicing_period=group(
            InvoicingPeriod,
            start_date=v.date(period, "cbc:StartDate", "invoicing_period.start_date", "BT-73"),
            end_date=v.date(period, "cbc:EndDate", "invoicing_period.end_date", "BT-74"),
        ),
        payment_instructions=read_payment_instructions(v, root, [payee_party, seller_party]),
        **_document_allowances_and_charges(v, root),
        **_totals_and_vat(v, root),
        supporting_documents=references["supporting_documents"],
        lines=read_lines(v, root, kind, kind.line, "lines"),
        third_party_payments=_third_party_payments(v, root),
    )


def _notes(v: UblValues, root: etree._Element) -> tuple[InvoiceNote, ...]:
    notes: list[InvoiceNote] = []
    for element in v.all(root, "cbc:Note"):
        path = f"notes[{len(notes)}]"
        raw = v.text(element, ".", f"{path}.text", "BT-22")
        if raw is None:
            continue
        match = _NOTE_SUBJECT.fullmatch(raw)
        if match is None:
            notes.append(InvoiceNote(text=raw))
            continue
        location = v.source.provenance[f"{path}.text"]
        v.source.provenance[f"{path}.subject_code"] = SourceLocation("BT-21", location.xpath, location.line)
        text = match.group(2) or None
        if text is None:
            del v.source.provenance[f"{path}.text"]
        notes.append(InvoiceNote(subject_code=match.group(1), text=text))
    return tuple(notes)


def _preceding_invoices(v: UblValues, root: etree._Element) -> tuple[PrecedingInvoiceReference, ...]:
    found: list[PrecedingInvoiceReference] = []
    for reference in v.all(root, "cac:BillingReference/cac:InvoiceDocumentReference"):
        path = f"preceding_invoices[{len(found)}]"
        item = group(PrecedingInvoiceReference,
                     reference=v.text(reference, "cbc:ID", f"{path}.reference", "BT-25"),
                     issue_date=v.date(reference, "cbc:IssueDate", f"{path}.issue_date", "BT-26"))
        if item is not None:
            found.append(item)
    return tuple(found)


def _document_references(v: UblValues, root: etree._Element) -> dict:
    """`cac:AdditionalDocumentReference`s: type 130 → BT-18, type 50 → BT-11 (CreditNote), others → BG-24."""
    result: dict[str, Any] = {"invoiced_object_identifier": None, "project_reference": None,
                              "supporting_documents": ()}
    documents: list[SupportingDocument] = []
    for reference in v.all(root, "cac:AdditionalDocumentReference"):
        type_code = v.peek(reference, "cbc:DocumentTypeCode")
        if type_code == OBJECT_IDENTIFIER_TYPE and result["invoiced_object_identifier"] is None:
            v.consume(reference, "cbc:DocumentTypeCode")
            result["invoiced_object_identifier"] = v.identifier(reference, "cbc:ID", "invoiced_object_identifier", "BT-18")
        elif type_code == PROJECT_REFERENCE_TYPE and result["project_reference"] is None \
                and v.peek(root, "cac:ProjectReference/cbc:ID") is None:
            v.consume(reference, "cbc:DocumentTypeCode")
            result["project_reference"] = v.text(reference, "cbc:ID", "project_reference", "BT-11")
        else:
            if type_code == SUPPORTING_DOCUMENT_TYPE:
                v.consume(reference, "cbc:DocumentTypeCode")
            document = _supporting_document(v, reference, f"supporting_documents[{len(documents)}]")
            if document is not None:
                documents.append(document)
    result["supporting_documents"] = tuple(documents)
    return result


def _supporting_document(v: UblValues, reference: etree._Element, path: str) -> SupportingDocument | None:
    attachment = None
    binary = v.first(reference, "cac:Attachment/cbc:EmbeddedDocumentBinaryObject")
    encoded = v.text(binary, ".", f"{path}.attachment.content", "BT-125")
    if encoded is not None:
        try:
            content = base64.b64decode("".join(encoded.split()), validate=True)
        except (binascii.Error, ValueError):
            assert binary is not None  # its text was read
            line = binary.sourceline
            raise ReadError(f"BT-125 Attached document at line {line} is not valid base64 content.",
                            "Embed attachments base64-encoded, as UBL 2.1 requires.", code="bad-value",
                            line=line) from None
        attachment = BinaryObject(
            content=content,
            mime_code=v.text(binary, "@mimeCode", f"{path}.attachment.mime_code", "BT-125-1") or "",
            filename=v.text(binary, "@filename", f"{path}.attachment.filename", "BT-125-2") or "",
        )
    elif binary is not None:
        for attribute in ("mimeCode", "filename"):
            v.source.consume_attribute(binary, attribute)
    return group(
        SupportingDocument,
        reference=v.text(reference, "cbc:ID", f"{path}.reference", "BT-122"),
        description=v.text(reference, "cbc:DocumentDescription", f"{path}.description", "BT-123"),
        external_location=v.text(reference, "cac:Attachment/cac:ExternalReference/cbc:URI", f"{path}.external_location",
                                 "BT-124"),
        attachment=attachment,
    )


def _delivery(v: UblValues, delivery: etree._Element | None) -> DeliveryInformation | None:
    if delivery is None:
        return None
    location = v.first(delivery, "cac:DeliveryLocation")
    return group(
        DeliveryInformation,
        party_name=v.text(delivery, "cac:DeliveryParty/cac:PartyName/cbc:Name", "delivery.party_name", "BT-70"),
        location_identifier=v.identifier(location, "cbc:ID", "delivery.location_identifier", "BT-71"),
        actual_delivery_date=v.date(delivery, "cbc:ActualDeliveryDate", "delivery.actual_delivery_date", "BT-72"),
        address=read_address(v, v.first(location, "cac:Address"), DeliverToAddress, "delivery.address"),
    )


def _document_allowances_and_charges(v: UblValues, root: etree._Element) -> dict:
    allowances, charges = read_allowances_and_charges(v, root, "", DocumentAllowance, DocumentCharge, with_vat=True)
    return {"allowances": allowances, "charges": charges}


def _totals_and_vat(v: UblValues, root: etree._Element) -> dict:
    """BG-22 from `cac:LegalMonetaryTotal` and the `cac:TaxTotal`s; BG-23 from the main TaxTotal's subtotals.

    The main TaxTotal is the one with subtotals (else the first in the document currency); another
    TaxTotal without subtotals in the VAT accounting currency (BT-6) carries BT-111. Further TaxTotals
    have no place in EN 16931 and stay unmapped.
    """
    currency = v.peek(root, "cbc:DocumentCurrencyCode")
    tax_totals = v.all(root, "cac:TaxTotal")
    main = next((total for total in tax_totals if v.find(total, "cac:TaxSubtotal")), None)
    if main is None:
        main = next((total for total in tax_totals
                     if v.peek(total, "cbc:TaxAmount/@currencyID") in (None, currency)), None)
    tax_currency = v.peek(root, "cbc:TaxCurrencyCode")
    if main is None and tax_totals and (not tax_currency
                                        or v.peek(tax_totals[0], "cbc:TaxAmount/@currencyID") != tax_currency):
        main = tax_totals[0]
    accounting = next((total for total in tax_totals if total is not main and tax_currency
                       and v.peek(total, "cbc:TaxAmount/@currencyID") == tax_currency
                       and not v.find(total, "cac:TaxSubtotal")), None)
    breakdown: list[VatBreakdown] = []
    for subtotal in v.all(main, "cac:TaxSubtotal"):
        path = f"vat_breakdown[{len(breakdown)}]"
        category = v.first(subtotal, "cac:TaxCategory")
        v.consume(category, "cac:TaxScheme/cbc:ID")
        item = group(
            VatBreakdown,
            taxable_amount=v.amount(subtotal, "cbc:TaxableAmount", f"{path}.taxable_amount", "BT-116"),
            tax_amount=v.amount(subtotal, "cbc:TaxAmount", f"{path}.tax_amount", "BT-117"),
            category_code=v.text(category, "cbc:ID", f"{path}.category_code", "BT-118"),
            rate=v.decimal(category, "cbc:Percent", f"{path}.rate", "BT-119"),
            exemption_reason=v.text(category, "cbc:TaxExemptionReason", f"{path}.exemption_reason", "BT-120"),
            exemption_reason_code=v.text(category, "cbc:TaxExemptionReasonCode", f"{path}.exemption_reason_code",
                                         "BT-121"),
        )
        if item is not None:
            breakdown.append(item)
    monetary = v.first(root, "cac:LegalMonetaryTotal")
    totals = group(
        DocumentTotals,
        line_net_total=v.amount(monetary, "cbc:LineExtensionAmount", "totals.line_net_total", "BT-106"),
        allowance_total=v.amount(monetary, "cbc:AllowanceTotalAmount", "totals.allowance_total", "BT-107"),
        charge_total=v.amount(monetary, "cbc:ChargeTotalAmount", "totals.charge_total", "BT-108"),
        total_without_vat=v.amount(monetary, "cbc:TaxExclusiveAmount", "totals.total_without_vat", "BT-109"),
        vat_total=v.amount(main, "cbc:TaxAmount", "totals.vat_total", "BT-110"),
        vat_total_accounting_currency=v.amount(accounting, "cbc:TaxAmount", "totals.vat_total_accounting_currency",
                                               "BT-111"),
        total_with_vat=v.amount(monetary, "cbc:TaxInclusiveAmount", "totals.total_with_vat", "BT-112"),
        paid_amount=v.amount(monetary, "cbc:PrepaidAmount", "totals.paid_amount", "BT-113"),
        rounding_amount=v.amount(monetary, "cbc:PayableRoundingAmount", "totals.rounding_amount", "BT-114"),
        amount_due=v.amount(monetary, "cbc:PayableAmount", "totals.amount_due", "BT-115"),
    )
    return {"totals": totals, "vat_breakdown": tuple(breakdown)}


def _third_party_payments(v: UblValues, root: etree._Element) -> tuple[ThirdPartyPayment, ...]:
    """BG-DEX-09 from `cac:PrepaidPayment` (XRechnung extension)."""
    payments: list[ThirdPartyPayment] = []
    for prepaid in v.all(root, "cac:PrepaidPayment"):
        path = f"third_party_payments[{len(payments)}]"
        payment = group(ThirdPartyPayment,
                        type=v.text(prepaid, "cbc:ID", f"{path}.type", "BT-DEX-001"),
                        amount=v.amount(prepaid, "cbc:PaidAmount", f"{path}.amount", "BT-DEX-002"),
                        description=v.text(prepaid, "cbc:InstructionID", f"{path}.description", "BT-DEX-003"))
        if payment is not None:
            payments.append(payment)
    return tuple(payments)
