"""Invoice lines (BG-25) drawn from a trade's catalogue, with prices, discounts and periods."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from random import Random
from typing import cast

from invoicing.generator.amounts import line_net_amount, percent_of, present
from invoicing.generator.checksums import gs1_check_digit
from invoicing.generator.trades import VAT_RATES, Item, Trade
from invoicing.model import (
    ClassificationIdentifier,
    Identifier,
    InvoiceLine,
    ItemAttribute,
    ItemInformation,
    LineAllowance,
    LineCharge,
    LinePeriod,
    LineVatInformation,
    PriceDetails,
)

LINE_COUNT_WEIGHTS = (20, 16, 13, 11, 9, 8, 6, 5, 4, 3, 3, 2, 2, 2, 1, 1, 1, 1, 1, 1)
"""Relative frequency of 1, 2, … 20 lines on an invoice: mostly short, sometimes long."""


@dataclass(frozen=True)
class Billing:
    """The period that periodic lines (monthly fees, annual licences, metered energy) are billed for."""

    start: date
    end: date
    months: int


def line_count(rng: Random, *, at_most: int = 20) -> int:
    """How many lines the next invoice has (1 … at_most)."""
    return rng.choices(range(1, at_most + 1), weights=LINE_COUNT_WEIGHTS[:at_most])[0]


def choose_items(rng: Random, trade: Trade, count: int) -> list[Item]:
    """`count` catalogue items; each item once while the catalogue lasts, then repeats (e.g. several deliveries)."""
    items = rng.sample(trade.items, min(count, len(trade.items)))
    return items + [rng.choice(trade.items) for _ in range(count - len(items))]


def billing_period(rng: Random, items: list[Item], issue_date: date) -> Billing | None:
    """The period of the periodic items: a year in advance if one is annual, else 1 or 3 months in arrears."""
    periodic = [item for item in items if item.periodic]
    if not periodic:
        return None
    if any(item.unit == "ANN" for item in periodic):
        start = issue_date.replace(day=1)
        return Billing(start, _add_months(start, 12) - timedelta(days=1), 12)
    months = rng.choice((1, 1, 1, 3))
    end = issue_date.replace(day=1) - timedelta(days=1)
    return Billing(_add_months(end.replace(day=1), 1 - months), end, months)


def make_line(rng: Random, position: str, item: Item, trade: Trade, billing: Billing | None, *,
              order_line: bool, note: str | None = None) -> InvoiceLine:
    """One invoice line for `item`, its net amount computed per EN 16931 (see `amounts`)."""
    quantity = _draw(rng, *item.quantity)
    if item.periodic and billing and item.unit == "MON":
        quantity = Decimal(billing.months)
    net_price = _draw(rng, item.price[0], item.price[1], _step(item.price[0]))
    gross_price = discount = None
    if item.unit in ("H87", "XPK", "XBX") and item.per == 1 and _decimals(item.price[0]) == 2 and rng.random() < 0.1:
        gross_price, discount = net_price, percent_of(net_price, Decimal(rng.choice((5, 10, 15))))
        net_price = gross_price - discount
    base_quantity = Decimal(item.per) if item.per != 1 else None
    gross_amount = line_net_amount(quantity, net_price, base_quantity)

    allowances: tuple[LineAllowance, ...] = ()
    if rng.random() < 0.1 and gross_amount >= 10:
        percentage = Decimal(rng.choice(("2", "3", "5", "10", "2.5")))
        allowances = (LineAllowance(amount=percent_of(gross_amount, percentage), base_amount=gross_amount,
                                    percentage=percentage, reason=rng.choice(("Rabatt", "Projektrabatt")),
                                    reason_code="95"),)
    charges: tuple[LineCharge, ...] = ()
    if rng.random() < 0.04:
        charges = (LineCharge(amount=_draw(rng, "5.00", "45.00", "0.50"),
                              reason=rng.choice(("Mindermengenzuschlag", "Expresszuschlag"))),)

    category, rate = VAT_RATES[item.vat]
    return InvoiceLine(
        identifier=position,
        note=note,
        quantity=quantity,
        quantity_unit_code=item.unit,
        net_amount=line_net_amount(quantity, net_price, base_quantity,
                                   (present(a.amount) for a in allowances), (present(c.amount) for c in charges)),
        purchase_order_line_reference=position if order_line else None,
        buyer_accounting_reference=f"42{rng.randrange(10_000, 99_999)}" if rng.random() < 0.05 else None,
        period=LinePeriod(start_date=billing.start, end_date=billing.end) if item.periodic and billing else None,
        allowances=allowances,
        charges=charges,
        price=PriceDetails(net_price=net_price, discount=discount, gross_price=gross_price,
                           base_quantity=base_quantity, base_quantity_unit_code=item.unit if base_quantity else None),
        vat=LineVatInformation(category_code=category, rate=rate),
        item=_item_information(rng, item, trade),
    )


def _item_information(rng: Random, item: Item, trade: Trade) -> ItemInformation:
    standard = None
    if item.book:
        body = f"978{rng.randrange(3, 4)}{rng.randrange(10**8, 10**9)}"
        standard = Identifier(value=body + gs1_check_digit(body), scheme_id="0160")
    elif item.unit in ("H87", "XPK", "XBX") and rng.random() < 0.15:
        body = f"40{rng.randrange(10**9, 10**10)}"
        standard = Identifier(value=body + gs1_check_digit(body), scheme_id="0160")
    classifications: tuple[ClassificationIdentifier, ...] = ()
    if trade.cpv and rng.random() < 0.15:
        classifications = (ClassificationIdentifier(value=trade.cpv, scheme_id="STI"),)
    attributes: tuple[ItemAttribute, ...] = ()
    if rng.random() < 0.05:
        attributes = (ItemAttribute(name=rng.choice(("Farbe", "Ausführung")), value=rng.choice(("grau", "Standard", "blau"))),)
    return ItemInformation(
        name=item.name,
        description="Leistung gemäß Angebot und Leistungsverzeichnis." if rng.random() < 0.1 else None,
        sellers_identifier=f"{rng.randrange(100, 999)}-{rng.randrange(1000, 9999)}" if rng.random() < 0.5 else None,
        buyers_identifier=f"MAT{rng.randrange(10_000, 99_999)}" if rng.random() < 0.05 else None,
        standard_identifier=standard,
        classification_identifiers=classifications,
        country_of_origin="DE" if rng.random() < 0.05 else None,
        attributes=attributes,
    )


def _draw(rng: Random, low: str, high: str, step: str) -> Decimal:
    """A random multiple of `step` between `low` and `high`, with the decimals of `low`."""
    lo, hi, unit = Decimal(low), Decimal(high), Decimal(step)
    value = lo + unit * rng.randrange(int((hi - lo) / unit) + 1)
    return value.quantize(Decimal(1).scaleb(-_decimals(low)))


def _step(text: str) -> str:
    return str(Decimal(1).scaleb(-_decimals(text)))


def _decimals(text: str) -> int:
    return max(0, -cast(int, Decimal(text).as_tuple().exponent))  # a finite number's exponent is an int


def _add_months(day: date, months: int) -> date:
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))
