"""The runner: views are a pure function of the log, however it is cut into batches and whoever runs it.

A generated history of 300 cases (about 2,500 events, every kind of story) on the in-memory
application; views on SQLite in memory.
"""

import pytest
from eventsourcing.persistence import IntegrityError, Tracking

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from projections.catalogue import open_views
from projections.check import check, compare
from projections.runner import Runner
from tests.histories import write_history
from tests.unit.projections.world import POLICY


@pytest.fixture(scope="module")
def history():
    services = bootstrap(Settings(persistence="memory"), policy=POLICY)
    views = open_views(services.settings, services.invoices)
    written = write_history(services.invoices, 300, seed=5)
    yield services, views, written
    views.close()
    services.close()


def snapshots(views):
    return {model.name: model.view.snapshot()[1] for model in views}


def test_the_register_shows_every_case_in_the_status_its_aggregate_has(history):
    services, views, written = history
    Runner(services.invoices, list(views)).rebuild()
    rows = views["register"].rows()
    assert len(rows) == written.cases
    statuses = {row["case_id"]: row["status"] for row in rows}
    assert statuses == {case_id: services.invoices.get_case(case_id).status for case_id in statuses}
    assert len(set(statuses.values())) >= 7, "the history tells every kind of story"


def test_the_views_are_the_same_whatever_the_batch_size(history):
    services, views, _ = history
    results = []
    for batch_size in (3, 97, 20_000):
        for model in views:
            model.view.reset()
            model.forget()
        Runner(services.invoices, list(views), batch_size=batch_size).run_once()
        results.append(snapshots(views))
    assert results[0] == results[1] == results[2]


def test_a_batch_based_on_an_old_position_is_refused_and_changes_nothing(history):
    services, views, _ = history
    register = views["register"]
    Runner(services.invoices, [register]).rebuild()
    before = register.view.snapshot()
    events = [services.invoices.mapper.to_domain_event(notification) for notification in
              services.invoices.recorder.select_notifications(start=None, limit=50)]
    with pytest.raises(IntegrityError):
        register.process_batch(events, Tracking(services.invoices.name, before[0] + 1), expected=0)
    assert register.view.snapshot() == before


def test_two_runners_taking_turns_on_the_same_views_give_the_views_of_one(history):
    services, views, _ = history
    for model in views:
        model.view.reset()
    other = open_views(services.settings, services.invoices)
    other_models = list(other)
    # the second runner's read models share the views' databases through the same view objects
    for model, twin in zip(views, other_models):
        twin._view = model.view
    first = Runner(services.invoices, list(views), batch_size=40)
    second = Runner(services.invoices, other_models, batch_size=70)
    while first.run_once(batch_size=40, until=_next(first, 40)) + second.run_once(until=_next(second, 70)):
        pass
    scratch = open_views(services.settings, services.invoices, prefix="check")
    for model in views:
        assert check(services.invoices, model, scratch[model.name]).identical, model.name
    other.close()
    scratch.close()


def _next(runner: Runner, step: int) -> int:
    return min(model.view.position() for model in runner.models) + step


def test_compare_names_missing_extra_and_different_rows():
    from projections.register import INVOICES

    row = {name: None for name in INVOICES.names}
    live = {"invoices": [{**row, "case_id": 1, "status": "accepted"}, {**row, "case_id": 2}]}
    rebuilt = {"invoices": [{**row, "case_id": 1, "status": "approved"}, {**row, "case_id": 3}]}
    result = compare(live, rebuilt, (INVOICES,), "register", 10)
    assert not result.identical
    assert (result.missing, result.extra) == ([("invoices", (3,))], [("invoices", (2,))])
    assert result.different == [("invoices", (1,), {"status": ("accepted", "approved")})]
    assert "DIFFERENT" in result.describe()


def test_a_rebuild_reports_its_progress_and_the_time_left(history):
    from projections.runner import Progress

    services, views, _ = history
    lines, now = [], iter(range(0, 10_000, 3))
    progress = Progress(lines.append, every=2.0, clock=lambda: float(next(now)))
    Runner(services.invoices, list(views), progress=progress).rebuild(batch_size=500)
    assert lines and lines[-1].startswith("100% of the log") and "about 0 s left" in lines[-1]
    assert Progress.line(250, 1000, 200, 10.0) == " 25% of the log (250 of 1,000), 20 events/s, about 30 s left"


def test_a_rebuild_stopped_half_way_is_dropped_when_the_views_open_again(history, tmp_path):

    services, _, _ = history
    settings = Settings(persistence="sqlite", data_dir=tmp_path)
    views = open_views(settings, services.invoices)
    model = views["register"]
    runner = Runner(services.invoices, [model])
    model.view.reset()
    model.begin_bulk()
    runner.replay(batch_size=200)
    model.view.save(list(model._cache.values())[:5], None)  # some rows written, the position never
    model.forget()
    assert model.view.position() == 0 and model.view.is_stale()
    views.close()
    reopened = open_views(settings, services.invoices)
    assert not reopened["register"].view.is_stale() and reopened["register"].rows() == []
    reopened.close()


def test_a_rebuild_that_writes_cases_out_early_gives_the_same_views(history, monkeypatch):
    from projections import base

    services, views, _ = history
    for model in views:
        model.view.reset()
        model.forget()
    Runner(services.invoices, list(views)).run_once()
    live = snapshots(views)
    monkeypatch.setattr(base, "BULK_CACHED_CASES", 12)  # cases leave the cache (and come back) all the time
    Runner(services.invoices, list(views)).rebuild(batch_size=50)
    assert snapshots(views) == live


def test_views_at_the_beginning_of_a_log_with_events_are_rebuilt_in_bulk_and_then_followed(history):
    services, views, _ = history
    fresh = open_views(services.settings, services.invoices, prefix="fresh")
    runner = Runner(services.invoices, list(fresh))
    bulk = []
    for model in fresh:
        model.begin_bulk = (lambda begin, name: lambda: (bulk.append(name), begin())[1])(model.begin_bulk, model.name)
    end = services.invoices.recorder.max_notification_id()
    assert runner.rebuild_empty() > 0
    assert sorted(bulk) == sorted(model.name for model in fresh)
    Runner(services.invoices, list(views)).run_once()  # the live views, followed batch by batch to the same end
    for model in views:
        assert fresh[model.name].view.position() == model.view.position() == end
        assert fresh[model.name].view.snapshot()[1] == model.view.snapshot()[1], model.name
    assert runner.rebuild_empty() == 0 and len(bulk) == len(fresh.models)  # nothing stands at 0 any more
    fresh.close()
