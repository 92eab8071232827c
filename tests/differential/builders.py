"""Builders that add (often incomplete) groups to a UBL or CII invoice for the mutation operators.

Each builder takes the root (or, for `exemption-reason`, the VAT category element) and an
argument (a `random.Random` or the operator's tuple) and returns False when it cannot apply.
"""

from __future__ import annotations

import copy

from lxml import etree

from tests.differential.targets import NS

_UBL_AFTER_HEADER = ["DespatchDocumentReference", "ReceiptDocumentReference", "StatementDocumentReference",
                     "OriginatorDocumentReference", "ContractDocumentReference", "AdditionalDocumentReference",
                     "ProjectReference", "Signature", "AccountingSupplierParty"]
_UBL_BEFORE_PAYMENT = ["Delivery", "DeliveryTerms", "PaymentMeans", "PaymentTerms", "PrepaidPayment", "AllowanceCharge",
                       "TaxExchangeRate", "TaxTotal", "LegalMonetaryTotal"]


def sub(parent, tag: str, text: str | None = None, **attributes):
    prefix, local = tag.split(":")
    el = etree.SubElement(parent, f"{{{NS[prefix]}}}{local}", **attributes)
    if text is not None:
        el.text = text
    return el


def new(tag: str, text: str | None = None, **attributes):
    prefix, local = tag.split(":")
    el = etree.Element(f"{{{NS[prefix]}}}{local}", **attributes)
    if text is not None:
        el.text = text
    return el


def insert_before(parent, names: list[str], el):
    """Insert `el` into `parent` before the first child whose local name is in `names` (else append)."""
    for child in parent:
        if isinstance(child.tag, str) and etree.QName(child).localname in names:
            child.addprevious(el)
            return el
    parent.append(el)
    return el


def _x(root, path: str) -> list:
    return root.xpath(path, namespaces=NS)


def _rate_for(category: str) -> str | None:
    return None if category == "O" else ("19" if category == "S" else "0")


# --- UBL -------------------------------------------------------------------------------------------

def _ubl_currency(root) -> str:
    found = _x(root, "/*/cbc:DocumentCurrencyCode")
    return (found[0].text or "EUR") if found else "EUR"


def _ubl_allowance(root, argument, *, line: bool = False):
    charge, reason, category, amount = argument
    el = new("cac:AllowanceCharge")
    sub(el, "cbc:ChargeIndicator", "true" if charge else "false")
    if reason:
        sub(el, "cbc:AllowanceChargeReason", "Fracht" if charge else "Rabatt")
    sub(el, "cbc:Amount", amount, currencyID=_ubl_currency(root))
    if not line:
        tax = sub(el, "cac:TaxCategory")
        sub(tax, "cbc:ID", category)
        if _rate_for(category) is not None:
            sub(tax, "cbc:Percent", _rate_for(category))
        sub(sub(tax, "cac:TaxScheme"), "cbc:ID", "VAT")
        insert_before(root, ["TaxExchangeRate", "TaxTotal", "WithholdingTaxTotal", "LegalMonetaryTotal"], el)
        return True
    lines = _x(root, "/*/cac:InvoiceLine|/*/cac:CreditNoteLine")
    if not lines:
        return False
    insert_before(lines[0], ["TaxTotal", "WithholdingTaxTotal", "Item"], el)
    return True


def _ubl_exemption(category_el, text):
    insert_before(category_el, ["TaxScheme"], new("cbc:TaxExemptionReason", text))


def _ubl_tax_rep(root, rng):
    el = new("cac:TaxRepresentativeParty")
    if rng.random() < 0.6:
        sub(sub(el, "cac:PartyName"), "cbc:Name", "Steuervertretung GmbH")
    if rng.random() < 0.6:
        address = sub(el, "cac:PostalAddress")
        sub(address, "cbc:CityName", "Wien")
        if rng.random() < 0.6:
            sub(sub(address, "cac:Country"), "cbc:IdentificationCode", "AT")
    if rng.random() < 0.6:
        scheme = sub(el, "cac:PartyTaxScheme")
        sub(scheme, "cbc:CompanyID", "ATU12345678")
        sub(sub(scheme, "cac:TaxScheme"), "cbc:ID", "VAT")
    insert_before(root, _UBL_BEFORE_PAYMENT, el)


