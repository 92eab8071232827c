"""Operations at the web edge: liveness, readiness, metrics by route template, request ids, offline API docs."""

from __future__ import annotations

import logging
import re
import time
from datetime import datetime, timedelta, timezone

import pytest

from invoicing.bootstrap import bootstrap
from invoicing.config import Imap, Settings
from tests.servers import free_port
from tests.web import support
from web import health
from web.app import create_app
from web.passwords import Passwords
from web.wiring import build_edge
from workers.dispatcher import Dispatcher


@pytest.fixture
def edge():
    edge = support.make_edge(Settings(persistence="memory"))
    yield edge
    edge.close()


def edge_with(settings: Settings):
    return build_edge(settings, bootstrap(settings), passwords=Passwords.for_tests())


def metric(text: str, name: str, **labels) -> float | None:
    """The value of one sample in a Prometheus exposition, or None."""
    wanted = ",".join(f'{key}="{value}"' for key, value in labels.items())
    for line in text.splitlines():
        head, _, value = line.rpartition(" ")
        if head == (f"{name}{{{wanted}}}" if labels else name):
            return float(value)
    return None


def test_healthz_answers_while_the_process_runs_without_logging_in(edge):
    answer = support.client(edge).get("/healthz")
    assert answer.status_code == 200 and answer.json() == {"status": "up"}


def test_readyz_reports_each_dependency_and_an_unset_mailbox_does_not_count_against_it(edge):
    answer = support.client(edge).get("/readyz")
    assert answer.status_code == 200 and answer.json()["status"] == "ready"
    checks = answer.json()["checks"]
    assert [checks[name]["status"] for name in ("database", "broker", "mailbox")] == ["up", "up", "not-configured"]


def test_readyz_is_503_naming_the_broker_when_redis_does_not_answer_and_leaks_no_address(tmp_path):
    port = free_port(58700)
    edge = edge_with(Settings(persistence="memory", redis_url=f"redis://127.0.0.1:{port}/0"))
    try:
        answer = support.client(edge).get("/readyz")
    finally:
        edge.close()
    assert answer.status_code == 503 and answer.json()["status"] == "not-ready"
    checks = answer.json()["checks"]
    assert checks["database"]["status"] == "up"
    assert checks["broker"] == {"status": "down", "error": "ConnectionError", "seconds": checks["broker"]["seconds"]}
    assert "127.0.0.1" not in answer.text and str(port) not in answer.text


def test_readyz_logs_in_to_the_invoice_mailbox_and_is_503_when_the_log_in_is_refused(imap_account, dovecot_server):
    user, password = imap_account
    answers = []
    for secret in (password, "wrong-password"):
        imap = Imap(host="127.0.0.1", port=dovecot_server.port, ssl=False, user=user, password=secret)
        edge = edge_with(Settings(persistence="memory", imap=imap))
        try:
            answers.append(support.client(edge).get("/readyz"))
        finally:
            edge.close()
    assert answers[0].status_code == 200 and answers[0].json()["checks"]["mailbox"]["status"] == "up"
    assert answers[1].status_code == 503 and answers[1].json()["checks"]["mailbox"]["status"] == "down"
    assert "wrong-password" not in answers[1].text and user not in answers[1].text


def test_a_check_that_hangs_is_down_after_the_timeout_and_the_answer_does_not_wait_for_it():
    started = time.monotonic()
    checks = health.readiness({"database": lambda: True, "broker": lambda: time.sleep(3) or True}, timeout=0.3)
    assert time.monotonic() - started < 2
    assert checks["database"]["status"] == "up"
    assert checks["broker"]["status"] == "down" and checks["broker"]["error"] == "no answer within 0.3 s"


def test_every_answer_carries_a_request_id_and_a_well_formed_one_from_the_caller_is_kept(edge):
    browser = support.client(edge)
    made = browser.get("/healthz").headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", made)
    assert browser.get("/healthz", headers={"X-Request-ID": "proxy-4711.a"}).headers["X-Request-ID"] == "proxy-4711.a"
    for forged in ("a b", "x" * 65, "id;drop", "ä"):
        kept = browser.get("/healthz", headers={"X-Request-ID": forged.encode()}).headers["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", kept)


def test_records_logged_while_handling_a_request_carry_its_request_id_and_the_routed_case(edge, caplog):
    from invoicing import logs

    app = create_app(edge, verdict_wait=0)

    @app.get("/test-only/{case_id}")
    def logs_something(case_id: str) -> dict:
        logging.getLogger("test.operations").warning("looked at the case")
        return {}

    caplog.handler.addFilter(logs.ContextFilter())
    answer = support.client(edge, app).get("/test-only/7a1c", headers={"X-Request-ID": "req-42"})
    (record,) = [record for record in caplog.records if record.name == "test.operations"]
    assert answer.status_code == 200 and (record.request_id, record.case_id) == ("req-42", "7a1c")


def test_requests_are_counted_and_timed_by_route_template_never_by_raw_path(edge):
    browser = support.client(edge)
    support.log_in(browser, support.SUPPLIER_A)
    case_id = "00000000-0000-0000-0000-00000000abcd"
    browser.get(f"/api/invoices/{case_id}")
    browser.get("/no-such-page/123")
    browser.get("/metrics")
    text = browser.get("/metrics").text
    assert metric(text, "http_requests_total", handler="/api/invoices/{case_id}", method="GET", status="404") == 1
    assert metric(text, "http_request_duration_seconds_count", handler="/api/invoices/{case_id}", method="GET") == 1
    assert metric(text, "http_requests_total", handler="none", method="GET", status="404") == 1
    assert case_id not in text and "/no-such-page" not in text and 'handler="/metrics"' not in text


def test_open_work_its_age_and_each_views_lag_are_read_from_the_database_at_each_scrape():
    now = [datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)]
    settings = Settings(persistence="memory")
    edge = build_edge(settings, bootstrap(settings, clock=lambda: now[0]), passwords=Passwords.for_tests())
    try:
        browser = support.client(edge)
        edge.invoices.receive_submission(support.valid_xml(31), channel="api", sender="s", filename="a.xml")
        Dispatcher(edge.services, send=lambda work: None).dispatch_once()  # the outbox now holds "process"
        now[0] += timedelta(seconds=90)
        text = browser.get("/metrics").text
        assert metric(text, "invoicing_queue_open_work") == 1
        assert metric(text, "invoicing_queue_lag_seconds") == 90
        assert metric(text, "invoicing_projection_lag_events", view="register") == 1
        edge.read.current()
        assert metric(browser.get("/metrics").text, "invoicing_projection_lag_events", view="register") == 0
    finally:
        edge.close()


def test_the_api_documentation_loads_its_scripts_and_styles_from_this_server_only(edge):
    browser = support.client(edge)
    for path in ("/api/docs", "/api/redoc"):
        page = browser.get(path)
        assert page.status_code == 200
        sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
        assert sources and all(source.startswith("/") for source in sources), sources
        assert "'self'" in page.headers["Content-Security-Policy"]
        assert not re.search(r"https?:", page.headers["Content-Security-Policy"])
        for source in sources:
            assert browser.get(source).status_code == 200, source
