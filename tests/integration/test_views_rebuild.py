"""The read models on SQLite and PostgreSQL: rebuilt views equal live ones; both databases agree.

A generated history (`tests.histories`) is written to each backend with the views following it as
the worker does (a catch-up after every transaction). Then every view rebuilt from the log must
equal its live twin, the two databases must hold the same rows and answer every report alike, and
the DATEV export of the approved invoices must read back with the VAT view's sums per rate.

The slow test does the same on PostgreSQL with 100,000 events (`bench/projections.py` measures
the rate of such a rebuild).
"""

from __future__ import annotations

import functools
import time
import uuid
from collections import defaultdict
from datetime import date, datetime, timezone

import pytest

from cli.projections import rebuild_share
from invoicing import config
from invoicing.bootstrap import bootstrap
from invoicing.lifecycle.case import Status
from projections.catalogue import NAMES, open_views
from projections.check import check, compare, compared
from projections.exports import InMemoryTarget
from projections.exports.accounts import sample_mapping
from projections.exports.batches import export_approved
from projections.exports.datev import read_extf
from projections.parallel import rebuild_in_processes
from projections.runner import Runner
from tests.histories import write_history
from tests.integration.conftest import settings_for
from tests.unit.projections.world import POLICY

TODAY = date(2026, 9, 1)
EXPORTED_AT = datetime(2026, 12, 31, 18, tzinfo=timezone.utc)


class Backend:
    """An application with a generated history and its live views, on one database."""

    def __init__(self, settings, cases: int, seed: int = 11):
        self.services = bootstrap(settings, policy=POLICY)
        self.invoices = self.services.invoices
        self.views = open_views(settings, self.invoices)
        self.runner = Runner(self.invoices, list(self.views))
        self.written = write_history(self.invoices, cases, seed=seed,
                                     after_save=lambda saved: self.runner.run_once())
        self.runner.run_once()
        self.settings = settings

    def close(self) -> None:
        self.views.close()
        self.services.close()


def fresh_settings(backend: str, request, folder):
    """Settings for an empty store of its own (a new database on the shared PostgreSQL server)."""
    if backend != "postgres":
        return settings_for(backend, request, folder)
    server = request.getfixturevalue("postgres_server")
    dbname = f"test_{uuid.uuid4().hex[:12]}"
    server.create_database(dbname)
    return config.load(server.env(dbname))


@pytest.fixture(scope="module", params=("sqlite", "postgres"))
def backend(request, tmp_path_factory):
    built = Backend(fresh_settings(request.param, request, tmp_path_factory.mktemp("data")), 400)
    yield built
    built.close()


def test_every_view_rebuilt_from_the_log_equals_the_live_one(backend):
    scratch = open_views(backend.settings, backend.invoices, prefix="check")
    for model in backend.views:
        result = check(backend.invoices, model, scratch[model.name])
        assert result.identical, result.describe()
        assert result.rows > 0 or model.name == "inbox"
    scratch.close()


def test_a_rebuild_that_writes_cases_out_early_equals_the_live_one(backend, monkeypatch):
    """Cases leave the rebuild's cache and come back (loaded, their rows replaced); summaries are counted at the end."""
    from projections import base

    monkeypatch.setattr(base, "BULK_CACHED_CASES", 30)
    scratch = open_views(backend.settings, backend.invoices, prefix="early")
    for model in backend.views:
        result = check(backend.invoices, model, scratch[model.name], batch_size=300)
        assert result.identical, result.describe()
        assert all(scratch[model.name].view.summary(name) for name in model.view.summaries), model.name
    scratch.close()


def test_a_rebuild_in_two_processes_equals_the_live_views(backend):
    """`invoicing projections rebuild --jobs 2`: each process rebuilds a share of the views up to the same position."""
    positions = {model.name: model.view.snapshot() for model in backend.views}
    until = max(position for position, _ in positions.values())
    done = rebuild_in_processes(functools.partial(rebuild_share, settings=backend.settings, prefix="parallel"),
                                NAMES, jobs=2, until=until, batch_size=500)
    assert sorted(name for share in done for name in share) == sorted(NAMES) and len(done) == 2
    scratch = open_views(backend.settings, backend.invoices, prefix="parallel")
    for model in backend.views:
        position, rebuilt = scratch[model.name].view.snapshot()
        result = compare(positions[model.name][1], rebuilt, compared(model), model.name, until)
        assert result.identical and position == until, result.describe()
    scratch.close()


@pytest.mark.parametrize("backend", ["postgres"], indirect=True)  # compared once, from the PostgreSQL side
def test_sqlite_and_postgresql_hold_the_same_rows_and_answer_every_report_alike(backend, request):
    other = Backend(fresh_settings("sqlite", request, request.getfixturevalue("tmp_path")), 400)
    try:
        for model in backend.views:
            twin = other.views[model.name]
            assert model.view.snapshot()[1] == twin.view.snapshot()[1], model.name
            assert model.reports(TODAY) == twin.reports(TODAY), model.name
        for text in ("gmbh", "08125999-1000", "2026/0", "zzz"):
            assert backend.views["register"].search(text, limit=500) == other.views["register"].search(text, limit=500)
    finally:
        other.close()


def test_the_datev_export_reads_back_with_the_vat_views_sums_per_rate(backend):
    vat = backend.views["vat"]
    waiting = {row["case_id"] for row in vat.rows() if row["status"] == Status.APPROVED}
    target = InMemoryTarget()
    report = export_approved(backend.invoices, backend.views["register"], target,
                             sample_mapping(), by="kasse", at=EXPORTED_AT)
    assert set(report.exported) == waiting and report.skipped == []
    expected = defaultdict(int)
    for row in vat.by_rate([Status.APPROVED]):
        expected[row["rate"]] += row["gross"]
    exported = defaultdict(int)
    for item in target.delivered[report.batch]:
        assert item.content.count(b"\r\n") == item.content.count(b"\n")
        parsed = read_extf(item.content)
        for row in parsed.rows:
            exported[parsed.rate(row)] += parsed.amount(row)
    assert dict(exported) == {rate: amount for rate, amount in expected.items() if amount}
    backend.runner.run_once()
    assert vat.by_rate([Status.APPROVED]) == []


@pytest.mark.slow
def test_every_view_rebuilt_from_100_000_events_equals_the_live_one(request, tmp_path):
    settings = fresh_settings("postgres", request, tmp_path)
    started = time.monotonic()
    built = Backend(settings, 11_800, seed=3)
    try:
        assert built.written.events >= 100_000
        scratch = open_views(settings, built.invoices, prefix="check")
        for model in built.views:
            result = check(built.invoices, model, scratch[model.name])
            assert result.identical, result.describe()
        scratch.close()
        print(f"\n{built.written.events:,} events: written with live views and checked in "
              f"{time.monotonic() - started:.0f} s")
    finally:
        built.close()
