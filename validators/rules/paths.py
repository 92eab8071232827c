"""Where the business terms live in UBL and in CII, compiled once, shared by the XRechnung rule modules.

Names follow the standard's vocabulary: `U_` paths are UBL (Invoice and CreditNote, hence the
`/*` root step), `C_` paths are CII. A path that starts without "/" is relative to a context
element that the rule hands in.
"""

from __future__ import annotations

from validators.rules.base import xpath

# --- UBL ----------------------------------------------------------------------------------------
U_SELLER = "/*/cac:AccountingSupplierParty/cac:Party"
U_BUYER = "/*/cac:AccountingCustomerParty/cac:Party"

U_CUSTOMIZATION = xpath("/*/cbc:CustomizationID")
U_PROFILE = xpath("/*/cbc:ProfileID")
U_TYPE_CODE = xpath("/*/cbc:InvoiceTypeCode | /*/cbc:CreditNoteTypeCode")
U_CURRENCY = xpath("/*/cbc:DocumentCurrencyCode")
U_TAX_CURRENCY = xpath("/*/cbc:TaxCurrencyCode")
U_BUYER_REFERENCE = xpath("/*/cbc:BuyerReference")
U_INVOICE_PERIOD = xpath("/*/cac:InvoicePeriod")
U_PRECEDING_INVOICE = xpath("/*/cac:BillingReference/cac:InvoiceDocumentReference")
U_CONTRACT_REFERENCE = xpath("/*/cac:ContractDocumentReference/cbc:ID")
U_TENDER_REFERENCE = xpath("/*/cac:OriginatorDocumentReference/cbc:ID")
U_ATTACHMENT = xpath("/*/cac:AdditionalDocumentReference/cac:Attachment/cbc:EmbeddedDocumentBinaryObject")
U_EXTERNAL_DOCUMENT = xpath("/*/cac:AdditionalDocumentReference/cac:Attachment/cac:ExternalReference/cbc:URI")

U_SELLER_PARTY = xpath(U_SELLER)
U_SELLER_ADDRESS = xpath(f"{U_SELLER}/cac:PostalAddress")
U_SELLER_CONTACT = xpath(f"{U_SELLER}/cac:Contact")
U_SELLER_ENDPOINT = xpath(f"{U_SELLER}/cbc:EndpointID")
U_SELLER_TAX_ID = xpath(f"{U_SELLER}/cac:PartyTaxScheme/cbc:CompanyID")
U_TAX_REPRESENTATIVE = xpath("/*/cac:TaxRepresentativeParty")
U_BUYER_PARTY = xpath(U_BUYER)
U_BUYER_ADDRESS = xpath(f"{U_BUYER}/cac:PostalAddress")
U_BUYER_ENDPOINT = xpath(f"{U_BUYER}/cbc:EndpointID")
U_DELIVER_TO_ADDRESS = xpath("/*/cac:Delivery/cac:DeliveryLocation/cac:Address")
U_ACTUAL_DELIVERY_DATE = xpath("/*/cac:Delivery/cbc:ActualDeliveryDate")
U_CREDITOR_ID = xpath(f"{U_SELLER}/cac:PartyIdentification/cbc:ID[@schemeID = 'SEPA']"
                      " | /*/cac:PayeeParty/cac:PartyIdentification/cbc:ID[@schemeID = 'SEPA']")

U_PAYMENT_MEANS = xpath("/*/cac:PaymentMeans")
U_PAYMENT_TERMS_NOTE = xpath("/*/cac:PaymentTerms/cbc:Note")
U_MANDATE = xpath("/*/cac:PaymentMeans/cac:PaymentMandate")

U_BREAKDOWN_CATEGORY = xpath("/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory")
U_ALL_VAT_CATEGORY_CODES = xpath("//cac:TaxCategory/cbc:ID | //cac:ClassifiedTaxCategory/cbc:ID")
U_MONETARY_TOTAL = xpath("/*/cac:LegalMonetaryTotal")
U_LINES = xpath("/*/cac:InvoiceLine | /*/cac:CreditNoteLine")
U_THIRD_PARTY_PAYMENT = xpath("/*/cac:PrepaidPayment")

# relative to a cac:PaymentMeans
U_MEANS_CODE = xpath("cbc:PaymentMeansCode")
U_MEANS_CREDIT_TRANSFER = xpath("cac:PayeeFinancialAccount")
U_MEANS_CARD = xpath("cac:CardAccount")
U_MEANS_DIRECT_DEBIT = xpath("cac:PaymentMandate")

