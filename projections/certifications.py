"""Audit trail of certifications: who certified which step of which invoice, when, for whom, with which comment.

One row per decision on a step (`InvoiceCertified`, `InvoiceApproved` — the Anordnung — and
`InvoiceDenied`), keyed by the case and the event's version, never changed afterwards: the trail
is as long as the history. `on_behalf_of` names the person a deputy signed for. The invoice's
number and supplier come from its recognition (table `subjects`, one row per invoice).
"""

from __future__ import annotations

from invoicing.lifecycle.case import InvoiceCase
from projections import approval
from projections.base import ReadModel
from projections.paging import Filter, Listing
from projections.schema import Table, columns

_Case = InvoiceCase

TRAIL = Table("certifications", columns(
    ("case_id", "uuid"), ("version", "int", "the event's number in the case"),
    ("number", "text", "BT-1"), ("supplier", "text", "BT-27"),
    ("step", "text", "sachlich, rechnerisch, sachlich_rechnerisch, anordnung (v1: the step's name)"),
    ("step_index", "int", "position of the step in the route (None before the approval policy)"),
    ("outcome", "text", "certified, approved (the Anordnung) or denied"),
    ("by", "text", "who decided"), ("on_behalf_of", "text", "the person represented by a deputy"),
    ("at", "timestamp", "when"), ("comment", "text", "comment, or the reason of a denial"),
), key=("case_id", "version"), indexes=(("by", "at", "case_id", "version"), ("at", "case_id", "version")))

TRAIL_LIST = Listing("trail", "certifications", ("at", "by"), descending=True, filters=(Filter("by"), Filter("outcome")),
                     columns=("at", "by", "on_behalf_of", "outcome", "step", "number", "supplier", "comment",
                              "case_id"))

SUBJECTS = Table("subjects", columns(("case_id", "uuid"), ("number", "text", "BT-1"), ("supplier", "text", "BT-27")))

OUTCOMES = {_Case.InvoiceCertified: "certified", _Case.InvoiceApproved: "approved", _Case.InvoiceDenied: "denied"}


def _recognised(case, event) -> None:
    case.put("subjects", {"number": event.number, "supplier": event.seller_name})


def _decided(case, event) -> None:
    subject = case.one("subjects") or {}
    done = approval.step_done(event) if type(event) is not _Case.InvoiceDenied else None
    case.all("certifications").append({
        "case_id": case.case_id, "version": event.originator_version, "number": subject.get("number"),
        "supplier": subject.get("supplier"), "step": event.step,
        "step_index": done.step if done is not None and isinstance(done.step, int) else None,
        "outcome": OUTCOMES[type(event)], "by": event.by, "on_behalf_of": done.on_behalf_of if done else None,
        "at": event.timestamp, "comment": getattr(event, "comment", None) or getattr(event, "reason", None)})


class CertificationTrail(ReadModel):
    """Every certification, Anordnung and denial, with who, when, on behalf of whom and the comment."""

    name = "certifications"
    tables = (TRAIL, SUBJECTS)
    lists = (TRAIL_LIST,)
    handlers = {_Case.InvoiceRecognised: _recognised, **{event_class: _decided for event_class in OUTCOMES}}

    def trail(self, *, by: str | None = None) -> list[dict]:
        """The decisions, oldest first (of one person with `by`, as signer or as the one represented)."""
        rows = self.view.select("certifications", order_by=("at", "case_id", "version"))
        return [row for row in rows if by is None or by in (row["by"], row["on_behalf_of"])]
