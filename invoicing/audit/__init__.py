"""Audit services on the `Invoices` application: verify the log, check one case, anchor the chain's head.

* `verify_log` — the whole log (`invoicing.chain.verify`), with the originals every
  `InvoiceReceived` names and the anchors kept in the database and outside it;
* `case_integrity` — one case's events against their chain entries and its original (the
  auditor's page);
* `anchor` — record the chain's head (and copy it to a file and/or the audit office by mail).

Other modules: `migrate` (facts for cases validated before they were recorded), `reproduce`
(re-run a recorded validation), `retention` (retention periods and legal holds).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from invoicing.chain import Anchor, Entry, Row, StreamTampered
from invoicing.chain import anchors as anchor_files
from invoicing.chain.verify import Verification, verify
from invoicing.documents import DocumentCorrupted, DocumentNotFound
from invoicing.lifecycle.case import InvoiceCase

RECEIVED = get_topic(InvoiceCase.InvoiceReceived)


class ChainNotKept(RuntimeError):
    """This store keeps no hash chain (in-memory persistence)."""


def chain_of(invoices):
    """The application's chained recorder; raises `ChainNotKept` when it keeps no chain."""
    recorder = invoices.recorder
    if not hasattr(recorder, "entries_after"):
        raise ChainNotKept("This store keeps no hash chain (PERSISTENCE_MODULE=memory); use SQLite or PostgreSQL.")
    return recorder


def verify_log(invoices, *, start: int = 1, outside: list[Anchor] | None = None) -> Verification:
    """Verify the log from `start`: chain, versions, originals, and the anchors in the database and `outside`."""
    recorder = chain_of(invoices)
    return verify(recorder, start=start, anchors=[*recorder.anchors(), *(outside or [])],
                  original_of=lambda row: _original_of(invoices, row),
                  check_original=lambda sha256: original_problem(invoices.documents, sha256))


def original_problem(documents, sha256: str) -> str | None:
    """What is wrong with the original stored under `sha256`, or None when it is there unchanged."""
    try:
        documents.get(sha256)
    except DocumentNotFound:
        return "is missing from the document store"
    except DocumentCorrupted:
        return "was altered: its bytes no longer have this SHA-256"
    return None


def _original_of(invoices, row: Row) -> str | None:
    if row.topic != RECEIVED:
        return None
    try:
        event = invoices.mapper.to_domain_event(StoredEvent(row.stream_id, row.version, row.topic, row.state))
    except Exception:  # an event changed so far that it no longer decodes: the chain check names it
        return None
    return event.content_hash


@dataclass
class CaseIntegrity:
    """One case's verification state: its events against the chain, its original, and the latest anchor."""

    case_id: UUID
    ok: bool = True
    problems: list[str] = field(default_factory=list)
    events: int = 0
    head: Entry | None = None
    anchor: Anchor | None = None
    kept: bool = True  # False: in-memory persistence keeps no chain


def case_integrity(invoices, case_id: UUID) -> CaseIntegrity:
    """Check one case now (cheap: its own events, one original, the anchors list)."""
    result = CaseIntegrity(case_id)
    try:
        recorder = chain_of(invoices)
    except ChainNotKept:
        result.kept = False
        return result
    try:
        stored = recorder.select_events(case_id)  # checks every event against its chain entry
        result.events = len(stored)
    except StreamTampered as error:
        result.problems.append(str(error))
        stored = []
    if stored:
        event = invoices.mapper.to_domain_event(stored[0])
        problem = original_problem(invoices.documents, event.content_hash)
        if problem:
            result.problems.append(f"The original {event.content_hash} {problem}.")
    result.ok = not result.problems
    result.head = recorder.head()
    anchors = recorder.anchors()
    result.anchor = anchors[-1] if anchors else None
    return result


def anchor(invoices, *, at: datetime, by: str, file: Path | None = None, mail=None,
           mail_to: str | None = None) -> Anchor | None:
    """Record the chain's head as an anchor; append it to `file` and mail it (`mail`: an `Outgoing`) to `mail_to`."""
    recorded = chain_of(invoices).anchor(at, by)
    if recorded is None:
        return None
    if file is not None:
        anchor_files.append(recorded, file)
    if mail is not None and mail_to:
        mail.sender.send(anchor_files.mail(recorded, sender=mail.from_address, to=mail_to))
    return recorded
