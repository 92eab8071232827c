"""Pipeline throughput against the event store's ceiling: PostgreSQL + Redis with 1, 2 and 4 worker processes,
and the embedded default (SQLite, in-process broker).

    .venv/bin/python bench/pipeline.py [--invoices 300] [--workers 1 2 4] [--repeat 3] [--threads 4] [--embedded]

Starts its own PostgreSQL and Redis (as the tests do: Debian packages, temporary folders, fsync off).
Each run (repeated `--repeat` times, medians printed) measures, one right after the other:
1. the ceiling: single-event append transactions per second into the same database, from 8 threads,
   into a separate probe application (so no worker picks them up);
2. the pipeline: N valid invoices submitted at once, timed from the first submission until every
   one is routed to an approval inbox (or rejected, if the engine says so), with the given number of
   `invoicing worker` processes (a fresh database each time).
The ratio pipeline/appends is the figure of the issue ("invoices/s from submission to routed as a share of
single-event append transactions/s"); below it, the CPU milliseconds per invoice each kind of process spent
in the measured window (worker processes, the checkers, PostgreSQL, Redis, this process), medians.
`--embedded` measures the same on SQLite with the in-process broker and the worker threads of `invoicing
serve` in this process (the views included, as `serve` runs them). Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventsourcing.application import Application  # noqa: E402
from eventsourcing.utils import get_topic  # noqa: E402

from invoicing import config  # noqa: E402
from invoicing.bootstrap import create_tables  # noqa: E402
from invoicing.generator.submissions import submission_batch  # noqa: E402
from invoicing.lifecycle.case import SYSTEM, Change, InvoiceCase  # noqa: E402
from tests.servers import PostgresServer, RedisServer  # noqa: E402

FINALS = [get_topic(InvoiceCase.ApprovalRequested), get_topic(InvoiceCase.InvoiceRejected)]


class AppendProbe(Application):
    """A second application in the same database, for measuring bare appends."""


def append_rate(settings: config.Settings, count: int, threads: int = 8) -> float:
    """One-event transactions per second (an `InvoiceReceived` each, new stream each)."""
    if settings.persistence == "sqlite":
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    probe = AppendProbe(settings.but(create_tables=True).eventsourcing_env())
    now = datetime.now(timezone.utc)

    def append(_: int) -> None:
        change = Change(InvoiceCase.InvoiceReceived, {
            "content_hash": uuid.uuid4().hex * 2, "size": 12345, "channel": "upload", "sender": "bench@example",
            "filename": "bench.xml", "received_at": now, "by": SYSTEM})
        probe.save(InvoiceCase.open(uuid.uuid4(), change))

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(append, range(50)))  # warm up the connection pool
        started = time.perf_counter()
        list(pool.map(append, range(count)))
        elapsed = time.perf_counter() - started
    probe.close()
    return count / elapsed


def start_workers(env: dict[str, str], processes: int, threads: int, logs: Path) -> list[subprocess.Popen]:
    workers = []
    for number in range(processes):
        log = logs / f"worker-{number}.log"
        process = subprocess.Popen([sys.executable, "-m", "invoicing", "worker", "--threads", str(threads)],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
        workers.append(process)
        while b" ready: " not in log.read_bytes():
            if process.poll() is not None:
                raise SystemExit(log.read_text(errors="replace"))
            time.sleep(0.1)
    return workers


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        worker.send_signal(signal.SIGTERM)
    for worker in workers:
        worker.wait(60)


def cpu_ticks() -> dict[int, tuple[int, str]]:
    """Every process's CPU time so far (user + system, in clock ticks) and its command line (Linux /proc)."""
    found = {}
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat, open(f"/proc/{entry}/cmdline", "rb") as command:
                fields, line = stat.read().rsplit(")", 1)[1].split(), command.read().replace(b"\0", b" ").decode()
        except OSError:  # ended meanwhile
            continue
        found[int(entry)] = (int(fields[11]) + int(fields[12]), line)
    return found


def _group(command: str) -> str:
    if "forkserver" in command:
        return "checkers"
    if "invoicing worker" in command:
        return "worker processes"
    if "postgres" in command:
        return "PostgreSQL"
    if "redis" in command:
        return "Redis"
    if "bench/pipeline.py" in command:
        return "this process"
    return "other"


def cpu_per_invoice(before: dict, after: dict, count: int) -> dict[str, float]:
    """CPU milliseconds per invoice spent meanwhile, by kind of process (processes that ended meanwhile are
    not counted: the pipeline's own processes all live through the measured window)."""
    per_group: dict[str, float] = {}
    tick_ms = 1000 / os.sysconf("SC_CLK_TCK")
    for pid, (ticks, command) in after.items():
        group = _group(command)
        per_group[group] = per_group.get(group, 0.0) + (ticks - before.get(pid, (0, ""))[0]) * tick_ms / count
    return per_group


