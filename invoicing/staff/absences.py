"""Absences as events: a person (or their lead) records from when to when they are away and who deputises.

One stream for the city (`ABSENCES_ID`); each absence has an id (`absence_id`: uuid5 of person, dates and
deputy, so the same absence recorded twice is recorded once). `record_absence` and `withdraw_absence` are
pure decisions; `with_absences(policy, absences)` is the policy with the recorded absences as deputies.

Who may record an absence for a person: the person, a budget holder of the same unit (their lead),
or an administrator. The deputy must be known, not the person, and hold a role the person signs with.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate

from invoicing.approvals import Message, Policy
from invoicing.approvals.policy import Deputy
from invoicing.approvals.wording import day
from invoicing.lifecycle.case import Change
from invoicing.lifecycle.errors import NotAllowedNow

ABSENCES_ID = uuid5(NAMESPACE_URL, "urn:einvoice-receiving:absences")
"""The stream id of the city's absences (never change: stored events depend on it)."""


class Absences(Aggregate):
    """Every absence recorded in the city, with its deputy; withdrawn ones are kept (and marked)."""

    class Started(Aggregate.Created):
        """The city's record of absences was opened (with its first absence following)."""

        by: str

    class AbsenceRecorded(Aggregate.Event):
        """`person` is away from `start` to `end` (ISO dates, both inclusive, city days); `deputy` acts for them."""

        absence_id: UUID
        person: str
        start: str
        end: str
        deputy: str
        note: str
        by: str

        def apply(self, absences: Absences) -> None:
            absences.records[self.absence_id] = {"absence_id": self.absence_id, "person": self.person,
                                                 "start": date.fromisoformat(self.start),
                                                 "end": date.fromisoformat(self.end), "deputy": self.deputy,
                                                 "note": self.note, "by": self.by, "at": self.timestamp,
                                                 "withdrawn": None}

    class AbsenceWithdrawn(Aggregate.Event):
        """The absence `absence_id` no longer holds (plans changed), with the reason."""

        absence_id: UUID
        reason: str
        by: str

        def apply(self, absences: Absences) -> None:
            absences.records[self.absence_id]["withdrawn"] = {"by": self.by, "at": self.timestamp,
                                                              "reason": self.reason}

    def __init__(self, by: str):
        self.records: dict[UUID, dict] = {}

    def current(self) -> list[dict]:
        """The absences not withdrawn, earliest start first."""
        return sorted((item for item in self.records.values() if item["withdrawn"] is None),
                      key=lambda item: (item["start"], item["person"]))


def absence_id(person: str, start: date, end: date, deputy: str) -> UUID:
    """The id of an absence: the same person, days and deputy are the same absence."""
    return uuid5(ABSENCES_ID, f"{person}|{start.isoformat()}|{end.isoformat()}|{deputy}")


def may_record_for(by: str, person: str, policy: Policy) -> bool:
    """True when `by` may record or withdraw absences of `person`: themselves, their unit's lead, an administrator."""
    actor, subject = policy.person(by), policy.person(person)
    if actor is None or subject is None:
        return False
    if by == person or "admin" in actor.roles:
        return True
    return "budget_holder" in actor.roles and actor.unit is not None and actor.unit == subject.unit


def record_absence(absences: Absences | None, *, person: str, start: date, end: date, deputy: str, note: str,
                   by: str, policy: Policy, at: datetime) -> list[Change]:
    """Record an absence (nothing if the same one is recorded already); raises `NotAllowedNow` saying why not."""
    subject, stand_in = policy.person(person), policy.person(deputy)
    if subject is None or stand_in is None:
        unknown = person if subject is None else deputy
        raise _refused(Message(de=f"Die Anmeldung „{unknown}“ ist in der Richtlinie nicht bekannt.",
                               en=f"The login '{unknown}' is not known in the policy."))
    if not may_record_for(by, person, policy):
        raise _refused(Message(de=f"Abwesenheiten von {subject.title[0]} erfassen nur {subject.title[0]} selbst, "
                                  "die Leitung des Amtes oder die Administration.",
                               en=f"Absences of {subject.title[1]} are recorded only by {subject.title[1]}, the "
                                  "unit's lead or an administrator."))
    if deputy == person:
        raise _refused(Message(de="Niemand vertritt sich selbst; bitte eine andere Person nennen.",
                               en="Nobody deputises for themselves; please name someone else."))
    if end < start:
        raise _refused(Message(de=f"Das Ende ({day(end)[0]}) liegt vor dem Beginn ({day(start)[0]}).",
                               en=f"The end ({day(end)[1]}) is before the start ({day(start)[1]})."))
    signing = {"clerk", "budget_holder", "finance"}
    if not set(subject.roles) & set(stand_in.roles) & signing:
        raise _refused(Message(de=f"{stand_in.title[0]} hat keine Rolle, mit der {subject.title[0]} zeichnet.",
                               en=f"{stand_in.title[1]} has no role that {subject.title[1]} signs with."))
    key = absence_id(person, start, end, deputy)
    if absences is not None and key in absences.records and absences.records[key]["withdrawn"] is None:
        return []
    return [Change(Absences.AbsenceRecorded, {"absence_id": key, "person": person, "start": start.isoformat(),
                                              "end": end.isoformat(),
                                              "deputy": deputy, "note": note.strip(), "by": by, "timestamp": at})]


def withdraw_absence(absences: Absences | None, *, absence: UUID, reason: str, by: str, policy: Policy,
                     at: datetime) -> list[Change]:
    """Withdraw a recorded absence (nothing if already withdrawn)."""
    record = absences.records.get(absence) if absences is not None else None
    if record is None:
        raise _refused(Message(de="Diese Abwesenheit ist nicht erfasst.", en="This absence is not recorded."))
    if not may_record_for(by, record["person"], policy):
        raise _refused(Message(de="Nur die Person selbst, die Leitung des Amtes oder die Administration nimmt eine "
                                  "Abwesenheit zurück.",
                               en="Only the person, the unit's lead or an administrator withdraws an absence."))
    if record["withdrawn"] is not None:
        return []
    return [Change(Absences.AbsenceWithdrawn, {"absence_id": absence, "reason": reason.strip() or "–", "by": by,
                                               "timestamp": at})]


def with_absences(policy: Policy, absences: Absences | None) -> Policy:
    """The policy in force: its deputies plus every recorded absence that is not withdrawn."""
    if absences is None or not absences.records:
        return policy
    recorded = tuple(Deputy(person=item["person"], deputy=item["deputy"], **{"from": item["start"]},
                            until=item["end"], note=item["note"] or None) for item in absences.current())
    return policy.model_copy(update={"deputies": policy.deputies + recorded})


def _refused(message: Message) -> NotAllowedNow:
    return NotAllowedNow(message.en, "Nothing was recorded.", de=message.de)
