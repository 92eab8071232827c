"""One pass over a UN/CEFACT CII D16B CrossIndustryInvoice that fills the syntax-neutral `View`.

Like `ubl.extract` it descends only into the aggregates the rules read, dispatching on tags.
"""

from __future__ import annotations

from types import SimpleNamespace

from lxml import etree

from validators.en16931.view import (
    Account, Allowance, Breakdown, DocumentReference, Line, Party, PaymentMeans, Period, TaxCategory, Totals, View,
)

RSM = "{urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100}"
RAM = "{urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100}"
UDT = "{urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100}"


def _tags(namespace: str, names: str) -> SimpleNamespace:
    """Clark names of elements in `namespace`, built once (e.g. `cbc.ID`)."""
    return SimpleNamespace(**{name: namespace + name for name in names.split()})

ram = _tags(RAM, "ActualAmount ActualDeliverySupplyChainEvent AdditionalReferencedDocument AllowanceTotalAmount "
                 "ApplicableHeaderTradeAgreement ApplicableHeaderTradeDelivery ApplicableHeaderTradeSettlement "
                 "ApplicableProductCharacteristic ApplicableTradeSettlementFinancialCard ApplicableTradeTax "
                 "AppliedAmount AssociatedDocumentLineDocument AttachmentBinaryObject BasisAmount BilledQuantity "
                 "BillingSpecifiedPeriod BuyerOrderReferencedDocument BuyerTradeParty CalculatedAmount "
                 "CalculationPercent CategoryCode CategoryTradeTax ChargeAmount ChargeIndicator ChargeTotalAmount "
                 "ClassCode ContractReferencedDocument CountryID DefinedTradeContact Description "
                 "DesignatedProductClassification DueDateTypeCode DuePayableAmount EndDateTime ExemptionReason "
                 "ExemptionReasonCode GlobalID GrandTotalAmount GrossPriceProductTradePrice "
                 "GuidelineSpecifiedDocumentContextParameter IBANID ID IncludedNote IncludedSupplyChainTradeLineItem "
                 "Information InvoiceCurrencyCode InvoiceReferencedDocument IssueDateTime IssuerAssignedID LineID "
                 "LineTotalAmount Name NetPriceProductTradePrice OccurrenceDateTime PayeePartyCreditorFinancialAccount "
                 "PayeeSpecifiedCreditorFinancialInstitution PayeeTradeParty PayerSpecifiedDebtorFinancialInstitution "
                 "PaymentReference PostalTradeAddress ProprietaryID RateApplicablePercent Reason ReasonCode "
                 "ReferenceTypeCode RoundingAmount SellerTaxRepresentativeTradeParty SellerTradeParty ShipToTradeParty "
                 "SpecifiedLegalOrganization SpecifiedLineTradeAgreement SpecifiedLineTradeDelivery "
                 "SpecifiedLineTradeSettlement SpecifiedLogisticsServiceCharge SpecifiedProcuringProject "
                 "SpecifiedTaxRegistration SpecifiedTradeAllowanceCharge SpecifiedTradePaymentTerms "
                 "SpecifiedTradeProduct SpecifiedTradeSettlementHeaderMonetarySummation "
                 "SpecifiedTradeSettlementLineMonetarySummation SpecifiedTradeSettlementPaymentMeans StartDateTime "
                 "TaxBasisTotalAmount TaxCurrencyCode TaxPointDate TaxTotalAmount TotalPrepaidAmount TypeCode URIID "
                 "URIUniversalCommunication Value")
rsm = _tags(RSM, "ExchangedDocument ExchangedDocumentContext SupplyChainTradeTransaction")
udt = _tags(UDT, "DateTimeString Indicator")


def _text(el) -> str:
    return el.text or ""


def _date(el) -> tuple[str, str | None]:
    """(DateTimeString text, its format) of a udt date element ("" / None when missing)."""
    for string in el.iterchildren(udt.DateTimeString):
        return _text(string), string.get("format")
    return "", None


