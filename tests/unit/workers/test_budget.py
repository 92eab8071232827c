"""A document's check runs in a child process within CPU, memory and wall-clock budgets."""

from __future__ import annotations

import os
import time

import pytest

from tests.unit.workers import spenders
from workers.budget import Budget, OverBudget, within_budget


def test_a_check_within_budget_returns_its_result_and_what_it_spent():
    result, spent = within_budget(spenders.echo, b"<Invoice/>", Budget(cpu_seconds=5))
    assert result == b"<Invoice/>"
    assert 0 <= spent.cpu_seconds < 5 and spent.peak_rss_bytes > 0 and spent.growth_bytes >= 0


def test_a_check_that_spins_is_stopped_after_its_cpu_seconds():
    started = time.monotonic()
    with pytest.raises(OverBudget) as over:
        within_budget(spenders.spin, b"", Budget(cpu_seconds=1))
    assert over.value.reason in ("cpu", "time")
    assert time.monotonic() - started < Budget(cpu_seconds=1).wall_seconds + 5


def test_a_check_that_hoards_memory_is_stopped_at_its_memory_budget():
    with pytest.raises(OverBudget) as over:
        within_budget(spenders.hoard, b"", Budget(cpu_seconds=20, memory_bytes=256 * 1024 ** 2))
    assert over.value.reason == "memory"


def test_an_error_in_the_check_itself_is_raised_in_the_caller():
    with pytest.raises(ValueError, match="the check itself failed"):
        within_budget(spenders.fail, b"", Budget(cpu_seconds=5))


def test_checks_one_after_another_are_done_by_one_warm_child():
    first, _ = within_budget(spenders.process_id, b"", Budget(cpu_seconds=5))
    second, _ = within_budget(spenders.process_id, b"", Budget(cpu_seconds=5))
    assert first == second != os.getpid()


def test_after_a_check_over_budget_the_next_check_gets_a_fresh_child_and_its_own_budget():
    with pytest.raises(OverBudget):
        within_budget(spenders.spin, b"", Budget(cpu_seconds=1))
    result, spent = within_budget(spenders.echo, b"next", Budget(cpu_seconds=1))
    assert result == b"next" and spent.cpu_seconds < 1


def test_a_check_after_a_big_one_reports_its_own_memory_growth():
    within_budget(spenders.grow, 200 * 1024 ** 2, Budget(cpu_seconds=20))
    _, spent = within_budget(spenders.grow, 1024 ** 2, Budget(cpu_seconds=20))
    assert spent.growth_bytes < 100 * 1024 ** 2


def test_checks_from_several_threads_at_once_each_get_their_answer():
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        answers = list(pool.map(lambda n: within_budget(spenders.echo, n, Budget(cpu_seconds=5))[0], range(40)))
    assert answers == list(range(40))


def test_warmed_up_children_are_the_ones_that_check():
    from workers import budget

    budget._Checker.forget_all()  # start from no idle children (those of earlier tests are this process's own)
    budget.warm_up(2)
    warmed = {checker.process.pid for checker in budget._Checker._idle}
    checked, _ = within_budget(spenders.process_id, b"", Budget(cpu_seconds=5))
    assert len(warmed) == 2 and checked in warmed
