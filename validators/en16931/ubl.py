"""One pass over a UBL 2.1 Invoice or CreditNote that fills the syntax-neutral `View`.

The walk descends only into the aggregates the rules read, dispatching on each child's tag, so
its cost is one visit per relevant element. It never judges anything: the rules do.
"""

from __future__ import annotations

from types import SimpleNamespace

from lxml import etree

from validators.en16931.view import (
    Account, Allowance, Breakdown, DocumentReference, Line, Party, PaymentMeans, Period, TaxCategory, TaxTotal,
    Totals, View,
)

CAC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2}"
CBC = "{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}"
CREDIT_NOTE = "{urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2}CreditNote"


def _tags(namespace: str, names: str) -> SimpleNamespace:
    """Clark names of elements in `namespace`, built once (e.g. `cbc.ID`)."""
    return SimpleNamespace(**{name: namespace + name for name in names.split()})

cbc = _tags(CBC, "ActualDeliveryDate AllowanceChargeReason AllowanceChargeReasonCode AllowanceTotalAmount Amount "
                 "BaseAmount ChargeIndicator ChargeTotalAmount CompanyID CompanyLegalForm CreditNoteTypeCode "
                 "CreditedQuantity CustomizationID Description DescriptionCode DocumentCurrencyCode "
                 "DocumentDescription DocumentTypeCode EndDate EndpointID ID IdentificationCode InvoiceTypeCode "
                 "InvoicedQuantity IssueDate ItemClassificationCode LineExtensionAmount LineID Name Note PayableAmount "
                 "PayableRoundingAmount PaymentDueDate PaymentID PaymentMeansCode Percent PrepaidAmount PriceAmount "
                 "PrimaryAccountNumberID RegistrationName StartDate TaxAmount TaxCurrencyCode TaxExclusiveAmount "
                 "TaxExemptionReason TaxExemptionReasonCode TaxInclusiveAmount TaxPointDate TaxableAmount Value")
cac = _tags(CAC, "AccountingCustomerParty AccountingSupplierParty AdditionalDocumentReference AdditionalItemProperty "
                 "Address AllowanceCharge Attachment BillingReference CardAccount ClassifiedTaxCategory "
                 "CommodityClassification ContractDocumentReference Country CreditNoteLine Delivery DeliveryLocation "
                 "DeliveryParty DespatchDocumentReference DocumentReference InvoiceDocumentReference InvoiceLine "
                 "InvoicePeriod Item LegalMonetaryTotal OrderLineReference OriginatorDocumentReference Party "
                 "PartyIdentification PartyLegalEntity PartyName PartyTaxScheme PayeeFinancialAccount PayeeParty "
                 "PaymentMandate PaymentMeans PaymentTerms PostalAddress Price ProjectReference "
                 "ReceiptDocumentReference StandardItemIdentification TaxCategory TaxRepresentativeParty TaxScheme "
                 "TaxSubtotal TaxTotal")


def _text(el) -> str:
    return el.text or ""


def _is_vat(scheme) -> bool:
    """cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT' for one cac:TaxScheme."""
    for scheme_id in scheme.iterchildren(cbc.ID):
        text = scheme_id.text
        if text == "VAT" or (text and " ".join(text.upper().split()) == "VAT"):
            return True
    return False


def _vat_scheme(el) -> bool:
    """cac:TaxScheme/normalize-space(upper-case(cbc:ID)) = 'VAT' for the category or registration `el`."""
    return any(_is_vat(scheme) for scheme in el.iterchildren(cac.TaxScheme))


def _category(el) -> TaxCategory:
    category = TaxCategory(el)
    category.vat = False
    for child in el:
        tag = child.tag
        if tag == cac.TaxScheme:
            category.vat = category.vat or _is_vat(child)
        elif tag == cbc.ID:
            if category.code is None:
                category.code = _text(child)
        elif tag == cbc.Percent:
            if category.percent is None:
                category.percent = _text(child)
        elif tag == cbc.TaxExemptionReason:
            category.reasons.append(_text(child))
        elif tag == cbc.TaxExemptionReasonCode:
            if category.reason_code is None:
                category.reason_code = _text(child)
    return category


def _charge_indicator(text: str | None) -> bool | None:
    """`cbc:ChargeIndicator = true()/false()`: the text cast to xs:boolean (None: neither)."""
    if text is None:
        return None
    value = text.strip()
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    return None