# --- CII ----------------------------------------------------------------------------------------
C_ROOT = "/rsm:CrossIndustryInvoice"
C_CONTEXT = f"{C_ROOT}/rsm:ExchangedDocumentContext"
C_DOCUMENT = f"{C_ROOT}/rsm:ExchangedDocument"
C_TRANSACTION = f"{C_ROOT}/rsm:SupplyChainTradeTransaction"
C_AGREEMENT = f"{C_TRANSACTION}/ram:ApplicableHeaderTradeAgreement"
C_DELIVERY = f"{C_TRANSACTION}/ram:ApplicableHeaderTradeDelivery"
C_SETTLEMENT = f"{C_TRANSACTION}/ram:ApplicableHeaderTradeSettlement"
C_SELLER = f"{C_AGREEMENT}/ram:SellerTradeParty"
C_BUYER = f"{C_AGREEMENT}/ram:BuyerTradeParty"

C_GUIDELINE = xpath(f"{C_CONTEXT}/ram:GuidelineSpecifiedDocumentContextParameter/ram:ID")
C_BUSINESS_PROCESS = xpath(f"{C_CONTEXT}/ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID")
C_TYPE_CODE = xpath(f"{C_DOCUMENT}/ram:TypeCode")
C_CURRENCY = xpath(f"{C_SETTLEMENT}/ram:InvoiceCurrencyCode")
C_TAX_CURRENCY = xpath(f"{C_SETTLEMENT}/ram:TaxCurrencyCode")
C_BUYER_REFERENCE = xpath(f"{C_AGREEMENT}/ram:BuyerReference")
C_INVOICE_PERIOD = xpath(f"{C_SETTLEMENT}/ram:BillingSpecifiedPeriod")
C_PRECEDING_INVOICE = xpath(f"{C_SETTLEMENT}/ram:InvoiceReferencedDocument")
C_CONTRACT_REFERENCE = xpath(f"{C_AGREEMENT}/ram:ContractReferencedDocument/ram:IssuerAssignedID")
C_TENDER_REFERENCE = xpath(f"{C_AGREEMENT}/ram:AdditionalReferencedDocument[ram:TypeCode = '50']/ram:IssuerAssignedID")
C_ATTACHMENT = xpath(f"{C_AGREEMENT}/ram:AdditionalReferencedDocument/ram:AttachmentBinaryObject")
C_EXTERNAL_DOCUMENT = xpath(f"{C_AGREEMENT}/ram:AdditionalReferencedDocument/ram:URIID")

C_SELLER_PARTY = xpath(C_SELLER)
C_SELLER_ADDRESS = xpath(f"{C_SELLER}/ram:PostalTradeAddress")
C_SELLER_CONTACT = xpath(f"{C_SELLER}/ram:DefinedTradeContact")
C_SELLER_ENDPOINT = xpath(f"{C_SELLER}/ram:URIUniversalCommunication/ram:URIID")
C_SELLER_TAX_ID = xpath(f"{C_SELLER}/ram:SpecifiedTaxRegistration/ram:ID")
C_TAX_REPRESENTATIVE = xpath(f"{C_AGREEMENT}/ram:SellerTaxRepresentativeTradeParty")
C_BUYER_PARTY = xpath(C_BUYER)
C_BUYER_ADDRESS = xpath(f"{C_BUYER}/ram:PostalTradeAddress")
C_BUYER_ENDPOINT = xpath(f"{C_BUYER}/ram:URIUniversalCommunication/ram:URIID")
C_DELIVER_TO_ADDRESS = xpath(f"{C_DELIVERY}/ram:ShipToTradeParty/ram:PostalTradeAddress")
C_ACTUAL_DELIVERY_DATE = xpath(f"{C_DELIVERY}/ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime")
C_CREDITOR_ID = xpath(f"{C_SETTLEMENT}/ram:CreditorReferenceID")
C_MANDATE_ID = xpath(f"{C_SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:DirectDebitMandateID")

C_PAYMENT_MEANS = xpath(f"{C_SETTLEMENT}/ram:SpecifiedTradeSettlementPaymentMeans")
C_PAYMENT_TERMS_NOTE = xpath(f"{C_SETTLEMENT}/ram:SpecifiedTradePaymentTerms/ram:Description")

C_BREAKDOWN = xpath(f"{C_SETTLEMENT}/ram:ApplicableTradeTax")
C_ALL_VAT_CATEGORY_CODES = xpath("//ram:CategoryCode")
C_LINES = xpath(f"{C_TRANSACTION}/ram:IncludedSupplyChainTradeLineItem")

# relative to a ram:SpecifiedTradeSettlementPaymentMeans
C_MEANS_CODE = xpath("ram:TypeCode")
C_MEANS_CREDIT_TRANSFER = xpath("ram:PayeePartyCreditorFinancialAccount")
C_MEANS_CARD = xpath("ram:ApplicableTradeSettlementFinancialCard")
C_MEANS_DIRECT_DEBIT = xpath("ram:PayerPartyDebtorFinancialAccount")
