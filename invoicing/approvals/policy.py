"""The approval policy: the city's organisation and its Dienstanweisung as immutable data.

An administrator writes it as TOML (see `sample_policy.toml` and `loader`); everything here is
pydantic, frozen and JSON-able, so a `Route` that quotes parts of it can be stored in an event.

Vocabulary
- A **unit** (Amt) has a Leitweg-ID (BT-10), cost centres (glob patterns such as "65??") and a
  default **chain** of steps. Step kinds: `sachlich`, `rechnerisch`, `sachlich_rechnerisch` (both
  in one signature, only where `signing.same_person_may_sign` allows it) and `anordnung`;
  `clearing` is the central inbox's step of assigning an unroutable invoice to a unit.
- Each step is assigned to one person or one group (`Assignee`).
- **Release limits** (`Limit`): per person or group and step kind, in EUR (gross, BT-112), or
  explicitly `unlimited`. A person's own limit for a step overrides their groups' limits;
  otherwise the highest limit of their groups applies; with none, the person may not sign that
  step at all (fail closed).
- **Deputies** (`Deputy`): `deputy` may act for `person` from `from` to `until`, both days
  inclusive, in the city's calendar (Europe/Berlin). Periods may overlap. A deputy needs a role
  fitting the step; by default the represented person's release limit applies
  (`signing.deputy_limit = "represented"`, as Dienstanweisungen usually grant the deputy the
  powers of the absent person), or `"lower"` for the lower of both limits.
- **Thresholds** (`Threshold`, Wertgrenzen): from an amount on, a step kind goes to a named
  person or group, whatever rule chose the chain.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

Role = Literal["supplier", "clerk", "budget_holder", "finance", "auditor", "admin"]
StepKind = Literal["sachlich", "rechnerisch", "sachlich_rechnerisch", "anordnung", "clearing"]
CERTIFICATION_KINDS: tuple[StepKind, ...] = ("sachlich", "rechnerisch", "sachlich_rechnerisch", "anordnung")

DEFAULT_STEP_ROLES: dict[StepKind, tuple[Role, ...]] = {
    "sachlich": ("clerk", "budget_holder"),
    "rechnerisch": ("clerk", "finance", "budget_holder"),
    "sachlich_rechnerisch": ("clerk", "budget_holder"),
    "anordnung": ("budget_holder",),
    "clearing": ("finance", "clerk"),
}
"""Which roles may sign which step, unless the policy's `[signing.roles]` says otherwise."""


