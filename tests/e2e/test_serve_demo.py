"""`invoicing serve --demo` as a user starts it: seeds, prints URL, log-ins and a token, serves pages and API,
and its workers process what arrives; monitoring sees it (probes, metrics, JSON logs); Ctrl-C stops it cleanly."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time

import httpx
import pytest

from tests.e2e import operations
from tests.servers import free_port
from tests.web import support

pytestmark = pytest.mark.slow


@pytest.fixture(params=["embedded", "postgres+redis"])
def backend_env(request) -> dict[str, str]:
    """The environment `invoicing serve` reads: nothing (embedded), or a PostgreSQL database and Redis."""
    if request.param == "embedded":
        return {"PERSISTENCE_MODULE": "sqlite"}
    redis = request.getfixturevalue("redis_server")
    redis.flush()
    return {**request.getfixturevalue("postgres_env"), "REDIS_URL": redis.url(3)}


def test_serve_demo_prints_log_ins_serves_pages_processes_an_api_submission_and_is_monitored(tmp_path, backend_env):
    port = free_port(58300)
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("POSTGRES_", "REDIS_", "RABBITMQ_", "PERSISTENCE_", "INVOICING_"))}
    env.update({"INVOICING_DATA_DIR": str(tmp_path / "data"), "INVOICING_COOKIE_SECURE": "no",
                "INVOICING_WORKER_THREADS": "2", **backend_env})
    process = subprocess.Popen([sys.executable, "-m", "invoicing", "serve", "--demo", "--port", str(port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output = []
    try:
        deadline = time.monotonic() + 180
        while not any("API token" in line for line in output):
            assert time.monotonic() < deadline and process.poll() is None, "".join(output)
            output.append(process.stdout.readline())
        printed = "".join(output)
        assert f"http://127.0.0.1:{port}/" in printed and "lieferant" in printed and "demo2026" in printed
        token = re.search(r"(inv_[0-9a-f]+\.[\w-]+)", printed).group(1)
        reader = threading.Thread(target=lambda: output.extend(process.stdout), daemon=True)  # keeps the pipe drained
        reader.start()
        base = f"http://127.0.0.1:{port}"
        while True:
            try:
                if httpx.get(f"{base}/login").status_code == 200:
                    break
            except httpx.TransportError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        with httpx.Client(base_url=base, follow_redirects=True) as browser:
            csrf = support.csrf_of(browser.get("/login").text)
            landed = browser.post("/login", data={"login": "ilang", "password": "demo2026", "csrf_token": csrf})
            assert landed.status_code == 200 and "Rechnungsbuch" in landed.text
        receipt = httpx.post(f"{base}/api/invoices", content=support.valid_xml(4242),
                             headers={"Authorization": f"Bearer {token}", "Content-Type": "application/xml"}).json()
        status = None
        while status not in ("awaiting-approval", "duplicate-suspected", "accepted"):
            assert time.monotonic() < deadline, status
            time.sleep(0.2)
            status = httpx.get(f"{base}/api/invoices/{receipt['case_id']}",
                               headers={"Authorization": f"Bearer {token}"}).json()["status"]
        operations.check_service(base, submitted_case=receipt["case_id"])
    finally:
        process.send_signal(signal.SIGINT)
        try:
            code = process.wait(60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert code == 0
    reader.join(10)
    operations.check_json_logs("".join(output))