def _ubl_payee(root, rng, *, same: bool):
    el = new("cac:PayeeParty")
    if same:
        ids = _x(root, "//cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification/cbc:ID")
        names = _x(root, "//cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName")
        if ids:
            sub(sub(el, "cac:PartyIdentification"), "cbc:ID", ids[0].text, **dict(ids[0].attrib))
        sub(sub(el, "cac:PartyName"), "cbc:Name", names[0].text if names else "Gleich")
    elif rng.random() < 0.7:
        sub(sub(el, "cac:PartyName"), "cbc:Name", "Factoring AG")
    else:
        sub(sub(el, "cac:PartyIdentification"), "cbc:ID", "PAYEE-1")
    insert_before(root, ["BuyerCustomerParty", "SellerSupplierParty", "TaxRepresentativeParty"] + _UBL_BEFORE_PAYMENT, el)


def _ubl_period(parent, start, end, before):
    period = parent.find(f"{{{NS['cac']}}}InvoicePeriod")
    if period is None:
        period = insert_before(parent, before, new("cac:InvoicePeriod"))
    for child in list(period):
        period.remove(child)
    if start:
        sub(period, "cbc:StartDate", start)
    if end:
        sub(period, "cbc:EndDate", end)
    return period


def _ubl_first_line(root):
    lines = _x(root, "/*/cac:InvoiceLine|/*/cac:CreditNoteLine")
    return lines[0] if lines else None


def _ubl_item_add(root, el, before):
    line = _ubl_first_line(root)
    item = line.find(f"{{{NS['cac']}}}Item") if line is not None else None
    if item is None:
        return False
    insert_before(item, before, el)
    return True


