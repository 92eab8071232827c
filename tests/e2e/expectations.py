"""What a batch of submissions must have become once the pipeline is done, and waiting for that.

The right state of each file is worked out here, independently of the pipeline: the validation
engine's verdict on the bytes (so these tests do not depend on which rules exist today), and the
duplicate rule — among accepted files with the same seller and number, exactly one goes on to
approval and the others wait as suspected duplicates.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache

from eventsourcing.utils import get_topic

from invoicing.generator.submissions import SampleSubmission, submission_batch
from invoicing.lifecycle import keys
from invoicing.lifecycle.case import InvoiceCase, Status
from invoicing.lifecycle.reading import recognise_file
from invoicing.lifecycle.work import TOPICS


@dataclass(frozen=True)
class Truth:
    """What the engine and the reader say about one distinct file."""

    accepted: bool
    number_key: str | None


@cache
def batch(seed: int, count: int) -> tuple[SampleSubmission, ...]:
    return tuple(submission_batch(seed, count))


@cache
def truth(content: bytes) -> Truth:
    from validators.engine import validate

    accepted = validate(content).accepted
    found = recognise_file(content)
    key = None
    if accepted and getattr(found, "seller_key", None) and found.number:
        key = keys.number_key(found.seller_key, found.number)
    return Truth(accepted, key)


def quiescent(services) -> bool:
    """True when the dispatcher has read every event that makes work and no work is open."""
    invoices, outbox = services.invoices, services.outbox
    position = outbox.max_tracking_id(invoices.name) or 0
    unread = invoices.recorder.select_notifications(start=position, limit=1, topics=TOPICS, inclusive_of_start=False)
    return not unread and not outbox.pending(limit=1)


def wait_until_done(services, submissions, timeout: float) -> float:
    """Wait until the pipeline is quiet and every file is in its right state; returns the seconds waited."""
    started = time.monotonic()
    while True:
        if quiescent(services):
            try:
                check(services, submissions)
                return time.monotonic() - started
            except AssertionError:
                if time.monotonic() - started > timeout:
                    raise
        elif time.monotonic() - started > timeout:
            raise AssertionError(f"Still busy after {timeout:.0f} s: open work {services.outbox.pending(limit=5)}")
        time.sleep(0.5)


SENDER = "rechnung@lieferant.example"
"""The sender of the pipeline tests' submissions (items without a `sender` of their own)."""


def check(services, submissions) -> None:
    """Every distinct file of each submitter has exactly one stream, in its right state, with nothing doubled."""
    invoices = services.invoices
    arrivals = Counter((keys.submitter_key(getattr(item, "sender", SENDER)), keys.content_hash(item.content))
                       for item in submissions)
    streams = invoices.recorder.select_notifications(start=None, limit=1_000_000,
                                                     topics=[get_topic(InvoiceCase.InvoiceReceived)])
    assert len(streams) == len(arrivals), "one stream per distinct file and submitter"
    assert {n.originator_id for n in streams} == {keys.case_id(digest, sender) for sender, digest in arrivals}

    contents = {keys.content_hash(item.content): item.content for item in submissions}
    groups: dict[str, list] = defaultdict(list)
    for (sender, digest), count in arrivals.items():
        case_id, expected = keys.case_id(digest, sender), truth(contents[digest])
        case = invoices.get_case(case_id)
        events = Counter(type(event).__name__ for event in invoices.history(case_id))
        where = f"{case_id} ({case.submissions[0].filename})"
        assert events["InvoiceReceivedAgain"] == count - 1, f"{where}: every repeat recorded once"
        assert events["InvoiceValidated"] == 1 and events["InvoiceProcessingFailed"] == 0, where
        assert events["InvoiceRecognised"] + events["InvoiceNotRecognised"] == 1, where
        assert events["ApprovalRequested"] <= 1 and events["DuplicateSuspected"] <= 1, where
        assert events["SupplierNotified"] == 1, f"{where}: the supplier is told exactly once"
        if not expected.accepted:
            assert case.status == Status.REJECTED and case.notified == ["rejected"], f"{where}: {case.status}"
        elif expected.number_key is None:
            assert case.status == Status.AWAITING_APPROVAL, f"{where}: {case.status}"
        else:
            groups[expected.number_key].append(case)
    for key, cases in groups.items():
        statuses = sorted(case.status for case in cases)
        assert statuses == [Status.AWAITING_APPROVAL] + [Status.DUPLICATE_SUSPECTED] * (len(cases) - 1), key
        assert all(case.notified == ["accepted"] for case in cases), key
    assert services.outbox.pending(limit=1) == []
