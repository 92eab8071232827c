"""`WorkerMetrics`: the Prometheus metrics of Dramatiq's own `Prometheus` middleware, in our registry, and the
case id on every log record written while a message is handled.

Dramatiq's middleware (`dramatiq.middleware.prometheus`) serves its metrics only under the `dramatiq`
command (its exposition server is one of that command's forks, and it keeps its own registry in a
folder under /tmp). Our workers run inside `invoicing worker` and `invoicing serve`, so this
middleware records the same series under the same names (dashboards made for Dramatiq work) in the
process's default registry, which the web's `/metrics` and the worker's exporter (`workers.exporter`)
serve; with several worker processes the registry is prometheus-client's multiprocess mode:

| metric | what |
|---|---|
| `dramatiq_messages_total` | messages handled (done, failed or skipped) |
| `dramatiq_message_errors_total` | messages whose actor raised |
| `dramatiq_message_retries_total` | messages sent again for a retry |
| `dramatiq_message_rejects_total` | messages given up (dead letters; `record_dead_letter` notes them on the case) |
| `dramatiq_messages_inprogress` | messages being handled now |
| `dramatiq_message_duration_milliseconds` | time an actor took |
| `invoicing_message_wait_seconds` | how long a message waited for a worker (enqueued → started, first try only): the queue lag |

All are labelled `queue_name` and `actor_name`.
"""

from __future__ import annotations

import time
from uuid import UUID

from dramatiq.middleware import Middleware
from prometheus_client import Counter, Gauge, Histogram

from invoicing import logs

LABELS = ("queue_name", "actor_name")

MESSAGES = Counter("dramatiq_messages_total", "The total number of messages processed.", LABELS)
ERRORS = Counter("dramatiq_message_errors_total", "The total number of errored messages.", LABELS)
RETRIES = Counter("dramatiq_message_retries_total", "The total number of retried messages.", LABELS)
REJECTS = Counter("dramatiq_message_rejects_total", "The total number of dead-lettered messages.", LABELS)
IN_PROGRESS = Gauge("dramatiq_messages_inprogress", "The number of messages in progress.", LABELS,
                    multiprocess_mode="livesum")
DURATION = Histogram("dramatiq_message_duration_milliseconds", "The time spent processing messages.", LABELS,
                     buckets=(5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000, 30000, 60000,
                              600000, 900000, float("inf")))
WAIT = Histogram("invoicing_message_wait_seconds", "Time a message waited in the queue before a worker took it "
                 "(first try; retries wait on purpose).", LABELS,
                 buckets=(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600))


class WorkerMetrics(Middleware):
    """Counts and times each message (see the module) and names its case in the log while it runs."""

    def __init__(self) -> None:
        self._started: dict[str, float] = {}

    def after_enqueue(self, broker, message, delay) -> None:
        if message.options.get("retries"):
            RETRIES.labels(message.queue_name, message.actor_name).inc()

    def after_nack(self, broker, message) -> None:
        REJECTS.labels(message.queue_name, message.actor_name).inc()

    def before_process_message(self, broker, message) -> None:
        labels = (message.queue_name, message.actor_name)
        if not message.options.get("retries"):
            WAIT.labels(*labels).observe(max(0.0, time.time() - message.message_timestamp / 1000))
        IN_PROGRESS.labels(*labels).inc()
        self._started[message.message_id] = time.monotonic()
        logs.case_id.set(case_of(message.args))

    def after_process_message(self, broker, message, *, result=None, exception=None) -> None:
        labels = (message.queue_name, message.actor_name)
        started = self._started.pop(message.message_id, None)
        if started is not None:
            DURATION.labels(*labels).observe((time.monotonic() - started) * 1000)
            IN_PROGRESS.labels(*labels).dec()
        MESSAGES.labels(*labels).inc()
        if exception is not None:
            ERRORS.labels(*labels).inc()
        logs.case_id.set(None)

    after_skip_message = after_process_message


def case_of(arguments) -> str | None:
    """The case id a message is about: its first argument, or the first argument of the message it reports."""
    first = arguments[0] if arguments else None
    if isinstance(first, dict):  # record_dead_letter(message, retry_info)
        first = (first.get("args") or [None])[0]
    try:
        return str(UUID(str(first))) if first is not None else None
    except ValueError:
        return None
