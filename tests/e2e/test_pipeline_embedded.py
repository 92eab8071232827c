"""End to end on the embedded default (SQLite files, in-process broker, worker threads), with a restart.

The same 500 submissions as on PostgreSQL are sent at once from an intake that stays up. In the
middle, the worker side is stopped and its in-memory broker emptied (as when the process dies),
then started anew on the same data directory: the recovery must finish every file, none doubled.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from eventsourcing.utils import get_topic

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.lifecycle.case import InvoiceCase
from tests.e2e.expectations import batch, truth, wait_until_done
from workers import actors
from workers.runtime import WorkerRuntime

pytestmark = pytest.mark.slow


def validated_count(invoices) -> int:
    return len(invoices.recorder.select_notifications(start=None, limit=1_000_000,
                                                      topics=[get_topic(InvoiceCase.InvoiceValidated)]))


def test_500_invoices_on_sqlite_with_a_restart_in_the_middle_every_invoice_in_its_right_state(tmp_path):
    settings = Settings(persistence="sqlite", data_dir=tmp_path / "data", redeliver_after=60,
                        retry_min_backoff_ms=100)
    submissions = batch(1, 500)
    for item in submissions:
        truth(item.content)
    intake = bootstrap(settings)  # the web side: stays up while the workers restart
    actors.broker.flush_all()
    started = time.monotonic()
    worker_side = bootstrap(settings.but(create_tables=False))
    runtime = WorkerRuntime(worker_side, threads=4).start()
    try:
        with ThreadPoolExecutor(4) as pool:
            submitting = pool.map(lambda item: intake.invoices.receive_submission(
                item.content, channel=item.channel, sender="rechnung@lieferant.example", filename=item.name),
                submissions)
            while validated_count(intake.invoices) < 150:
                assert time.monotonic() - started < 240
                time.sleep(0.05)
            # As after a crash: whatever was queued in memory is gone before the workers could drain it
            # (flushing first, because a graceful stop would finish the queued work).
            actors.broker.flush_all()
            open_at_restart = len(worker_side.outbox.pending(limit=10_000))
            runtime.stop()
            actors.broker.flush_all()
            assert open_at_restart > 0, "the restart must leave work for the recovery"
            worker_side.close()
            worker_side = bootstrap(settings.but(create_tables=False))
            runtime = WorkerRuntime(worker_side, threads=4).start()
            list(submitting)
        waited = wait_until_done(intake, submissions, timeout=240)
        print(f"\nembedded: 500 submissions with a restart done in {time.monotonic() - started:.1f} s "
              f"({waited:.1f} s after the last; {open_at_restart} work items open at the restart)")
    finally:
        runtime.stop()
        actors.broker.flush_all()
        worker_side.close()
        intake.close()
