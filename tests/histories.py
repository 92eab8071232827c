"""Realistic invoice histories, written fast: generated invoices through the pure decisions, saved in batches.

Each case goes the way invoices go at a city's intake, with its steps spread over days and the
cases interleaved in time (as in a real log): received, recognised (2 % not readable), validated
(10 % rejected with rule ids), duplicates (2 % reuse an earlier seller and number; half confirmed,
half dismissed), supplier notices, routed by the sample policy (the clearing inbox assigns what no
unit claims), certified step by step by people the policy allows (deputies included), some
clarifications, reassignments and escalations on the way, approved, exported in weekly batches —
and some denied, returned, or still open at the end.

Events are recorded by the lifecycle's own decisions (`invoicing.lifecycle.decisions`, with the
policy's checks) on `InvoiceCase` aggregates and saved through the application (`Invoices.save`,
so through the chained recorder: every event is hashed into the chain as the pipeline's are),
several hundred changes per transaction, so 100,000 events take seconds rather than the minutes
the pipeline would. Accepted invoices' facts are recorded in `InvoiceValidated` (v2), as the pipeline does;
originals are stored only with `originals=True`.

The history streams, so a million cases fit in memory: arrivals come in time order (spread over
`days` from `start`), invoices are drawn from a pool of generated ones (`POOL` per seed) with their
own number and dates, and a case's aggregate is let go once it has no step left. With `until`,
steps due later stay undone (the backlog a live system has at that moment). `after_save` gets the
aggregates of each transaction (e.g. to index their open steps).
"""

from __future__ import annotations

import hashlib
import heapq
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from random import Random
from uuid import UUID

from invoicing.approvals import InvoiceFacts, sample_policy, who_may_act
from invoicing.generator import city, generate_invoice
from invoicing.lifecycle import keys
from invoicing.lifecycle.accounting import CaseFacts
from invoicing.lifecycle.case import InvoiceCase, Submission
from invoicing.lifecycle.decisions import approval, escalation, intake
from invoicing.lifecycle.errors import ApprovalRefused
from invoicing.lifecycle.facts import Recognition, Unreadable, Verdict
from invoicing.lifecycle.numbers import InvoiceNumber

RULES = ("BR-CO-15", "BR-DE-15", "BR-16", "BR-CO-10", "BR-DE-1", "BR-S-08", "PEPPOL-EN16931-R010")
POLICY = sample_policy()
CLEARING = tuple(person.login for person in POLICY.members(POLICY.clearing))
UNIT_BY_NAME = {unit.name: key for key, unit in city.UNITS.items()}
START = datetime(2025, 1, 6, 6, 0, tzinfo=timezone.utc)
POOL = 500
"""Generated invoices per seed that the cases are drawn from (each case gets its own number and dates)."""


@dataclass
class Written:
    """What a generated history wrote: cases and events."""

    cases: int = 0
    events: int = 0


def write_history(invoices, cases: int, *, seed: int = 1,
                  originals: bool | int = False, save_every: int = 300,
                  after_save: Callable[..., None] | None = None, start: datetime = START,
                  days: float | None = None, until: datetime | None = None) -> Written:
    """Write `cases` invoice cases to `invoices`, arriving over `days` (default: about 300 a day, at least 60 days)
    from `start`; steps after `until` are left undone. `after_save(aggregates)` is called after each transaction.
    `originals`: store the original of every case (True) or of every n-th case (an int)."""
    rng = Random(f"history-{seed}")
    spacing = timedelta(days=days if days is not None else max(60.0, cases / 300)) / max(cases, 1)
    plan = _Plan(invoices, rng, seed, originals)
    written = Written(cases=cases)
    pending: dict[UUID, object] = {}
    arrived = 0
    while arrived < cases or plan.agenda:
        if arrived < cases and (not plan.agenda or start + spacing * arrived <= plan.agenda[0][0]):
            plan.arrive(arrived, start + spacing * arrived + timedelta(seconds=rng.uniform(0, 60)))
            arrived += 1
            continue
        at, _, case_id, step = heapq.heappop(plan.agenda)
        if until is not None and at > until:
            plan.agenda.clear()  # everything left is due after `until`: the backlog stays open
            break
        aggregate = step(at)
        plan.done(case_id)
        if aggregate is not None:
            pending[aggregate.id] = aggregate
        if len(pending) >= save_every:
            written.events += _save(invoices, pending, after_save)
    written.events += _save(invoices, pending, after_save)
    return written