def pipeline_rate(invoices, count: int, seed: int) -> tuple[float, int, int, float, dict]:
    """(invoices per second from first submission to all routed, routed, rejected, events per invoice, CPU
    milliseconds per invoice by kind of process)."""
    submissions = submission_batch(seed, count, resubmissions=0, same_number=0, invalid=0, unreadable=0)
    before = invoices.recorder.max_notification_id() or 0
    ticks = cpu_ticks()
    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda item: invoices.receive_submission(item.content, channel=item.channel,
                                                                sender="bench@example", filename=item.name),
                      submissions))
    done: list = []
    seen = before
    while len(done) < count:
        # only what arrived since the last look: re-reading every final event each round cost the embedded
        # pipeline (same process) about a tenth of its CPU time
        news = invoices.recorder.select_notifications(start=seen, limit=10 * count, topics=FINALS,
                                                      inclusive_of_start=False)
        if news:
            done += news
            seen = news[-1].id
        else:
            time.sleep(0.02)
    elapsed = time.perf_counter() - started
    cpu = cpu_per_invoice(ticks, cpu_ticks(), count)
    routed = sum(n.topic == FINALS[0] for n in done)
    events = len(invoices.recorder.select_notifications(start=before, limit=100 * count, inclusive_of_start=False))
    return count / elapsed, routed, count - routed, events / count, cpu


def postgres_run(postgres, redis, processes: int, arguments, seed: int) -> dict:
    database = f"bench_{processes}_{seed}"
    postgres.create_database(database)
    env = {**os.environ, **postgres.env(database), "REDIS_URL": redis.url(0)}
    settings = config.load(env)
    services = create_tables(settings)
    ceiling = append_rate(settings, arguments.appends)
    redis.flush()
    workers = start_workers(env, processes, arguments.threads, Path(tempfile.mkdtemp(prefix="bench-")))
    try:
        rate, routed, rejected, events, cpu = pipeline_rate(services.invoices, arguments.invoices, seed)
    finally:
        stop(workers)
        services.close()
    return {"appends": ceiling, "pipeline": rate, "ratio": rate / ceiling, "events": events,
            "routed": routed, "rejected": rejected, "cpu": cpu}


def embedded_run(arguments, seed: int) -> dict:
    from workers import actors, budget
    from workers.runtime import WorkerRuntime

    folder = Path(tempfile.mkdtemp(prefix="bench-embedded-"))
    settings = config.Settings(persistence="sqlite", data_dir=folder / "data")
    services = create_tables(settings)
    # SQLite keeps every application's events in one table per file: the probe gets a file of its own
    ceiling = append_rate(settings.but(data_dir=folder / "probe"), arguments.appends // 3)
    actors.broker.flush_all()
    budget.warm_up(arguments.threads)  # the documents' checkers, warm before the first invoice, as `serve` does
    runtime = WorkerRuntime(services, threads=arguments.threads).start()  # with the views, as `serve` runs it
    try:
        rate, routed, rejected, events, cpu = pipeline_rate(services.invoices, arguments.invoices, seed)
    finally:
        runtime.stop()
        actors.broker.flush_all()
        services.close()
    return {"appends": ceiling, "pipeline": rate, "ratio": rate / ceiling, "events": events,
            "routed": routed, "rejected": rejected, "cpu": cpu}


def show(label: str, runs: list[dict]) -> None:
    median = {key: statistics.median(run[key] for run in runs) for key in ("appends", "pipeline", "ratio", "events")}
    ratios = ", ".join(f"{run['ratio']:.3f}" for run in runs)
    print(f"{label:34} appends {median['appends']:7.1f}/s  pipeline {median['pipeline']:6.1f} invoices/s  "
          f"ratio {median['ratio']:.3f} (runs: {ratios})  {median['events']:.1f} events/invoice", flush=True)
    groups = sorted({group for run in runs for group in run["cpu"]})
    cpu = {group: statistics.median(run["cpu"].get(group, 0.0) for run in runs) for group in groups}
    print(" " * 36 + "CPU ms per invoice: " + ", ".join(
        f"{group} {value:.1f}" for group, value in sorted(cpu.items(), key=lambda item: -item[1]) if value >= 0.05)
        + f"; all {sum(cpu.values()):.1f}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=300)
    parser.add_argument("--appends", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=4, help="threads per worker process")
    parser.add_argument("--workers", type=int, nargs="*", default=[1, 2, 4])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--embedded", action="store_true", help="also measure the embedded default")
    arguments = parser.parse_args()
    print(f"{os.cpu_count()} cores; {arguments.invoices} invoices per run, {arguments.threads} threads per worker, "
          f"medians of {arguments.repeat} runs", flush=True)
    if arguments.embedded:
        show("embedded (SQLite, in-process)", [embedded_run(arguments, 7 + run) for run in range(arguments.repeat)])
    if not arguments.workers:
        return
    postgres, redis = PostgresServer().start(), RedisServer().start()
    try:
        for processes in arguments.workers:
            runs = [postgres_run(postgres, redis, processes, arguments, 7 + run) for run in range(arguments.repeat)]
            show(f"PostgreSQL + Redis, {processes} worker process{'es' if processes > 1 else ''}", runs)
    finally:
        redis.stop()
        postgres.stop()


if __name__ == "__main__":
    main()