def _ubl_structure(what: str):
    def build(root, rng):
        if what == "tax-representative":
            return _ubl_tax_rep(root, rng)
        if what in ("payee-same-as-seller", "payee"):
            return _ubl_payee(root, rng, same=what == "payee-same-as-seller")
        if what == "billing-reference-without-id":
            reference = new("cac:BillingReference")
            sub(sub(reference, "cac:InvoiceDocumentReference"), "cbc:IssueDate", "2026-01-15")
            return insert_before(root, _UBL_AFTER_HEADER, reference)
        if what == "document-without-id":
            document = new("cac:AdditionalDocumentReference")
            sub(document, "cbc:ID", "")
            sub(document, "cbc:DocumentDescription", "Leistungsnachweis")
            return insert_before(root, ["ProjectReference", "Signature", "AccountingSupplierParty"], document)
        if what == "item-attribute-without-value":
            prop = new("cac:AdditionalItemProperty")
            sub(prop, "cbc:Name", "Farbe")
            return _ubl_item_add(root, prop, ["ManufacturerParty", "ItemInstance"])
        if what == "standard-id-without-scheme":
            ident = new("cac:StandardItemIdentification")
            sub(ident, "cbc:ID", "4012345678901")
            return _ubl_item_add(root, ident, ["CatalogueItemIdentification", "AdditionalItemIdentification",
                                                "OriginCountry", "CommodityClassification", "ClassifiedTaxCategory"])
        if what == "classification-without-list":
            classification = new("cac:CommodityClassification")
            sub(classification, "cbc:ItemClassificationCode", "30213100")
            return _ubl_item_add(root, classification, ["TransactionConditions", "HazardousItem", "ClassifiedTaxCategory"])
        if what == "deliver-to-without-country":
            delivery = root.find(f"{{{NS['cac']}}}Delivery")
            if delivery is None:
                delivery = insert_before(root, _UBL_BEFORE_PAYMENT[1:], new("cac:Delivery"))
            for old in delivery.findall(f"{{{NS['cac']}}}DeliveryLocation"):
                delivery.remove(old)
            address = sub(sub(delivery, "cac:DeliveryLocation"), "cac:Address")
            sub(address, "cbc:CityName", "Eichenbrück")
            return True
        if what == "tax-currency":
            insert_before(root, ["PricingCurrencyCode", "PaymentCurrencyCode", "AccountingCostCode", "AccountingCost",
                                 "BuyerReference", "InvoicePeriod", "OrderReference"], new("cbc:TaxCurrencyCode", "USD"))
            if rng.random() < 0.5:
                total = new("cac:TaxTotal")
                sub(total, "cbc:TaxAmount", "123.45", currencyID="USD")
                insert_before(root, ["WithholdingTaxTotal", "LegalMonetaryTotal"], total)
            return True
        if what == "tax-point-date-and-code":
            insert_before(root, ["DocumentCurrencyCode"], new("cbc:TaxPointDate", "2026-03-31"))
            period = root.find(f"{{{NS['cac']}}}InvoicePeriod")
            if period is None:
                period = insert_before(root, ["OrderReference", "BillingReference"] + _UBL_AFTER_HEADER, new("cac:InvoicePeriod"))
            sub(period, "cbc:DescriptionCode", rng.choice(["35", "3", "5"]))
            return True
        if what == "period-backwards":
            return _ubl_period(root, "2026-12-31", "2026-01-01", ["OrderReference", "BillingReference"] + _UBL_AFTER_HEADER)
        if what == "line-period-backwards":
            line = _ubl_first_line(root)
            return line is not None and _ubl_period(line, "2026-06-30", "2026-06-01",
                                                     ["OrderLineReference", "DocumentReference", "AllowanceCharge", "Item"])
        if what == "empty-period":
            target = root if rng.random() < 0.5 else _ubl_first_line(root)
            before = ["OrderReference", "BillingReference"] + _UBL_AFTER_HEADER if target is root else [
                "OrderLineReference", "DocumentReference", "AllowanceCharge", "Item"]
            return target is not None and _ubl_period(target, None, None, before)
        if what == "second-breakdown":
            found = _x(root, "/*/cac:TaxTotal/cac:TaxSubtotal")
            return bool(found) and found[0].addnext(copy.deepcopy(found[0])) is None
        if what == "endpoint-without-scheme":
            found = _x(root, "//cbc:EndpointID[@schemeID]")
            return bool(found) and rng.choice(found).attrib.pop("schemeID") is not None
        if what == "seller-without-ids":
            for el in _x(root, "//cac:AccountingSupplierParty/cac:Party/cac:PartyTaxScheme|"
                               "//cac:AccountingSupplierParty/cac:Party/cac:PartyIdentification|"
                               "//cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:CompanyID"):
                el.getparent().remove(el)
            return True
        return False
    return build


# --- CII -------------------------------------------------------------------------------------------

_SETTLEMENT = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
_AGREEMENT = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
_DELIVERY = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeDelivery"


def _one(root, path):
    found = _x(root, path)
    return found[0] if found else None


def _cii_allowance(root, argument, *, line: bool = False):
    charge, reason, category, amount = argument
    el = new("ram:SpecifiedTradeAllowanceCharge")
    sub(sub(el, "ram:ChargeIndicator"), "udt:Indicator", "true" if charge else "false")
    sub(el, "ram:ActualAmount", amount)
    if reason:
        sub(el, "ram:Reason", "Fracht" if charge else "Rabatt")
    if not line:
        tax = sub(el, "ram:CategoryTradeTax")
        sub(tax, "ram:TypeCode", "VAT")
        sub(tax, "ram:CategoryCode", category)
        if _rate_for(category) is not None:
            sub(tax, "ram:RateApplicablePercent", _rate_for(category))
        settlement = _one(root, _SETTLEMENT)
        insert_before(settlement, ["SpecifiedLogisticsServiceCharge", "SpecifiedTradePaymentTerms",
                                   "SpecifiedTradeSettlementHeaderMonetarySummation"], el)
        return True
    settlement = _one(root, "//ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement")
    if settlement is None:
        return False
    insert_before(settlement, ["SpecifiedTradeSettlementLineMonetarySummation"], el)
    return True


def _cii_exemption(tax_el, text):
    insert_before(tax_el, ["BasisAmount", "CategoryCode"], new("ram:ExemptionReason", text))


