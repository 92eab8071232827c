"""How the views read approval events: the one place that knows their attributes.

The views do not read approval events' attributes directly: they ask the small functions here,
which turn an event into plain values (`Route`, `Step`, `StepDone`, …). When the events change
(a new `class_version`, a new event), this module changes; the views do not.

* `ApprovalRequested` v2 — `route` (an `invoicing.approvals.Route` as data: unit, steps with
  index, kind and assignee), `inbox` the unit key or "clearing"; v1 (before the policy) — no
  route, `steps` are names (`sachlich-richtig`, …), all for the group `inbox`;
* `InvoiceAssignedToUnit` — the clearing inbox gave the invoice a unit and its new `route`;
  progress starts again on it (as `invoicing.approvals.next_step` counts records after a re-route);
* `InvoiceCertified` / `InvoiceApproved` — step `index` done (v1: the step named `step`),
  by `by`, for `on_behalf_of` when a deputy signed; the Anordnung approves;
* `StepReassigned` — step `step` now belongs to `to` (`{"person"}` or `{"group"}`);
* `ClarificationRequested` / `ClarificationAnswered` — step `step` waits for / got its answer;
* `EscalationRaised` — step `step` was brought to `target`'s attention, for `keys` (reasons);
* `InvoiceDenied`, `InvoiceReturnedToSupplier`, `InvoiceRejected`, … — approval ends (`ENDED`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from invoicing.lifecycle.case import InvoiceCase

_Case = InvoiceCase

KINDS = {"sachlich-richtig": "sachlich", "rechnerisch-richtig": "rechnerisch", "anordnung": "anordnung",
         "sachlich-rechnerisch-richtig": "sachlich_rechnerisch"}
"""Step kinds (`invoicing.approvals.policy.StepKind`) of the step names of v1 events."""


@dataclass(frozen=True)
class Step:
    """One step of a route: position, name, kind, and the person or group it is assigned to."""

    index: int
    name: str
    kind: str
    person: str | None = None
    group: str | None = None

    def as_json(self) -> dict:
        return {"index": self.index, "name": self.name, "kind": self.kind, "person": self.person, "group": self.group}

    @classmethod
    def from_json(cls, data: dict) -> Step:
        return cls(**data)


@dataclass(frozen=True)
class Route:
    """Where an invoice was sent for approval: the unit (or inbox) and the steps in order."""

    unit: str | None
    steps: tuple[Step, ...] = ()


@dataclass(frozen=True)
class StepDone:
    """A step certified (or the Anordnung given): which step (index, or name in v1), by whom, for whom."""

    step: int | str
    by: str
    on_behalf_of: str | None = None


@dataclass(frozen=True)
class Assignment:
    """A person or group a step is given to (reassignment) or brought to the attention of (escalation)."""

    step: int
    person: str | None = None
    group: str | None = None


def routed(event: Any) -> Route:
    """The route an `ApprovalRequested` or `InvoiceAssignedToUnit` event puts the invoice on."""
    data = getattr(event, "route", None)
    if data is None:  # ApprovalRequested v1: named steps, all for the group `inbox`
        inbox = getattr(event, "inbox", None)
        return Route(unit=inbox, steps=tuple(Step(index=index, name=name, kind=KINDS.get(name, name), group=inbox)
                                             for index, name in enumerate(getattr(event, "steps", ()) or ())))
    unit = data.get("unit") or getattr(event, "unit", None) or getattr(event, "inbox", None)
    steps = []
    for step in data.get("steps", ()):
        assignee = step.get("assignee") or {}
        steps.append(Step(index=step["index"], name=step["kind"], kind=step["kind"], person=assignee.get("person"),
                          group=assignee.get("group")))
    return Route(unit=unit, steps=tuple(steps))


def step_done(event: Any) -> StepDone:
    """Which step an `InvoiceCertified` or `InvoiceApproved` event completes."""
    index = getattr(event, "index", None)
    return StepDone(step=index if index is not None else event.step, by=event.by,
                    on_behalf_of=getattr(event, "on_behalf_of", None))


def is_step(step: Step, done: StepDone) -> bool:
    """True when `done` refers to `step` (by index, or by name for v1 events)."""
    return done.step == step.index if isinstance(done.step, int) else done.step in (step.name, step.kind)


def reassigned(event: Any) -> Assignment:
    """The step a `StepReassigned` event hands on, and to whom."""
    return Assignment(step=event.step, person=event.to.get("person"), group=event.to.get("group"))


def escalated(event: Any) -> tuple[Assignment, list[str]]:
    """The step an `EscalationRaised` event escalates, to whom, and the reasons' keys."""
    target = event.target or {}
    return Assignment(step=event.step, person=target.get("person"), group=target.get("group")), list(event.keys)


ROUTED = (_Case.ApprovalRequested, _Case.InvoiceAssignedToUnit)
"""Events that put the invoice on a (new) route; progress starts again."""

STEP_DONE = (_Case.InvoiceCertified, _Case.InvoiceApproved)
"""Events that complete a step."""

REASSIGNED = (_Case.StepReassigned,)
CLARIFICATION_ASKED = (_Case.ClarificationRequested,)
CLARIFICATION_ANSWERED = (_Case.ClarificationAnswered,)
ESCALATED = (_Case.EscalationRaised,)

ENDED = (_Case.InvoiceApproved, _Case.InvoiceDenied, _Case.InvoiceReturnedToSupplier, _Case.InvoiceRejected,
         _Case.DuplicateConfirmed, _Case.InvoiceExported)
"""Events after which nobody has to act on the invoice any more."""
