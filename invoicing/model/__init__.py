"""The EN 16931 semantic model of an invoice (pydantic v2, immutable), syntax-neutral.

Import the classes from here; the modules split the glossary by topic.
"""

from invoicing.model.document import (
    CREDIT_NOTE_TYPE_CODES,
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
    VatBreakdown,
)
from invoicing.model.glossary import GlossaryEntry, glossary, term_name
from invoicing.model.lines import (
    ClassificationIdentifier,
    InvoiceLine,
    ItemAttribute,
    ItemInformation,
    LineAllowance,
    LineCharge,
    LinePeriod,
    LineVatInformation,
    PriceDetails,
)
from invoicing.model.parties import (
    Buyer,
    BuyerContact,
    BuyerPostalAddress,
    Contact,
    DeliverToAddress,
    Payee,
    PostalAddress,
    Seller,
    SellerContact,
    SellerPostalAddress,
    SellerTaxRepresentative,
    TaxRepresentativePostalAddress,
)
from invoicing.model.payment import CreditTransfer, DirectDebit, PaymentCard, PaymentInstructions, ThirdPartyPayment
from invoicing.model.terms import BinaryObject, Identifier, Term, term

__all__ = [
    "BinaryObject", "Buyer", "BuyerContact", "BuyerPostalAddress", "CREDIT_NOTE_TYPE_CODES", "ClassificationIdentifier",
    "Contact", "CreditTransfer", "DeliverToAddress", "DeliveryInformation", "DirectDebit", "DocumentAllowance",
    "DocumentCharge", "DocumentTotals", "GlossaryEntry", "Identifier", "Invoice", "InvoiceLine", "InvoiceNote",
    "InvoicingPeriod", "ItemAttribute", "ItemInformation", "LineAllowance", "LineCharge", "LinePeriod",
    "LineVatInformation", "Payee", "PaymentCard", "PaymentInstructions", "PostalAddress", "PrecedingInvoiceReference",
    "PriceDetails", "ProcessControl", "Seller", "SellerContact", "SellerPostalAddress", "SellerTaxRepresentative",
    "SupportingDocument", "TaxRepresentativePostalAddress", "Term", "ThirdPartyPayment", "VatBreakdown", "glossary",
    "term", "term_name"
]