def _save(invoices, pending: dict, after_save) -> int:
    if not pending:
        return 0
    events = sum(len(aggregate.pending_events) for aggregate in pending.values())
    aggregates = list(pending.values())
    invoices.save(*aggregates)
    pending.clear()
    if after_save is not None:
        after_save(aggregates)
    return events


class _Plan:
    """The cases in flight and the agenda of their next steps, by time."""

    def __init__(self, invoices, rng: Random, seed: int, originals: bool):
        self.invoices, self.rng, self.seed, self.originals = invoices, rng, seed, originals
        self.agenda: list = []
        self.cases: dict[UUID, InvoiceCase] = {}
        self.steps: dict[UUID, int] = {}  # steps still on the agenda per case (a case is let go at 0)
        self.registers: OrderedDict[str, InvoiceNumber] = OrderedDict()
        self.accepted: deque = deque(maxlen=2000)
        self.pool: dict[int, object] = {}
        self._order = 0

    def later(self, at: datetime, case_id: UUID, step) -> None:
        self._order += 1
        self.steps[case_id] = self.steps.get(case_id, 0) + 1
        heapq.heappush(self.agenda, (at, self._order, case_id, step))

    def done(self, case_id: UUID) -> None:
        """One step of the case was taken; with none left, the case is let go (it was saved or is pending)."""
        left = self.steps.pop(case_id, 1) - 1
        if left > 0:
            self.steps[case_id] = left
        else:
            self.cases.pop(case_id, None)

    def invoice(self, index: int, at: datetime):
        """A generated invoice of the pool, with its own number and issued 0–4 days before `at`."""
        template = self.pool.get(index % POOL)
        if template is None:
            template = self.pool[index % POOL] = generate_invoice(self.seed * 1_000_000 + index % POOL, kind="mixed")
        issued = (at - timedelta(days=self.rng.uniform(0, 4))).date()
        return template.model_copy(update={"number": f"{template.number}-{index}", "issue_date": issued})

    def arrive(self, index: int, at: datetime) -> None:
        rng = self.rng
        roll = rng.random()
        if roll < 0.02 and self.accepted:
            invoice = rng.choice(self.accepted)  # same seller and number, another file: a suspected duplicate
        else:
            invoice = self.invoice(index, at)
        every = 1 if self.originals is True else int(self.originals or 0)
        if every and index % every == 0:
            from invoicing.formats.ubl_writer import write_ubl

            content = write_ubl(invoice) if roll >= 0.02 or not self.accepted else \
                write_ubl(invoice).replace(b"</cbc:ID>", f"</cbc:ID><!-- {index} -->".encode(), 1)
            digest = self.invoices.documents.put(content)
        else:
            digest = hashlib.sha256(f"{self.seed}-{index}".encode()).hexdigest()
        sender = f"rechnung@{keys.seller_key(vat_id=None, identifier=None, name=invoice.seller.name).split()[0][5:]}" \
            ".example" if invoice.seller else "rechnung@example.org"
        case_id = keys.case_id(digest, sender)
        unreadable = 0.02 <= roll < 0.04
        rejected = 0.04 <= roll < 0.14
        facts = None
        if not unreadable and not rejected:
            self.accepted.append(invoice)
            facts = CaseFacts.from_invoice(invoice, at)
        submission = Submission(rng.choice(("upload", "mail", "api")), sender, f"{index}.xml", at)

        def receive(now):
            changes = intake.receive(None, content_hash=digest, size=20_000, submission=submission, at=now)
            case = self.cases[case_id] = InvoiceCase.open(case_id, changes[0])
            self.later(now + timedelta(seconds=rng.uniform(5, 90)), case_id, read)
            return case

        def read(now):
            found = Unreadable("not-xml", "Die Datei ist kein XML.", "Bitte XRechnung senden.") if unreadable else \
                _recognition(invoice)
            case = self._record(case_id, intake.recognise(self.cases[case_id], found, at=now))
            self.later(now + timedelta(seconds=rng.uniform(1, 30)), case_id, validate)
            return case

        def validate(now):
            errors = rng.sample(RULES, rng.choice((1, 1, 2))) if rejected else []
            if unreadable:
                errors = ["INTAKE-not-xml"]
            report = _report(errors)
            case = self.cases[case_id]
            verdict = Verdict(report, "generated", facts.model_dump(mode="json") if facts else None)
            case.record(intake.validate(case, verdict, at=now))
            self._number(case, now)
            about = "rejected" if errors else "accepted"
            if case.status == "duplicate-suspected":
                self.later(now + timedelta(days=rng.uniform(0.5, 3)), case_id, decide_duplicate)
            elif not errors:
                self.later(now + timedelta(minutes=rng.uniform(1, 10)), case_id, route)
            self.later(now + timedelta(minutes=rng.uniform(1, 5)), case_id, lambda when: self._notify(case_id, about,
                                                                                                       when))
            return case

        def decide_duplicate(now):
            case, clerk = self.cases[case_id], rng.choice(CLEARING)
            if rng.random() < 0.5:
                self._record(case_id, approval.confirm_duplicate(case, by=clerk, reason="Doppel", policy=POLICY,
                                                                 at=now))
                self.later(now + timedelta(minutes=2), case_id, lambda when: self._notify(case_id, "duplicate", when))
            else:
                self._record(case_id, approval.dismiss_duplicate(case, by=clerk, reason="Teillieferung",
                                                                 policy=POLICY, at=now))
                self.later(now + timedelta(minutes=5), case_id, route)
            return case

        def route(now):
            case = self._record(case_id, intake.route(self.cases[case_id], facts=InvoiceFacts.from_invoice(invoice),
                                                      policy=POLICY, at=now))
            self.later(now + timedelta(hours=rng.uniform(1, 30)), case_id,
                       assign if case.current_step == "clearing" else decide_step)
            return case

        def assign(now):
            unit = UNIT_BY_NAME.get(invoice.buyer.postal_address.line_2) if invoice.buyer else None
            case = self._record(case_id, approval.assign_to_unit(self.cases[case_id], by=rng.choice(CLEARING),
                                                                 unit=unit or "kaemmerei", reason="Lieferanschrift",
                                                                 policy=POLICY, at=now))
            self.later(now + timedelta(days=rng.uniform(0.2, 4)), case_id, decide_step)
            return case

        def decide_step(now):
            case = self.cases[case_id]
            step = case.open_step
            signers = [actor.login for actor in who_may_act(step, POLICY, now)]
            fate = rng.random()
            waited = (now - escalation.step_started(case)).days
            if waited >= POLICY.escalation.days_in_step and rng.random() < 0.5:
                changes = escalation.escalate(case, policy=POLICY, now=now)
                if changes:
                    self.later(now + timedelta(days=rng.uniform(0.1, 2)), case_id, decide_step)
                    return self._record(case_id, changes)
            if fate < 0.03 and signers:
                return self._record(case_id, approval.deny(case, step=step.kind, by=signers[0],
                                                           reason="Leistung nicht erbracht", policy=POLICY, at=now))
            if fate < 0.05 and signers:
                self.later(now + timedelta(minutes=3), case_id, lambda when: self._notify(case_id, "returned", when))
                return self._record(case_id, approval.return_to_supplier(case, by=signers[0],
                                                                         reason="Bestellnummer fehlt", policy=POLICY,
                                                                         at=now))
            if fate < 0.08 and signers and case.progress.status == "pending":
                self.later(now + timedelta(days=rng.uniform(0.5, 3)), case_id, answer)
                return self._record(case_id, approval.request_clarification(
                    case, by=signers[0], question="Ist die Leistung vollständig erbracht?", policy=POLICY, at=now))
            if fate < 0.10:
                return None  # still waiting at the end of the history
            for login in rng.sample(signers, len(signers)):
                try:
                    changes = approval.certify(case, step=step.kind, by=login, policy=POLICY, at=now)
                except ApprovalRefused:
                    continue
                case = self._record(case_id, changes)
                if case.status == "approved":
                    if rng.random() < 0.85:
                        monday = (now + timedelta(days=7 - now.weekday())).replace(hour=6, minute=0)
                        self.later(monday + timedelta(seconds=rng.uniform(0, 600)), case_id,
                                   lambda when: self._record(case_id, approval.mark_exported(
                                       self.cases[case_id], target="datev", batch=f"{monday:%Y-%m-%d}",
                                       by="system:export", at=when)))
                else:
                    self.later(now + timedelta(days=rng.uniform(0.1, 4)), case_id, decide_step)
                return case
            return None  # nobody may sign today (e.g. above every limit): stays open

        def answer(now):
            case = self._record(case_id, approval.answer_clarification(
                self.cases[case_id], by=rng.choice(CLEARING), answer="Ja, vollständig.", policy=POLICY, at=now))
            self.later(now + timedelta(days=rng.uniform(0.1, 2)), case_id, decide_step)
            return case

        self.later(at, case_id, receive)

    def _record(self, case_id: UUID, changes) -> InvoiceCase:
        case = self.cases[case_id]
        case.record(changes)
        return case

    def _notify(self, case_id: UUID, about: str, now: datetime) -> InvoiceCase:
        case = self.cases[case_id]
        return self._record(case_id, intake.notify_supplier(case, about=about, recipient=case.submissions[0].sender,
                                                            message=f"Ihre Rechnung: {about}", at=now))

    def _number(self, case: InvoiceCase, now: datetime) -> None:
        key = intake.number_key(case)
        if key is None:
            return
        register = self.registers.get(key)
        check = intake.check_number(case, register, at=now)
        case.record(check.case_changes)
        if check.register_change is not None:
            if register is None:
                register = self.registers[key] = InvoiceNumber.open(keys.number_id(key), check.register_change)
                if len(self.registers) > 20_000:  # duplicates reuse recent numbers only (`accepted` keeps 2,000)
                    self.registers.popitem(last=False)
            else:
                register.record(check.register_change)
            self.later(now, register.id, lambda when, register=register: register)