def _tax(el) -> TaxCategory:
    """A ram:ApplicableTradeTax or ram:CategoryTradeTax as a VAT category."""
    category = TaxCategory(el)
    for child in el:
        tag = child.tag
        if tag == ram.CategoryCode:
            if category.code is None:
                category.code = _text(child)
        elif tag == ram.RateApplicablePercent:
            if category.percent is None:
                category.percent = _text(child)
        elif tag == ram.TypeCode:
            if category.type_code is None:
                category.type_code = _text(child)
        elif tag == ram.ExemptionReason:
            category.reasons.append(_text(child))
        elif tag == ram.ExemptionReasonCode:
            if category.reason_code is None:
                category.reason_code = _text(child)
    category.vat = " ".join((category.type_code or "").upper().split()) == "VAT"
    return category


def _allowance(el) -> Allowance:
    allowance = Allowance(el)
    for child in el:
        tag = child.tag
        if tag == ram.ChargeIndicator:
            for indicator in child.iterchildren(udt.Indicator):
                allowance.indicator = _text(indicator)
                break
        elif tag == ram.ActualAmount:
            allowance.amounts.append(_text(child))
        elif tag == ram.BasisAmount:
            if allowance.base is None:
                allowance.base = _text(child)
        elif tag == ram.Reason:
            allowance.reasons.append(child)
        elif tag == ram.ReasonCode:
            allowance.reason_codes.append(child)
        elif tag == ram.CategoryTradeTax:
            allowance.categories.append(_tax(child))
        elif tag == ram.CalculationPercent:
            allowance.percents.append(_text(child))
    allowance.charge = {"true": True, "false": False}.get(allowance.indicator)
    return allowance


def _period(el) -> Period:
    period = Period(el)
    period.has_children = len(el) > 0
    for child in el:
        if child.tag == ram.StartDateTime:
            period.start, fmt = _date(child)
            period.start_format = "ok" if fmt == "102" else None
        elif child.tag == ram.EndDateTime:
            period.end, fmt = _date(child)
            period.end_format = "ok" if fmt == "102" else None
    return period


def _party(el) -> Party:
    party = Party(el)
    for child in el:
        tag = child.tag
        if tag == ram.ID:
            party.ids.append((_text(child), child.get("schemeID")))
        elif tag == ram.GlobalID:
            party.global_ids.append((_text(child), child.get("schemeID")))
        elif tag == ram.Name:
            party.names.append(_text(child))
        elif tag == ram.SpecifiedLegalOrganization:
            party.legal_ids.extend(_text(i) for i in child.iterchildren(ram.ID))
        elif tag == ram.PostalTradeAddress:
            if party.address is None:
                party.address = child
                for country in child.iterchildren(ram.CountryID):
                    party.country = _text(country)
                    break
        elif tag == ram.URIUniversalCommunication:
            uri = next(child.iterchildren(ram.URIID), None)
            party.endpoints.append(uri)
        elif tag == ram.SpecifiedTaxRegistration:
            for identifier in child.iterchildren(ram.ID):
                scheme = identifier.get("schemeID")
                party.tax_ids.append((_text(identifier), scheme))
                if scheme == "VA":
                    party.vat_ids.append(_text(identifier))
        elif tag == ram.DefinedTradeContact:
            party.contacts.append(child)
    party.name = party.names[0] if party.names else None
    return party


def _document_reference(el) -> DocumentReference:
    reference = DocumentReference(el)
    for child in el:
        tag = child.tag
        if tag == ram.IssuerAssignedID:
            reference.has_id = True
            if reference.id is None:
                reference.id = _text(child)
        elif tag == ram.TypeCode:
            reference.type_code = _text(child)
        elif tag == ram.ReferenceTypeCode:
            reference.scheme = _text(child)
        elif tag == ram.Name:
            reference.names.append(child)
        elif tag == ram.AttachmentBinaryObject:
            reference.attachments.append(child)
    return reference


def _agreement(el, view: View) -> None:
    view.agreement = el
    for child in el:
        tag = child.tag
        if tag == ram.SellerTradeParty:
            view.seller = _party(child)
        elif tag == ram.BuyerTradeParty:
            view.buyer = _party(child)
        elif tag == ram.SellerTaxRepresentativeTradeParty:
            view.tax_rep = _party(child)
        elif tag == ram.AdditionalReferencedDocument:
            view.documents.append(_document_reference(child))
        elif tag == ram.ContractReferencedDocument:
            view.contract_refs.append(child)
        elif tag == ram.SpecifiedProcuringProject:
            view.project_refs.append(child)