class Frozen(BaseModel):
    """Base of the policy's value objects: immutable, unknown keys refused (typos in the file are errors)."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Assignee(Frozen):
    """One person (by login) or one group (by key) that a step is assigned to."""

    person: str | None = None
    group: str | None = None

    @model_validator(mode="after")
    def _exactly_one(self):
        if (self.person is None) == (self.group is None):
            raise ValueError("name exactly one of 'person' or 'group'")
        return self

    def __str__(self) -> str:
        return f"person {self.person}" if self.person else f"group {self.group}"


class StepSpec(Frozen):
    """A step of a chain as written in the policy: `{ step = "anordnung", person = "tkoch" }`."""

    step: StepKind
    person: str | None = None
    group: str | None = None

    @property
    def assignee(self) -> Assignee:
        """Who the step is assigned to."""
        return Assignee(person=self.person, group=self.group)


class Unit(Frozen):
    """An organisational unit (Amt) with its Leitweg-ID, cost centres, default chain and escalation target."""

    key: str
    name: str
    leitweg_id: str
    cost_centres: tuple[str, ...] = ()
    chain: tuple[StepSpec, ...] = ()
    escalate_to: Assignee | None = None


class Person(Frozen):
    """Someone who may act in the system: login, name, roles, unit and groups."""

    login: str
    name: str
    salutation: Literal["Frau", "Herr"] | None = None
    roles: tuple[Role, ...]
    unit: str | None = None
    groups: tuple[str, ...] = ()
    email: str | None = None
    """Where notifications go; default `<login>@<policy mail_domain>`."""

    @property
    def title(self) -> tuple[str, str]:
        """How sentences name the person, German and English: ("Frau Sabine Roth", "Ms Sabine Roth")."""
        english = {"Frau": "Ms", "Herr": "Mr"}.get(self.salutation or "")
        return (f"{self.salutation} {self.name}" if self.salutation else self.name,
                f"{english} {self.name}" if english else self.name)

    @property
    def pronoun(self) -> tuple[str, str]:
        """Subject pronoun, German and English ("sie", "she"); the name again when no salutation is known."""
        return {"Frau": ("sie", "she"), "Herr": ("er", "he")}.get(self.salutation or "", self.title)

    @property
    def object_pronoun(self) -> tuple[str, str]:
        """Object pronoun, German accusative and English ("sie", "her"); the name when no salutation is known."""
        return {"Frau": ("sie", "her"), "Herr": ("ihn", "him")}.get(self.salutation or "", self.title)


class Group(Frozen):
    """A named group of people (members list the group in their `groups`)."""

    key: str
    name: str
    unit: str | None = None


class Limit(Frozen):
    """A release limit (Freigabegrenze) for a person or a group, for the listed step kinds."""

    person: str | None = None
    group: str | None = None
    steps: tuple[StepKind, ...] = ("sachlich", "rechnerisch", "anordnung")
    max_eur: Decimal | None = None
    unlimited: bool = False

    @model_validator(mode="after")
    def _well_formed(self):
        if (self.person is None) == (self.group is None):
            raise ValueError("name exactly one of 'person' or 'group'")
        if (self.max_eur is None) != self.unlimited:
            raise ValueError("give either 'max_eur' or 'unlimited = true'")
        return self


class Deputy(Frozen):
    """`deputy` acts for `person` from `from` to `until` (both inclusive)."""

    person: str
    deputy: str
    from_: date = Field(alias="from")
    until: date
    note: str | None = None

    def active_on(self, day: date) -> bool:
        """True when the deputy period includes `day`."""
        return self.from_ <= day <= self.until


class ConflictOfInterest(Frozen):
    """A person who must not certify invoices of a supplier (by VAT id or name), with the reason."""

    person: str
    supplier_vat_id: str | None = None
    supplier_name: str | None = None
    reason: str


class Escalation(Frozen):
    """When to escalate and to whom: days in one step; days before the discount and the payment deadline."""

    days_in_step: int = Field(default=5, ge=1)
    days_before_discount: int = Field(default=3, ge=0)
    days_before_due: int = Field(default=5, ge=0)
    target: Assignee


class Signing(Frozen):
    """Four-eyes rules: which step kinds one person may both sign, and which roles fit which step."""

    same_person_may_sign: tuple[tuple[StepKind, StepKind], ...] = (("sachlich", "rechnerisch"),)
    deputy_limit: Literal["represented", "lower"] = "represented"
    """Whose release limit binds a deputy: the represented person's (Befugnisse des Vertretenen), or the lower."""
    roles: dict[StepKind, tuple[Role, ...]] = Field(default_factory=lambda: dict(DEFAULT_STEP_ROLES))

    def roles_for(self, kind: StepKind) -> tuple[str, ...]:
        """The roles that may sign a step of `kind`."""
        return self.roles.get(kind, DEFAULT_STEP_ROLES[kind])

    def may_combine(self, first: str, second: str) -> bool:
        """True when one person may sign both a `first` and a `second` step (never with an Anordnung)."""
        if "anordnung" in (first, second):
            return False
        return (first, second) in self.same_person_may_sign or (second, first) in self.same_person_may_sign


