"""End to end on PostgreSQL + Redis with two `invoicing worker` processes: 200 invoices through the sample policy.

200 generated invoices of the Stadt Eichenbrück are submitted at once. Each must be routed, by the
facts of its original, to the unit it was written for (9 units), or — sent to the central inbox
without an order number or cost centre — to the clearing inbox, where the central invoice inbox
assigns it to that unit. Each must show up in the inboxes of exactly the people its first step is
assigned to. Then every step is certified: first by someone it is not assigned to (refused, with
the reason in German and English, nothing recorded), by the earlier signer where the chain would
let them (refused by the four-eyes rule), then by the right person, until the Anordnung approves
the invoice. Meanwhile the workers' escalation job runs every two seconds: it must raise each
reason at most once. At the end the open-steps index is empty.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections import Counter, defaultdict

import pytest
from eventsourcing.utils import get_topic

from cli.main import main
from invoicing import config
from invoicing.approvals import InvoiceFacts, route, who_may_act
from invoicing.bootstrap import bootstrap
from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import city, generate_batch
from invoicing.generator.submissions import SampleSubmission
from invoicing.lifecycle import keys
from invoicing.lifecycle.case import InvoiceCase, Status
from invoicing.lifecycle.errors import ApprovalRefused
from invoicing.open_steps.inbox import inbox
from invoicing.open_steps.indexer import TOPICS
from projections.catalogue import open_views
from projections.exports import InMemoryTarget
from projections.exports.accounts import sample_mapping
from projections.exports.batches import export_approved
from projections.exports.datev import read_extf
from tests.e2e.test_pipeline_postgres_redis import ROOT, Workers, submit
from web.passwords import Passwords
from web.wiring import accounts_for

pytestmark = pytest.mark.slow
UNIT_BY_NAME = {unit.name: key for key, unit in city.UNITS.items()}


def submissions(count: int) -> list[tuple[SampleSubmission, str, InvoiceFacts]]:
    """Generated invoices as UBL and CII files, each with the unit it was written for and its facts."""
    result = []
    for index, invoice in enumerate(generate_batch(2026, count)):
        content = write_ubl(invoice) if index % 2 else write_cii(invoice)
        item = SampleSubmission(f"{index:03d}.xml", content, "upload", "fresh")
        result.append((item, UNIT_BY_NAME[invoice.buyer.postal_address.line_2], InvoiceFacts.from_invoice(invoice)))
    return result


def wait_for(what: str, done, timeout: float) -> float:
    started = time.monotonic()
    while not done():
        assert time.monotonic() - started < timeout, f"{what}: not within {timeout:.0f} s"
        time.sleep(0.25)
    return time.monotonic() - started


def indexed(services) -> bool:
    """True when the open-steps index has read every event that concerns an open step."""
    invoices = services.invoices
    position = services.open_steps.max_tracking_id(f"{invoices.name}.open_steps") or 0
    return not invoices.recorder.select_notifications(start=position, limit=1, topics=TOPICS,
                                                      inclusive_of_start=False)


def routed_count(invoices) -> int:
    return len(invoices.recorder.select_notifications(start=None, limit=10_000,
                                                      topics=[get_topic(InvoiceCase.ApprovalRequested)]))


def certifications(invoices, case_id) -> int:
    return sum(type(event).__name__ in ("InvoiceCertified", "InvoiceApproved") for event in invoices.history(case_id))


def wrong_person(policy, step, signers: set[str]) -> str:
    """Someone with a role that fits the step, to whom it is not assigned (nor as deputy) and who has not signed."""
    allowed = {actor.login for actor in who_may_act(step, policy, time_now())}
    roles = set(policy.signing.roles_for(step.kind))
    return next(person.login for person in policy.people
                if person.login not in allowed | signers and roles & set(person.roles))


def time_now():
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


def test_200_invoices_reach_their_units_inboxes_and_are_approved_by_the_right_people_only(
        postgres_env, redis_server, tmp_path, monkeypatch, capsys):
    redis_server.flush()
    env = {**os.environ, **postgres_env, "REDIS_URL": redis_server.url(0), "INVOICING_REDELIVER_AFTER": "15",
           "INVOICING_RETRY_MIN_BACKOFF_MS": "200", "INVOICING_WORKER_THREADS": "4",
           "INVOICING_ESCALATION_EVERY": "2"}
    subprocess.run([sys.executable, "-m", "invoicing", "db", "init"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    batch = submissions(200)
    expected = {item.name: (unit, facts) for item, unit, facts in batch}
    services = bootstrap(config.load(postgres_env).but(create_tables=False))
    invoices, policy = services.invoices, services.invoices.policy
    workers = Workers(env, tmp_path)
    timings = {}
    try:
        workers.start()
        workers.start()
        started = time.monotonic()
        submit(invoices, [item for item, _, _ in batch])
        ids = {item.name: keys.case_id(keys.content_hash(item.content), "rechnung@lieferant.example")
               for item, _, _ in batch}
        wait_for("routing", lambda: routed_count(invoices) == len(ids), 120)
        wait_for("indexing", lambda: indexed(services), 30)
        timings["routed and indexed"] = time.monotonic() - started

        # every invoice is where its facts send it, and in the inboxes of exactly its first step's people
        now, routes = time_now(), Counter()
        cases = {name: invoices.get_case(case_id) for name, case_id in ids.items()}
        inboxes = {person.login: {item.case_id for item in inbox(invoices, services.open_steps, person.login, at=now)}
                   for person in policy.people}
        for name, case in cases.items():
            unit, facts = expected[name]
            chosen = route(facts, policy)
            assert case.facts == facts and case.progress.route == chosen, name
            assert chosen.clearing or chosen.unit == unit, f"{name}: {chosen.unit} instead of {unit}"
            routes[chosen.unit or "clearing"] += 1
            people = {actor.login for actor in who_may_act(case.open_step, policy, now)}
            assert people, f"{name}: nobody may act on {case.open_step}"
            assert {login for login, cases_in in inboxes.items() if case.id in cases_in} == people, name
        assert len([unit for unit in routes if unit != "clearing"]) >= 5 and routes["clearing"] > 0, routes
        timings["inboxes checked"] = time.monotonic() - started

        # the central invoice inbox assigns the unroutable ones to the unit they were written for
        for name, case in cases.items():
            if case.progress.route.clearing:
                refused_assignment = pytest.raises(ApprovalRefused)
                with refused_assignment:
                    invoices.assign_to_unit(case.id, unit=expected[name][0], by="sroth", reason="Zuständigkeit")
                invoices.assign_to_unit(case.id, unit=expected[name][0], by="dyilmaz", reason="Lieferanschrift")

        # the clerk's command line, on PostgreSQL, for the first invoice: refused, then certified
        for key, value in postgres_env.items():
            monkeypatch.setenv(key, value)
        first = cases["000.xml"].id
        step = invoices.get_case(first).open_step
        accounts = accounts_for(config.load(postgres_env), Passwords.for_tests())  # the CLI acts with credentials
        for person in policy.people:
            accounts.open_account(person.login, name=person.name, roles=list(person.roles), password="cli-password-1",
                                  by="test")
        accounts.close()
        monkeypatch.setattr("sys.stdin", io.StringIO("cli-password-1\n" * 20))
        assert main(["certify", str(first), "--step", step.kind, "--as", wrong_person(policy, step, set()),
                     "--password-stdin"]) == 1
        assert capsys.readouterr().err.startswith("Refused [")

        refusals, four_eyes = Counter(), 0
        for name, case_id in ids.items():
            signers: set[str] = set()
            while (case := invoices.get_case(case_id)).open_step is not None:
                step, before = case.open_step, certifications(invoices, case_id)
                with pytest.raises(ApprovalRefused) as refused:
                    invoices.certify(case_id, step=step.kind, by=wrong_person(policy, step, signers))
                refusals[refused.value.rule] += 1
                assert refused.value.message_de and refused.value.message and refused.value.hint
                actors = [actor.login for actor in who_may_act(step, policy, time_now())]
                for signer in (signers & set(actors) if step.kind == "anordnung" else ()):
                    with pytest.raises(ApprovalRefused, match="four-eyes principle"):
                        invoices.certify(case_id, step=step.kind, by=signer)
                    four_eyes += 1
                assert certifications(invoices, case_id) == before, "a refusal recorded nothing"
                signer = next(login for login in actors if login not in signers)
                if case_id == first:
                    assert main(["certify", str(case_id), "--step", step.kind, "--as", signer, "--password-stdin"]) == 0
                else:
                    invoices.certify(case_id, step=step.kind, by=signer)
                signers.add(signer)
            assert case.status == Status.APPROVED, f"{name}: {case.status}"
        timings["all approved"] = time.monotonic() - started
        assert sum(refusals.values()) >= 400 and four_eyes > 0, (refusals, four_eyes)
        assert set(refusals) <= {"not_assigned", "deputy_out_of_period"}, refusals

        wait_for("the index emptied", lambda: indexed(services) and not services.open_steps.assigned_to(
            people=[person.login for person in policy.people],
            groups=[group.key for group in policy.groups]), 30)
        escalations = [event for case_id in ids.values() for event in invoices.history(case_id)
                       if type(event).__name__ == "EscalationRaised"]
        assert escalations, "the generated invoices of 2026 are overdue: the job must have escalated some"
        for case_id in ids.values():
            raised = [key for event in invoices.history(case_id) if type(event).__name__ == "EscalationRaised"
                      for key in event.keys]
            assert len(raised) == len(set(raised)), f"{case_id}: a reason raised twice: {raised}"
        # the workers' projections follow the log: once they have caught up, the DATEV export of the
        # approved invoices reads back (Windows-1252, CRLF) with the VAT view's sums per rate
        views = open_views(config.load(postgres_env), invoices)
        end = invoices.recorder.max_notification_id() or 0
        wait_for("the views", lambda: all(model.view.position() >= end for model in views), 60)
        expected_per_rate = defaultdict(int)
        for row in views["vat"].by_rate([Status.APPROVED]):
            expected_per_rate[row["rate"]] += row["gross"]
        target = InMemoryTarget()
        exported = export_approved(invoices, views["register"], target, sample_mapping(), by="ehartmann")
        assert len(exported.exported) == len(ids) and exported.skipped == []
        per_rate = defaultdict(int)
        for item in target.delivered[exported.batch]:
            assert item.content.count(b"\r\n") == item.content.count(b"\n")
            parsed = read_extf(item.content)
            for row in parsed.rows:
                per_rate[parsed.rate(row)] += parsed.amount(row)
        assert dict(per_rate) == {rate: amount for rate, amount in expected_per_rate.items() if amount}
        views.close()
        timings["exported"] = time.monotonic() - started
        print(f"\napproval e2e: {dict(routes)}; {len(escalations)} escalations; refusals {dict(refusals)}, "
              f"four-eyes {four_eyes}; " + ", ".join(f"{what} {seconds:.1f} s" for what, seconds in timings.items()))
    finally:
        workers.stop()
        services.close()
