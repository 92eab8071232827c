"""The facts of an accepted invoice that the accounting views need, as recorded in its events.

Read once from the original when the invoice is validated and recorded in `InvoiceValidated`
(version 2, `facts`), or for invoices validated before that by the migration event
`InvoiceFactsRecorded`: so every view, export and audit replays from the events alone, and a
rebuild gives the same rows years later whatever the reader or the deadline rules of the day.
`CaseFacts.model_dump(mode="json")` is the recorded form; `CaseFacts.model_validate` reads it back.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from pydantic import BaseModel, ConfigDict

from invoicing.approvals.deadlines import deadlines
from invoicing.approvals.facts import InvoiceFacts


class VatLine(BaseModel):
    """One line of the VAT breakdown BG-23."""

    model_config = ConfigDict(frozen=True)

    category: str                 # BT-118 VAT category code
    rate: Decimal                 # BT-119 VAT category rate (per cent)
    taxable: Decimal              # BT-116 VAT category taxable amount
    tax: Decimal                  # BT-117 VAT category tax amount


class Discount(BaseModel):
    """One cash-discount tier with its deadline (`invoicing.approvals.deadlines`)."""

    model_config = ConfigDict(frozen=True)

    line: int                     # line of the tier in BT-20
    days: int                     # TAGE
    percent: Decimal              # PROZENT
    base_amount: Decimal          # BASISBETRAG, else BT-115
    discount: Decimal
    deadline: date


class CaseFacts(BaseModel):
    """What the views read once per case: receipt, approval's `InvoiceFacts`, totals BT-109/BT-110, BG-23."""

    model_config = ConfigDict(frozen=True)

    received_at: datetime                 # when the file first arrived (the case's first event)
    invoice: InvoiceFacts
    net: Decimal | None = None            # BT-109 invoice total amount without VAT
    vat_total: Decimal | None = None      # BT-110 invoice total VAT amount
    vat: tuple[VatLine, ...] = ()         # BG-23
    due_date: date                        # BT-9, from BT-20, or 30 days after receipt
    discounts: tuple[Discount, ...] = ()  # Skonto tiers, earliest deadline first (none for credit notes)
    service_date: date | None = None      # BT-72 delivery date, else BT-74 end of the invoicing period (None:
                                          # not given, or recorded before this was kept)

    @classmethod
    def from_invoice(cls, invoice, received_at: datetime) -> CaseFacts:
        """The facts of an `invoicing.model.Invoice` received at `received_at`."""
        totals = invoice.totals
        lines = tuple(VatLine(category=item.category_code or "",
                              rate=item.rate if item.rate is not None else Decimal(0),
                              taxable=item.taxable_amount or Decimal(0), tax=item.tax_amount or Decimal(0))
                      for item in invoice.vat_breakdown)
        facts = InvoiceFacts.from_invoice(invoice)
        terms = deadlines(facts, received_at)
        delivered = invoice.delivery.actual_delivery_date if invoice.delivery else None
        period_end = invoice.invoicing_period.end_date if invoice.invoicing_period else None
        return cls(received_at=received_at, invoice=facts, net=totals.total_without_vat if totals else None,
                   service_date=delivered or period_end,
                   vat_total=totals.vat_total if totals else None, vat=lines, due_date=terms.due.date,
                   discounts=tuple(Discount(line=item.tier.line, days=item.tier.days, percent=item.tier.percent,
                                            base_amount=item.base_amount, discount=item.discount,
                                            deadline=item.deadline) for item in terms.discounts))

    def vat_lines(self) -> dict[tuple[str, Decimal], tuple[Decimal, Decimal]]:
        """(BT-118, BT-119) → (BT-116, BT-117), signed (negative for credit notes); repeated pairs summed."""
        sign = -1 if self.invoice.is_credit_note else 1
        lines: dict[tuple[str, Decimal], tuple[Decimal, Decimal]] = {}
        for line in self.vat:
            taxable, tax = lines.get((line.category, line.rate), (Decimal(0), Decimal(0)))
            lines[(line.category, line.rate)] = (taxable + sign * line.taxable, tax + sign * line.tax)
        return lines