def _allowance(el) -> Allowance:
    allowance = Allowance(el)
    for child in el:
        tag = child.tag
        if tag == cbc.ChargeIndicator:
            if allowance.indicator is None:
                allowance.indicator = _text(child)
        elif tag == cbc.Amount:
            allowance.amounts.append(_text(child))
        elif tag == cbc.BaseAmount:
            if allowance.base is None:
                allowance.base = _text(child)
        elif tag == cbc.AllowanceChargeReason:
            allowance.reasons.append(child)
        elif tag == cbc.AllowanceChargeReasonCode:
            allowance.reason_codes.append(child)
        elif tag == cac.TaxCategory:
            allowance.categories.append(_category(child))
    allowance.charge = _charge_indicator(allowance.indicator)
    return allowance


def _period(el) -> Period:
    period = Period(el)
    period.has_children = len(el) > 0
    period.start_format = period.end_format = "ok"  # UBL dates are compared as xs:date
    for child in el:
        tag = child.tag
        if tag == cbc.StartDate:
            period.start = _text(child)
        elif tag == cbc.EndDate:
            period.end = _text(child)
        elif tag == cbc.DescriptionCode:
            period.code = _text(child)
    return period


def _address_country(address) -> str | None:
    for country in address.iterchildren(cac.Country):
        for code in country.iterchildren(cbc.IdentificationCode):
            return _text(code)
    return None


def _party(el, party: Party | None = None) -> Party:
    """Fill a Party from a cac:Party (or a PayeeParty / TaxRepresentativeParty, same content)."""
    party = party or Party(el)
    party.el = el
    for child in el:
        tag = child.tag
        if tag == cbc.EndpointID:
            party.endpoints.append(child)
        elif tag == cac.PartyIdentification:
            for identifier in child.iterchildren(cbc.ID):
                party.ids.append((_text(identifier), identifier.get("schemeID")))
        elif tag == cac.PartyName:
            for name in child.iterchildren(cbc.Name):
                party.trading_names.append(_text(name))
        elif tag == cac.PostalAddress:
            if party.address is None:
                party.address = child
                party.country = _address_country(child)
        elif tag == cac.PartyTaxScheme:
            _party_tax_scheme(child, party)
        elif tag == cac.PartyLegalEntity:
            for entity_child in child:
                if entity_child.tag == cbc.RegistrationName:
                    party.names.append(_text(entity_child))
                elif entity_child.tag == cbc.CompanyID:
                    party.legal_ids.append(_text(entity_child))
                elif entity_child.tag == cbc.CompanyLegalForm:
                    party.legal_forms.append(entity_child)
    party.name = party.names[0] if party.names else None
    return party


def _party_tax_scheme(el, party: Party) -> None:
    """A cac:PartyTaxScheme: its CompanyIDs (VAT ones if the scheme is VAT) and whether it is complete."""
    companies: list[str] = []
    vat = scheme_ids = False
    for child in el:
        tag = child.tag
        if tag == cbc.CompanyID:
            companies.append(child.text or "")
        elif tag == cac.TaxScheme:
            for scheme_id in child.iterchildren(cbc.ID):
                scheme_ids = True
                text = scheme_id.text
                if text == "VAT" or (text and " ".join(text.upper().split()) == "VAT"):
                    vat = True
    for company in companies:
        party.tax_ids.append((company, "VAT" if vat else None))
        if vat:
            party.vat_ids.append(company)
    party.tax_schemes.append((el, scheme_ids, len(companies)))


def _wrapped_party(el) -> Party:
    """AccountingSupplierParty / AccountingCustomerParty: the party is in cac:Party."""
    party = Party(el)
    for inner in el.iterchildren(cac.Party):
        _party(inner, party)
        party.el = el
        break
    return party


def _payment_means(el) -> PaymentMeans:
    means = PaymentMeans(el)
    for child in el:
        tag = child.tag
        if tag == cbc.PaymentMeansCode:
            means.codes.append(child)
            if means.code is None:
                means.code = _text(child)
        elif tag == cac.PayeeFinancialAccount:
            account = Account(child)
            account.ids = [_text(i) for i in child.iterchildren(cbc.ID)]
            means.accounts.append(account)
        elif tag == cac.CardAccount:
            means.cards.append(child)
            means.card_numbers.extend(child.iterchildren(cbc.PrimaryAccountNumberID))
        elif tag == cbc.PaymentID:
            means.payment_ids.append(_text(child))
        elif tag == cbc.PaymentDueDate:
            means.due_dates.append(child)
        elif tag == cac.PaymentMandate:
            means.mandates.append(child)
            means.mandate_ids.extend(child.iterchildren(cbc.ID))
    return means


