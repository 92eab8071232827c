"""`invoicing serve --demo`: accounts for everyone in the sample policy, a supplier, and invoices in every state.

Seeding runs once per data store (it stops if the demo supplier exists) and goes through the same
application commands as real use: `receive_submission`, the workers' steps, then people's decisions.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from invoicing.bootstrap import Services
from invoicing.formats.cii_writer import write_cii
from invoicing.formats.pdf_writer import embed_invoice_xml
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator.invoices import generate_batch
from invoicing.model import InvoiceNote
from web.passwords import Passwords
from web.wiring import Edge
from workers import steps

DEMO_PASSWORD = "demo2026"
SUPPLIER = {"login": "lieferant", "name": "Muster Bau GmbH (Demo-Lieferant)", "email": "rechnung@muster-bau.example",
            "organisation": "Muster Bau GmbH"}
KEY_LOGINS = (("lieferant", "Lieferant / supplier"), ("dyilmaz", "Rechnungseingang: sachlich richtig"),
              ("hbraun", "Rechnungsprüfung: rechnerisch richtig"), ("ehartmann", "Kämmerin: Anordnung, Export"),
              ("ilang", "Rechnungsprüfungsamt: Prüfer (nur lesen) / auditor"), ("sotto", "Administration"))
BY = "system:demo"


@dataclass(frozen=True)
class Seeded:
    """What the demo put in: accounts opened, invoices submitted, the supplier's API token."""

    accounts: int
    invoices: int
    token: str | None
    waiting: tuple[tuple[str, int], ...] = ()
    """(login, number of invoices whose open step they may certify now), busiest first."""


def seed(edge: Edge, *, count: int = 30) -> Seeded | None:
    """Seed the demo unless it is there already (None then).

    The demo's accounts (opened `by` "system:demo", with the password the demo prints) are hashed with the
    cheapest Argon2 parameters (`Passwords.for_demo`): hashing some twenty passwords with the defaults took
    most of the demo's start. Accounts opened later are hashed as always."""
    if edge.accounts.find(SUPPLIER["login"]) is not None:
        return None
    usual, edge.accounts.passwords = edge.accounts.passwords, Passwords.for_demo()
    try:
        return _seed(edge, count)
    finally:
        edge.accounts.passwords = usual


def _seed(edge: Edge, count: int) -> Seeded:
    opened = 0
    for person in edge.policy.people:
        if edge.accounts.find(person.login) is None:
            edge.accounts.open_account(person.login, name=person.name, roles=list(person.roles),
                                       password=DEMO_PASSWORD, by=BY)
            opened += 1
    edge.accounts.open_account(SUPPLIER["login"], name=SUPPLIER["name"], roles=["supplier"], password=DEMO_PASSWORD,
                               email=SUPPLIER["email"], organisation=SUPPLIER["organisation"], by=BY)
    token = edge.accounts.issue_token(SUPPLIER["login"], label="Demo-ERP", by=BY)
    _absence(edge.services.invoices)
    submitted = _invoices(edge.services, count)
    return Seeded(opened + 1, submitted, token, _waiting(edge.services.invoices))


def _waiting(invoices) -> tuple[tuple[str, int], ...]:
    from collections import Counter

    from invoicing.approvals import who_may_act
    from web.cases import CaseIndex

    counts: Counter = Counter()
    for case_id in CaseIndex(invoices).ids():
        step = invoices.get_case(case_id).open_step
        if step is not None:
            counts.update({actor.login for actor in who_may_act(step, invoices.policy, invoices.clock())})
    return tuple(counts.most_common(6))


def files(count: int) -> list[tuple[str, bytes, str]]:
    """(name, bytes, kind) for the demo: valid invoices in turn as UBL, CII and PDF, then the special ones."""
    batch = generate_batch(2026, count + 4, kind="standard")
    found: list[tuple[str, bytes, str]] = []
    for index, invoice in enumerate(batch[:count]):
        stem = f"demo-{index + 1:02d}-{invoice.number}"
        syntax = index % 3
        if syntax == 0:
            found.append((f"{stem}.ubl.xml", write_ubl(invoice), "valid"))
        elif syntax == 1:
            found.append((f"{stem}.cii.xml", write_cii(invoice), "valid"))
        else:
            found.append((f"{stem}.pdf", embed_invoice_xml(write_cii(invoice), profile="XRECHNUNG"), "valid"))
    for index, invoice in enumerate(batch[count:count + 3]):  # BR-CO-15: total with VAT one euro off
        totals = invoice.totals
        assert totals is not None and totals.total_with_vat is not None  # the generator fills every invoice's totals
        totals = totals.model_copy(update={"total_with_vat": totals.total_with_vat + Decimal("1.00")})
        found.append((f"demo-invalid-{index + 1}.ubl.xml", write_ubl(invoice.model_copy(update={"totals": totals})),
                      "invalid"))
    found.append(("scan-rechnung.xml", b"<Invoice><ID>1</Invoice>", "unreadable"))
    for index in (0, 1):  # a second file with the seller and number of an earlier one
        original = batch[index]
        copy = original.model_copy(update={"notes": (*original.notes, InvoiceNote(text="Zweitschrift"))})
        found.append((f"demo-copy-{index + 1}-{original.number}.cii.xml", write_cii(copy), "same-number"))
    return found


