"""Supplier ledger: every invoice of a supplier with its status and amount, and balances per supplier.

A supplier is the normalised seller key (VAT id BT-31, else seller id BT-29, else name BT-27) the
pipeline recognised. Amounts are the gross totals (BT-112, negative for credit notes) of accepted
invoices. Balances per supplier: open (accepted, not yet exported nor closed), approved (waiting
for export), exported, and how many of the supplier's files were closed (rejected, returned,
confirmed duplicates).
"""

from __future__ import annotations

from datetime import date

from invoicing.lifecycle.case import InvoiceCase, Status
from projections import recorded
from projections.base import ReadModel
from projections.schema import Table, columns
from projections.status import CLOSED, PAYABLE, STATUS_EVENTS, status_after
from projections.store import in_list

_Case = InvoiceCase

LEDGER = Table("ledger", columns(
    ("case_id", "uuid"), ("status", "text"),
    ("supplier_key", "text", "normalised BT-31, BT-29 or BT-27"), ("supplier", "text", "BT-27"),
    ("number", "text", "BT-1"), ("issue_date", "date", "BT-2"), ("received_at", "timestamp"),
    ("gross", "money", "BT-112, negative for credit notes"), ("currency", "text", "BT-5"),
    ("approved_at", "timestamp"), ("exported_at", "timestamp"),
), indexes=(("supplier_key",),))


def _received(case, event) -> None:
    case.put("ledger", {"status": status_after(None, event), "received_at": event.received_at})


def _status(case, event) -> dict:
    row = case.one("ledger")
    row["status"] = status_after(row["status"], event)
    return row


def _recognised(case, event) -> None:
    _status(case, event).update(supplier_key=event.seller_key, supplier=event.seller_name, number=event.number,
                                       issue_date=date.fromisoformat(event.issue_date) if event.issue_date else None,
                                       currency=event.currency)


def _validated(case, event) -> None:
    _status(case, event)
    _facts(case, event)


def _facts(case, event) -> None:
    found = recorded.facts_of(event)
    if found is not None and found.invoice.amount is not None:
        case.one("ledger")["gross"] = -found.invoice.amount if found.invoice.is_credit_note else found.invoice.amount


def _approved(case, event) -> None:
    _status(case, event)["approved_at"] = event.timestamp


def _exported(case, event) -> None:
    _status(case, event)["exported_at"] = event.timestamp


class SupplierLedger(ReadModel):
    """Invoices and balances per supplier."""

    name = "suppliers"
    tables = (LEDGER,)
    handlers = {
        **{event_class: _status for event_class in STATUS_EVENTS},
        _Case.InvoiceReceived: _received,
        _Case.InvoiceRecognised: _recognised,
        _Case.InvoiceValidated: _validated,
        _Case.InvoiceFactsRecorded: _facts,
        _Case.InvoiceApproved: _approved,
        _Case.InvoiceExported: _exported,
    }

    def reports(self, today: date) -> dict[str, list[dict]]:
        return {"balances": self.balances()}

    def balances(self) -> list[dict]:
        """Per supplier: files, closed files, and open / approved / exported gross amounts."""
        payable, closed = sorted(PAYABLE), sorted(CLOSED)
        return self.view.fetch(
            "SELECT supplier_key, MAX(supplier) AS supplier, COUNT(*) AS invoices, "
            f"SUM(CASE WHEN status IN {in_list(closed)} THEN 1 ELSE 0 END) AS closed, "
            f"COALESCE(SUM(CASE WHEN status IN {in_list(payable)} THEN gross END), 0) AS open, "
            "COALESCE(SUM(CASE WHEN status = ? THEN gross END), 0) AS approved, "
            "COALESCE(SUM(CASE WHEN status = ? THEN gross END), 0) AS exported "
            "FROM {ledger} WHERE supplier_key IS NOT NULL GROUP BY supplier_key ORDER BY supplier_key",
            [*closed, *payable, Status.APPROVED, Status.EXPORTED],
            types={"open": "money", "approved": "money", "exported": "money"})

    def statement(self, supplier_key: str) -> list[dict]:
        """The supplier's invoices, oldest first."""
        return self.view.select("ledger", where={"supplier_key": supplier_key},
                                order_by=("received_at", "case_id"))
