"""Approval inbox: given an invoice's approval events, who sees it, at which step, since when.

`GEBAEUDE` goes to the Gebäudemanagement: sachlich (group gebaeude-technik: bberger, klindner,
fkaiser), rechnerisch (group rechnungspruefung: hbraun, okrause), Anordnung (tkoch; deputies
bberger 20.07.–07.08.2026 and klindner 01.08.–14.08.2026).
"""

from datetime import datetime, timezone

from tests.unit.projections.world import CLEARING, POLICY, invoice

GEBAEUDE = invoice(7)
NOWHERE = "04011000-1234512345-06"


def _ids(rows):
    return [row["case_id"] for row in rows]


def test_a_routed_invoice_waits_at_its_first_step_for_the_group_it_is_assigned_to(world):
    case = world.routed(world.accepted(GEBAEUDE))
    world.catch_up()
    inbox = world.views["inbox"]
    row = inbox.get(case)
    assert (row["unit"], row["step_index"], row["kind"], row["assignee_group"]) == (
        "gebaeude", 0, "sachlich", "gebaeude-technik")
    assert (row["supplier"], row["number"], row["gross"]) == (
        GEBAEUDE.seller.name, GEBAEUDE.number, GEBAEUDE.totals.total_with_vat)
    assert _ids(inbox.for_group("gebaeude-technik")) == [case]
    for login in ("bberger", "klindner", "fkaiser"):
        [item] = inbox.for_person(login, POLICY, world.now)
        assert (item["case_id"], item["may_act"], item["on_behalf_of"]) == (case, True, None)
    assert inbox.for_person("hbraun", POLICY, world.now) == []


def test_a_certified_step_moves_the_invoice_to_the_next_steps_assignee_from_that_moment(world):
    case = world.certified(world.routed(world.accepted(GEBAEUDE)))
    world.catch_up()
    row = world.views["inbox"].get(case)
    assert (row["step_index"], row["kind"], row["assignee_group"], row["since"]) == (
        1, "rechnerisch", "rechnungspruefung", world.now)
    assert row["done"] == [0]
    assert _ids(world.views["inbox"].for_person("hbraun", POLICY, world.now)) == [case]
    assert world.views["inbox"].for_person("fkaiser", POLICY, world.now) == []


def test_the_anordnung_is_in_the_deputys_inbox_only_within_the_deputy_period_and_says_for_whom(world):
    case = world.certified(world.certified(world.routed(world.accepted(GEBAEUDE))))
    world.catch_up()
    inbox = world.views["inbox"]
    assert inbox.get(case)["assignee_person"] == "tkoch"
    within = datetime(2026, 7, 30, 10, tzinfo=timezone.utc)
    after = datetime(2026, 8, 10, 10, tzinfo=timezone.utc)
    [item] = inbox.for_person("bberger", POLICY, within)
    assert (item["case_id"], item["on_behalf_of"]) == (case, "tkoch")
    assert inbox.for_person("bberger", POLICY, after) == []
    assert _ids(inbox.for_person("klindner", POLICY, after)) == [case]
    assert _ids(inbox.for_person("tkoch", POLICY, after)) == [case]


def test_a_reassigned_step_goes_to_its_new_assignee(world):
    case = world.routed(world.accepted(GEBAEUDE))
    world.invoices.reassign(case, by="fkaiser", reason="Urlaub", person="bberger")
    world.catch_up()
    row = world.views["inbox"].get(case)
    assert (row["assignee_person"], row["assignee_group"], row["reassigned"]) == (
        "bberger", None, {"0": {"person": "bberger", "group": None}})
    assert world.views["inbox"].for_person("fkaiser", POLICY, world.now) == []


def test_a_question_makes_the_step_wait_until_it_is_answered(world):
    case = world.routed(world.accepted(GEBAEUDE))
    world.invoices.request_clarification(case, by="fkaiser", question="Ist die Lieferung vollständig?")
    world.catch_up()
    row = world.views["inbox"].get(case)
    assert (row["waiting"], row["question"]) == ("clarification", "Ist die Lieferung vollständig?")
    world.later(hours=3).invoices.answer_clarification(case, by=CLEARING, answer="Ja.")
    world.catch_up()
    assert (world.views["inbox"].get(case)["waiting"], world.views["inbox"].get(case)["question"]) == ("step", None)


def test_an_escalated_step_is_shown_to_the_escalation_target(world):
    case = world.routed(world.accepted(GEBAEUDE))
    world.later(days=POLICY.escalation.days_in_step + 1).invoices.escalate(case)
    world.catch_up()
    row = world.views["inbox"].get(case)
    assert row["escalated_person"] == "tkoch" and row["escalations"]
    [item] = world.views["inbox"].for_person("tkoch", POLICY, world.now)
    assert (item["case_id"], item["escalated"], item["may_act"]) == (case, True, False)


def test_an_approved_invoice_leaves_every_inbox(world):
    case = world.approved(world.routed(world.accepted(GEBAEUDE)))
    world.catch_up()
    assert world.views["inbox"].get(case) is None
    assert world.views["inbox"].rows() == []


def test_an_invoice_no_unit_claims_waits_in_the_clearing_inbox_until_it_is_assigned(world):
    lines = tuple(line.model_copy(update={"buyer_accounting_reference": None}) for line in GEBAEUDE.lines)
    nowhere = invoice(7, buyer_reference=NOWHERE, buyer_accounting_reference=None, lines=lines,
                      purchase_order_reference=None)
    case = world.accepted(nowhere)
    from invoicing.lifecycle.reading import routing_facts

    world.invoices.route(case, routing_facts(world.originals[case]))
    world.catch_up()
    row = world.views["inbox"].get(case)
    assert (row["unit"], row["kind"], row["assignee_group"]) == ("clearing", "clearing", "rechnungseingang")
    assert _ids(world.views["inbox"].for_person(CLEARING, POLICY, world.now)) == [case]
    world.later(hours=1).invoices.assign_to_unit(case, unit="gebaeude", by=CLEARING, reason="Lieferanschrift")
    world.catch_up()
    row = world.views["inbox"].get(case)
    assert (row["unit"], row["kind"], row["assignee_group"], row["since"]) == (
        "gebaeude", "sachlich", "gebaeude-technik", world.now)