def _invoices(services: Services, count: int) -> int:
    invoices = services.invoices
    ids = []
    for position, (name, content, kind) in enumerate(files(count)):
        own = position % 2 == 0 or kind != "valid"
        receipt = invoices.receive_submission(content, channel="upload" if own else "mail",
                                              sender=SUPPLIER["email"] if own else "buchhaltung@lieferant.example",
                                              filename=name)
        steps.process_submission(services, receipt.case_id)
        steps.route_invoice(services, receipt.case_id)
        ids.append((receipt.case_id, kind))
    routed = [case_id for case_id, kind in ids if kind == "valid"
              and invoices.get_case(case_id).status == "awaiting-approval"]
    # the demo's people at work: some invoices half certified, some approved, some exported, one returned
    for number, case_id in enumerate(routed):
        plan = number % 6
        if plan == 5 and number < 6:
            clerk = _clearing_member(invoices.policy)
            invoices.return_to_supplier(case_id, by=clerk, reason="Bestellnummer fehlt / order number missing")
            continue
        if invoices.get_case(case_id).current_step == "clearing":
            invoices.assign_to_unit(case_id, unit="kaemmerei", by=_clearing_member(invoices.policy),
                                    reason="Bestellung der Kämmerei")
        for _ in range(min(plan, 3)):
            if not _act_on_open_step(invoices, case_id):
                break
        if plan >= 4 and invoices.get_case(case_id).status == "approved":
            invoices.mark_exported(case_id, target="csv", batch="DEMO-0001", by="ehartmann")
    suspected = [case_id for case_id, kind in ids if invoices.get_case(case_id).status == "duplicate-suspected"]
    if suspected:
        invoices.confirm_duplicate(suspected[0], by=_clearing_member(invoices.policy),
                                   reason="Zweitschrift derselben Rechnung")
    return len(ids)


ABSENT = ("pneumann", "mweber", "Urlaub (Demo)")
"""The demo's one current absence: Dr. Petra Neumann (Anordnung, Hauptamt) is away; the Oberbürgermeister deputises."""


def _absence(invoices) -> None:
    """Record one absence that holds today (from two days ago to a week ahead), as the person herself would."""
    from datetime import timedelta

    from invoicing.approvals.clock import city_day

    today = city_day(invoices.clock())
    person, deputy, note = ABSENT
    invoices.record_absence(person=person, start=today - timedelta(days=2), end=today + timedelta(days=7),
                            deputy=deputy, note=note, by=person)


def _clearing_member(policy) -> str:
    return policy.members(policy.clearing)[0].login


def _act_on_open_step(invoices, case_id) -> bool:
    """Decide the open step as the first person the policy lets (four-eyes, limits); False if nobody may."""
    from invoicing.approvals import who_may_act
    from invoicing.lifecycle.errors import LifecycleError

    case = invoices.get_case(case_id)
    step = case.open_step
    if step is None or step.kind == "clearing":
        return False
    for actor in who_may_act(step, invoices.policy_now(), invoices.clock()):
        try:
            invoices.certify(case_id, step=step.kind, by=actor.login, comment="geprüft (Demo)")
            return True
        except LifecycleError:
            continue
    return False


def describe(url: str, seeded: Seeded | None) -> str:
    """The lines `invoicing serve --demo` prints: where to go and how to log in."""
    lines = [f"Demo ready at {url}", ""]
    if seeded is not None:
        lines.append(f"Seeded {seeded.accounts} accounts and {seeded.invoices} invoices.")
    else:
        lines.append("Demo data already present (delete var/data to start afresh).")
    lines += ["", f"Log-ins (password for all: {DEMO_PASSWORD}):"]
    lines += [f"  {login:<10} {what}" for login, what in KEY_LOGINS]
    lines.append("  (every person of the sample policy can log in the same way)")
    if seeded is not None and seeded.waiting:
        lines.append("Invoices wait in the inboxes of: " + ", ".join(f"{login} ({n})" for login, n in seeded.waiting))
    if seeded is not None and seeded.token:
        lines += ["", f"API token of the demo supplier (shown once): {seeded.token}",
                  f"  curl -H 'Authorization: Bearer {seeded.token}' --data-binary @invoice.xml "
                  f"-H 'Content-Type: application/xml' {url}api/invoices"]
    return "\n".join(lines)
