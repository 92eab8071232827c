"""Rebuilding the views in several processes: the split, and what the parent hears of its processes."""

import os

import pytest

from projections.catalogue import NAMES
from projections.parallel import REBUILD_COST, RebuildFailed, rebuild_in_processes, shares


def test_the_views_are_shared_out_once_each_in_catalogue_order():
    for jobs in (1, 2, 3, 4, 9, 20):
        split = shares(NAMES, jobs)
        assert len(split) == min(jobs, len(NAMES))
        assert sorted(name for share in split for name in share) == sorted(NAMES)
        assert all(list(share) == [name for name in NAMES if name in share] for share in split)


def test_two_shares_cost_about_the_same():
    costs = [sum(REBUILD_COST[name] for name in share) for share in shares(NAMES, 2)]
    assert abs(costs[0] - costs[1]) <= min(REBUILD_COST.values())
    assert "register" in shares(NAMES, 2)[0] and "inbox" in shares(NAMES, 2)[1]  # the two dearest apart


def test_every_catalogue_view_has_a_cost():
    assert set(REBUILD_COST) == set(NAMES)


def reports_each_view(share, until, batch_size, report):
    report(("progress", until // 2, 10))
    report(("done", len(share) * 100 + batch_size))


def fails_on_the_register(share, until, batch_size, report):
    if "register" in share:
        raise ValueError("the store went away")
    report(("done", 1))


def ends_without_a_word(share, until, batch_size, report):
    if "register" in share:
        os._exit(3)
    report(("done", 1))


def test_each_share_runs_in_its_own_process_and_reports_back():
    heard = []
    done = rebuild_in_processes(reports_each_view, NAMES, jobs=2, until=1000, batch_size=7,
                                progress=lambda *values: heard.append(values), poll=0.05)
    assert done == {share: len(share) * 100 + 7 for share in shares(NAMES, 2)}
    assert heard[-1] == (1000, 1000, sum(done.values()))
    assert all(until == 1000 and position <= 1000 for position, until, _ in heard)


def test_a_failing_share_names_its_views_and_the_error():
    with pytest.raises(RebuildFailed, match=r"Rebuilding register.* failed: ValueError: the store went away"):
        rebuild_in_processes(fails_on_the_register, NAMES, jobs=2, until=10, batch_size=1, poll=0.05)


def test_a_share_whose_process_dies_is_a_failure_not_a_wait():
    with pytest.raises(RebuildFailed, match=r"rebuilding register.* ended without finishing \(exit code 3\)"):
        rebuild_in_processes(ends_without_a_word, NAMES, jobs=2, until=10, batch_size=1, poll=0.05)
