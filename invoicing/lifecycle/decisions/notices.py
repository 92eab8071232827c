"""Recording that people were told of an event on the case: once per event (by its version)."""

from __future__ import annotations

from datetime import datetime

from invoicing.lifecycle.case import SYSTEM, Change, InvoiceCase
from invoicing.lifecycle.decisions import existing


def people_notified(case: InvoiceCase | None, *, version: int, about: str, recipients: list[dict],
                    at: datetime) -> list[Change]:
    """Record who was told of the event at `version`, and how (nothing if that was recorded already)."""
    case = existing(case)
    if version in case.people_told:
        return []
    return [Change(InvoiceCase.PeopleNotified, {"version": version, "about": about, "recipients": recipients,
                                                "by": SYSTEM, "timestamp": at})]
