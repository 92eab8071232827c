"""What monitoring sees of a running service: `/healthz`, `/readyz`, `/metrics` scraped, JSON log lines read."""

from __future__ import annotations

import json
import re
import time

import httpx

_SAMPLE = re.compile(r'(?P<name>[a-zA-Z_:][\w:]*)(?:\{(?P<labels>.*)\})? (?P<value>\S+)')
_LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def samples(text: str) -> dict[str, float]:
    """A Prometheus exposition as {'name{label="value",…}': value}, labels sorted by name, comments left out."""
    found = {}
    for line in text.splitlines():
        match = _SAMPLE.fullmatch(line)
        if line.startswith("#") or match is None:
            continue
        labels = ",".join(f'{key}="{value}"' for key, value in sorted(_LABEL.findall(match["labels"] or "")))
        found[f"{match['name']}{{{labels}}}" if labels else match["name"]] = float(match["value"])
    return found


def scrape(url: str) -> dict[str, float]:
    answer = httpx.get(url, timeout=10)
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/plain"), answer.text
    return samples(answer.text)


def check_service(base: str, *, submitted_case: str, timeout: float = 60.0) -> dict[str, float]:
    """A running `invoicing serve` with one API submission done: probes answer, metrics show the work."""
    assert httpx.get(f"{base}/healthz").json() == {"status": "up"}
    ready = httpx.get(f"{base}/readyz")
    checks = ready.json()["checks"]
    assert ready.status_code == 200, ready.text
    assert checks["database"]["status"] == "up" and checks["broker"]["status"] == "up"
    wanted = ('invoicing_submissions_total{again="false",channel="api"}',
              'invoicing_verdicts_total{result="accepted"}',
              'dramatiq_messages_total{actor_name="process_submission",queue_name="invoicing"}',
              'http_requests_total{handler="/api/invoices/{case_id}",method="GET",status="200"}')
    deadline = time.monotonic() + timeout
    while True:  # the leader counts the log's events a moment after they are recorded
        metrics = scrape(f"{base}/metrics")
        if all(metrics.get(name, 0) >= 1 for name in wanted):
            break
        assert time.monotonic() < deadline, {name: metrics.get(name) for name in wanted}
        time.sleep(0.5)
    assert metrics["invoicing_queue_lag_seconds"] >= 0 and 'invoicing_projection_lag_events{view="register"}' in metrics
    assert 'dramatiq_message_duration_milliseconds_count{actor_name="process_submission",queue_name="invoicing"}' in metrics
    assert not any(submitted_case in name for name in metrics)
    return metrics


def check_json_logs(output: str) -> list[dict]:
    """Log lines of a service not on a terminal are JSON; requests' lines carry their request id."""
    records = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert records, output[-2000:]
    assert all({"time", "level", "logger", "message"} <= record.keys() for record in records)
    access = [record for record in records if record["logger"] == "uvicorn.access"]
    assert access and all(len(record.get("request_id", "")) == 32 for record in access), access[:3]
    return records
