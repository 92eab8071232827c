"""A small world for read-model tests: the `Invoices` application in memory with a settable clock,
every view on SQLite in memory, and verbs that tell an invoice's story through the real commands.

    world = World()
    case = world.accepted(invoice(7))        # received, recognised, validated (accepted)
    world.routed(case); world.approved(case)  # routed by the sample policy, every step certified
    world.catch_up()
    assert world.views["register"].get(case)["status"] == "approved"

Originals are generated XRechnung (UBL) files; their facts are read and recorded at validation as the
pipeline does (`read_submission`), so the views fold the events alone.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta, timezone
from uuid import UUID

from invoicing.approvals import sample_policy, who_may_act
from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from invoicing.lifecycle.errors import ApprovalRefused
from invoicing.lifecycle.facts import Verdict
from invoicing.lifecycle.reading import read_submission, recognise_file, routing_facts
from projections.catalogue import open_views
from projections.runner import Runner

POLICY = sample_policy()
CLEARING = "dyilmaz"
"""A member of the central invoice inbox (the policy's clearing group)."""


def invoice(seed: int, **changes):
    """Generated invoice `seed`, with some attributes changed."""
    generated = generate_invoice(seed)
    return generated.model_copy(update=changes) if changes else generated


def signer(invoices, case_id: UUID, at: datetime) -> str:
    """Someone the policy lets certify the case's open step at `at` (four-eyes and limits respected)."""
    from invoicing.lifecycle.decisions import approval

    case = invoices.get_case(case_id)
    for actor in who_may_act(case.open_step, invoices.policy, at):
        try:
            approval.certify(case, step=case.current_step, by=actor.login, policy=invoices.policy, at=at)
        except ApprovalRefused:
            continue
        return actor.login
    raise AssertionError(f"nobody may certify step {case.open_step} of {case_id}")


def unit_of(invoices, case_id: UUID) -> str:
    """The unit whose Leitweg-ID the invoice names (the Kämmerei when none), for the clearing inbox's assignment."""
    reference = invoices.get_case(case_id).facts.buyer_reference
    return next((unit.key for unit in invoices.policy.units if unit.leitweg_id == reference), "kaemmerei")


class World:
    """The application, its views and a clock; verbs record events through the application's commands."""

    def __init__(self, now: datetime | None = None):
        self.now = now or datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)
        self.services = bootstrap(Settings(persistence="memory"), clock=lambda: self.now, policy=POLICY)
        self.invoices = self.services.invoices
        self.views = open_views(self.services.settings, self.invoices)
        self.runner = Runner(self.invoices, list(self.views))
        self.originals: dict[UUID, object] = {}

    def later(self, **delta) -> World:
        self.now += timedelta(**delta)
        return self

    def catch_up(self) -> int:
        return self.runner.run_once()

    def received(self, generated, *, sender: str = "rechnung@lieferant.example") -> UUID:
        if generated.issue_date is not None:
            self.now = max(self.now, datetime.combine(generated.issue_date, time(8), timezone.utc))
        content = write_ubl(generated)
        receipt = self.invoices.receive_submission(content, channel="upload", sender=sender,
                                                   filename=f"{generated.number}.xml")
        self.originals[receipt.case_id] = content
        return receipt.case_id

    def accepted(self, generated) -> UUID:
        case_id = self.received(generated)
        self.later(minutes=1)
        found, facts = read_submission(self.originals[case_id], self.invoices.get_case(case_id).received_at)
        self.invoices.record_recognition(case_id, found)
        self.invoices.record_validation(case_id, Verdict({"accepted": True, "rule_sets": [], "findings": []}, "test",
                                                         facts.model_dump(mode="json") if facts else None))
        return case_id

    def rejected(self, generated, *rules: str) -> UUID:
        case_id = self.received(generated)
        self.later(minutes=1)
        self.invoices.record_recognition(case_id, recognise_file(self.originals[case_id]))
        findings = [{"rule_id": rule, "level": "error", "message": f"{rule} verletzt"} for rule in rules]
        self.invoices.record_validation(case_id, Verdict({"accepted": False, "rule_sets": [], "findings": findings},
                                                         "test"))
        return case_id

    def routed(self, case_id: UUID) -> UUID:
        self.later(minutes=5)
        self.invoices.route(case_id, routing_facts(self.originals[case_id]))
        if self.invoices.get_case(case_id).current_step == "clearing":
            self.later(hours=2)
            self.invoices.assign_to_unit(case_id, unit=unit_of(self.invoices, case_id), by=CLEARING,
                                         reason="Lieferanschrift")
        return case_id

    def signer(self, case_id: UUID) -> str:
        """Someone who may certify the open step now (four-eyes and limits respected)."""
        return signer(self.invoices, case_id, self.now)

    def certified(self, case_id: UUID) -> UUID:
        """Certify the open step (the Anordnung approves)."""
        self.later(days=1)
        case = self.invoices.get_case(case_id)
        self.invoices.certify(case_id, step=case.current_step, by=self.signer(case_id))
        return case_id

    def approved(self, case_id: UUID) -> UUID:
        while self.invoices.get_case(case_id).status == "awaiting-approval":
            self.certified(case_id)
        return case_id

    def close(self) -> None:
        self.views.close()
        self.services.close()
