"""The Dramatiq broker, configured once. Import this module before any actor module.

Redis in production (`REDIS_URL`), RabbitMQ supported (`RABBITMQ_URL`), and without either an
in-process `StubBroker` that `workers.runtime` serves with worker threads (the embedded default,
and unit tests). Retries use exponential backoff from `INVOICING_RETRY_MIN_BACKOFF_MS`, at most
`INVOICING_MAX_RETRIES` times, and never for permanent failures (`workers.retrying`). Every
message is counted and timed for Prometheus (`workers.metrics`).
"""

from __future__ import annotations

import dramatiq
from dramatiq.brokers.stub import StubBroker
from dramatiq.middleware import AgeLimit, Callbacks, Pipelines, Retries, ShutdownNotifications, TimeLimit

from invoicing import config
from workers.metrics import WorkerMetrics
from workers.retrying import retry_when

MAX_BACKOFF_MS = 5 * 60 * 1000
"""Longest wait between two tries of the same message."""


def build(settings: config.Settings) -> dramatiq.Broker:
    """A broker for `settings`, with our retry policy; does not make it the global broker."""
    middleware = [AgeLimit(), TimeLimit(), ShutdownNotifications(), Callbacks(), Pipelines(),
                  Retries(min_backoff=settings.retry_min_backoff_ms, max_backoff=MAX_BACKOFF_MS,
                          retry_when=retry_when(settings.max_retries)),
                  WorkerMetrics()]  # Prometheus metrics and the case id in the log (`workers.metrics`)
    if settings.broker == "redis":
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(url=settings.redis_url, middleware=middleware, namespace="invoicing")
    if settings.broker == "rabbitmq":
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=settings.rabbitmq_url, middleware=middleware)
    broker = StubBroker(middleware=middleware)
    broker.emit_after("process_boot")
    return broker


broker = build(config.load())
dramatiq.set_broker(broker)