def _document_reference(el) -> DocumentReference:
    reference = DocumentReference(el)
    for child in el:
        tag = child.tag
        if tag == cbc.ID:
            reference.has_id = True
            reference.ids.append(child)
            if reference.id is None:
                reference.id = _text(child)
                reference.scheme = child.get("schemeID")
        elif tag == cbc.DocumentTypeCode:
            reference.type_code = _text(child)
            reference.type_codes.append(reference.type_code)
        elif tag == cbc.DocumentDescription:
            reference.descriptions.append(child)
        elif tag == cac.Attachment:
            reference.attachments.append(child)
    return reference


def _tax_total(el, view: View) -> TaxTotal:
    total = TaxTotal(el)
    for child in el:
        tag = child.tag
        if tag == cbc.TaxAmount:
            total.amounts.append((_text(child), child.get("currencyID")))
        elif tag == cac.TaxSubtotal:
            breakdown = Breakdown(child)
            for part in child:
                part_tag = part.tag
                if part_tag == cbc.TaxableAmount:
                    breakdown.taxable = _text(part)
                elif part_tag == cbc.TaxAmount:
                    breakdown.tax = _text(part)
                elif part_tag == cac.TaxCategory and breakdown.category is None:
                    breakdown.category = _category(part)
            total.breakdowns.append(breakdown)
            view.breakdowns.append(breakdown)
    return total


_TOTAL_FIELDS = {
    cbc.LineExtensionAmount: "line", cbc.TaxExclusiveAmount: "without_vat",
    cbc.TaxInclusiveAmount: "with_vat", cbc.AllowanceTotalAmount: "allowances",
    cbc.ChargeTotalAmount: "charges", cbc.PrepaidAmount: "prepaid",
    cbc.PayableRoundingAmount: "rounding", cbc.PayableAmount: "payable",
}


def _totals(el) -> Totals:
    totals = Totals(el)
    for child in el:
        field = _TOTAL_FIELDS.get(child.tag)
        if field:
            getattr(totals, field).append(_text(child))
    return totals


def _item(el, line: Line) -> None:
    for child in el:
        tag = child.tag
        if tag == cbc.Name:
            if line.name is None:
                line.name = _text(child)
        elif tag == cbc.Description:
            line.descriptions.append(child)
        elif tag == cac.ClassifiedTaxCategory:
            line.categories.append(_category(child))
        elif tag == cac.StandardItemIdentification:
            for identifier in child.iterchildren(cbc.ID):
                line.standard_ids.append((identifier, identifier.get("schemeID")))
        elif tag == cac.CommodityClassification:
            for code in child.iterchildren(cbc.ItemClassificationCode):
                line.classifications.append((code, code.get("listID")))
        elif tag == cac.AdditionalItemProperty:
            names = values = False
            for part in child:
                if part.tag == cbc.Name:
                    names = True
                elif part.tag == cbc.Value:
                    values = True
            line.attributes.append((child, names, values))


def _price(el, line: Line) -> None:
    line.price_el = el
    for child in el:
        tag = child.tag
        if tag == cbc.PriceAmount:
            line.price_amounts.append(_text(child))
        elif tag == cac.AllowanceCharge:
            for part in child:
                if part.tag == cbc.BaseAmount:
                    if line.gross is None:
                        line.gross = _text(part)
                elif part.tag == cbc.Amount:
                    line.price_allowance_amounts.append(part)
    line.price = line.price_amounts[0] if line.price_amounts else None


def _line(el) -> Line:
    line = Line(el)
    for child in el:
        tag = child.tag
        if tag == cbc.ID:
            if line.id is None:
                line.id = _text(child)
        elif tag == cbc.InvoicedQuantity or tag == cbc.CreditedQuantity:
            if line.quantity_el is None:
                line.quantity_el = child
                line.quantity = _text(child)
                line.unit_code = child.get("unitCode")
        elif tag == cbc.LineExtensionAmount:
            if line.net is None:
                line.net = _text(child)
        elif tag == cbc.Note:
            line.notes.append(child)
        elif tag == cac.InvoicePeriod:
            line.periods.append(_period(child))
        elif tag == cac.AllowanceCharge:
            line.allowances.append(_allowance(child))
        elif tag == cac.Item:
            _item(child, line)
        elif tag == cac.Price:
            _price(child, line)
        elif tag == cac.OrderLineReference:
            line.order_line_ids.extend(child.iterchildren(cbc.LineID))
        elif tag == cac.DocumentReference:
            line.document_refs.append(_document_reference(child))
    return line


def _delivery(el, view: View) -> None:
    address = country = date = None
    party_names = 0
    for child in el:
        if child.tag == cbc.ActualDeliveryDate:
            date = _text(child)
        elif child.tag == cac.DeliveryLocation:
            for candidate in child.iterchildren(cac.Address):
                address = candidate
                country = _address_country(candidate)
                break
        elif child.tag == cac.DeliveryParty:
            party_names += sum(1 for name in child.iterchildren(cac.PartyName) for _ in name.iterchildren(cbc.Name))
    view.deliveries.append((el, address, country, date, party_names))