class Match(Frozen):
    """What a routing rule matches; every given field must match (AND), a list matches any entry (OR).

    Text matchers are case-insensitive glob patterns (`*`, `?`): `leitweg_id` on BT-10,
    `order_reference` on BT-13, `supplier` on the seller's VAT id (BT-31) or name (BT-27),
    `cost_centre` on any cost centre of the invoice. `amount_from` (inclusive) and `amount_below`
    (exclusive) bound the gross amount (BT-112).
    """

    leitweg_id: tuple[str, ...] = ()
    order_reference: tuple[str, ...] = ()
    supplier: tuple[str, ...] = ()
    cost_centre: tuple[str, ...] = ()
    amount_from: Decimal | None = None
    amount_below: Decimal | None = None

    @field_validator("leitweg_id", "order_reference", "supplier", "cost_centre", mode="before")
    @classmethod
    def _one_or_many(cls, value):
        return (value,) if isinstance(value, str) else value


class AccountDefault(Frozen):
    """A default of the Kontierung: for a supplier (VAT id or name) or a unit, the expense account and cost object
    (and cost centre) that *sachlich richtig* is pre-filled with. Supplier entries should come first."""

    supplier: str | None = None
    unit: str | None = None
    account: str
    cost_centre: str | None = None
    cost_object: str | None = None


class Rule(Frozen):
    """A routing rule: when `match` fits, the invoice goes to `unit` with `chain` (default: the unit's chain)."""

    id: str
    unit: str
    match: Match = Match()
    chain: tuple[StepSpec, ...] | None = None
    note: str | None = None


class Threshold(Frozen):
    """A value limit of the Dienstanweisung: from `amount_from` (inclusive) on, `step` goes to person or group."""

    amount_from: Decimal
    step: StepKind
    person: str | None = None
    group: str | None = None

    @property
    def assignee(self) -> Assignee:
        """Who takes the step above the threshold."""
        return Assignee(person=self.person, group=self.group)


class Policy(Frozen):
    """The whole approval policy of one city; look-ups by key are methods."""

    name: str
    version: str
    mail_domain: str | None = None
    """The city's mail domain: people without an `email` get `<login>@<mail_domain>`."""
    clearing: Assignee
    escalation: Escalation
    signing: Signing = Signing()
    units: tuple[Unit, ...]
    groups: tuple[Group, ...] = ()
    people: tuple[Person, ...]
    limits: tuple[Limit, ...] = ()
    deputies: tuple[Deputy, ...] = ()
    conflicts_of_interest: tuple[ConflictOfInterest, ...] = ()
    rules: tuple[Rule, ...] = ()
    thresholds: tuple[Threshold, ...] = ()
    accounting: tuple[AccountDefault, ...] = ()

    def person(self, login: str) -> Person | None:
        """The person with `login`, or None."""
        return next((person for person in self.people if person.login == login), None)

    def email_of(self, login: str) -> str | None:
        """Where `login` is mailed: their `email`, else `<login>@<mail_domain>`, else None."""
        person = self.person(login)
        if person is None:
            return None
        return person.email or (f"{login}@{self.mail_domain}" if self.mail_domain else None)

    def unit(self, key: str) -> Unit | None:
        """The unit with `key`, or None."""
        return next((unit for unit in self.units if unit.key == key), None)

    def group(self, key: str | None) -> Group | None:
        """The group with `key`, or None (also for no key)."""
        return next((group for group in self.groups if group.key == key), None)

    def members(self, assignee: Assignee) -> tuple[Person, ...]:
        """The people an assignee stands for: the person, or the group's members."""
        if assignee.person is not None:
            person = self.person(assignee.person)
            return (person,) if person else ()
        return tuple(person for person in self.people if assignee.group in person.groups)

    def assignee_name(self, assignee: Assignee) -> tuple[str, str]:
        """How sentences name an assignee, German and English."""
        if assignee.person is not None:
            person = self.person(assignee.person)
            return person.title if person else (assignee.person, assignee.person)
        group = self.group(assignee.group)
        label = group.name if group else assignee.group
        return f"Gruppe „{label}“", f"group '{label}'"
