"""Invoice register: one row per submitted file — status, supplier, number, Leitweg-ID, amounts, dates.

Search looks for every word as a substring of supplier name (BT-27), invoice number (BT-1) and
Leitweg-ID (BT-10), case-insensitively: SQLite through an FTS5 trigram index, PostgreSQL through
a pg_trgm index (see `projections.sqlite` and `projections.postgres`).

The register is paged (`LISTING`, newest first by default; sortable by receipt, number, supplier,
issue date, amount and due date, each served by an index ending in the case id), filtered by
status, sender (a supplier's own list) and inbox, and counted through the summaries by status and
by sender, so its first page, a filtered page and the thousandth page cost the same at a million
invoices.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from invoicing.lifecycle.case import InvoiceCase, Status
from projections import approval, recorded
from projections.base import ReadModel
from projections.paging import Filter, Listing
from projections.schema import Summary, Table, columns
from projections.status import STATUS_EVENTS, status_after
from projections.store import search_text

_Case = InvoiceCase

INVOICES = Table("invoices", columns(
    ("case_id", "uuid", "the InvoiceCase stream id"),
    ("status", "text", "invoicing.lifecycle.case.Status"),
    ("received_at", "timestamp", "when the file first arrived (legally: delivered)"),
    ("channel", "text"), ("sender", "text"), ("filename", "text"),
    ("submissions", "int", "how often the same bytes arrived"),
    ("syntax", "text"), ("profile", "text"),
    ("number", "text", "BT-1 invoice number"),
    ("issue_date", "date", "BT-2 invoice issue date"),
    ("credit_note", "bool", "BT-3 is a credit note type"),
    ("supplier", "text", "BT-27 seller name"),
    ("supplier_key", "text", "seller VAT id, id or name, normalised"),
    ("leitweg_id", "text", "BT-10 buyer reference"),
    ("currency", "text", "BT-5 invoice currency code"),
    ("net", "money", "BT-109 total without VAT"),
    ("vat", "money", "BT-110 total VAT"),
    ("gross", "money", "BT-112 total with VAT"),
    ("amount_due", "money", "BT-115 amount due for payment"),
    ("due_date", "date", "BT-9, from BT-20, or 30 days after receipt"),
    ("inbox", "text", "approval unit or inbox"),
    ("approved_at", "timestamp"), ("approved_by", "text"),
    ("exported_at", "timestamp"), ("export_target", "text"), ("export_batch", "text"),
    ("reason", "text", "why rejected, returned or denied"),
    ("search_text", "text", "supplier, number and Leitweg-ID, case-folded"),
), indexes=(("supplier_key",), ("export_batch",), ("received_at", "case_id"), ("status", "received_at", "case_id"),
            ("sender", "received_at", "case_id"), ("number", "case_id"), ("supplier", "case_id"),
            ("issue_date", "case_id"), ("gross", "case_id"), ("due_date", "case_id")),
    search="search_text",
    summaries=(Summary("invoices_by_status", ("status",)), Summary("invoices_by_sender", ("sender", "status"))))

STATUSES = tuple(value for name, value in vars(Status).items() if name.isupper())

LISTING = Listing("invoices", "invoices", ("received_at", "number", "supplier", "issue_date", "gross", "due_date"),
                  descending=True, filters=(Filter("status", STATUSES), Filter("sender"), Filter("inbox")),
                  searchable=True, columns=(
                      "received_at", "number", "supplier", "leitweg_id", "issue_date", "gross", "amount_due",
                      "currency", "due_date", "status", "inbox", "approved_by", "export_batch", "reason", "case_id",
                      "filename", "channel", "sender"))


def _received(case, event) -> None:
    case.put("invoices", {"status": status_after(None, event), "received_at": event.received_at,
                          "channel": event.channel, "sender": event.sender, "filename": event.filename,
                          "submissions": 1, "credit_note": False})


def _received_again(case, event) -> None:
    row = case.one("invoices")
    row["submissions"] = (row.get("submissions") or 0) + 1


def _recognised(case, event) -> None:
    row = _status(case, event)
    row.update(syntax=event.syntax, profile=event.profile, number=event.number,
               issue_date=date.fromisoformat(event.issue_date) if event.issue_date else None,
               supplier=event.seller_name, supplier_key=event.seller_key, leitweg_id=event.buyer_reference,
               currency=event.currency, amount_due=event.amount_due,
               search_text=search_text(event.seller_name, event.number, event.buyer_reference))


def _validated(case, event) -> None:
    _status(case, event)
    _facts(case, event)


def _facts(case, event) -> None:
    found = recorded.facts_of(event)
    if found is not None:
        invoice = found.invoice
        case.one("invoices").update(net=found.net, vat=found.vat_total, gross=invoice.amount,
                                    credit_note=invoice.is_credit_note, due_date=found.due_date)


def _status(case, event) -> dict:
    row = case.one("invoices")
    row["status"] = status_after(row["status"], event)
    return row


def _closed_with_reason(case, event) -> None:
    _status(case, event)["reason"] = getattr(event, "reason", None)


def _routed(case, event) -> None:
    _status(case, event)["inbox"] = approval.routed(event).unit


def _approved(case, event) -> None:
    _status(case, event).update(approved_at=event.timestamp, approved_by=event.by)


def _exported(case, event) -> None:
    _status(case, event).update(exported_at=event.timestamp, export_target=event.target,
                                       export_batch=event.batch)


class InvoiceRegister(ReadModel):
    """Every submitted file with its status and key facts; search by supplier, number, Leitweg-ID."""

    name = "register"
    tables = (INVOICES,)
    lists = (LISTING,)
    handlers = {
        **{event_class: _status for event_class in STATUS_EVENTS},
        _Case.InvoiceReceived: _received,
        _Case.InvoiceReceivedAgain: _received_again,
        _Case.InvoiceRecognised: _recognised,
        _Case.InvoiceValidated: _validated,
        _Case.InvoiceFactsRecorded: _facts,
        _Case.InvoiceRejected: _closed_with_reason,
        _Case.InvoiceDenied: _closed_with_reason,
        _Case.InvoiceReturnedToSupplier: _closed_with_reason,
        **{event_class: _routed for event_class in approval.ROUTED},
        _Case.InvoiceApproved: _approved,
        _Case.InvoiceExported: _exported,
    }

    def get(self, case_id: UUID) -> dict | None:
        rows = self.view.select("invoices", where={"case_id": case_id})
        return rows[0] if rows else None

    def search(self, text: str, *, status: str | None = None, limit: int = 50) -> list[dict]:
        """Newest first: invoices whose supplier, number or Leitweg-ID contain every word of `text`."""
        return self.view.search("invoices", text, where={"status": status} if status else None,
                                order_by=("received_at DESC", "case_id"), limit=limit)

    def list_query(self, listing: Listing, filters, today: date) -> tuple[dict, list]:
        """Status may also be several statuses (a collection), e.g. as a supplier sees them."""
        where, ranges = super().list_query(listing, {key: value for key, value in (filters or {}).items()
                                                     if isinstance(value, str)}, today)
        statuses = (filters or {}).get("status")
        if isinstance(statuses, (list, tuple, set, frozenset)):
            where["status"] = sorted(statuses)
        return where, ranges

    def with_status(self, *statuses: str, limit: int | None = None) -> list[dict]:
        """Invoices in any of `statuses`, oldest first."""
        return self.view.select("invoices", where={"status": list(statuses)}, order_by=("received_at", "case_id"),
                                limit=limit)

    def in_batch(self, batch: str) -> list[dict]:
        """Invoices exported in export batch `batch`."""
        return self.view.select("invoices", where={"export_batch": batch}, order_by=("received_at", "case_id"))