_REPORTS: dict = {}


def _report(errors: list[str]) -> dict:
    """A validation report as the engine writes it (its rule sets, one finding per rule id in `errors`)."""
    from validators.report import Finding, RuleSet, ValidationReport

    if "rule_sets" not in _REPORTS:
        _REPORTS["rule_sets"] = (
            RuleSet("receiving policy", "2026-01", "policy"), RuleSet("KoSIT configuration", "3.0.2 (2025-07-10)", "-"),
            RuleSet("XML Schema", "UBL 2.1", "lxml/libxml2"), RuleSet("EN 16931 (CEN)", "1.3.16", "native (compiled)"),
            RuleSet("XRechnung", "3.0.2", "native (compiled)"))
    findings = tuple(Finding(rule, "error", f"The rule {rule} is not met.", "en16931", message_de=f"Regel {rule} "
                             "ist nicht erfüllt.", location="/Invoice[1]") for rule in errors)
    return ValidationReport(accepted=not errors, scenario="EN16931 XRechnung (UBL Invoice)", syntax="UBL",
                            customization_id="urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
                            findings=findings, rule_sets=_REPORTS["rule_sets"], kosit_accepted=not errors).to_dict()


def _recognition(invoice) -> Recognition:
    seller = invoice.seller
    return Recognition(
        syntax="UBL", document_type="Invoice", customization_id="urn:cen.eu:en16931:2017#compliant#"
        "urn:xeinkauf.de:kosit:xrechnung_3.0", profile=None, container="xml", number=invoice.number,
        issue_date=invoice.issue_date.isoformat() if invoice.issue_date else None,
        seller_name=seller.name if seller else None,
        seller_key=keys.seller_key(vat_id=seller.vat_identifier, identifier=None, name=seller.name) if seller else None,
        buyer_reference=invoice.buyer_reference, currency=invoice.currency_code,
        amount_due=invoice.totals.amount_due if invoice.totals else None)
