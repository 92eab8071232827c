"""Full rebuild of every view on PostgreSQL, in events per second, against the raw event read rate.

    .venv/bin/python bench/projections.py [--events 100000] [--batch 5000]

Starts its own PostgreSQL (as the tests do: Debian packages, a temporary folder, fsync off), then:
1. writes a realistic history of about `--events` events (`tests.histories`: generated invoices
   through the lifecycle's decisions and the sample policy), with the live views following it as
   they do in the worker (a catch-up after every transaction);
2. the baseline: reading the same events back and turning them into domain events, in batches,
   with nothing else — the ceiling of any rebuild;
3. the rebuild: every view rebuilt from the whole log into scratch tables (`check_…`), in batches;
4. the consistency check: every rebuilt view compared row by row with its live twin.
Prints the figures, the ratio rebuild/baseline and whether every view is identical. The facts
cache is warm (it is in production after the first run; reading the originals again costs ~7 ms
an invoice). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from invoicing import config  # noqa: E402
from invoicing.bootstrap import bootstrap  # noqa: E402
from projections.catalogue import open_views  # noqa: E402
from projections.check import compare  # noqa: E402
from projections.runner import Runner  # noqa: E402
from tests.histories import write_history  # noqa: E402
from tests.servers import PostgresServer  # noqa: E402

EVENTS_PER_CASE = 8.5
"""About how many events a generated case has (measured); the number of cases is derived from it."""


def read_rate(invoices, topics, batch: int) -> tuple[int, float]:
    """Events read and decoded per second, in batches, up to the end of the log."""
    recorder, mapper, start, count = invoices.recorder, invoices.mapper, 0, 0
    started = time.perf_counter()
    while notifications := recorder.select_notifications(start=start, limit=batch, topics=topics,
                                                         inclusive_of_start=False):
        for notification in notifications:
            mapper.to_domain_event(notification)
        count += len(notifications)
        start = notifications[-1].id
    return count, count / (time.perf_counter() - started)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=20_000)
    arguments = parser.parse_args()
    server = PostgresServer().start()
    try:
        server.create_database("bench")
        settings = config.load(server.env("bench"))
        services = bootstrap(settings)
        invoices = services.invoices
        live = open_views(settings, invoices)
        runner = Runner(invoices, list(live), live.source)
        started = time.perf_counter()
        written = write_history(invoices, int(arguments.events / EVENTS_PER_CASE),
                                after_save=runner.run_once)
        runner.run_once()
        print(f"history: {written.cases:,} cases, {written.events:,} events written with the live views following "
              f"in {time.perf_counter() - started:.1f} s")

        count, baseline = read_rate(invoices, runner.topics, arguments.batch)
        print(f"baseline: {count:,} events read and decoded at {baseline:,.0f} events/s")

        scratch = open_views(settings, invoices, prefix="check", facts=live.facts)
        positions = {model.name: model.view.snapshot() for model in live}
        for model in scratch:
            model.view.reset()
        position = max(position for position, _ in positions.values())
        started = time.perf_counter()
        read = Runner(invoices, list(scratch), scratch.source).replay(until=position, batch_size=arguments.batch)
        elapsed = time.perf_counter() - started
        rate = read / elapsed
        total = invoices.recorder.max_notification_id()
        print(f"rebuild: {len(scratch.models)} views from {read:,} events (of {total:,} in the log; the rest concern "
              f"no view) in {elapsed:.2f} s = {rate:,.0f} events/s ({total / elapsed:,.0f} log events/s)")
        print(f"ratio rebuild/baseline: {rate / baseline:.2f}")

        identical = True
        for model in scratch:
            live_position, live_rows = positions[model.name]
            _, rebuilt_rows = model.view.snapshot()
            result = compare(live_rows, rebuilt_rows, model.tables, model.name, live_position)
            identical &= result.identical
            print("  " + result.describe())
        print("every rebuilt view is identical to the live one" if identical else "VIEWS DIFFER")
        scratch.close()
        live.close()
        services.close()
        return 0 if identical else 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
