"""Cycle times: given invoices' milestones, durations from receipt to approval and on to export."""

from tests.unit.projections.world import invoice


def test_the_milestones_of_an_invoice_are_recorded_once_each(world):
    case = world.accepted(invoice(7))
    world.routed(case)
    world.approved(case)
    approved = world.now
    world.later(days=2).invoices.mark_exported(case, target="datev", batch="B1", by="kasse")
    world.catch_up()
    [row] = world.views["cycle-times"].rows()
    assert (row["approved_at"], row["exported_at"], row["unit"]) == (approved, world.now, "gebaeude")
    assert row["received_at"] < row["accepted_at"] < row["routed_at"] < row["approved_at"]


def test_summary_gives_count_mean_median_and_90th_percentile_in_days_per_stage(world):
    for seed in (7, 8):
        case = world.accepted(invoice(seed))
        world.routed(case)
        world.approved(case)
        world.invoices.mark_exported(case, target="datev", batch="B1", by="kasse")
    world.catch_up()
    stages = {row["stage"]: row for row in world.views["cycle-times"].summary()}
    assert set(stages) == {"received→accepted", "received→approved", "approved→exported", "received→exported"}
    assert stages["received→approved"]["invoices"] == 2
    assert stages["received→approved"]["median_days"] >= 1
    assert stages["approved→exported"]["mean_days"] == 0
    by_month = world.views["cycle-times"].summary(by_month=True)
    assert {row["month"] for row in by_month} == {row["month"] for row in world.views["cycle-times"].rows()}


def test_duration_classes_stand_for_their_durations_within_three_per_cent():
    from projections.cycle_times import bucket, middle

    assert bucket(0) == 0 and middle(0) == 0
    for seconds in (60, 3_600, 86_400, 3 * 86_400 + 17, 45 * 86_400, 400 * 86_400):
        assert abs(middle(bucket(seconds)) - seconds) <= 0.03 * seconds, seconds


def test_summary_means_are_exact_and_medians_those_of_the_classes(world):
    for seed, days in ((7, 1), (8, 3), (9, 10)):
        case = world.accepted(invoice(seed))
        world.routed(case)
        world.later(days=days)
        world.approved(case)
    world.catch_up()
    rows = world.views["cycle-times"].rows()
    durations = sorted((row["approved_at"] - row["received_at"]).total_seconds() / 86400 for row in rows)
    [stage] = [row for row in world.views["cycle-times"].summary() if row["stage"] == "received→approved"]
    assert stage["invoices"] == 3 and stage["mean_days"] == round(sum(durations) / 3, 2)
    assert abs(stage["median_days"] - durations[1]) <= 0.03 * durations[1] + 0.01


def test_the_overall_figures_kept_without_months_equal_those_counted_over_every_month(world):
    for seed, days in ((7, 1), (8, 35), (9, 70)):  # received in three different months
        world.later(days=days)
        case = world.accepted(invoice(seed))
        world.routed(case)
        world.later(days=seed - 5)
        world.approved(case)
    world.catch_up()
    view = world.views["cycle-times"]
    assert len({row["month"] for row in view.rows()}) == 3
    overall = view.summary()
    assert overall == view.summary(since="0000-01") and overall[0]["invoices"] == 3
    assert view.view.count("cycles_received_approved_all") == (len({row["received_approved_bucket"]
                                                                      for row in view.rows()}), True)
