"""Account assignment (Kontierung) given with *sachlich richtig*: cost centre, cost object and expense account,
for the whole invoice or split by amount (or by line, each line's share), pre-filled from the policy.

Pure: `prefill` proposes rows from the policy's `accounting` defaults (by supplier, then unit) and the
invoice's own references (BT-19, BT-133 written "Kostenstelle.Sachkonto"); `check` says why rows cannot be
recorded (a missing cost centre or account, amounts that do not add up to the gross total BT-112). The
rows are recorded in the certification event (`InvoiceCertified` version 3, `assignment`).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from pydantic import Field

from invoicing.approvals.facts import InvoiceFacts
from invoicing.approvals.policy import Frozen, Policy
from invoicing.approvals.routing import Route
from invoicing.approvals.wording import Message, euro

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._/-]{0,35}$")
_ACCOUNT = re.compile(r"^\d{1,9}$")


class AssignmentRow(Frozen):
    """One row of the Kontierung: where (a share of) the invoice is booked."""

    cost_centre: str                       # Kostenstelle (DATEV KOST1)
    cost_object: str | None = None         # Kostenträger (DATEV KOST2)
    account: str                           # Sachkonto (expense account, DATEV Gegenkonto)
    amount: Decimal | None = None          # gross share; None for the whole (remaining) amount
    lines: tuple[str, ...] = Field(default=())  # invoice line ids (BT-126) the row covers, if split by line


def prefill(facts: InvoiceFacts, route: Route | None, policy: Policy) -> list[AssignmentRow]:
    """The proposed row: the invoice's first cost centre (else the default's), with the policy's defaults.

    No row when the policy knows no expense account for the invoice: the clerk may then give the
    Kontierung or certify without it (the DATEV export then books on the mapping's account).
    """
    default = _default(facts, route, policy)
    centres = list(facts.cost_centres)
    centre = centres[0] if centres else default.get("cost_centre", "")
    if not default.get("account") or not centre:
        return []
    return [AssignmentRow(cost_centre=centre, cost_object=default.get("cost_object"), account=default["account"])]


def _default(facts: InvoiceFacts, route: Route | None, policy: Policy) -> dict:
    vat = (facts.seller_vat_id or "").replace(" ", "").upper()
    unit = route.unit if route is not None else None
    chosen: dict = {}
    for entry in policy.accounting:  # the first match wins: supplier entries before unit entries in the file
        if (entry.supplier and entry.supplier.replace(" ", "").upper() in (vat, (facts.seller_name or "").upper())) \
                or (entry.unit and entry.unit == unit and not entry.supplier):
            chosen = {"account": entry.account, "cost_object": entry.cost_object,
                      "cost_centre": entry.cost_centre or ""}
            break
    found = policy.unit(unit) if unit else None
    if not chosen.get("cost_centre") and found:
        concrete = [pattern for pattern in found.cost_centres if "?" not in pattern and "*" not in pattern]
        chosen["cost_centre"] = concrete[0] if concrete else found.cost_centres[0].replace("?", "0") \
            if found.cost_centres else ""
    return chosen


def parse_rows(cost_centres: list[str], cost_objects: list[str], accounts: list[str],
               amounts: list[str]) -> list[AssignmentRow] | Message:
    """Rows from a form's columns (empty rows left out), or why they cannot be read."""
    rows = []
    for number, (centre, cost_object, account, amount) in enumerate(
            zip(cost_centres, cost_objects, accounts, amounts), start=1):
        if not any(part.strip() for part in (centre, cost_object, account, amount)):
            continue
        value = None
        if amount.strip():
            try:
                value = Decimal(amount.strip().replace(".", "").replace(",", ".")) if "," in amount \
                    else Decimal(amount.strip())
            except InvalidOperation:
                return Message(de=f"Zeile {number}: „{amount}“ ist kein Betrag.",
                               en=f"Row {number}: '{amount}' is not an amount.")
        rows.append(AssignmentRow(cost_centre=centre.strip(), cost_object=cost_object.strip() or None,
                                  account=account.strip(), amount=value))
    return rows


def check(rows: list[AssignmentRow], facts: InvoiceFacts) -> Message | None:
    """Why `rows` cannot be recorded for the invoice, or None."""
    if not rows:
        return Message(de="Bitte mindestens eine Kontierung angeben (Kostenstelle und Sachkonto).",
                       en="Please give at least one account assignment (cost centre and account).")
    for number, row in enumerate(rows, start=1):
        if not _CODE.match(row.cost_centre):
            return Message(de=f"Zeile {number}: Bitte eine Kostenstelle angeben (bis 36 Zeichen, Buchstaben und "
                              "Ziffern).",
                           en=f"Row {number}: please give a cost centre (up to 36 letters and digits).")
        if row.cost_object is not None and not _CODE.match(row.cost_object):
            return Message(de=f"Zeile {number}: Der Kostenträger darf bis 36 Buchstaben und Ziffern haben.",
                           en=f"Row {number}: the cost object may have up to 36 letters and digits.")
        if not _ACCOUNT.match(row.account):
            return Message(de=f"Zeile {number}: Das Sachkonto besteht aus Ziffern (z. B. 4980).",
                           en=f"Row {number}: the account is digits (e.g. 4980).")
    open_rows = [row for row in rows if row.amount is None]
    if len(rows) > 1 and facts.amount is not None:
        given = sum((row.amount for row in rows if row.amount is not None), Decimal(0))
        if len(open_rows) > 1 or (not open_rows and given != facts.amount) or (open_rows and given > facts.amount):
            total = euro(facts.amount)
            return Message(de=f"Die Beträge der Zeilen müssen zusammen den Rechnungsbetrag von {total[0]} ergeben "
                              "(eine Zeile darf ohne Betrag den Rest übernehmen).",
                           en=f"The rows' amounts must add up to the invoice total of {total[1]} (one row without "
                              "an amount takes the rest).")
    return None


def shares(rows: list[dict], total: Decimal) -> list[tuple[dict, Decimal]]:
    """Each recorded row with its gross share of `total` (a row without amount takes the rest)."""
    given = sum((Decimal(str(row["amount"])) for row in rows if row.get("amount") is not None), Decimal(0))
    return [(row, Decimal(str(row["amount"])) if row.get("amount") is not None else total - given) for row in rows]
