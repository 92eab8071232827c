"""Exporting approved invoices to accounting: choose them, mark them exported, write the files, deliver.

1. **Choose**: the invoices the register shows approved (not yet exported). The register may lag
   behind the log by a moment; an invoice approved since comes with the next export.
2. **Book**: one booking per VAT category and rate (`projections.exports.datev`), from the facts
   recorded in the invoice's events (`Invoices.get_case(...).accounting_facts`). An invoice that
   cannot be booked (no tax key for a rate, not in EUR, no facts recorded) is left out, with the
   reason, and not marked.
3. **Mark**: `Invoices.mark_exported` records `InvoiceExported` (target, batch) on each case. It
   refuses an invoice exported before (`AlreadyExported`) or no longer approved: such an invoice is
   left out of the file. So an invoice is never in two batches, whoever exports at the same time.
4. **Write and deliver**: one Buchungsstapel per fiscal year touched, to the `ExportTarget`.

Marking comes before delivering: a crash in between leaves invoices marked for a batch that was
not delivered (visible in the register's `export_batch`), never an invoice delivered twice. The
batch is then delivered again with `redeliver`, rebuilt from the register and the facts; its files
are the same bytes (the creation time is the batch id's).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from uuid import UUID

from invoicing.approvals.clock import CITY_TIMEZONE
from invoicing.lifecycle.case import Status
from invoicing.lifecycle.errors import AlreadyExported, NotAllowedNow
from projections.exports import ExportFile, ExportTarget
from projections.exports.accounts import AccountMapping, rate_text
from projections.exports.datev import Booking, extf
from invoicing.lifecycle.accounting import CaseFacts
from invoicing.lifecycle.errors import IntegrityAlarm
from projections.register import InvoiceRegister


class NotDelivered(RuntimeError):
    """The invoices were marked exported, but the target did not take the files: deliver the batch again."""


@dataclass
class ExportReport:
    """What an export did: the batch, the invoices exported and left out (with why), the files."""

    batch: str
    target: str
    exported: list[UUID] = field(default_factory=list)
    skipped: list[tuple[UUID, str]] = field(default_factory=list)
    files: list[ExportFile] = field(default_factory=list)
    location: str | None = None
    totals: dict[tuple[str, Decimal], Decimal] = field(default_factory=dict)
    """(VAT category, rate) → signed amount booked (positive for invoices, negative for credit notes)."""


def batch_id(at: datetime) -> str:
    """The id of a batch exported at `at`: its UTC time to the millisecond, e.g. "20260302T101500123Z"."""
    at = at.astimezone(timezone.utc)
    return at.strftime("%Y%m%dT%H%M%S") + f"{at.microsecond // 1000:03d}Z"


def batch_time(batch: str) -> datetime:
    """When batch `batch` was exported (the inverse of `batch_id`)."""
    moment = datetime.strptime(batch[:15], "%Y%m%dT%H%M%S").replace(tzinfo=timezone.utc)
    return moment.replace(microsecond=int(batch[15:18]) * 1000)


def recorded_facts(invoices, case_ids: list[UUID]) -> dict[UUID, CaseFacts | None]:
    """The facts recorded in each case's events (None: none recorded, or its history fails its integrity check)."""
    found: dict[UUID, CaseFacts | None] = {}
    for case_id in case_ids:
        try:
            found[case_id] = invoices.get_case(case_id).accounting_facts
        except IntegrityAlarm:
            found[case_id] = None
    return found


def bookings_for(row: dict, found: CaseFacts | None, mapping: AccountMapping) -> list[Booking] | str:
    """The bookings of one approved invoice (register row and facts), or why it cannot be booked."""
    if found is None:
        return ("its facts are not recorded (its original could not be read, or it was validated before they were "
                "recorded: run `invoicing db migrate`), so its VAT breakdown (BG-23) is unknown")
    invoice = found.invoice
    if (invoice.currency or "EUR") != "EUR":
        return f"it is in {invoice.currency}; the Buchungsstapel is written in EUR only"
    if invoice.issue_date is None:
        return "it has no issue date (BT-2) for the Belegdatum"
    lines = found.vat_lines()
    if not lines:
        return "it has no VAT breakdown (BG-23)"
    creditor, expense = mapping.creditor(invoice), mapping.expense(invoice)
    text = " ".join(part for part in (invoice.seller_name, invoice.number) if part)
    bookings = []
    for (category, rate), (taxable, tax) in sorted(lines.items()):
        key = mapping.tax_key(category, rate)
        if key is None:
            return (f"no tax key (BU-Schlüssel) is set for VAT category {category} at {rate_text(rate)} %; "
                    f"add \"{category}:{rate_text(rate)}\" to [tax_keys] of the account mapping")
        signed = taxable + tax
        if signed == 0:
            continue
        bookings.append(Booking(amount=abs(signed), side="H" if signed > 0 else "S", currency="EUR",
                                account=creditor, contra_account=expense, tax_key=key,
                                document_date=invoice.issue_date, number=invoice.number or "", text=text,
                                case_id=row["case_id"], leitweg_id=invoice.buyer_reference, category=category,
                                rate=rate))
    return bookings


