"""Seeded, deterministic synthetic XRechnung 3.0 invoices to the Stadt Eichenbrück.

`generate_invoice(seed, kind=…)` is a pure function of its arguments: it draws everything from
`random.Random(seed)` (never the global generator, never the clock), so equal seeds give equal
invoices. Issue dates fall in 2026. Amounts are Decimals with two decimals, computed exactly as
EN 16931 checks them (see `amounts`).
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from random import Random

from invoicing.generator import city, suppliers
from invoicing.generator.amounts import document_totals, money, percent_of, present, vat_breakdown
from invoicing.generator.checksums import german_iban
from invoicing.generator.documents import notes, preceding_invoices, references, supporting_documents
from invoicing.generator.lines import billing_period, choose_items, line_count, make_line
from invoicing.generator.payment import payment_instructions, payment_terms
from invoicing.model import (
    Buyer,
    BuyerContact,
    BuyerPostalAddress,
    DeliverToAddress,
    DeliveryInformation,
    DocumentAllowance,
    DocumentCharge,
    Identifier,
    Invoice,
    InvoiceLine,
    InvoicingPeriod,
    Payee,
    ProcessControl,
)

XRECHNUNG_3_0 = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
EN_16931 = "urn:cen.eu:en16931:2017"
PEPPOL_BILLING = "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0"

KINDS = {
    "standard": "380", "credit_note": "381", "corrected": "384", "partial": "326",
    "partial_construction": "875", "partial_final_construction": "876", "final_construction": "877",
}
"""Kinds of document the generator makes → BT-3 type code (all allowed by BR-DE-17)."""

MIX = {"standard": 76, "credit_note": 8, "corrected": 4, "partial": 3, "partial_construction": 5,
       "partial_final_construction": 1, "final_construction": 3}
"""Relative frequency of each kind in `kind="mixed"` and in batches."""

_CONSTRUCTION_KINDS = ("partial_construction", "partial_final_construction", "final_construction")
_FIRST_DAY = date(2026, 1, 1)


def generate_invoice(seed: int, *, kind: str = "standard") -> Invoice:
    """A realistic German XRechnung 3.0 invoice (or credit note) for `seed`; `kind` is a key of KINDS or "mixed"."""
    rng = Random(seed)
    if kind == "mixed":
        kind = rng.choices(tuple(MIX), weights=tuple(MIX.values()))[0]
    if kind not in KINDS:
        raise ValueError(f"Unknown kind {kind!r}; expected one of {', '.join(KINDS)} or 'mixed'.")
    type_code = KINDS[kind]
    construction = kind in _CONSTRUCTION_KINDS
    supplier = suppliers.supplier(rng.choice(suppliers.suppliers_of(lambda trade: trade.construction or not construction)))
    trade = supplier.trade
    unit = city.UNITS[rng.choice(trade.units)]
    issue_date = _FIRST_DAY + timedelta(days=rng.randrange(365))
    number = supplier.invoice_number(issue_date.year, suppliers.running_number(rng, issue_date),
                                     credit_note=type_code == "381")

    items = choose_items(rng, trade, line_count(rng, at_most=3 if type_code == "381" else 20))
    billing = billing_period(rng, items, issue_date)
    ordered = rng.random() < 0.7
    style = rng.choice(("{}", "{}0", "{:03d}"))
    lines = tuple(
        make_line(rng, style.format(position), item, trade, billing, order_line=ordered and rng.random() < 0.3,
                  note=_line_note(rng, trade.construction, item in items[:position - 1]))
        for position, item in enumerate(items, start=1))
    allowances, charges = _document_allowances_and_charges(rng, lines)
    reasons = {"E": trade.exemption} if trade.exemption and any(present(line.vat).category_code == "E" for line in lines) else {}
    breakdown = vat_breakdown(lines, allowances, charges, reasons)
    totals = document_totals(lines, allowances, charges, breakdown)
    if type_code in ("876", "877"):
        paid = money(present(totals.total_with_vat) * Decimal(rng.randrange(40, 86)) / 100)
        totals = document_totals(lines, allowances, charges, breakdown, paid)

    direct_debit = trade.direct_debit and type_code != "381" and rng.random() < 0.7
    payee = _payee(rng) if not direct_debit and type_code != "381" and rng.random() < 0.03 else None
    terms = payment_terms(rng, supplier, type_code, issue_date, present(totals.amount_due), direct_debit)
    preceding = preceding_invoices(rng, supplier, type_code, issue_date)
    delivery, period = _delivery_and_period(rng, trade.services or construction, unit, issue_date, billing)
    return Invoice(
        number=number,
        issue_date=issue_date,
        type_code=type_code,
        currency_code="EUR",
        due_date=terms.due_date,
        buyer_reference=city.CENTRAL_LEITWEG_ID if rng.random() < 0.15 else unit.leitweg_id,
        payment_terms=terms.text,
        notes=notes(rng, type_code, preceding, payee[0].name if payee else None),
        process_control=ProcessControl(business_process_type=PEPPOL_BILLING, specification_identifier=XRECHNUNG_3_0),
        preceding_invoices=preceding[-1:],
        seller=supplier.seller,
        buyer=_buyer(rng, unit),
        payee=payee[0] if payee else None,
        delivery=delivery,
        invoicing_period=period,
        payment_instructions=(payment_instructions(rng, supplier, number, type_code=type_code, direct_debit=direct_debit,
                                                   payee_account=payee[1] if payee else None),),
        allowances=allowances,
        charges=charges,
        totals=totals,
        vat_breakdown=breakdown,
        supporting_documents=supporting_documents(rng, number, lines),
        lines=lines,
        **references(rng, unit, trade, ordered, issue_date),
    )


def generate_batch(seed: int, count: int, *, kind: str = "mixed") -> tuple[Invoice, ...]:
    """`count` invoices for `seed`: invoice i is `generate_invoice` of the i-th number drawn from Random(seed)."""
    rng = Random(seed)
    return tuple(generate_invoice(rng.getrandbits(63), kind=kind) for _ in range(count))


def _line_note(rng: Random, construction: bool, repeated: bool) -> str | None:
    if construction and rng.random() < 0.5:
        return f"OZ 01.{rng.randrange(1, 12):02d}.{rng.randrange(1, 60) * 10:04d}"
    if repeated:
        return f"Lieferschein LS-{rng.randrange(10_000, 99_999)}"
    return None


def _document_allowances_and_charges(rng: Random, lines: tuple[InvoiceLine, ...]):
    """BG-20 and BG-21, sometimes: a discount or a fee on the (category, rate) with the largest line total."""
    totals: dict[tuple[str, Decimal], Decimal] = {}
    for line in lines:
        vat = present(line.vat)
        key = (present(vat.category_code), present(vat.rate))
        totals[key] = totals.get(key, Decimal("0.00")) + present(line.net_amount)
    (category, rate), base = max(totals.items(), key=lambda item: item[1])
    allowances: tuple[DocumentAllowance, ...] = ()
    if rng.random() < 0.1 and base >= 50:
        if rng.random() < 0.6:
            percentage = Decimal(rng.choice(("2", "3", "5")))
            allowances = (DocumentAllowance(amount=percent_of(base, percentage), base_amount=base, percentage=percentage,
                                            vat_category_code=category, vat_rate=rate, reason="Rabatt", reason_code="95"),)
        else:
            allowances = (DocumentAllowance(amount=money(base * Decimal(rng.randrange(1, 10)) / 100),
                                            vat_category_code=category, vat_rate=rate, reason="Sonderrabatt",
                                            reason_code="100"),)
    charges: tuple[DocumentCharge, ...] = ()
    if rng.random() < 0.12:
        reason, code = rng.choice((("Frachtkosten", "FC"), ("Verpackung", "PC"), ("Anfahrtspauschale", None),
                                   ("Entsorgungspauschale", None)))
        amount = money(Decimal(rng.randrange(500, 15_000)) / 100)
        charges = (DocumentCharge(amount=amount, vat_category_code=category, vat_rate=rate, reason=reason,
                                  reason_code=code),)
    return allowances, charges


def _buyer(rng: Random, unit: city.Unit) -> Buyer:
    by_leitweg = rng.random() < 0.7
    return Buyer(
        name=city.CITY_NAME,
        identifier=Identifier(value=f"KD{rng.randrange(10_000, 99_999)}") if rng.random() < 0.2 else None,
        electronic_address=(Identifier(value=unit.leitweg_id, scheme_id="0204") if by_leitweg
                            else Identifier(value=f"rechnungseingang@{city.DOMAIN}", scheme_id="EM")),
        postal_address=BuyerPostalAddress(line_1=unit.street, line_2=unit.name, line_3=unit.building,
                                          city=city.CITY, post_code=city.POST_CODE, country_code="DE"),
        contact=(BuyerContact(point=f"{unit.clerk}, {unit.name}", telephone=unit.telephone, email=unit.email)
                 if rng.random() < 0.6 else None),
    )


def _delivery_and_period(rng: Random, performed_over_time: bool, unit: city.Unit, issue_date: date, billing):
    """BG-13 and BG-14: a delivery date for goods, a performance period for services (always one of them)."""
    site = rng.choice(unit.sites) if unit.sites and rng.random() < 0.4 else None
    period = InvoicingPeriod(start_date=billing.start, end_date=billing.end) if billing else None
    delivered = None
    if performed_over_time and period is None:
        end = issue_date - timedelta(days=rng.randrange(0, 10))
        period = InvoicingPeriod(start_date=end - timedelta(days=rng.randrange(6, 120)), end_date=end)
    elif not performed_over_time:
        delivered = issue_date - timedelta(days=rng.randrange(0, 15))
    if site is None and delivered is None:
        return None, period
    address = None if site is None else DeliverToAddress(line_1=site.street, city=city.CITY, post_code=city.POST_CODE,
                                                         country_code="DE")
    return DeliveryInformation(party_name=site.name if site else None, actual_delivery_date=delivered,
                               address=address), period


def _payee(rng: Random) -> tuple[Payee, tuple[str, str, str]]:
    """A factoring company the claim was assigned to, and its account (IBAN, BIC, name)."""
    name = rng.choice(("Süddeutsche Factoring GmbH", "Mittelstands-Factoring Neckar GmbH"))
    iban = german_iban(f"6004{rng.randrange(1000, 9999)}", str(rng.randrange(10**8, 10**10)))
    return Payee(name=name), (iban, "SFACDES1XXX", name)
