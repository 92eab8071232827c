"""Fixtures of the browser tests: the running service, one chromium for the session, a fresh context per test."""

from __future__ import annotations

import pytest

from tests.e2e import browser


@pytest.fixture(scope="session")
def audits():
    results = browser.Audits()
    yield results
    results.write()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    # Module scope: the site's in-process workers share the global broker and worker context, so
    # they must be stopped before other end-to-end modules start their own.
    browser.need_browser()
    running, stop = browser.start_site(tmp_path_factory.mktemp("site") / "data")
    yield running
    stop()


@pytest.fixture(scope="session")
def chromium():
    browser.need_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=browser.CHROMIUM, args=browser.CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(chromium, site):
    context, tab = browser.new_tab(chromium)
    yield tab
    context.close()