def export_approved(invoices, register: InvoiceRegister, target: ExportTarget,
                    mapping: AccountMapping, *, by: str, at: datetime | None = None,
                    limit: int | None = None) -> ExportReport:
    """Export every approved invoice not yet exported (see the module docstring); raises `NotDelivered`."""
    at = at or datetime.now(timezone.utc)
    report = ExportReport(batch_id(at), target.name)
    candidates = register.with_status(Status.APPROVED, limit=limit)
    facts = recorded_facts(invoices, [row["case_id"] for row in candidates])
    booked: list[Booking] = []
    for row in candidates:
        lines = bookings_for(row, facts.get(row["case_id"]), mapping)
        if isinstance(lines, str):
            report.skipped.append((row["case_id"], f"Not exported: {lines}."))
            continue
        try:
            invoices.mark_exported(row["case_id"], target=target.name, batch=report.batch, by=by)
        except (AlreadyExported, NotAllowedNow) as refusal:
            report.skipped.append((row["case_id"], refusal.message))
            continue
        report.exported.append(row["case_id"])
        booked += lines
    _deliver(report, booked, target, mapping)
    return report


def redeliver(batch: str, invoices, register: InvoiceRegister, target: ExportTarget,
              mapping: AccountMapping) -> ExportReport:
    """Write and deliver batch `batch` again (its invoices as the register shows them exported in it)."""
    report = ExportReport(batch, target.name)
    rows = register.in_batch(batch)
    facts = recorded_facts(invoices, [row["case_id"] for row in rows])
    booked = []
    for row in rows:
        lines = bookings_for(row, facts.get(row["case_id"]), mapping)
        if isinstance(lines, str):
            report.skipped.append((row["case_id"], f"Not exported: {lines}."))
            continue
        report.exported.append(row["case_id"])
        booked += lines
    _deliver(report, booked, target, mapping)
    return report


def _deliver(report: ExportReport, booked: list[Booking], target: ExportTarget, mapping: AccountMapping) -> None:
    booked.sort(key=lambda booking: (booking.document_date, booking.number, str(booking.case_id), booking.category,
                                     booking.rate))
    for booking in booked:
        key = (booking.category, booking.rate)
        report.totals[key] = report.totals.get(key, Decimal(0)) + booking.signed
    created = batch_time(report.batch).astimezone(CITY_TIMEZONE)
    for start, bookings in sorted(_by_fiscal_year(booked, mapping).items()):
        days = [booking.document_date for booking in bookings]
        period = (min(days), max(days))
        content = extf(bookings, mapping.datev, created_at=created, fiscal_year=start, period=period)
        report.files.append(ExportFile(f"EXTF_Buchungsstapel_{report.batch}_{start:%Y}.csv", content))
    if report.files:
        try:
            report.location = target.deliver(report.batch, report.files)
        except Exception as error:
            raise NotDelivered(f"Batch {report.batch} was recorded on {len(report.exported)} invoices but not "
                               f"delivered: {error}. Deliver it again with `invoicing export datev --redeliver "
                               f"{report.batch}`.") from error


def _by_fiscal_year(bookings: list[Booking], mapping: AccountMapping) -> dict[date, list[Booking]]:
    month, day = (int(part) for part in mapping.datev.fiscal_year_start.split("-"))
    years: dict[date, list[Booking]] = defaultdict(list)
    for booking in bookings:
        moment = booking.document_date
        start = date(moment.year, month, day)
        years[start if moment >= start else date(moment.year - 1, month, day)].append(booking)
    return years
