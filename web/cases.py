"""What the pages and the API list and show about cases.

One case is loaded from its stream (`Invoices.get_case`), and shown only to whoever may see it: the
city's readers, or the supplier who sent it. Lists come a page at a time from the register projection
(`projections.register`, caught up on read by `web.views.ReadSide`); a supplier's list is the
register's rows with their sender, filtered by the status as the supplier sees it. `CaseIndex`
follows the ids of all cases straight from the event log, for the demo and tests.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from eventsourcing.utils import get_topic

from invoicing.approvals.clock import city_today
from invoicing.lifecycle.case import InvoiceCase
from invoicing.lifecycle.errors import InvoiceNotFound
from invoicing.lifecycle.keys import submitter_key
from projections.paging import Page
from projections.register import STATUSES
from web.accounts import Principal
from web.listing import Paging
from web.permissions import may
from web.status import shown_status


@dataclass(frozen=True)
class CaseSummary:
    """One line of a list: what identifies the case and where it stands."""

    id: UUID
    status: str
    number: str | None
    seller_name: str | None
    amount_due: Decimal | None
    currency: str | None
    received_at: datetime
    filename: str
    channel: str
    sender: str
    inbox: str | None
    current_step: str | None
    version: int

    def as_dict(self) -> dict:
        return {"case_id": str(self.id), "status": self.status, "number": self.number,
                "seller_name": self.seller_name,
                "amount_due": str(self.amount_due) if self.amount_due is not None else None,
                "currency": self.currency, "received_at": self.received_at.isoformat(), "filename": self.filename,
                "channel": self.channel, "sender": self.sender, "inbox": self.inbox,
                "current_step": self.current_step}


def summary(case: InvoiceCase) -> CaseSummary:
    recognition = case.recognition or {}
    first = case.submissions[0]
    return CaseSummary(case.id, case.status, recognition.get("number"), recognition.get("seller_name"),
                       recognition.get("amount_due"), recognition.get("currency"), case.received_at, first.filename,
                       first.channel, first.sender, case.inbox, case.current_step, case.version)


def owns(principal: Principal, case: InvoiceCase) -> bool:
    """True when the supplier `principal` submitted this case: access is per submission, never per content
    (`invoicing.lifecycle.keys`); someone who later sent the same bytes has a case of their own."""
    return case.submitter == submitter_key(principal.sender)


def may_see(principal: Principal, case: InvoiceCase) -> bool:
    return may(principal, "read_all") or (principal.has("supplier") and owns(principal, case))


class CaseIndex:
    """The ids of all cases in order of arrival, followed from the event log."""

    def __init__(self, invoices):
        self.invoices = invoices
        self._position = 0
        self._ids: list[UUID] = []
        self._lock = threading.Lock()
        self._topic = get_topic(InvoiceCase.InvoiceReceived)

    def ids(self) -> list[UUID]:
        with self._lock:
            while True:
                batch = self.invoices.recorder.select_notifications(
                    start=self._position, limit=1000, topics=[self._topic], inclusive_of_start=False)
                if not batch:
                    break
                self._ids.extend(notification.originator_id for notification in batch)
                self._position = batch[-1].id
            return list(self._ids)


def from_register(row: dict) -> CaseSummary:
    """A register row (`projections.register`) as a list entry."""
    return CaseSummary(row["case_id"], row["status"], row.get("number"), row.get("supplier"), row.get("amount_due"),
                       row.get("currency"), row["received_at"], row.get("filename") or "", row.get("channel") or "",
                       row.get("sender") or "", row.get("inbox"), None, 0)


class Cases:
    """Look-ups for the edge: one case for a principal, and filtered lists."""

    def __init__(self, invoices, read):
        self.invoices = invoices
        self.read = read

    def get(self, principal: Principal, case_id: UUID, version: int | None = None) -> InvoiceCase:
        """The case, if `principal` may see it; otherwise `InvoiceNotFound` (no hint that it exists)."""
        case = self.invoices.get_case(case_id)
        if not may_see(principal, case):
            raise InvoiceNotFound(f"There is no invoice with id {case_id}.", "Check the id in the receipt.")
        return case if version is None else self.invoices.get_case(case_id, version=version)

    def page(self, principal: Principal, *, status: str | None = None, q: str | None = None,
             paging: Paging = Paging()) -> tuple[Page, list[CaseSummary]]:
        """A page of the cases `principal` may see (newest first unless sorted otherwise), with their summaries;
        a supplier gets only their own submissions, filtered by the status as they see it (`shown_status`);
        `q` searches supplier, number and Leitweg-ID."""
        if may(principal, "read_all"):
            filters: dict = {"status": status} if status else {}
            internal = True
        elif principal.has("supplier"):
            filters = {"sender": principal.sender}
            if status:
                # only statuses as the supplier sees them: filtering by one it never sees (e.g. a suspected
                # duplicate of another submitter's number, shown as accepted) would reveal that invoice
                codes = [code for code in STATUSES if shown_status(code, False) == status]
                if not codes:
                    return Page([], 0, True, 0, "received_at", True, paging.size), []
                filters["status"] = codes
            internal = False
        else:
            return Page([], 0, True, 0, "received_at", True, paging.size), []
        found = self.read.page("register", today=city_today(), filters=filters, search=q or "", sort=paging.sort,
                               descending=paging.descending, cursor=paging.cursor, size=paging.size)
        items = [from_register({**row, "status": shown_status(row["status"], internal,
                                                              not internal and self._own_duplicate(row))})
                 for row in found.rows]
        return found, items

    def _own_duplicate(self, row: dict) -> bool:
        """True when a supplier's suspected duplicate has an earlier invoice of their own (at most a page: loaded)."""
        if row["status"] != "duplicate-suspected":
            return False
        return bool(self.invoices.get_case(row["case_id"]).duplicate_own)
