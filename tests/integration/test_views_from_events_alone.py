"""Views from events alone: the facts are recorded in the events; older streams get them by a migration event.

Cases validated the old way (`InvoiceValidated` version 1, no facts) are given their facts by
`invoicing audit record-facts` (an `InvoiceFactsRecorded` event each, history untouched); then every
view is rebuilt with the originals store unavailable and must equal the live views, amounts included.
"""

from __future__ import annotations

import sqlite3

import pytest
from eventsourcing.persistence import OperationalError, StoredEvent

from invoicing.audit.migrate import record_missing_facts
from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.formats.ubl_writer import write_ubl
from invoicing.lifecycle.accounting import CaseFacts
from invoicing.lifecycle.case import SYSTEM, InvoiceCase
from invoicing.lifecycle.facts import Verdict
from invoicing.lifecycle.reading import read_submission, recognise_file, routing_facts
from projections.catalogue import open_views
from projections.check import check
from projections.runner import Runner
from tests.unit.projections.world import invoice, signer, unit_of

ACCEPTED = {"accepted": True, "rule_sets": [], "findings": []}


def store_validated_v1(invoices, case_id) -> None:
    """An `InvoiceValidated` as version 1 stored it: no `facts`, no class version."""
    case = invoices.get_case(case_id)
    event = InvoiceCase.InvoiceValidated(originator_id=case_id, originator_version=case.version + 1,
                                         timestamp=invoices.clock(), accepted=True, report=ACCEPTED, rule_sets=[],
                                         engine="legacy", by=SYSTEM, facts=None)
    stored = invoices.mapper.to_stored_event(event)
    state = invoices.mapper.transcoder.decode(stored.state)
    assert state.pop("class_version") == 2
    del state["facts"]
    invoices.recorder.insert_events([StoredEvent(stored.originator_id, stored.originator_version, stored.topic,
                                                 invoices.mapper.transcoder.encode(state))])


def story(invoices, seed: int, *, legacy: bool, steps: int) -> tuple:
    generated = invoice(seed)
    content = write_ubl(generated)
    case_id = invoices.receive_submission(content, channel="upload", sender="rechnung@lieferant.example",
                                          filename=f"{seed}.xml").case_id
    found, facts = read_submission(content, invoices.get_case(case_id).received_at)
    invoices.record_recognition(case_id, recognise_file(content))
    if legacy:
        store_validated_v1(invoices, case_id)
    else:
        invoices.record_validation(case_id, Verdict(ACCEPTED, "test", facts.model_dump(mode="json")))
    if steps:
        invoices.route(case_id, routing_facts(content))
        if invoices.get_case(case_id).current_step == "clearing":
            invoices.assign_to_unit(case_id, unit=unit_of(invoices, case_id), by="dyilmaz", reason="Anschrift")
    for _ in range(steps - 1):
        case = invoices.get_case(case_id)
        if case.current_step is None:
            break
        invoices.certify(case_id, step=case.current_step, by=signer(invoices, case_id, invoices.clock()))
    return case_id, generated


@pytest.fixture
def built(tmp_path):
    settings = Settings(persistence="sqlite", data_dir=tmp_path / "data")
    services = bootstrap(settings)
    cases = [story(services.invoices, seed, legacy=seed % 2 == 0, steps=seed % 4) for seed in range(1, 17)]
    yield settings, services, cases
    services.close()


def test_older_cases_get_their_facts_by_a_recorded_event_and_every_view_rebuilds_without_the_originals(built):
    settings, services, cases = built
    before = {case_id: len(services.invoices.history(case_id)) for case_id, _ in cases}
    migrated = record_missing_facts(services.invoices)
    legacy = [case_id for index, (case_id, _) in enumerate(cases, start=1) if index % 2 == 0]
    assert sorted(migrated.recorded) == sorted(legacy) and migrated.skipped == []
    assert record_missing_facts(services.invoices).recorded == []  # once only
    for case_id, generated in cases:
        history = services.invoices.history(case_id)
        assert len(history) == before[case_id] + (case_id in legacy)  # appended, nothing rewritten
        received = history[0].received_at
        assert services.invoices.get_case(case_id).accounting_facts == CaseFacts.from_invoice(generated, received)

    live = open_views(settings, services.invoices)
    Runner(services.invoices, list(live)).run_once()
    register = {row["case_id"]: row for row in live["register"].rows()}
    assert all(register[case_id]["net"] == generated.totals.total_without_vat for case_id, generated in cases)
    assert {row["case_id"] for row in live["vat"].rows()} == {case_id for case_id, _ in cases}

    with sqlite3.connect(settings.data_dir / "invoices.sqlite") as database:  # the originals store goes away
        database.execute("ALTER TABLE documents RENAME TO documents_unavailable")
    without = bootstrap(settings.but(create_tables=False))
    with pytest.raises(OperationalError, match="no such table: documents"):
        without.invoices.documents.get(without.invoices.get_case(cases[0][0]).content_hash)
    scratch = open_views(settings, without.invoices, prefix="check")
    try:
        for model in live:
            result = check(without.invoices, model, scratch[model.name])
            assert result.identical, result.describe()
            assert result.rows > 0, model.name
    finally:
        scratch.close()
        live.close()
        without.close()


def test_a_version_1_validation_loads_with_no_facts_recorded(built):
    settings, services, cases = built
    legacy = cases[1][0]
    validated = [event for event in services.invoices.history(legacy) if type(event).__name__ == "InvoiceValidated"]
    assert validated[0].facts is None and validated[0].engine == "legacy"
    assert services.invoices.get_case(legacy).accounting_facts is None
