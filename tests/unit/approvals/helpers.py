"""A small test policy (Testgemeinde), facts and clock helpers shared by the approval tests.

The policy is TOML text, so loading tests can break one line of it and see the load refused.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

from invoicing.approvals import InvoiceFacts, parse_policy

BAU = "08111000-60-14"
SCHULE = "08111000-40-74"
CENTRAL = "08111000-33"

POLICY = f"""
[policy]
name = "Testgemeinde"
version = "t1"

[clearing]
group = "eingang"

[escalation]
days_in_step = 5
days_before_discount = 3
days_before_due = 5
target = {{ person = "kaemmerer" }}

[signing]
same_person_may_sign = [["sachlich", "rechnerisch"]]

[[units]]
key = "bau"
name = "Bauamt"
leitweg_id = "{BAU}"
cost_centres = ["60??"]
escalate_to = {{ person = "carla" }}
chain = [
  {{ step = "sachlich", group = "bau-sb" }},
  {{ step = "rechnerisch", group = "bau-sb" }},
  {{ step = "anordnung", person = "carla" }},
]

[[units]]
key = "schule"
name = "Schulamt"
leitweg_id = "{SCHULE}"
cost_centres = ["40??"]
chain = [
  {{ step = "sachlich_rechnerisch", person = "sven" }},
  {{ step = "anordnung", person = "carla" }},
]

[[groups]]
key = "bau-sb"
name = "Sachbearbeitung Bau"
unit = "bau"

[[groups]]
key = "eingang"
name = "Rechnungseingang"

[[groups]]
key = "feststellung"
name = "Feststellungsbefugte"

[[people]]
login = "anna"
name = "Anna Adler"
salutation = "Frau"
roles = ["clerk"]
unit = "bau"
groups = ["bau-sb", "feststellung"]

[[people]]
login = "bernd"
name = "Bernd Busch"
salutation = "Herr"
roles = ["clerk", "budget_holder"]
unit = "bau"
groups = ["bau-sb", "feststellung"]

[[people]]
login = "carla"
name = "Carla Conrad"
salutation = "Frau"
roles = ["budget_holder"]
unit = "bau"

[[people]]
login = "dirk"
name = "Dirk Dorn"
salutation = "Herr"
roles = ["clerk", "budget_holder"]
unit = "bau"

[[people]]
login = "erik"
name = "Erik Eck"
salutation = "Herr"
roles = ["finance"]
groups = ["eingang"]

[[people]]
login = "kaemmerer"
name = "Karl Kamm"
salutation = "Herr"
roles = ["budget_holder"]

[[people]]
login = "sven"
name = "Sven Stein"
salutation = "Herr"
roles = ["clerk"]
unit = "schule"
groups = ["feststellung"]

[[people]]
login = "ines"
name = "Ines Ihle"
salutation = "Frau"
roles = ["auditor"]

[[people]]
login = "lara"
name = "Lara Lenz"
salutation = "Frau"
roles = ["supplier"]

[[limits]]
group = "feststellung"
steps = ["sachlich", "rechnerisch"]
max_eur = 50000

[[limits]]
person = "carla"
steps = ["anordnung"]
max_eur = "10000.00"

[[limits]]
person = "dirk"
steps = ["anordnung"]
max_eur = "5000.00"

[[limits]]
person = "kaemmerer"
steps = ["anordnung"]
unlimited = true

[[deputies]]
person = "carla"
deputy = "dirk"
from = 2026-07-01
until = 2026-07-14

[[conflicts_of_interest]]
person = "bernd"
supplier_vat_id = "DE111111111"
reason = "Schwager ist Geschäftsführer"

[[rules]]
id = "bau-gross"
unit = "bau"
match = {{ leitweg_id = "{BAU}", amount_from = 20000 }}
chain = [
  {{ step = "sachlich", group = "bau-sb" }},
  {{ step = "rechnerisch", group = "bau-sb" }},
  {{ step = "anordnung", person = "kaemmerer" }},
]

[[rules]]
id = "zentral-schule"
unit = "schule"
match = {{ leitweg_id = "{CENTRAL}", order_reference = "40-*" }}
"""


def policy(text: str = POLICY):
    """The test policy, or a variant of its text."""
    return parse_policy(text, source="test-policy.toml")


def facts(**changes) -> InvoiceFacts:
    """An ordinary invoice to the Bauamt over 1,190.00 EUR; keyword arguments change single facts."""
    values = dict(number="R-1", issue_date=date(2026, 3, 2), type_code="380", currency="EUR", buyer_reference=BAU,
                  seller_name="Muster Bau GmbH", seller_vat_id="DE123456789", amount=Decimal("1190.00"),
                  amount_due=Decimal("1190.00"))
    values.update(changes)
    return InvoiceFacts(**values)


def at(day: str, hour: int = 10) -> datetime:
    """A moment on `day` (ISO date) at `hour` o'clock UTC."""
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=timezone.utc)
