"""Full rebuild of every view, in events per second, against the raw event read rate (PostgreSQL or SQLite).

    .venv/bin/python bench/projections.py [--events 100000] [--batch 20000] [--backend postgres|sqlite] [--repeat 1]
                                          [--jobs N] [--per-view]

Starts its own PostgreSQL (as the tests do: Debian packages, a temporary folder, fsync off), then:
1. writes a realistic history of about `--events` events (`tests.histories`: generated invoices
   through the lifecycle's decisions and the sample policy), with the live views following it as
   they do in the worker (a catch-up after every transaction);
2. the baseline: reading the same events back and turning them into domain events, in batches,
   with nothing else (and the garbage collector paused, as in a rebuild) — the ceiling of any
   rebuild (wall clock and CPU time);
3. the rebuild: every view rebuilt from the whole log into scratch tables (`check_…`) in bulk
   (`Runner.rebuild`: rows written about once per case, indexes built at the end);
   With `--jobs N` (N > 1) the same rebuild also in N processes (`projections.parallel`, as
   `invoicing projections rebuild --jobs N` runs it), its rate counted with the events of one read;
4. the consistency check: every rebuilt view compared row by row with its live twin (after the last
   rebuild, so the parallel one when there is one).
With `--per-view`, first the CPU time each view's folding and writing takes in a rebuild of all of them
(`view_costs`: the proportions `projections.parallel.REBUILD_COST` holds).
Steps 2 and 3 run `--repeat` times, alternating, on the same history (the machine may be busy: each
rebuild is compared with the baseline measured just before it). Prints the figures, the ratios
rebuild/baseline (wall and CPU; their medians when repeated) and whether every view is identical.
Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from cli.projections import rebuild_share  # noqa: E402
from invoicing import config  # noqa: E402
from invoicing.bootstrap import bootstrap  # noqa: E402
from projections.catalogue import open_views  # noqa: E402
from projections.check import compare, compared  # noqa: E402
from projections.parallel import rebuild_in_processes  # noqa: E402
from projections.runner import Runner, paused_gc  # noqa: E402
from tests.histories import write_history  # noqa: E402
from tests.servers import PostgresServer  # noqa: E402

EVENTS_PER_CASE = 8.5
"""About how many events a generated case has (measured); the number of cases is derived from it."""


def read_rate(invoices, topics, batch: int) -> tuple[int, float, float]:
    """(events, per second of wall time, per second of CPU time) read and decoded in batches to the log's end.

    With the cyclic garbage collector paused, as a rebuild has it (`paused_gc`): otherwise the baseline
    depends on how many objects the process happens to hold (here the live views' caches)."""
    recorder, mapper, start, count = invoices.recorder, invoices.mapper, 0, 0
    started, cpu = time.perf_counter(), time.process_time()
    with paused_gc():
        while notifications := recorder.select_notifications(start=start, limit=batch, topics=topics,
                                                             inclusive_of_start=False):
            for notification in notifications:
                mapper.to_domain_event(notification)
            count += len(notifications)
            start = notifications[-1].id
    return count, count / (time.perf_counter() - started), count / (time.process_time() - cpu)


def view_costs(invoices, models, until: int, batch: int) -> dict[str, float]:
    """CPU seconds each of `models` spends folding and writing in one rebuild of them all (reading the log,
    which they share, is not in them): the proportions `projections.parallel.REBUILD_COST` holds."""
    spent: dict[str, float] = {model.name: 0.0 for model in models}

    def timed(model, function):
        def call(*arguments, **options):
            started = time.process_time()
            try:
                return function(*arguments, **options)
            finally:
                spent[model.name] += time.process_time() - started
        return call

    for model in models:
        model.process_batch = timed(model, model.process_batch)
        model.end_bulk = timed(model, model.end_bulk)
    try:
        Runner(invoices, models).rebuild(until=until, batch_size=batch)
    finally:
        for model in models:
            del model.process_batch, model.end_bulk
    return spent


def print_view_costs(invoices, models, until: int, batch: int) -> None:
    started = time.process_time()
    costs = view_costs(invoices, models, until, batch)
    print(f"per view, CPU s folding and writing in one rebuild of all ({time.process_time() - started:.1f} s CPU "
          "in all): " + ", ".join(f"{name} {cost:.1f}" for name, cost in sorted(costs.items(), key=lambda x: -x[1])),
          flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=20_000)
    parser.add_argument("--backend", choices=("postgres", "sqlite"), default="postgres")
    parser.add_argument("--repeat", type=int, default=1, help="baseline and rebuild this many times, alternating")
    parser.add_argument("--jobs", type=int, default=1, help="also rebuild in this many processes (when > 1)")
    parser.add_argument("--per-view", action="store_true", help="first measure each view's share of a rebuild")
    arguments = parser.parse_args()
    server = PostgresServer().start() if arguments.backend == "postgres" else None
    try:
        if server is not None:
            server.create_database("bench")
            settings = config.load(server.env("bench"))
        else:
            settings = config.Settings(persistence="sqlite", data_dir=Path(tempfile.mkdtemp(prefix="bench-")) / "data")
        services = bootstrap(settings)
        invoices = services.invoices
        live = open_views(settings, invoices)
        runner = Runner(invoices, list(live))
        started = time.perf_counter()
        written = write_history(invoices, int(arguments.events / EVENTS_PER_CASE), save_every=500,
                                after_save=lambda saved: runner.run_once())
        runner.run_once()
        print(f"history: {written.cases:,} cases, {written.events:,} events written with the live views following "
              f"in {time.perf_counter() - started:.1f} s", flush=True)

        scratch = open_views(settings, invoices, prefix="check")
        positions = {model.name: model.view.snapshot() for model in live}
        position = max(position for position, _ in positions.values())
        total = invoices.recorder.max_notification_id()
        if arguments.per_view:
            print_view_costs(invoices, list(scratch), position, arguments.batch)
        ratios, cpu_ratios, rates, baselines, parallel = [], [], [], [], []
        for _ in range(arguments.repeat):
            count, baseline, baseline_cpu = read_rate(invoices, runner.topics, arguments.batch)
            print(f"baseline: {count:,} events read and decoded at {baseline:,.0f} events/s "
                  f"({baseline_cpu:,.0f} per CPU second)", flush=True)
            started, cpu = time.perf_counter(), time.process_time()
            read = Runner(invoices, list(scratch)).rebuild(until=position, batch_size=arguments.batch)
            elapsed, spent = time.perf_counter() - started, time.process_time() - cpu
            print(f"rebuild: {len(scratch.models)} views from {read:,} events (of {total:,} in the log; the rest "
                  f"concern no view) in {elapsed:.2f} s = {read / elapsed:,.0f} events/s ({read / spent:,.0f} per "
                  f"CPU second; {total / elapsed:,.0f} log events/s)")
            ratios.append(read / elapsed / baseline)
            rates.append(read / elapsed)
            baselines.append(baseline)
            cpu_ratios.append(read / spent / baseline_cpu)
            print(f"ratio rebuild/baseline: {ratios[-1]:.2f} (CPU: {cpu_ratios[-1]:.2f})", flush=True)
            if arguments.jobs > 1:
                started = time.perf_counter()
                rebuild_in_processes(functools.partial(rebuild_share, settings=settings, prefix="check"), tuple(scratch.models),
                                     jobs=arguments.jobs, until=position, batch_size=arguments.batch)
                elapsed = time.perf_counter() - started
                parallel.append(read / elapsed / baseline)
                print(f"rebuild in {arguments.jobs} processes: {elapsed:.2f} s = {read / elapsed:,.0f} events/s "
                      f"(the events of one read); ratio to the baseline: {parallel[-1]:.2f}", flush=True)
        if arguments.repeat > 1:
            print(f"median of {arguments.repeat} runs: rebuild {statistics.median(rates):,.0f} events/s, baseline "
                  f"{statistics.median(baselines):,.0f} events/s, ratio rebuild/baseline {statistics.median(ratios):.2f} "
                  f"(CPU: {statistics.median(cpu_ratios):.2f})"
                  + (f"; in {arguments.jobs} processes {statistics.median(parallel):.2f}" if parallel else ""))

        identical = True
        for model in scratch:
            live_position, live_rows = positions[model.name]
            _, rebuilt_rows = model.view.snapshot()
            result = compare(live_rows, rebuilt_rows, compared(model), model.name, live_position)
            identical &= result.identical
            print("  " + result.describe())
        print("every rebuilt view is identical to the live one" if identical else "VIEWS DIFFER")
        scratch.close()
        live.close()
        services.close()
        return 0 if identical else 1
    finally:
        if server is not None:
            server.stop()


if __name__ == "__main__":
    sys.exit(main())