def _billing_reference(view: View, el) -> None:
    reference = DocumentReference(el)
    for inner in el.iterchildren(cac.InvoiceDocumentReference):
        reference.names.append(inner)
        for _ in inner.iterchildren(cbc.ID):
            reference.has_id = True
    view.billing_refs.append(reference)


def _type_code(view: View, el) -> None:
    if view.type_code_el is None:
        view.type_code_el, view.type_code = el, _text(el)


def _payee(view: View, el) -> None:
    view.payee = _party(el)
    view.payee.name = view.payee.trading_names[0] if view.payee.trading_names else None


def _tax_representative(view: View, el) -> None:
    view.tax_rep = _party(el)
    view.tax_rep.name = view.tax_rep.trading_names[0] if view.tax_rep.trading_names else None


def _monetary_total(view: View, el) -> None:
    if view.totals is None:
        view.totals = _totals(el)


def _count_ids(key: str):
    """Count the cbc:ID children of a root-level reference (UBL-SR-01…03, 39, 56)."""
    def handle(view: View, el) -> None:
        view.counts[key] = view.counts.get(key, 0) + sum(1 for _ in el.iterchildren(cbc.ID))
    return handle


def _payment_terms(view: View, el) -> None:
    view.payment_terms.append(el)
    view.counts["PaymentTerms/Note"] = view.counts.get("PaymentTerms/Note", 0) + sum(
        1 for _ in el.iterchildren(cbc.Note))


def _set(field: str):
    def handle(view: View, el) -> None:
        setattr(view, field, _text(el))
    return handle


_ROOT_CHILDREN = {
    cac.InvoiceLine: lambda view, el: view.lines.append(_line(el)),
    cac.CreditNoteLine: lambda view, el: view.lines.append(_line(el)),
    cbc.CustomizationID: _set("specification"),
    cbc.ID: _set("number"),
    cbc.IssueDate: _set("issue_date"),
    cbc.InvoiceTypeCode: _type_code,
    cbc.CreditNoteTypeCode: _type_code,
    cbc.Note: lambda view, el: view.notes.append((el, _text(el))),
    cbc.TaxPointDate: lambda view, el: view.tax_point_dates.append(_text(el)),
    cbc.DocumentCurrencyCode: lambda view, el: view.currencies.append(_text(el)),
    cbc.TaxCurrencyCode: lambda view, el: view.tax_currencies.append(_text(el)),
    cac.InvoicePeriod: lambda view, el: view.periods.append(_period(el)),
    cac.BillingReference: _billing_reference,
    cac.AdditionalDocumentReference: lambda view, el: view.documents.append(_document_reference(el)),
    cac.AccountingSupplierParty: lambda view, el: setattr(view, "seller", _wrapped_party(el)),
    cac.AccountingCustomerParty: lambda view, el: setattr(view, "buyer", _wrapped_party(el)),
    cac.PayeeParty: _payee,
    cac.TaxRepresentativeParty: _tax_representative,
    cac.Delivery: lambda view, el: _delivery(el, view),
    cac.PaymentMeans: lambda view, el: view.payment_means.append(_payment_means(el)),
    cac.PaymentTerms: _payment_terms,
    cac.AllowanceCharge: lambda view, el: view.allowances.append(_allowance(el)),
    cac.TaxTotal: lambda view, el: view.tax_totals.append(_tax_total(el, view)),
    cac.LegalMonetaryTotal: _monetary_total,
    cac.ContractDocumentReference: _count_ids("ContractDocumentReference/ID"),
    cac.ReceiptDocumentReference: _count_ids("ReceiptDocumentReference/ID"),
    cac.DespatchDocumentReference: _count_ids("DespatchDocumentReference/ID"),
    cac.OriginatorDocumentReference: _count_ids("OriginatorDocumentReference/ID"),
    cac.ProjectReference: _count_ids("ProjectReference/ID"),
}
"""What to do with each child of the root element (others are not read by the EN 16931 rules)."""


def extract(root: etree._Element) -> View:
    """The view of the UBL document whose root element is `root`."""
    view = View(root)
    view.syntax, view.ubl = "UBL", True
    view.root = root
    view.credit_note = root.tag == CREDIT_NOTE
    handlers = _ROOT_CHILDREN
    for child in root:
        handler = handlers.get(child.tag)
        if handler is not None:
            handler(view, child)
    return view
