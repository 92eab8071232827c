"""Pipeline throughput on PostgreSQL + Redis with two worker processes, against the event store's ceiling.

    .venv/bin/python bench/pipeline.py [--invoices 300] [--threads 4]

Starts its own PostgreSQL and Redis (as the tests do: Debian packages, temporary folders, fsync
off), then in one run:
1. the raw append rate: one-event transactions into the same database, from 8 threads, into a
   separate probe application (so no worker picks them up) — the ceiling;
2. the pipeline: N valid invoices submitted at once, timed from the first submission until every
   one is routed to an approval inbox (or rejected, if the engine says so), with two
   `invoicing worker` processes.
Prints both rates and their ratio. Not a test: nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import signal
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


class AppendProbe(Application):
    """A second application in the same database, for measuring bare appends."""


def append_rate(env: dict[str, str], count: int, threads: int = 8) -> float:
    """One-event transactions per second (an `InvoiceReceived` each, new stream each)."""
    probe = AppendProbe(config.load(env).eventsourcing_env())
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


def start_workers(env: dict[str, str], threads: int, logs: Path) -> list[subprocess.Popen]:
    workers = []
    for number in range(2):
        log = logs / f"worker-{number}.log"
        process = subprocess.Popen([sys.executable, "-m", "invoicing.cli", "worker", "--threads", str(threads)],
                                   cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
        workers.append(process)
        while b" ready: " not in log.read_bytes():
            if process.poll() is not None:
                raise SystemExit(log.read_text(errors="replace"))
            time.sleep(0.1)
    return workers


def pipeline_rate(env: dict[str, str], count: int) -> tuple[float, int, int, float]:
    """(invoices per second from first submission to all routed, routed, rejected, events per invoice)."""
    services = create_tables(config.load(env).but(create_tables=False))
    invoices = services.invoices
    submissions = submission_batch(7, count, resubmissions=0, same_number=0, invalid=0, unreadable=0)
    before = invoices.recorder.max_notification_id() or 0
    finals = [get_topic(InvoiceCase.ApprovalRequested), get_topic(InvoiceCase.InvoiceRejected)]
    started = time.perf_counter()
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda item: invoices.receive_submission(item.content, channel=item.channel,
                                                                sender="bench@example", filename=item.name),
                      submissions))
    while True:
        done = invoices.recorder.select_notifications(start=before, limit=10 * count, topics=finals,
                                                      inclusive_of_start=False)
        if len(done) >= count:
            break
        time.sleep(0.02)
    elapsed = time.perf_counter() - started
    routed = sum(n.topic == finals[0] for n in done)
    events = len(invoices.recorder.select_notifications(start=before, limit=100 * count, inclusive_of_start=False))
    services.close()
    return count / elapsed, routed, count - routed, events / count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=300)
    parser.add_argument("--appends", type=int, default=3000)
    parser.add_argument("--threads", type=int, default=4, help="threads per worker process")
    arguments = parser.parse_args()
    postgres, redis = PostgresServer().start(), RedisServer().start()
    workers: list[subprocess.Popen] = []
    try:
        postgres.create_database("bench")
        env = {**os.environ, **postgres.env("bench"), "REDIS_URL": redis.url(0)}
        create_tables(config.load(env)).close()
        ceiling = append_rate(env, arguments.appends)
        workers = start_workers(env, arguments.threads, Path(tempfile.mkdtemp(prefix="bench-")))
        rate, routed, rejected, events = pipeline_rate(env, arguments.invoices)
        print(f"PostgreSQL {postgres.port} + Redis {redis.port}, 2 worker processes x {arguments.threads} threads, "
              f"{os.cpu_count()} cores")
        print(f"raw event-store appends:   {ceiling:8.1f} transactions/s (one event each, 8 threads)")
        print(f"pipeline:                  {rate:8.1f} invoices/s submission -> routed "
              f"({routed} routed, {rejected} rejected, {events:.1f} events per invoice)")
        print(f"ratio pipeline/appends:    {rate / ceiling:8.3f}  (x events per invoice = {rate * events / ceiling:.2f}"
              f" of the append ceiling used)")
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(60)
        redis.stop()
        postgres.stop()


if __name__ == "__main__":
    main()
