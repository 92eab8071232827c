"""End to end on PostgreSQL + Redis with two `invoicing worker` processes: nothing lost, nothing twice.

500 submissions (valid and invalid, UBL, CII, PDF, 5 % exact resubmissions, 2 % same-number
files) are sent at once; every file must reach its right state with one stream each. Then, in
the middle of a second batch, the process that runs the dispatcher is killed with SIGKILL and a
new worker started: every file of both batches must still reach its right state, none doubled.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest
from eventsourcing.utils import get_topic

from invoicing import config
from invoicing.bootstrap import bootstrap
from invoicing.lifecycle.case import InvoiceCase
from tests.e2e.expectations import batch, truth, wait_until_done
from workers.leadership import APPLICATION_NAME

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]


class Workers:
    """`invoicing worker` processes started with the test's environment."""

    def __init__(self, env: dict[str, str], logs: Path):
        self.env, self.logs, self.processes = env, logs, []

    def start(self) -> subprocess.Popen:
        log = self.logs / f"worker-{len(self.processes)}.log"
        process = subprocess.Popen([sys.executable, "-m", "invoicing", "worker", "--threads", "4"], cwd=ROOT,
                                   env=self.env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
        process.log = log
        self.processes.append(process)
        deadline = time.monotonic() + 60
        while b" ready: " not in log.read_bytes():
            assert process.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "the worker did not get ready within a minute"
            time.sleep(0.1)
        return process

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(60)
            except subprocess.TimeoutExpired:
                process.kill()


def submit(invoices, submissions) -> None:
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda item: invoices.receive_submission(item.content, channel=item.channel,
                                                                sender="rechnung@lieferant.example",
                                                                filename=item.name), submissions))


def dispatcher_pid(env: dict[str, str]) -> int | None:
    with psycopg.connect(host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"], dbname=env["POSTGRES_DBNAME"],
                         user=env["POSTGRES_USER"], password=env["POSTGRES_PASSWORD"]) as connection:
        rows = connection.execute("SELECT application_name FROM pg_stat_activity WHERE application_name LIKE %s",
                                  (APPLICATION_NAME + "%",)).fetchall()
    return int(rows[0][0].removeprefix(APPLICATION_NAME)) if rows else None


def validated_count(invoices) -> int:
    return len(invoices.recorder.select_notifications(start=None, limit=1_000_000,
                                                      topics=[get_topic(InvoiceCase.InvoiceValidated)]))


def test_500_invoices_then_a_killed_worker_every_invoice_in_its_right_state_none_doubled(
        postgres_env, redis_server, tmp_path):
    redis_server.flush()
    env = {**os.environ, **postgres_env, "REDIS_URL": redis_server.url(0), "INVOICING_REDELIVER_AFTER": "15",
           "INVOICING_RETRY_MIN_BACKOFF_MS": "200", "INVOICING_WORKER_THREADS": "4"}
    subprocess.run([sys.executable, "-m", "invoicing", "db", "init"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    first, second = batch(1, 500), batch(2, 200)
    for item in (*first, *second):  # the engine's own verdict on each file, worked out beforehand
        truth(item.content)
    services = bootstrap(config.load(postgres_env).but(create_tables=False))
    workers = Workers(env, tmp_path)
    try:
        workers.start()
        workers.start()

        started = time.monotonic()
        submit(services.invoices, first)
        waited = wait_until_done(services, first, timeout=240)
        print(f"\nbatch 1: 500 submissions done {time.monotonic() - started:.1f} s after the first "
              f"(waited {waited:.1f} s after the last)")

        before = validated_count(services.invoices)
        with ThreadPoolExecutor(1) as background:
            submitting = background.submit(submit, services.invoices, second)
            while validated_count(services.invoices) < before + 60:
                assert time.monotonic() - started < 400
                time.sleep(0.05)
            leader = dispatcher_pid(env)
            victim = next(p for p in workers.processes if p.pid == leader) if leader else workers.processes[0]
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait()
            submitting.result()
        workers.start()
        started = time.monotonic()
        waited = wait_until_done(services, (*first, *second), timeout=240)
        print(f"batch 2 with worker {victim.pid} ({'the dispatcher' if leader == victim.pid else 'not leading'}) "
              f"killed: done {waited:.1f} s after the last submission")
        for process in workers.processes:
            for line in process.log.read_text(errors="replace").splitlines():
                if "sent again" in line:
                    print("  ", line)
    finally:
        workers.stop()
        services.close()
