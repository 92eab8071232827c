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
4. **Write and deliver**: one Buchungsstapel per booking period touched (a month by default, the
   mapping's `datev.period`; never across fiscal years), to the `ExportTarget`.

Marking comes before delivering: a crash in between leaves invoices marked for a batch that was
not delivered (visible in the register's `export_batch`), never an invoice delivered twice. The
batch is then delivered again with `redeliver`, rebuilt from the register and the facts; its files
are the same bytes (the creation time is the batch id's).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from uuid import UUID

from invoicing.approvals.clock import CITY_TIMEZONE
from invoicing.lifecycle.accounting import CaseFacts
from invoicing.lifecycle.case import Status
from invoicing.lifecycle.errors import AlreadyExported, IntegrityAlarm, NotAllowedNow
from projections.exports import ExportFile, ExportTarget
from projections.exports.accounts import AccountMapping, rate_text
from projections.exports.datev import Booking, extf
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


@dataclass(frozen=True)
class Recorded:
    """What the export reads of one case: its facts, its Kontierung and its seller key (None: not recorded)."""

    facts: CaseFacts | None
    assignment: list[dict] | None = None
    seller_key: str | None = None


def recorded_facts(invoices, case_ids: list[UUID]) -> dict[UUID, Recorded]:
    """What each case's events recorded (facts None: none recorded, or its history fails its integrity check)."""
    found: dict[UUID, Recorded] = {}
    for case_id in case_ids:
        try:
            case = invoices.get_case(case_id)
            found[case_id] = Recorded(case.accounting_facts, case.assignment, case.seller_key)
        except IntegrityAlarm:
            found[case_id] = Recorded(None)
    return found


def bookings_for(row: dict, found: CaseFacts | Recorded | None, mapping: AccountMapping) -> list[Booking] | str:
    """The bookings of one approved invoice (register row and what was recorded), or why it cannot be booked.

    With a Kontierung, each VAT line is split over its rows by their gross shares (cent remainders on the
    last row), each booked on its account with KOST1/KOST2.
    """
    recorded = found if isinstance(found, Recorded) else Recorded(found)
    if recorded.facts is None:
        return ("its facts are not recorded (its original could not be read, or it was validated before they were "
                "recorded: run `invoicing db migrate`), so its VAT breakdown (BG-23) is unknown")
    facts = recorded.facts
    invoice = facts.invoice
    if (invoice.currency or "EUR") != "EUR":
        return f"it is in {invoice.currency}; the Buchungsstapel is written in EUR only"
    if invoice.issue_date is None:
        return "it has no issue date (BT-2) for the Belegdatum"
    lines = facts.vat_lines()
    if not lines:
        return "it has no VAT breakdown (BG-23)"
    own = mapping.own_creditor(invoice)
    if own is None and mapping.accounts.unmapped_suppliers == "refuse":
        return (f"the supplier {invoice.seller_name or '?'} ({invoice.seller_vat_id or 'no VAT id'}) has no creditor "
                "account in [accounts.creditors] of the account mapping")
    creditor = own or mapping.accounts.creditor
    rows = recorded.assignment or [{"cost_centre": "", "account": mapping.expense(invoice)}]
    wrong = [item["account"] for item in rows if not mapping.account_ok(item["account"])]
    if wrong:
        return (f"its Kontierung names the account {wrong[0]}, which is not a Sachkonto of "
                f"{mapping.datev.account_length} digits")
    text = " ".join(part for part in (invoice.seller_name, invoice.number) if part)
    suffix = "" if own else (recorded.seller_key or invoice.seller_name or "")
    link = mapping.datev.document_link.replace("{case_id}", str(row["case_id"])) if mapping.datev.document_link else ""
    total = invoice.amount if invoice.amount else sum((taxable + tax for taxable, tax in lines.values()), Decimal(0))
    bookings = []
    for (category, rate), (taxable, tax) in sorted(lines.items()):
        key = mapping.tax_key(category, rate)
        if key is None:
            return (f"no tax key (BU-Schlüssel) is set for VAT category {category} at {rate_text(rate)} %; "
                    f"add \"{category}:{rate_text(rate)}\" to [tax_keys] of the account mapping")
        signed = taxable + tax
        if signed == 0:
            continue
        for part, share in _split(signed, rows, abs(total) if total else abs(signed)):
            if share == 0:
                continue
            bookings.append(Booking(amount=abs(share), side="H" if share > 0 else "S", currency="EUR",
                                    account=creditor, contra_account=part["account"], tax_key=key,
                                    document_date=invoice.issue_date, number=invoice.number or "", text=text,
                                    case_id=row["case_id"], leitweg_id=invoice.buyer_reference, category=category,
                                    rate=rate, rate_needed=key in mapping.rate_keys,
                                    cost_centre=part.get("cost_centre") or "", cost_object=part.get("cost_object") or "",
                                    due_date=facts.due_date, service_date=facts.service_date, link=link,
                                    supplier_suffix=suffix))
    return bookings


def _split(amount: Decimal, rows: list[dict], total: Decimal) -> list[tuple[dict, Decimal]]:
    """`amount` over the Kontierung `rows` in proportion to their gross shares of `total`, to the cent, summing exactly."""
    if len(rows) == 1:
        return [(rows[0], amount)]
    given = sum((Decimal(str(item["amount"])) for item in rows if item.get("amount") is not None), Decimal(0))
    weights = [Decimal(str(item["amount"])) if item.get("amount") is not None else total - given for item in rows]
    parts, booked = [], Decimal(0)
    for index, (item, weight) in enumerate(zip(rows, weights)):
        share = amount - booked if index == len(rows) - 1 else (amount * weight / total).quantize(Decimal("0.01"))
        parts.append((item, share))
        booked += share
    return parts


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
    for (start, period), bookings in sorted(_by_period(booked, mapping).items()):
        content = extf(bookings, mapping.datev, created_at=created, fiscal_year=start, period=period)
        label = f"{period[0]:%Y-%m}" if mapping.datev.period == "month" else f"{start:%Y}"
        report.files.append(ExportFile(f"EXTF_Buchungsstapel_{report.batch}_{label}.csv", content))
    if report.files:
        try:
            report.location = target.deliver(report.batch, report.files)
        except Exception as error:
            raise NotDelivered(f"Batch {report.batch} was recorded on {len(report.exported)} invoices but not "
                               f"delivered: {error}. Deliver it again with `invoicing export datev --redeliver "
                               f"{report.batch}`.") from error


def _by_period(bookings: list[Booking], mapping: AccountMapping) -> dict[tuple[date, tuple[date, date]], list[Booking]]:
    """Bookings by (fiscal year start, booking period): a calendar month by default, else the fiscal year."""
    month, day = (int(part) for part in mapping.datev.fiscal_year_start.split("-"))
    periods: dict[tuple[date, tuple[date, date]], list[Booking]] = defaultdict(list)
    for booking in bookings:
        moment = booking.document_date
        start = date(moment.year, month, day)
        start = start if moment >= start else date(moment.year - 1, month, day)
        if mapping.datev.period == "month":
            first = moment.replace(day=1)
            span = (first, date(first.year + first.month // 12, first.month % 12 + 1, 1) - timedelta(days=1))
        else:
            end = date(start.year + 1, start.month, start.day) - timedelta(days=1)
            days = [item.document_date for item in bookings if item.document_date >= start and item.document_date <= end]
            span = (min(days), max(days))
        periods[(start, span)].append(booking)
    return periods
