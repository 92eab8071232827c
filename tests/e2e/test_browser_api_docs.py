"""The API documentation renders in a browser that may reach nothing but 127.0.0.1: Swagger UI and ReDoc
load everything from this server (no CDN), under their content security policy."""

from __future__ import annotations

import socket
import threading
import time
from urllib.parse import urlparse

import pytest

from invoicing.config import Settings
from tests.e2e import browser
from tests.web import support

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def docs_site():
    """The web edge alone (no workers) on 127.0.0.1."""
    import uvicorn

    from web.app import create_app

    browser.need_browser()
    edge = support.make_edge(Settings(persistence="memory"))
    listening = socket.socket()
    listening.bind(("127.0.0.1", 0))  # a port the system hands out: no other run can take it before uvicorn does
    port = listening.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(edge), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listening]}, name="uvicorn-docs", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(15)
    edge.close()


@pytest.fixture
def offline(chromium):
    """A browser tab whose every request to anywhere but 127.0.0.1 is refused (and noted)."""
    context = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    refused, problems = [], []

    def only_this_machine(route):
        if urlparse(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    context.route("**/*", only_this_machine)
    tab = context.new_page()
    tab.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: problems.append(str(error)))
    yield tab, refused, problems
    context.close()


def test_swagger_ui_renders_every_operation_with_no_network(docs_site, offline):
    tab, refused, problems = offline
    tab.goto(f"{docs_site}/api/docs")
    tab.wait_for_selector(".swagger-ui .opblock")
    assert "E-Rechnungseingang" in tab.inner_text(".swagger-ui .info .title")
    paths = tab.locator(".swagger-ui .opblock .opblock-summary-path").all_inner_texts()
    assert len(paths) >= 20 and any(path.replace("\u200b", "") == "/api/invoices" for path in paths), paths[:5]
    browser.screenshot(tab, "api-docs-swagger-offline")
    assert refused == [] and problems == [], (refused, problems)


def test_redoc_renders_the_api_with_no_network(docs_site, offline):
    tab, refused, problems = offline
    tab.goto(f"{docs_site}/api/redoc")
    tab.wait_for_selector("h1:has-text('E-Rechnungseingang')")
    assert "/api/invoices/{case_id}/history" in tab.inner_text("body")
    browser.SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(browser.SCREENSHOTS / "api-docs-redoc-offline.png"))  # the first screen: the page is long
    # ReDoc's own footer logo points at its CDN; the docs' policy stops it in the browser, before any request.
    stopped = [text for text in problems if "cdn.redoc.ly" in text and "Content Security Policy" in text]
    assert refused == [] and [text for text in problems if text not in stopped] == [], (refused, problems)
