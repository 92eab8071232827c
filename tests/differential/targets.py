"""Where the mutation operators act, in both syntaxes: XPaths of business terms, amounts and codes.

`TARGETS` maps a name to the UBL and CII XPath of that term (or group); `code_targets` lists coded
values with invalid replacements. Builders of whole groups are in `builders`.
"""

from __future__ import annotations

from dataclasses import dataclass

NS = {
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
    "qdt": "urn:un:unece:uncefact:data:standard:QualifiedDataType:100",
}


@dataclass(frozen=True)
class Target:
    """A business term or group: its XPath in UBL and in CII; `leaf` for terms that hold text."""

    ubl: str
    cii: str
    leaf: bool = True
    numeric: bool = False


_LINE_UBL = "/*/cac:InvoiceLine|/*/cac:CreditNoteLine"
_SETTLEMENT = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
_AGREEMENT = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
_LINE_CII = "//ram:IncludedSupplyChainTradeLineItem"
_SUMMATION = _SETTLEMENT + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation"

TARGETS = {
    "specification-id": Target("/*/cbc:CustomizationID", "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"),
    "invoice-number": Target("/*/cbc:ID", "/*/rsm:ExchangedDocument/ram:ID"),
    "issue-date": Target("/*/cbc:IssueDate", "/*/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString"),
    "type-code": Target("/*/cbc:InvoiceTypeCode|/*/cbc:CreditNoteTypeCode", "/*/rsm:ExchangedDocument/ram:TypeCode"),
    "currency": Target("/*/cbc:DocumentCurrencyCode", _SETTLEMENT + "/ram:InvoiceCurrencyCode"),
    "seller-name": Target("//cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName",
                          "//ram:SellerTradeParty/ram:Name"),
    "buyer-name": Target("//cac:AccountingCustomerParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName",
                         "//ram:BuyerTradeParty/ram:Name"),
    "seller-address": Target("//cac:AccountingSupplierParty/cac:Party/cac:PostalAddress",
                             "//ram:SellerTradeParty/ram:PostalTradeAddress", leaf=False),
    "buyer-address": Target("//cac:AccountingCustomerParty/cac:Party/cac:PostalAddress",
                            "//ram:BuyerTradeParty/ram:PostalTradeAddress", leaf=False),
    "seller-country": Target("//cac:AccountingSupplierParty//cac:PostalAddress/cac:Country/cbc:IdentificationCode",
                             "//ram:SellerTradeParty/ram:PostalTradeAddress/ram:CountryID"),
    "buyer-country": Target("//cac:AccountingCustomerParty//cac:PostalAddress/cac:Country/cbc:IdentificationCode",
                            "//ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CountryID"),
    "seller-vat-id": Target("//cac:AccountingSupplierParty//cac:PartyTaxScheme",
                            "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration", leaf=False),
    "seller-endpoint": Target("//cac:AccountingSupplierParty/cac:Party/cbc:EndpointID",
                              "//ram:SellerTradeParty/ram:URIUniversalCommunication", leaf=False),
    "line-total": Target("/*/cac:LegalMonetaryTotal/cbc:LineExtensionAmount", _SUMMATION + "/ram:LineTotalAmount", numeric=True),
    "total-without-vat": Target("/*/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount", _SUMMATION + "/ram:TaxBasisTotalAmount", numeric=True),
    "total-with-vat": Target("/*/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount", _SUMMATION + "/ram:GrandTotalAmount", numeric=True),
    "amount-due": Target("/*/cac:LegalMonetaryTotal/cbc:PayableAmount", _SUMMATION + "/ram:DuePayableAmount", numeric=True),
    "vat-total": Target("/*/cac:TaxTotal/cbc:TaxAmount", _SUMMATION + "/ram:TaxTotalAmount", numeric=True),
    "line-id": Target(f"({_LINE_UBL})/cbc:ID", _LINE_CII + "/ram:AssociatedDocumentLineDocument/ram:LineID"),
    "line-quantity": Target(f"({_LINE_UBL})/cbc:InvoicedQuantity|({_LINE_UBL})/cbc:CreditedQuantity",
                            _LINE_CII + "/ram:SpecifiedLineTradeDelivery/ram:BilledQuantity", numeric=True),
    "line-net": Target(f"({_LINE_UBL})/cbc:LineExtensionAmount",
                       _LINE_CII + "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount", numeric=True),
    "item-name": Target(f"({_LINE_UBL})/cac:Item/cbc:Name", _LINE_CII + "/ram:SpecifiedTradeProduct/ram:Name"),
    "item-price": Target(f"({_LINE_UBL})/cac:Price/cbc:PriceAmount",
                         _LINE_CII + "//ram:NetPriceProductTradePrice/ram:ChargeAmount", numeric=True),
    "line-category": Target(f"({_LINE_UBL})/cac:Item/cac:ClassifiedTaxCategory",
                            _LINE_CII + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax", leaf=False),
    "line-category-code": Target(f"({_LINE_UBL})/cac:Item/cac:ClassifiedTaxCategory/cbc:ID",
                                 _LINE_CII + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:CategoryCode"),
    "line-rate": Target(f"({_LINE_UBL})/cac:Item/cac:ClassifiedTaxCategory/cbc:Percent",
                        _LINE_CII + "/ram:SpecifiedLineTradeSettlement/ram:ApplicableTradeTax/ram:RateApplicablePercent", numeric=True),
    "breakdown": Target("/*/cac:TaxTotal/cac:TaxSubtotal", _SETTLEMENT + "/ram:ApplicableTradeTax", leaf=False),
    "breakdown-taxable": Target("/*/cac:TaxTotal/cac:TaxSubtotal/cbc:TaxableAmount", _SETTLEMENT + "/ram:ApplicableTradeTax/ram:BasisAmount", numeric=True),
    "breakdown-tax": Target("/*/cac:TaxTotal/cac:TaxSubtotal/cbc:TaxAmount", _SETTLEMENT + "/ram:ApplicableTradeTax/ram:CalculatedAmount", numeric=True),
    "breakdown-category-code": Target("/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:ID",
                                      _SETTLEMENT + "/ram:ApplicableTradeTax/ram:CategoryCode"),
    "breakdown-rate": Target("/*/cac:TaxTotal/cac:TaxSubtotal/cac:TaxCategory/cbc:Percent",
                             _SETTLEMENT + "/ram:ApplicableTradeTax/ram:RateApplicablePercent", numeric=True),
    "exemption-reasons": Target("//cac:TaxSubtotal/cac:TaxCategory/cbc:TaxExemptionReason",
                                _SETTLEMENT + "/ram:ApplicableTradeTax/ram:ExemptionReason"),
    "payment-means-code": Target("/*/cac:PaymentMeans/cbc:PaymentMeansCode",
                                 _SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode"),
    "payment-account-id": Target("/*/cac:PaymentMeans/cac:PayeeFinancialAccount/cbc:ID",
                                 _SETTLEMENT + "//ram:PayeePartyCreditorFinancialAccount/ram:IBANID"),
    "payment-account": Target("/*/cac:PaymentMeans/cac:PayeeFinancialAccount",
                              _SETTLEMENT + "//ram:PayeePartyCreditorFinancialAccount", leaf=False),
    "allowance-reason": Target("/*/cac:AllowanceCharge/cbc:AllowanceChargeReason",
                               _SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:Reason"),
    "allowance-amount": Target("/*/cac:AllowanceCharge/cbc:Amount", _SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:ActualAmount", numeric=True),
    "allowance-category": Target("/*/cac:AllowanceCharge/cac:TaxCategory",
                                 _SETTLEMENT + "/ram:SpecifiedTradeAllowanceCharge/ram:CategoryTradeTax", leaf=False),
    "period-start": Target("/*/cac:InvoicePeriod/cbc:StartDate", _SETTLEMENT + "/ram:BillingSpecifiedPeriod/ram:StartDateTime", leaf=False),
    "document-id": Target("/*/cac:AdditionalDocumentReference/cbc:ID",
                          _AGREEMENT + "/ram:AdditionalReferencedDocument/ram:IssuerAssignedID"),
}


def find(root, syntax: str, key: str) -> list:
    target = TARGETS[key]
    return root.xpath(target.ubl if syntax == "UBL" else target.cii, namespaces=NS)


_AMOUNT_XPATH = {
    "UBL": "//*[@currencyID]|//cbc:PriceAmount|//cac:TaxCategory/cbc:Percent",
    "CII": "//ram:*[contains(local-name(), 'Amount')]|//ram:RateApplicablePercent",
}


def amounts_of(root, syntax: str) -> list:
    return root.xpath(_AMOUNT_XPATH[syntax], namespaces=NS)


_BAD_CODES = {
    # (UBL XPath, CII XPath, attribute or "", invalid values)
    "currency": ("/*/cbc:DocumentCurrencyCode", _SETTLEMENT + "/ram:InvoiceCurrencyCode", "", ["EUX", "eur", "€"]),
    "currencyID": ("//cbc:PayableAmount", _SUMMATION + "/ram:TaxTotalAmount", "currencyID", ["EURO", "XXY"]),
    "country": ("//cac:Country/cbc:IdentificationCode", "//ram:CountryID", "", ["XX", "GER", "de"]),
    "type": ("/*/cbc:InvoiceTypeCode|/*/cbc:CreditNoteTypeCode", "/*/rsm:ExchangedDocument/ram:TypeCode", "",
             ["999", "381", "380", "71"]),
    "payment-means": ("//cbc:PaymentMeansCode", "//ram:SpecifiedTradeSettlementPaymentMeans/ram:TypeCode", "",
                      ["99", "ZZZ", "31", "30"]),
    "line-category": ("//cac:ClassifiedTaxCategory/cbc:ID", _LINE_CII + "//ram:ApplicableTradeTax/ram:CategoryCode", "",
                      ["X", "VAT", "s"]),
    "breakdown-category": ("//cac:TaxSubtotal/cac:TaxCategory/cbc:ID", _SETTLEMENT + "/ram:ApplicableTradeTax/ram:CategoryCode",
                           "", ["X", "A"]),
    "unit": ("//cbc:InvoicedQuantity|//cbc:CreditedQuantity", "//ram:BilledQuantity", "unitCode", ["XYZ", "pcs", "H87X"]),
    "endpoint-scheme": ("//cbc:EndpointID", "//ram:URIUniversalCommunication/ram:URIID", "schemeID", ["9999", "MAIL"]),
    "classification": ("//cbc:ItemClassificationCode", "//ram:ClassCode", "listID", ["ZZ9", "CPV"]),
    "standard-id": ("//cac:StandardItemIdentification/cbc:ID", "//ram:SpecifiedTradeProduct/ram:GlobalID", "schemeID", ["9999"]),
    "party-id": ("//cac:PartyIdentification/cbc:ID[@schemeID]", "//ram:SellerTradeParty/ram:GlobalID", "schemeID", ["9999", "SEPA"]),
    "allowance-reason": ("//cac:AllowanceCharge/cbc:AllowanceChargeReasonCode", "//ram:SpecifiedTradeAllowanceCharge/ram:ReasonCode",
                         "", ["999", "ABC"]),
    "exemption": ("//cbc:TaxExemptionReasonCode", "//ram:ExemptionReasonCode", "", ["VATEX-EU-999", "vatex-eu-ae"]),
    "vat-prefix": ("//cac:PartyTaxScheme/cbc:CompanyID", "//ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']", "",
                   ["XX123456789", "123456789", "D", "DE 123"]),
    "due-date-code": ("/*/cac:InvoicePeriod", _SETTLEMENT + "/ram:ApplicableTradeTax", "", []),
    "mime": ("//cbc:EmbeddedDocumentBinaryObject", "//ram:AttachmentBinaryObject", "mimeCode", ["application/zip"]),
}


def code_targets(root, syntax: str) -> list[tuple]:
    options = []
    for ubl, cii, attribute, values in _BAD_CODES.values():
        for el in root.xpath(ubl if syntax == "UBL" else cii, namespaces=NS):
            for value in values:
                options.append((el, attribute, value))
    return options
