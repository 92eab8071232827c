"""Supplier ledger: every invoice of a supplier with its status and amount, and balances per supplier.

A supplier is the normalised seller key (VAT id BT-31, else seller id BT-29, else name BT-27) the
pipeline recognised. Amounts are the gross totals (BT-112, negative for credit notes) of accepted
invoices. Balances per supplier: open (accepted, not yet exported nor closed), approved (waiting
for export), exported, and how many of the supplier's files were closed (rejected, returned,
confirmed duplicates). Each ledger row carries its share of those balances (`open_gross`,
`approved_gross`, `exported_gross`, `closed`), so the balances are a summary by supplier key and
name, kept with the rows: a supplier whose name was written in two ways has two balance lines.
"""

from __future__ import annotations

from datetime import date

from invoicing.approvals.clock import city_today
from invoicing.lifecycle.case import InvoiceCase, Status
from projections import recorded
from projections.base import ReadModel
from projections.paging import Filter, Listing
from projections.schema import Summary, Table, columns
from projections.status import CLOSED, PAYABLE, STATUS_EVENTS, status_after

_Case = InvoiceCase

LEDGER = Table("ledger", columns(
    ("case_id", "uuid"), ("status", "text"),
    ("supplier_key", "text", "normalised BT-31, BT-29 or BT-27"), ("supplier", "text", "BT-27"),
    ("number", "text", "BT-1"), ("issue_date", "date", "BT-2"), ("received_at", "timestamp"),
    ("gross", "money", "BT-112, negative for credit notes"), ("currency", "text", "BT-5"),
    ("approved_at", "timestamp"), ("exported_at", "timestamp"),
    ("open_gross", "money", "gross while open (accepted, not exported nor closed)"),
    ("approved_gross", "money", "gross while approved, waiting for export"),
    ("exported_gross", "money", "gross once exported"), ("closed", "int", "1 when rejected, returned or a duplicate"),
), indexes=(("supplier_key", "received_at", "case_id"), ("received_at", "case_id"), ("gross", "case_id")),
    summaries=(Summary("balances", ("supplier_key", "supplier"),
                       ("open_gross", "approved_gross", "exported_gross", "closed")),))

BALANCES = Listing("balances", "balances", ("supplier_key", "supplier", "rows", "open_gross"),
                   columns=("supplier", "supplier_key", "rows", "closed", "open_gross", "approved_gross",
                            "exported_gross"))
LEDGER_LIST = Listing("ledger", "ledger", ("received_at", "gross"), descending=True,
                      filters=(Filter("supplier_key"), Filter("status")),
                      columns=("received_at", "supplier", "number", "issue_date", "gross", "currency", "status",
                               "approved_at", "exported_at", "supplier_key", "case_id"))


def _received(case, event) -> None:
    _settle(case.put("ledger", {"status": status_after(None, event), "received_at": event.received_at}))


def _status(case, event) -> dict:
    row = case.one("ledger")
    row["status"] = status_after(row["status"], event)
    return _settle(row)


def _settle(row: dict) -> dict:
    """The row's share of its supplier's balances, for its status and gross."""
    gross, status = row.get("gross"), row["status"]
    row.update(open_gross=gross if status in PAYABLE else None,
               approved_gross=gross if status == Status.APPROVED else None,
               exported_gross=gross if status == Status.EXPORTED else None, closed=int(status in CLOSED))
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
        row = case.one("ledger")
        row["gross"] = -found.invoice.amount if found.invoice.is_credit_note else found.invoice.amount
        _settle(row)


def _approved(case, event) -> None:
    _status(case, event)["approved_at"] = event.timestamp


def _exported(case, event) -> None:
    _status(case, event)["exported_at"] = event.timestamp


class SupplierLedger(ReadModel):
    """Invoices and balances per supplier."""

    name = "suppliers"
    tables = (LEDGER,)
    lists = (BALANCES, LEDGER_LIST)
    handlers = {
        **{event_class: _status for event_class in STATUS_EVENTS},
        _Case.InvoiceReceived: _received,
        _Case.InvoiceRecognised: _recognised,
        _Case.InvoiceValidated: _validated,
        _Case.InvoiceFactsRecorded: _facts,
        _Case.InvoiceApproved: _approved,
        _Case.InvoiceExported: _exported,
    }

    def list_query(self, listing: Listing, filters, today: date) -> tuple[dict, list]:
        where, ranges = super().list_query(listing, filters, today)
        if listing is BALANCES:
            ranges = [*ranges, ("supplier_key", ">=", "")]  # files nobody could read have no supplier
        return where, ranges

    def balances(self) -> list[dict]:
        """Per supplier (key and name): files, closed files, and open / approved / exported gross amounts."""
        return [{"supplier_key": row["supplier_key"], "supplier": row["supplier"], "invoices": row["rows"],
                 "closed": row["closed"], "open": row["open_gross"], "approved": row["approved_gross"],
                 "exported": row["exported_gross"]}
                for row in self.every("balances", today=city_today())]

    def statement(self, supplier_key: str) -> list[dict]:
        """The supplier's invoices, oldest first."""
        return self.view.select("ledger", where={"supplier_key": supplier_key},
                                order_by=("received_at", "case_id"))
