"""One invoice written by drafthorse (an independent CII writer) in each Factur-X / ZUGFeRD profile it supports.

The invoice is plain data here (`INVOICE`), not our model, so nothing of our writers is involved:
drafthorse builds the document and checks it against its profile's Factur-X 1.0.07 schema.
A profile writes only the terms it has: MINIMUM the header, parties' names and VAT ids, the buyer
reference and the totals; BASIC WL adds addresses, payment and the VAT breakdown; BASIC adds lines;
EN 16931, EXTENDED and XRECHNUNG (EN 16931 with the XRechnung identifier and its German rules'
terms: the business process, the seller's contact and an electronic address each) carry them all.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.document import Document
from drafthorse.models.party import TaxRegistration
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.tradelines import LineItem

PROFILES = {  # profile → (drafthorse schema, BT-24)
    "MINIMUM": ("FACTUR-X_MINIMUM", "urn:factur-x.eu:1p0:minimum"),
    "BASIC WL": ("FACTUR-X_BASIC-WL", "urn:factur-x.eu:1p0:basicwl"),
    "BASIC": ("FACTUR-X_BASIC", "urn:cen.eu:en16931:2017#compliant#urn:factur-x.eu:1p0:basic"),
    "EN 16931": ("FACTUR-X_EN16931", "urn:cen.eu:en16931:2017"),
    "EXTENDED": ("FACTUR-X_EXTENDED", "urn:cen.eu:en16931:2017#conformant#urn:factur-x.eu:1p0:extended"),
    "XRECHNUNG": ("FACTUR-X_EN16931", "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"),
}
WITH_ADDRESSES = ("BASIC WL", "BASIC", "EN 16931", "EXTENDED", "XRECHNUNG")
WITH_LINES = ("BASIC", "EN 16931", "EXTENDED", "XRECHNUNG")

LINES = (("1", "Streusalz, 25 kg", Decimal("40"), "H87", Decimal("12.50")),
         ("2", "Winterdienst, Einsatzstunde", Decimal("6"), "HUR", Decimal("55.00")))
NET = sum((quantity * price for _, _, quantity, _, price in LINES), Decimal("0")).quantize(Decimal("0.01"))
VAT = (NET * Decimal("0.19")).quantize(Decimal("0.01"))
INVOICE = {
    "number": "DH-2026-0042", "issue_date": date(2026, 3, 2), "due_date": date(2026, 4, 1), "currency": "EUR",
    "buyer_reference": "04011000-1234512345-06",
    "seller": {"name": "Streudienst Nord GmbH", "vat": "DE123456789", "street": "Hafenstraße 12", "postcode": "20457",
               "city": "Hamburg", "country": "DE", "contact": "Jana Kruse", "phone": "+49 40 1234567",
               "email": "rechnung@streudienst.example"},
    "buyer": {"name": "Stadt Musterstadt – Tiefbauamt", "street": "Rathausplatz 1", "postcode": "70173",
              "city": "Stuttgart", "country": "DE", "email": "rechnungseingang@musterstadt.example"},
    "iban": "DE02120300000000202051", "process": "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0", "lines": LINES, "net": NET, "vat": VAT, "gross": NET + VAT,
}


def drafthorse_xml(profile: str, data: dict = INVOICE) -> bytes:
    """The invoice `data` as drafthorse writes it in `profile` (checked against that profile's schema)."""
    schema, specification = PROFILES[profile]
    doc = Document()
    doc.context.guideline_parameter.id = specification
    doc.header.id = data["number"]
    doc.header.type_code = "380"
    doc.header.issue_date_time = data["issue_date"]
    agreement, settlement = doc.trade.agreement, doc.trade.settlement
    agreement.buyer_reference = data["buyer_reference"]
    seller, buyer = data["seller"], data["buyer"]
    agreement.seller.name = seller["name"]
    agreement.seller.tax_registrations.add(TaxRegistration(id=("VA", seller["vat"])))
    agreement.buyer.name = buyer["name"]
    agreement.seller.address.country_id = seller["country"]
    if profile in WITH_ADDRESSES:
        for party, values in ((agreement.seller, seller), (agreement.buyer, buyer)):
            party.address.line_one = values["street"]
            party.address.postcode = values["postcode"]
            party.address.city_name = values["city"]
            party.address.country_id = values["country"]
    if profile == "XRECHNUNG":
        doc.context.business_parameter.id = data["process"]
        agreement.seller.contact.person_name = seller["contact"]
        agreement.seller.contact.telephone.number = seller["phone"]
        agreement.seller.contact.email.address = seller["email"]
        agreement.seller.electronic_address.uri_ID = ("EM", seller["email"])
        agreement.buyer.electronic_address.uri_ID = ("EM", buyer["email"])
    settlement.currency_code = data["currency"]
    if profile in WITH_ADDRESSES:
        means = PaymentMeans()
        means.type_code = "58"
        means.payee_account.iban = data["iban"]
        settlement.payment_means.add(means)
        terms = PaymentTerms()
        terms.due = data["due_date"]
        settlement.terms.add(terms)
        tax = ApplicableTradeTax()
        tax.calculated_amount, tax.basis_amount = data["vat"], data["net"]
        tax.type_code, tax.category_code, tax.rate_applicable_percent = "VAT", "S", Decimal("19.00")
        settlement.trade_tax.add(tax)
    if profile in WITH_LINES:
        for line_id, name, quantity, unit, price in data["lines"]:
            item = LineItem()
            item.document.line_id = line_id
            item.product.name = name
            item.agreement.net.amount = price
            item.delivery.billed_quantity = (quantity, unit)
            item.settlement.trade_tax.type_code = "VAT"
            item.settlement.trade_tax.category_code = "S"
            item.settlement.trade_tax.rate_applicable_percent = Decimal("19.00")
            item.settlement.monetary_summation.total_amount = (quantity * price).quantize(Decimal("0.01"))
            doc.trade.items.add(item)
    totals = settlement.monetary_summation
    if profile in WITH_ADDRESSES:
        totals.line_total = data["net"]
    totals.tax_basis_total = data["net"]
    totals.tax_total = (data["vat"], data["currency"])
    totals.grand_total = data["gross"]
    totals.due_amount = data["gross"]
    return doc.serialize(schema=schema)