def _delivery(el, view: View) -> None:
    address = country = date = None
    for child in el:
        if child.tag == ram.ShipToTradeParty:
            for candidate in child.iterchildren(ram.PostalTradeAddress):
                address = candidate
                for code in candidate.iterchildren(ram.CountryID):
                    country = _text(code)
                    break
                break
        elif child.tag == ram.ActualDeliverySupplyChainEvent:
            for occurrence in child.iterchildren(ram.OccurrenceDateTime):
                for string in occurrence.iterchildren(udt.DateTimeString):
                    date = _text(string)
    view.deliveries.append((el, address, country, date, 0))


def _payment_means(el) -> PaymentMeans:
    means = PaymentMeans(el)
    for child in el:
        tag = child.tag
        if tag == ram.TypeCode:
            means.codes.append(child)
            if means.code is None:
                means.code = _text(child)
        elif tag == ram.Information:
            means.information.append(_text(child))
        elif tag == ram.PayeePartyCreditorFinancialAccount:
            account = Account(child)
            account.iban = [_text(i) for i in child.iterchildren(ram.IBANID)]
            account.proprietary = [_text(i) for i in child.iterchildren(ram.ProprietaryID)]
            account.ids = account.iban + account.proprietary
            means.accounts.append(account)
        elif tag == ram.ApplicableTradeSettlementFinancialCard:
            means.card_numbers.extend(child.iterchildren(ram.ID))
        elif tag == ram.PayeeSpecifiedCreditorFinancialInstitution:
            means.creditor_institution = child
        elif tag == ram.PayerSpecifiedDebtorFinancialInstitution:
            means.debtor_institution = child
    return means


_TOTAL_FIELDS = {
    ram.LineTotalAmount: "line", ram.ChargeTotalAmount: "charges", ram.AllowanceTotalAmount: "allowances",
    ram.TaxBasisTotalAmount: "without_vat", ram.GrandTotalAmount: "with_vat",
    ram.TotalPrepaidAmount: "prepaid", ram.RoundingAmount: "rounding", ram.DuePayableAmount: "payable",
}


def _settlement(el, view: View) -> None:
    view.header_settlement = el
    logistics: list[str] = []
    for child in el:
        tag = child.tag
        if tag == ram.ApplicableTradeTax:
            breakdown = Breakdown(child)
            breakdown.category = _tax(child)
            for part in child:
                part_tag = part.tag
                if part_tag == ram.BasisAmount:
                    if breakdown.taxable is None:
                        breakdown.taxable = _text(part)
                elif part_tag == ram.CalculatedAmount:
                    if breakdown.tax is None:
                        breakdown.tax = _text(part)
                elif part_tag == ram.TaxPointDate:
                    breakdown.tax_point_date = part
                elif part_tag == ram.DueDateTypeCode:
                    breakdown.due_date_code = _text(part)
            view.breakdowns.append(breakdown)
        elif tag == ram.SpecifiedTradeAllowanceCharge:
            view.allowances.append(_allowance(child))
        elif tag == ram.SpecifiedTradeSettlementHeaderMonetarySummation:
            totals = Totals(child)
            for part in child:
                field = _TOTAL_FIELDS.get(part.tag)
                if field:
                    getattr(totals, field).append(_text(part))
                elif part.tag == ram.TaxTotalAmount:
                    totals.vat.append((_text(part), part.get("currencyID")))
            if view.totals is None:
                view.totals = totals
        elif tag == ram.InvoiceCurrencyCode:
            view.currencies.append(_text(child))
        elif tag == ram.TaxCurrencyCode:
            view.tax_currencies.append(_text(child))
        elif tag == ram.BillingSpecifiedPeriod:
            view.periods.append(_period(child))
        elif tag == ram.SpecifiedTradeSettlementPaymentMeans:
            view.payment_means.append(_payment_means(child))
        elif tag == ram.PayeeTradeParty:
            view.payee = _party(child)
        elif tag == ram.InvoiceReferencedDocument:
            view.billing_refs.append(_document_reference(child))
        elif tag == ram.SpecifiedLogisticsServiceCharge:
            logistics.extend(_text(a) for a in child.iterchildren(ram.AppliedAmount))
        elif tag == ram.PaymentReference:
            view.payment_references.append(child)
        elif tag == ram.SpecifiedTradePaymentTerms:
            view.payment_terms.append(child)
    if view.totals is not None:
        view.totals.logistics = logistics