def _cii_period(parent, start, end, before):
    period = parent.find(f"{{{NS['ram']}}}BillingSpecifiedPeriod")
    if period is None:
        period = insert_before(parent, before, new("ram:BillingSpecifiedPeriod"))
    for child in list(period):
        period.remove(child)
    for tag, value in (("ram:StartDateTime", start), ("ram:EndDateTime", end)):
        if value:
            sub(sub(period, tag), "udt:DateTimeString", value, format="102")
    return period


def _cii_product_add(root, el, before):
    product = _one(root, "//ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedTradeProduct")
    if product is None:
        return False
    insert_before(product, before, el)
    return True


def _cii_structure(what: str):
    def build(root, rng):
        settlement, agreement = _one(root, _SETTLEMENT), _one(root, _AGREEMENT)
        if what == "tax-representative":
            el = new("ram:SellerTaxRepresentativeTradeParty")
            if rng.random() < 0.6:
                sub(el, "ram:Name", "Steuervertretung GmbH")
            if rng.random() < 0.6:
                address = sub(el, "ram:PostalTradeAddress")
                sub(address, "ram:CityName", "Wien")
                if rng.random() < 0.6:
                    sub(address, "ram:CountryID", "AT")
            if rng.random() < 0.6:
                sub(sub(el, "ram:SpecifiedTaxRegistration"), "ram:ID", "ATU12345678", schemeID="VA")
            return insert_before(agreement, ["ProductEndUserTradeParty", "ApplicableTradeDeliveryTerms",
                                             "SellerOrderReferencedDocument", "BuyerOrderReferencedDocument",
                                             "ContractReferencedDocument", "AdditionalReferencedDocument",
                                             "SpecifiedProcuringProject"], el)
        if what in ("payee-same-as-seller", "payee"):
            el = new("ram:PayeeTradeParty")
            if what == "payee-same-as-seller":
                name = _one(root, "//ram:SellerTradeParty/ram:Name")
                sub(el, "ram:Name", name.text if name is not None else "Gleich")
            elif rng.random() < 0.7:
                sub(el, "ram:Name", "Factoring AG")
            else:
                sub(el, "ram:ID", "PAYEE-1")
            return insert_before(settlement, ["TaxApplicableTradeCurrencyExchange", "SpecifiedTradeSettlementPaymentMeans",
                                              "ApplicableTradeTax"], el)
        if what == "billing-reference-without-id":
            el = new("ram:InvoiceReferencedDocument")
            sub(sub(el, "ram:FormattedIssueDateTime"), "qdt:DateTimeString", "20260115", format="102")
            return insert_before(settlement, ["ReceivableSpecifiedTradeAccountingAccount", "SpecifiedAdvancePayment"], el)
        if what == "document-without-id":
            el = new("ram:AdditionalReferencedDocument")
            sub(el, "ram:IssuerAssignedID", "")
            sub(el, "ram:TypeCode", "916")
            return insert_before(agreement, ["BuyerAgentTradeParty", "SpecifiedProcuringProject"], el)
        if what == "item-attribute-without-value":
            el = new("ram:ApplicableProductCharacteristic")
            sub(el, "ram:Description", "Farbe")
            return _cii_product_add(root, el, ["DesignatedProductClassification", "OriginTradeCountry"])
        if what == "standard-id-without-scheme":
            return _cii_product_add(root, new("ram:GlobalID", "4012345678901"),
                                    ["SellerAssignedID", "BuyerAssignedID", "IndustryAssignedID", "Name"])
        if what == "classification-without-list":
            el = new("ram:DesignatedProductClassification")
            if rng.random() < 0.7:
                sub(el, "ram:ClassCode", "30213100")
            else:
                sub(el, "ram:ClassName", "Dienstleistung")
            return _cii_product_add(root, el, ["OriginTradeCountry"])
        if what == "deliver-to-without-country":
            delivery = _one(root, _DELIVERY)
            if delivery is None:
                return False
            for old in delivery.findall(f"{{{NS['ram']}}}ShipToTradeParty"):
                delivery.remove(old)
            el = new("ram:ShipToTradeParty")
            sub(el, "ram:Name", "Stadtbibliothek")
            sub(sub(el, "ram:PostalTradeAddress"), "ram:CityName", "Eichenbrück")
            delivery.insert(0, el)
            return True
        if what == "tax-currency":
            insert_before(settlement, ["InvoiceCurrencyCode"], new("ram:TaxCurrencyCode", "USD"))
            if rng.random() < 0.5:
                summation = settlement.find(f"{{{NS['ram']}}}SpecifiedTradeSettlementHeaderMonetarySummation")
                insert_before(summation, ["RoundingAmount", "GrandTotalAmount"],
                              new("ram:TaxTotalAmount", "123.45", currencyID="USD"))
            return True
        if what == "tax-point-date-and-code":
            tax = settlement.find(f"{{{NS['ram']}}}ApplicableTradeTax")
            if tax is None:
                return False
            date = new("ram:TaxPointDate")
            sub(date, "udt:DateString", "20260331", format="102")
            insert_before(tax, ["RateApplicablePercent"], date)
            insert_before(tax, ["RateApplicablePercent"], new("ram:DueDateTypeCode", rng.choice(["5", "29", "72"])))
            return True
        if what == "period-backwards":
            return _cii_period(settlement, "20261231", "20260101", ["SpecifiedTradeAllowanceCharge",
                               "SpecifiedLogisticsServiceCharge", "SpecifiedTradePaymentTerms",
                               "SpecifiedTradeSettlementHeaderMonetarySummation"])
        if what == "line-period-backwards":
            line = _one(root, "//ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement")
            return line is not None and _cii_period(line, "20260630", "20260601", [
                "SpecifiedTradeAllowanceCharge", "SpecifiedTradeSettlementLineMonetarySummation"])
        if what == "empty-period":
            if rng.random() < 0.5:
                return _cii_period(settlement, None, None, ["SpecifiedTradeAllowanceCharge",
                                   "SpecifiedTradePaymentTerms", "SpecifiedTradeSettlementHeaderMonetarySummation"])
            line = _one(root, "//ram:IncludedSupplyChainTradeLineItem/ram:SpecifiedLineTradeSettlement")
            return line is not None and _cii_period(line, None, None, [
                "SpecifiedTradeAllowanceCharge", "SpecifiedTradeSettlementLineMonetarySummation"])
        if what == "second-breakdown":
            tax = settlement.find(f"{{{NS['ram']}}}ApplicableTradeTax")
            return tax is not None and tax.addnext(copy.deepcopy(tax)) is None
        if what == "endpoint-without-scheme":
            found = _x(root, "//ram:URIUniversalCommunication/ram:URIID[@schemeID]")
            return bool(found) and rng.choice(found).attrib.pop("schemeID") is not None
        if what == "seller-without-ids":
            for el in _x(root, "//ram:SellerTradeParty/ram:SpecifiedTaxRegistration|//ram:SellerTradeParty/ram:ID|"
                               "//ram:SellerTradeParty/ram:GlobalID|//ram:SellerTradeParty/ram:SpecifiedLegalOrganization"):
                el.getparent().remove(el)
            return True
        return False
    return build


_STRUCTURES = ["tax-representative", "payee-same-as-seller", "payee", "billing-reference-without-id",
               "document-without-id", "item-attribute-without-value", "standard-id-without-scheme",
               "classification-without-list", "deliver-to-without-country", "tax-currency", "tax-point-date-and-code",
               "period-backwards", "line-period-backwards", "empty-period", "second-breakdown",
               "endpoint-without-scheme", "seller-without-ids"]

UBL_MAKERS = {
    "document-allowance": _ubl_allowance, "line-allowance": lambda root, arg: _ubl_allowance(root, arg, line=True),
    "exemption-reason": _ubl_exemption, **{what: _ubl_structure(what) for what in _STRUCTURES},
}
CII_MAKERS = {
    "document-allowance": _cii_allowance, "line-allowance": lambda root, arg: _cii_allowance(root, arg, line=True),
    "exemption-reason": _cii_exemption, **{what: _cii_structure(what) for what in _STRUCTURES},
}


def make(root, syntax: str, what: str, argument) -> bool:
    """Add the group `what` to the document (see `mutants`); False when it cannot be added here."""
    builder = (UBL_MAKERS if syntax == "UBL" else CII_MAKERS).get(what)
    return bool(builder) and builder(root, argument) is not False
