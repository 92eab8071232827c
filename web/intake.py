"""Taking a file in from the web edge: check its type by content, keep it, answer with the receipt.

The receipt is given as soon as the original and its first event are stored; the verdict follows
from the workers. `wait_for_verdict` lets the upload page wait a few seconds for it, so a supplier
usually sees receipt and verdict on one page.
"""

from __future__ import annotations

import time
from uuid import UUID

from invoicing.lifecycle.application import Receipt
from web.accounts import Principal
from web.uploads import checked_media_type

SETTLED = ("accepted", "rejected", "not-recognised", "duplicate-suspected", "duplicate", "awaiting-approval",
           "approved", "denied", "returned", "exported", "processing-failed")


def submit(invoices, principal: Principal, content: bytes, *, filename: str, channel: str, limit: int) -> Receipt:
    """Receive `content` from `principal`; raises the reader's `ReadError` for what is neither XML nor PDF."""
    checked_media_type(content, limit)
    return invoices.receive_submission(content, channel=channel, sender=principal.sender, filename=filename)


def wait_for_verdict(invoices, case_id: UUID, *, timeout: float) -> str:
    """The case's status once validated (or whatever it is when `timeout` seconds have passed)."""
    deadline = time.monotonic() + timeout
    while True:
        case = invoices.get_case(case_id)
        if case.verdict is not None or case.status in SETTLED or time.monotonic() >= deadline:
            return case.status
        time.sleep(0.1)
