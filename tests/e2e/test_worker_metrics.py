"""`invoicing worker --processes 2` with `INVOICING_METRICS_PORT`: one scrape target sums both processes.

The supervising process serves prometheus-client's multiprocess sums (`workers.exporter`). Work is
spread over both children (one thread each, so neither can hold more than a couple of messages),
and the sums must equal what was done: one `process_submission` message per file, each counted once.
The pipeline counters are the leader's; they are compared across a second round, sent after the
first round showed the dispatcher leading.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from invoicing import config
from invoicing.bootstrap import bootstrap
from tests.e2e import operations
from tests.e2e.expectations import SENDER, batch, truth, wait_until_done
from tests.servers import free_port

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[2]
PROCESSED = 'dramatiq_messages_total{actor_name="process_submission",queue_name="invoicing"}'
API = 'invoicing_submissions_total{again="false",channel="api"}'


def submit(services, items) -> None:
    for item in items:
        services.invoices.receive_submission(item.content, channel="api", sender=SENDER, filename=item.name)


def test_two_worker_processes_are_scraped_as_one_target_whose_sums_match_the_work_done(
        postgres_env, redis_server, tmp_path):
    redis_server.flush()
    port = free_port(58900)
    env = {**os.environ, **postgres_env, "REDIS_URL": redis_server.url(5), "INVOICING_METRICS_PORT": str(port),
           "LOG_FORMAT": "json"}
    subprocess.run([sys.executable, "-m", "invoicing", "db", "init"], cwd=ROOT, env=env, check=True,
                   capture_output=True)
    files = batch(7, 60)
    fresh, invalid = [item for item in files if item.kind == "fresh"], [item for item in files if item.kind == "invalid"]
    first, second = fresh[:1], fresh[1:7] + invalid[:2]
    for item in first + second:
        truth(item.content)
    services = bootstrap(config.load(postgres_env).but(create_tables=False))
    log = tmp_path / "worker.log"
    worker = subprocess.Popen([sys.executable, "-m", "invoicing", "worker", "--processes", "2", "--threads", "1"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log.open("wb"))
    try:
        deadline = time.monotonic() + 120
        while log.read_bytes().count(b" ready: ") < 2:
            assert worker.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")
            time.sleep(0.2)
        submit(services, first)
        wait_until_done(services, first, timeout=120)
        before = operations.scrape(f"http://127.0.0.1:{port}/metrics")
        submit(services, second)
        wait_until_done(services, first + second, timeout=180)
        deadline = time.monotonic() + 30
        while (after := operations.scrape(f"http://127.0.0.1:{port}/metrics")).get(API, 0) < before.get(API, 0) + 8:
            assert time.monotonic() < deadline, {API: after.get(API)}
            time.sleep(0.5)
    finally:
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(90)
        services.close()
    assert code == 0
    assert before[PROCESSED] == 1 and after[PROCESSED] == 9
    assert after[API] - before.get(API, 0) == 8
    accepted = sum(truth(item.content).accepted for item in second)
    verdicts = [after.get(f'invoicing_verdicts_total{{result="{result}"}}', 0)
                - before.get(f'invoicing_verdicts_total{{result="{result}"}}', 0) for result in ("accepted", "rejected")]
    assert verdicts == [accepted, 8 - accepted] and accepted == 6
    assert after['dramatiq_messages_inprogress{actor_name="process_submission",queue_name="invoicing"}'] == 0
    pids = {line.split('"process": ')[1].split(",")[0] for line in log.read_text().splitlines()
            if '"process": ' in line and " ready: " in line}
    assert len(pids) == 2
