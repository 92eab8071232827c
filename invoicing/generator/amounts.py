"""The arithmetic of an EN 16931 invoice, done exactly as the standard's rules check it.

All monetary amounts have two decimals, rounded half up (commercial rounding):

* BT-131 line net amount = round(BT-129 × BT-146 / BT-149) − Σ BT-136 + Σ BT-141.
* BR-CO-10 BT-106 = Σ BT-131;  BR-CO-11 BT-107 = Σ BT-92;  BR-CO-12 BT-108 = Σ BT-99.
* BR-CO-13 BT-109 = BT-106 − BT-107 + BT-108.
* BR-S-08 / BR-Z-08 / BR-E-08: BT-116 per category and rate = Σ line nets + Σ charges − Σ allowances
  of that category and rate.
* BR-CO-17 BT-117 = round(BT-116 × BT-119 / 100);  BR-CO-14 BT-110 = Σ BT-117.
* BR-CO-15 BT-112 = BT-109 + BT-110;  BR-CO-16 BT-115 = BT-112 − BT-113 + BT-114.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import TypeVar

from invoicing.model import DocumentAllowance, DocumentCharge, DocumentTotals, InvoiceLine, VatBreakdown

CENT = Decimal("0.01")
_CATEGORY_ORDER = "SZEAEKGOLM"
T = TypeVar("T")


def present(value: T | None) -> T:
    """`value`, which every generated invoice has (the model allows it absent, as an invoice read may lack it)."""
    assert value is not None, "the generator sets every value it computes with"
    return value


def money(value: Decimal) -> Decimal:
    """`value` rounded half up to two decimals."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent_of(base: Decimal, percentage: Decimal) -> Decimal:
    """`percentage` % of `base`, rounded to cents (allowance and charge amounts, BT-92 = BT-93 × BT-94 / 100)."""
    return money(base * percentage / 100)


def line_net_amount(quantity: Decimal, net_price: Decimal, base_quantity: Decimal | None,
                    allowances: Iterable[Decimal] = (), charges: Iterable[Decimal] = ()) -> Decimal:
    """BT-131 for a line: quantity × price per base quantity, rounded, minus allowances plus charges."""
    return money(quantity * net_price / (base_quantity or 1)) - sum(allowances, Decimal("0.00")) + sum(charges, Decimal("0.00"))


def vat_breakdown(lines: Iterable[InvoiceLine], allowances: Iterable[DocumentAllowance] = (),
                  charges: Iterable[DocumentCharge] = (),
                  exemption_reasons: dict[str, tuple[str, str | None]] | None = None) -> tuple[VatBreakdown, ...]:
    """BG-23: one entry per (category, rate), taxable amount and tax computed per BR-CO-17 and BR-*-08.

    `exemption_reasons` maps a category code (e.g. "E") to its BT-120 text and BT-121 code.
    """
    taxable: dict[tuple[str, Decimal], Decimal] = {}
    for line in lines:
        vat = present(line.vat)
        key = (present(vat.category_code), present(vat.rate))
        taxable[key] = taxable.get(key, Decimal("0.00")) + present(line.net_amount)
    for charge in charges:
        key = (present(charge.vat_category_code), present(charge.vat_rate))
        taxable[key] = taxable.get(key, Decimal("0.00")) + present(charge.amount)
    for allowance in allowances:
        key = (present(allowance.vat_category_code), present(allowance.vat_rate))
        taxable[key] = taxable.get(key, Decimal("0.00")) - present(allowance.amount)
    reasons = exemption_reasons or {}
    return tuple(
        VatBreakdown(
            taxable_amount=amount,
            tax_amount=money(amount * rate / 100),
            category_code=category,
            rate=rate,
            exemption_reason=reasons.get(category, (None, None))[0],
            exemption_reason_code=reasons.get(category, (None, None))[1],
        )
        for (category, rate), amount in sorted(taxable.items(), key=lambda item: (_CATEGORY_ORDER.find(item[0][0]), -item[0][1]))
    )


def document_totals(lines: Iterable[InvoiceLine], allowances: Iterable[DocumentAllowance],
                    charges: Iterable[DocumentCharge], breakdown: Iterable[VatBreakdown],
                    paid_amount: Decimal | None = None) -> DocumentTotals:
    """BG-22 per BR-CO-10 … BR-CO-16; BT-107, BT-108 and BT-113 only when there is something to sum."""
    allowances, charges = tuple(allowances), tuple(charges)
    line_total = sum((present(line.net_amount) for line in lines), Decimal("0.00"))
    allowance_total = sum((present(allowance.amount) for allowance in allowances), Decimal("0.00"))
    charge_total = sum((present(charge.amount) for charge in charges), Decimal("0.00"))
    without_vat = line_total - allowance_total + charge_total
    vat_total = sum((present(entry.tax_amount) for entry in breakdown), Decimal("0.00"))
    with_vat = without_vat + vat_total
    return DocumentTotals(
        line_net_total=line_total,
        allowance_total=allowance_total if allowances else None,
        charge_total=charge_total if charges else None,
        total_without_vat=without_vat,
        vat_total=vat_total,
        total_with_vat=with_vat,
        paid_amount=paid_amount,
        amount_due=with_vat - (paid_amount or Decimal("0.00")),
    )
