"""UBL 2.1 vocabulary shared by the UBL reader and writer: namespaces and the two document kinds.

An Invoice and a CreditNote differ only in a few element names (and in what UBL 2.1 allows where);
`UblKind` holds those names so reader and writer never spell them twice.
"""

from __future__ import annotations

from dataclasses import dataclass

INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
CAC = "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
CBC = "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2"

NAMESPACES = {"cac": CAC, "cbc": CBC}
"""Prefixes used by every XPath of the reader (children of the root are all cac/cbc)."""

VAT_SCHEME = "VAT"
"""cac:TaxScheme/cbc:ID that marks a VAT registration and VAT categories."""

SEPA_SCHEME = "SEPA"
"""schemeID of the party identifier that carries the bank assigned creditor identifier (BT-90)."""

OBJECT_IDENTIFIER_TYPE = "130"
"""UNTDID 1001 code of a document reference that carries an invoiced object identifier (BT-18, BT-128)."""

PROJECT_REFERENCE_TYPE = "50"
"""UNTDID 1001 code of the additional document reference carrying BT-11 in a CreditNote."""

CARD_NETWORK_UNKNOWN = "NA"
"""UBL requires cbc:NetworkID in a card account; EN 16931 has no term for it, so the writer says "NA"."""


@dataclass(frozen=True)
class UblKind:
    """The element names that differ between a UBL Invoice and a UBL CreditNote."""

    root: str
    namespace: str
    type_code: str
    line: str
    sub_line: str
    quantity: str
    order: tuple[str, ...]
    """The root's children in UBL 2.1 schema sequence (only those EN 16931 uses)."""

    @property
    def is_credit_note(self) -> bool:
        return self.root == "CreditNote"


INVOICE = UblKind(
    "Invoice", INVOICE_NS, "InvoiceTypeCode", "InvoiceLine", "SubInvoiceLine", "InvoicedQuantity",
    ("CustomizationID", "ProfileID", "ID", "IssueDate", "DueDate", "InvoiceTypeCode", "Note", "TaxPointDate",
     "DocumentCurrencyCode", "TaxCurrencyCode", "AccountingCost", "BuyerReference", "InvoicePeriod", "OrderReference",
     "BillingReference", "DespatchDocumentReference", "ReceiptDocumentReference", "OriginatorDocumentReference",
     "ContractDocumentReference", "AdditionalDocumentReference", "ProjectReference", "AccountingSupplierParty",
     "AccountingCustomerParty", "PayeeParty", "TaxRepresentativeParty", "Delivery", "PaymentMeans", "PaymentTerms",
     "PrepaidPayment", "AllowanceCharge", "TaxTotal", "LegalMonetaryTotal", "InvoiceLine"),
)
CREDIT_NOTE = UblKind(
    "CreditNote", CREDIT_NOTE_NS, "CreditNoteTypeCode", "CreditNoteLine", "SubCreditNoteLine", "CreditedQuantity",
    ("CustomizationID", "ProfileID", "ID", "IssueDate", "TaxPointDate", "CreditNoteTypeCode", "Note",
     "DocumentCurrencyCode", "TaxCurrencyCode", "AccountingCost", "BuyerReference", "InvoicePeriod", "OrderReference",
     "BillingReference", "DespatchDocumentReference", "ReceiptDocumentReference", "ContractDocumentReference",
     "AdditionalDocumentReference", "OriginatorDocumentReference", "AccountingSupplierParty",
     "AccountingCustomerParty", "PayeeParty", "TaxRepresentativeParty", "Delivery", "PaymentMeans", "PaymentTerms",
     "AllowanceCharge", "TaxTotal", "LegalMonetaryTotal", "CreditNoteLine"),
)
"""UBL 2.1 CreditNote: no DueDate (BT-9 goes to PaymentMeans/PaymentDueDate), no ProjectReference (BT-11 is an
AdditionalDocumentReference of type 50), no PrepaidPayment (BG-DEX-09 cannot be written)."""
KINDS: dict[tuple[str | None, str], UblKind] = {(kind.namespace, kind.root): kind for kind in (INVOICE, CREDIT_NOTE)}
