"""The facts of an accepted invoice that the views need, read once from the stored original.

The events carry what the pipeline recognised (number, seller, Leitweg-ID, amount due) and the
validation report, but not the VAT breakdown (BG-23), the totals or the payment terms. Those are
read from the original in the document store the first time a view needs them (when it sees the
invoice accepted or routed), together with the moment of receipt from the case's first event, and
kept in a cache keyed by case id. Neither the original nor the first event ever changes, so the
cache is a pure function of the case and `FACTS_VERSION`: rebuilding a view reads the cache, not
the XML (parsing costs ~7 ms an invoice; a cache hit a few microseconds). The cache is not a view
(it has no tracking position): it may be dropped at any time and refills itself.

Implementations of the cache: `InMemoryFactsCache` (here), `SQLiteFactsCache`, `PostgresFactsCache`.
"""

from __future__ import annotations

import logging
import threading
from abc import ABC, abstractmethod
from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, ConfigDict

from invoicing.approvals.deadlines import deadlines
from invoicing.approvals.facts import InvoiceFacts

log = logging.getLogger(__name__)

FACTS_VERSION = 1
"""Bump when `CaseFacts` or how it is read changes (including the due date and Skonto rules of
`invoicing.approvals.deadlines`): cached facts of older versions are then read again."""


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
        return cls(received_at=received_at, invoice=facts, net=totals.total_without_vat if totals else None,
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

    @classmethod
    def from_original(cls, content: bytes, received_at: datetime) -> CaseFacts | None:
        """The facts of a stored original, or None when it cannot be read as an invoice."""
        from invoicing.formats.errors import ReadError
        from invoicing.formats.reader import read_document

        try:
            return cls.from_invoice(read_document(content).invoice, received_at)
        except ReadError:
            return None


class FactsCache(ABC):
    """Facts by case id, as JSON with the `FACTS_VERSION` they were read with."""

    @abstractmethod
    def get_many(self, case_ids: Collection[UUID]) -> dict[UUID, CaseFacts]:
        """The cached facts of those cases that have facts of the current version."""

    @abstractmethod
    def put_many(self, facts: Mapping[UUID, CaseFacts]) -> None:
        """Keep `facts` (replacing older versions)."""

    def create_table(self) -> None:
        """Create the storage if missing."""

    def clear(self) -> None:
        """Forget everything (the cache refills from the originals)."""

    def close(self) -> None:
        """Release connections."""


class InMemoryFactsCache(FactsCache):
    """Facts in a dict."""

    def __init__(self) -> None:
        self._facts: dict[UUID, CaseFacts] = {}
        self._lock = threading.Lock()

    def get_many(self, case_ids: Collection[UUID]) -> dict[UUID, CaseFacts]:
        with self._lock:
            return {case_id: self._facts[case_id] for case_id in case_ids if case_id in self._facts}

    def put_many(self, facts: Mapping[UUID, CaseFacts]) -> None:
        with self._lock:
            self._facts.update(facts)

    def clear(self) -> None:
        with self._lock:
            self._facts.clear()


class FactsSource:
    """Facts of cases: from the cache, else read from the original (found through the case's first event)."""

    def __init__(self, invoices, cache: FactsCache):
        self.invoices = invoices
        self.cache = cache

    def lookup(self, case_ids: Iterable[UUID]) -> dict[UUID, CaseFacts | None]:
        """Facts of every case id (None for a case whose original cannot be read)."""
        wanted = set(case_ids)
        found: dict[UUID, CaseFacts | None] = dict(self.cache.get_many(wanted)) if wanted else {}
        read = {}
        for case_id in wanted - set(found):
            facts = self._read(case_id)
            found[case_id] = facts
            if facts is not None:
                read[case_id] = facts
        if read:
            self.cache.put_many(read)
        return found

    def _read(self, case_id: UUID) -> CaseFacts | None:
        try:
            first = next(iter(self.invoices.events.get(case_id, lte=1)))
            return CaseFacts.from_original(self.invoices.documents.get(first.content_hash), first.received_at)
        except Exception:  # a missing or altered original must not stop the views; the amounts stay empty
            log.exception("Could not read the facts of case %s from its original.", case_id)
            return None


class Facts:
    """The facts a batch of events may need, fetched once for the batch (missing ones looked up on use)."""

    def __init__(self, source: FactsSource | None = None, known: Mapping[UUID, CaseFacts | None] | None = None):
        self.source = source
        self.known: dict[UUID, CaseFacts | None] = dict(known or {})

    def get(self, case_id: UUID) -> CaseFacts | None:
        if case_id not in self.known:
            self.known.update(self.source.lookup([case_id]) if self.source else {case_id: None})
        return self.known[case_id]

    def prefetch(self, case_ids: Iterable[UUID]) -> Facts:
        missing = {case_id for case_id in case_ids if case_id not in self.known}
        if missing and self.source is not None:
            self.known.update(self.source.lookup(missing))
        return self
