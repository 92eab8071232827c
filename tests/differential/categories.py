"""Generated invoices moved into the VAT categories the generator does not write (AE, K, G, O, L, M), and into Z
and E with a document allowance and charge.

The generator writes categories S, Z and E only (what the city's suppliers charge), so the rules of the
other categories (BR-AE-*, BR-IC-*, BR-G-*, BR-O-*, BR-AF-*, BR-AG-*) had no seed in which their context
holds and their test is true, and one edit could not make most of them fail. `recategorised` turns a
generated invoice into one that satisfies the category's rules as the CEN model file states them
(`schematron/en16931-ubl/abstract/EN16931-model.sch` of `../shared/official`): some lines (every line for
O, whose BR-O-11 to -14 forbid other categories) get the category and its rate, the document gets an
allowance and a charge in it (the rules -03, -04, -06 and -07 of each category look at those), the VAT
breakdown and totals are computed again, and the parties get the identifiers the category asks for
(BR-AE-02, BR-IC-02, BR-G-02) or lose the ones it forbids (BR-O-02). XRechnung's BR-DE-14 wants a rate in
every breakdown, so O's breakdown states 0 while its lines, allowance and charge state none (BR-O-05 to -07).

Groups the generator never writes ride along: the G seeds name a seller's tax representative (BG-11), the L
and M seeds are billed in another currency with their VAT stated in euros too (`FOREIGN`), the G and O seeds
are paid by card (`CARD_CATEGORIES`).
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from invoicing.generator import city
from invoicing.generator.amounts import document_totals, money, percent_of, present, vat_breakdown
from invoicing.model import (
    DeliverToAddress,
    DeliveryInformation,
    DocumentAllowance,
    DocumentCharge,
    Invoice,
    LineVatInformation,
    PaymentCard,
    PaymentInstructions,
    SellerTaxRepresentative,
    TaxRepresentativePostalAddress,
)

ZERO = Decimal("0")
CATEGORIES: dict[str, tuple[Decimal, tuple[str, str] | None]] = {
    "AE": (ZERO, ("Steuerschuldnerschaft des Leistungsempfängers", "VATEX-EU-AE")),
    "K": (ZERO, ("Steuerfreie innergemeinschaftliche Lieferung", "VATEX-EU-IC")),
    "G": (ZERO, ("Steuerfreie Ausfuhrlieferung", "VATEX-EU-G")),
    "O": (ZERO, ("Nicht steuerbarer Umsatz", "VATEX-EU-O")),
    "L": (Decimal("7"), None),  # IGIC: a rate, no exemption reason (BR-AF-10)
    "M": (Decimal("4"), None),  # IPSI: likewise (BR-AG-10)
    # the generator's own zero-rated and exempt categories, which it gives an allowance or charge only by chance
    "Z": (ZERO, None),  # BR-Z-10: no exemption reason
    "E": (ZERO, ("Steuerfrei nach § 4 Nr. 21 UStG (Bildungsleistungen)", "VATEX-EU-132-1I")),
}
"""Category → (rate, (BT-120, BT-121) or None)."""

FOREIGN = {"L": ("CHF", Decimal("0.95")), "M": ("HUF", Decimal("0.0026"))}
"""Category → (BT-5 invoice currency, EUR per unit of it): those seeds are billed in another currency and state
their VAT in euros as well (BT-6, BT-111), which no generated invoice does; HUF is the currency Peppol's rounding
rules single out (PEPPOL-EN16931-R120/R121 of the XRechnung rule files)."""
CARD_CATEGORIES = ("G", "O")
"""Categories whose seeds are paid by card (BT-81 "54", BG-18), which the generator never writes."""

SELLER_VAT = "DE298765432"
BUYER_VAT = "DE811456789"


def recategorised(invoice: Invoice, category: str) -> Invoice:
    """`invoice` with its even-numbered lines (every line for O), one allowance and one charge in `category`."""
    rate, reason = CATEGORIES[category]
    vat = LineVatInformation(category_code=category, rate=rate)
    lines = tuple(line.model_copy(update={"vat": vat}) if category == "O" or number % 2 == 0 else line
                  for number, line in enumerate(invoice.lines))
    moved = sum((present(line.net_amount) for line in lines if present(line.vat).category_code == category),
                Decimal("0.00"))
    allowance = DocumentAllowance(amount=percent_of(moved, Decimal("3")), base_amount=moved, percentage=Decimal("3"),
                                  vat_category_code=category, vat_rate=rate, reason="Rabatt", reason_code="95")
    charge = DocumentCharge(amount=Decimal("12.50"), vat_category_code=category, vat_rate=rate,
                            reason="Frachtkosten", reason_code="FC")
    allowances = (*(() if category == "O" else invoice.allowances), allowance)
    charges = (*(() if category == "O" else invoice.charges), charge)
    reasons = {present(entry.category_code): (present(entry.exemption_reason), entry.exemption_reason_code)
               for entry in invoice.vat_breakdown if entry.exemption_reason}  # the generator's E lines keep theirs
    reasons.update({category: reason} if reason else {})
    breakdown = vat_breakdown(lines, allowances, charges, reasons)
    old = invoice.totals
    paid = None
    if old is not None and old.paid_amount is not None and old.total_with_vat:
        share = old.paid_amount / old.total_with_vat
        paid = money(present(document_totals(lines, allowances, charges, breakdown).total_with_vat) * share)
    totals = document_totals(lines, allowances, charges, breakdown, paid)
    if category == "O":  # BR-O-05 to -07: no rate on lines, allowances and charges
        lines = tuple(line.model_copy(update={"vat": LineVatInformation(category_code="O")}) for line in lines)
        allowances = tuple(item.model_copy(update={"vat_rate": None}) for item in allowances)
        charges = tuple(item.model_copy(update={"vat_rate": None}) for item in charges)
    if category in FOREIGN:
        currency, euros = FOREIGN[category]
        totals = totals.model_copy(update={"vat_total_accounting_currency": money(present(totals.vat_total) * euros)})
        invoice = invoice.model_copy(update={"currency_code": currency, "vat_accounting_currency_code": "EUR"})
    if category in CARD_CATEGORIES:
        invoice = invoice.model_copy(update={"payment_instructions": (PaymentInstructions(
            means_type_code="54", means_text="Kreditkarte", remittance_information=invoice.number,
            card=PaymentCard(primary_account_number="4321", holder_name="Stadtkasse Eichenbrück")),)})
    return invoice.model_copy(update={
        "lines": lines, "allowances": allowances, "charges": charges, "vat_breakdown": breakdown, "totals": totals,
        "seller": _seller(invoice, category), "buyer": _buyer(invoice, category),
        "seller_tax_representative": _representative() if category == "G" else None if category == "O"
        else invoice.seller_tax_representative,
        "delivery": _delivery(invoice) if category == "K" else invoice.delivery,
    })


def _seller(invoice: Invoice, category: str):
    seller = present(invoice.seller)
    if category == "O":  # BR-O-02: no VAT identifier; BR-DE-16 asks for none of BT-31/BT-32 with O alone
        return seller.model_copy(update={"vat_identifier": None, "tax_registration_identifier": None})
    return seller.model_copy(update={"vat_identifier": seller.vat_identifier or SELLER_VAT})


def _buyer(invoice: Invoice, category: str):
    buyer = present(invoice.buyer)
    if category in ("AE", "K"):  # BR-AE-02, BR-IC-02: the buyer's VAT identifier
        return buyer.model_copy(update={"vat_identifier": BUYER_VAT})
    return buyer.model_copy(update={"vat_identifier": None}) if category == "O" else buyer


def _representative() -> SellerTaxRepresentative:
    """BG-11, which the generator never writes (BR-18 to -20 and BR-56 look at it)."""
    return SellerTaxRepresentative(name="Steuerberatung Lindner GmbH", vat_identifier="DE287654321",
                                   postal_address=TaxRepresentativePostalAddress(
                                       line_1="Kanzleistraße 8", city="Stuttgart", post_code="70173", country_code="DE"))


def _delivery(invoice: Invoice) -> DeliveryInformation:
    """BR-IC-11 and -12: a delivery date or invoicing period, and the deliver-to country."""
    delivery = invoice.delivery or DeliveryInformation()
    address = delivery.address or DeliverToAddress(line_1="Am Bauhof 3", city=city.CITY, post_code=city.POST_CODE,
                                                   country_code="DE")
    dated = delivery.actual_delivery_date or (None if invoice.invoicing_period else
                                              present(invoice.issue_date) - timedelta(days=3))
    return delivery.model_copy(update={"address": address, "actual_delivery_date": dated})