def _product(el, line: Line) -> None:
    for child in el:
        tag = child.tag
        if tag == ram.Name:
            if line.name is None:
                line.name = _text(child)
        elif tag == ram.GlobalID:
            line.standard_ids.append((child, child.get("schemeID") or None))
        elif tag == ram.Description:
            line.descriptions.append(child)
        elif tag == ram.ApplicableProductCharacteristic:
            names = any(True for _ in child.iterchildren(ram.Description))
            values = any(True for _ in child.iterchildren(ram.Value))
            line.attributes.append((child, names, values))
        elif tag == ram.DesignatedProductClassification:
            code = next(child.iterchildren(ram.ClassCode), None)
            line.classifications.append((code if code is not None else child,
                                         (code.get("listID") or None) if code is not None else None))


def _line(el, view: View) -> Line:
    line = Line(el)
    for child in el:
        tag = child.tag
        if tag == ram.AssociatedDocumentLineDocument:
            for identifier in child.iterchildren(ram.LineID):
                line.id = _text(identifier)
                break
            line.notes.extend(child.iterchildren(ram.IncludedNote))
        elif tag == ram.SpecifiedTradeProduct:
            _product(child, line)
        elif tag == ram.SpecifiedLineTradeAgreement:
            for part in child:
                if part.tag == ram.NetPriceProductTradePrice:
                    line.price_el = part
                    line.price_amounts.extend(_text(a) for a in part.iterchildren(ram.ChargeAmount))
                elif part.tag == ram.GrossPriceProductTradePrice:
                    for amount in part.iterchildren(ram.ChargeAmount):
                        if line.gross is None:
                            line.gross = _text(amount)
                elif part.tag == ram.BuyerOrderReferencedDocument:
                    line.order_line_ids.extend(part.iterchildren(ram.LineID))
            line.price = line.price_amounts[0] if line.price_amounts else None
        elif tag == ram.SpecifiedLineTradeDelivery:
            for quantity in child.iterchildren(ram.BilledQuantity):
                line.quantity_el = quantity
                line.quantity = _text(quantity)
                line.unit_code = quantity.get("unitCode")
                break
        elif tag == ram.SpecifiedLineTradeSettlement:
            for part in child:
                part_tag = part.tag
                if part_tag == ram.ApplicableTradeTax:
                    line.categories.append(_tax(part))
                elif part_tag == ram.BillingSpecifiedPeriod:
                    line.periods.append(_period(part))
                elif part_tag == ram.SpecifiedTradeAllowanceCharge:
                    line.allowances.append(_allowance(part))
                elif part_tag == ram.SpecifiedTradeSettlementLineMonetarySummation:
                    for amount in part.iterchildren(ram.LineTotalAmount):
                        if line.net is None:
                            line.net = _text(amount)
                elif part_tag == ram.AdditionalReferencedDocument:
                    reference = _document_reference(part)
                    line.object_refs.append(reference)
                    view.documents.append(reference)
    return line


def extract(root: etree._Element) -> View:
    """The view of the CII document whose root element is `root`."""
    view = View(root)
    view.syntax, view.ubl = "CII", False
    view.root = root
    view.credit_note = False
    for child in root:
        tag = child.tag
        if tag == rsm.ExchangedDocumentContext:
            for parameter in child.iterchildren(ram.GuidelineSpecifiedDocumentContextParameter):
                for identifier in parameter.iterchildren(ram.ID):
                    view.specification = _text(identifier)
                    break
                break
        elif tag == rsm.ExchangedDocument:
            for part in child:
                if part.tag == ram.ID:
                    view.number = _text(part)
                elif part.tag == ram.TypeCode:
                    view.type_code_el, view.type_code = part, _text(part)
                elif part.tag == ram.IssueDateTime:
                    text, fmt = _date(part)
                    view.issue_date = text if fmt == "102" else None
                elif part.tag == ram.IncludedNote:
                    view.notes.append((part, ""))
        elif tag == rsm.SupplyChainTradeTransaction:
            for part in child:
                part_tag = part.tag
                if part_tag == ram.IncludedSupplyChainTradeLineItem:
                    view.lines.append(_line(part, view))
                elif part_tag == ram.ApplicableHeaderTradeAgreement:
                    _agreement(part, view)
                elif part_tag == ram.ApplicableHeaderTradeDelivery:
                    _delivery(part, view)
                elif part_tag == ram.ApplicableHeaderTradeSettlement:
                    _settlement(part, view)
    return view
