"""End to end on the embedded default: the worker keeps the views up to date, and the approved invoices'
DATEV export reads back with the VAT view's sums per rate.

24 generated invoices (UBL and CII) go through the real pipeline (recognition, validation, routing
by the sample policy) in a `WorkerRuntime` on SQLite, whose projections thread follows the log.
The register must show each in its inbox; then every step is certified by someone the policy
allows, the views follow, and `invoicing export datev` writes the approved invoices, marked once.
"""

from __future__ import annotations

import time
from collections import defaultdict

import pytest

from invoicing.approvals import sample_policy
from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_batch
from invoicing.lifecycle.case import Status
from projections.catalogue import open_views
from projections.exports import InMemoryTarget
from projections.exports.accounts import sample_mapping
from projections.exports.batches import export_approved
from projections.exports.datev import read_extf
from projections.runner import Runner
from tests.unit.projections.world import CLEARING, signer, unit_of
from workers import actors
from workers.runtime import WorkerRuntime

pytestmark = pytest.mark.slow


def wait_for(condition, timeout: float = 180.0):
    deadline = time.monotonic() + timeout
    while True:
        try:
            if result := condition():
                return result
        except Exception:  # the views' tables appear when the runner takes its lock
            pass
        assert time.monotonic() < deadline, "the views did not catch up in time"
        time.sleep(0.2)


def test_the_worker_keeps_the_views_up_to_date_and_the_approved_invoices_export_with_the_vat_sums(tmp_path):
    settings = Settings(persistence="sqlite", data_dir=tmp_path / "data", retry_min_backoff_ms=100)
    services = bootstrap(settings, policy=sample_policy())
    actors.broker.flush_all()
    runtime = WorkerRuntime(services, threads=4).start()
    views = open_views(settings, services.invoices, create=False)
    try:
        cases = [services.invoices.receive_submission(
            (write_ubl if index % 2 else write_cii)(item), channel="upload", sender="rechnung@lieferant.example",
            filename=f"{index}.xml").case_id for index, item in enumerate(generate_batch(2026, 24, kind="standard"))]
        register, lag = views["register"], Runner(services.invoices, list(views)).lag
        caught_up = {model.name: 0 for model in views}
        wait_for(lambda: {register.get(case)["status"] for case in cases} == {Status.AWAITING_APPROVAL}
                 and lag() == caught_up)
        assert all(views["inbox"].get(case) for case in cases)

        invoices = services.invoices
        for case in cases:
            while invoices.get_case(case).status == Status.AWAITING_APPROVAL:
                step = invoices.get_case(case).current_step
                if step == "clearing":
                    invoices.assign_to_unit(case, unit=unit_of(invoices, case), by=CLEARING, reason="Lieferanschrift")
                else:
                    invoices.certify(case, step=step, by=signer(invoices, case, invoices.clock()))
        wait_for(lambda: {register.get(case)["status"] for case in cases} == {Status.APPROVED}
                 and lag() == caught_up)
        assert views["inbox"].rows() == []

        vat = views["vat"]
        expected = defaultdict(int)
        for row in vat.by_rate([Status.APPROVED]):
            expected[row["rate"]] += row["gross"]
        target = InMemoryTarget()
        report = export_approved(services.invoices, register, target, sample_mapping(), by="kasse")
        assert sorted(report.exported) == sorted(cases) and report.skipped == []
        exported = defaultdict(int)
        for item in target.delivered[report.batch]:
            parsed = read_extf(item.content)
            for row in parsed.rows:
                exported[parsed.rate(row)] += parsed.amount(row)
        assert dict(exported) == {rate: amount for rate, amount in expected.items() if amount}
        wait_for(lambda: {register.get(case)["status"] for case in cases} == {Status.EXPORTED}
                 and lag() == caught_up)
        assert vat.by_rate([Status.APPROVED]) == []
    finally:
        runtime.stop()
        actors.broker.flush_all()
        views.close()
        services.close()
