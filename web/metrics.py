"""`/metrics`: Prometheus metrics of the web edge, of the workers in this process, and of the pipeline's state.

* Requests (prometheus-fastapi-instrumentator): `http_requests_total{handler, method, status}` and
  `http_request_duration_seconds{handler, method}`, where `handler` is the route's template
  (`/api/invoices/{case_id}`, never the id itself; "none" for paths no route serves), plus request
  and response sizes. Each app has its own registry, so test apps never share counts.
* This process's default registry: the workers' messages (`workers.metrics`) and the pipeline
  counters of the dispatcher's leader (`workers.pipeline_metrics`) when workers run here
  (`invoicing serve`), and the process's CPU and memory.
* Read from the database on each scrape (`Backlog`), so every web process shows the same:
  `invoicing_queue_open_work` and `invoicing_queue_lag_seconds` (work the event log made due and
  no worker has finished: how much, and how long the oldest has waited), and
  `invoicing_projection_lag_events{view}` (events each read model is behind the log).

The endpoint answers without logging in, as Prometheus expects; keep it inside the city's network
(the reverse proxy should not pass `/metrics` on to the internet).
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.exposition import CONTENT_TYPE_LATEST
from prometheus_fastapi_instrumentator import Instrumentator, metrics

LATENCY_BUCKETS = (0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
"""Seconds; an upload page waits up to `verdict_wait` (8 s) for the verdict."""


class Backlog:
    """A collector of the pipeline's state, read from the outbox and the read models at each scrape."""

    def __init__(self, edge):
        self.edge = edge

    def collect(self):
        invoices = self.edge.invoices
        backlog = self.edge.services.outbox.backlog()
        oldest = (invoices.clock() - backlog.oldest_opened_at).total_seconds() if backlog.oldest_opened_at else 0.0
        yield GaugeMetricFamily("invoicing_queue_open_work", "Work items the event log made due that are not done.",
                                value=backlog.count)
        yield GaugeMetricFamily("invoicing_queue_lag_seconds", "How long the oldest open work item has waited "
                                "(0 when none is open).", value=max(0.0, oldest))
        lag = GaugeMetricFamily("invoicing_projection_lag_events", "Events a read model is behind the event log.",
                                labels=("view",))
        for view, behind in projection_lag(self.edge).items():
            lag.add_metric((view,), behind)
        yield lag


def projection_lag(edge) -> dict[str, int]:
    """Each view's distance from the log's end (nothing when the edge has no read side)."""
    read = edge.read
    if read is None:
        return {}
    with read.lock:
        return read.runner.lag()


def install(app: FastAPI) -> None:
    """Measure every request of `app` by route template and serve `/metrics`."""
    registry = CollectorRegistry()
    registry.register(Backlog(app.state.edge))
    instrumentator = Instrumentator(should_group_status_codes=False, should_ignore_untemplated=False,
                                    should_group_untemplated=True, excluded_handlers=["^/metrics$"],
                                    registry=registry)
    instrumentator.add(metrics.default(latency_lowr_buckets=LATENCY_BUCKETS, registry=registry))
    instrumentator.instrument(app)

    @app.get("/metrics", include_in_schema=False)
    async def exposition(request: Request) -> Response:
        body = await run_in_threadpool(lambda: generate_latest(REGISTRY) + generate_latest(registry))
        return Response(body, media_type=CONTENT_TYPE_LATEST)
