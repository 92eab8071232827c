"""Lists in a real browser (Debian chromium): paging through more than 1,000 invoices in the register, and the
Skonto calendar showing the deadlines still to be taken first, with the traffic light in view at 1280 px.

A store of 1,000 invoice cases written through the lifecycle's decisions (`tests.histories`, the last 30 days
up to now) and a clerk's account; the web server alone (the views catch up on read). Every page on the way
passes axe-core at WCAG 2.1 AA and holds none of the English words of its lists; screenshots go to
test-output/screenshots/.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from tests.e2e import browser
from tests.e2e.pages import log_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CASES = 1000
PASSWORD = "list-password-1"


@pytest.fixture(scope="module")
def big_site(tmp_path_factory):
    browser.need_browser()
    from invoicing.bootstrap import bootstrap
    from invoicing.config import Settings
    from tests.histories import write_history
    from web.passwords import Passwords
    from web.wiring import build_edge

    settings = Settings(persistence="sqlite", data_dir=tmp_path_factory.mktemp("lists") / "data",
                        secret_key="browser-lists")
    services = bootstrap(settings)
    now = datetime.now(timezone.utc)
    write_history(services.invoices, CASES, seed=21, start=now - timedelta(days=30), days=30, until=now)
    edge = build_edge(settings, services, passwords=Passwords.for_tests())
    edge.accounts.open_account("hbraun", name="Hanna Braun", roles=["finance"], password=PASSWORD, by="test")
    edge.read.current()  # the views catch up once, before the first page
    url, stop = browser.serve(edge)
    yield browser.Site(url, edge)
    stop()
    edge.close()


@pytest.fixture
def tab(chromium, big_site):
    context, page = browser.new_tab(chromium)
    log_in(page, big_site, "hbraun", PASSWORD)
    yield page
    context.close()


def clean(page, name, audits) -> None:
    """axe-core finds nothing, and the German page holds none of the English words of the lists."""
    assert browser.run_axe(page, name, audits) == [], name
    assert english_in(page.inner_text("main")) == [], name


def english_in(text: str) -> list[str]:
    """The English wordings of the list texts and columns (where German differs) found in `text`."""
    from web.i18n_lists import LIST_COLUMNS, LIST_TEXT

    found = []
    for german, english in (*LIST_TEXT.values(), *LIST_COLUMNS.values()):
        words = re.split(r"\{[a-z_]+\}", english)
        fixed = max(words, key=len).strip(" .,():")
        if german != english and len(fixed) > 3 and fixed not in german and fixed in text:
            found.append(fixed)
    return found


def position(page) -> str:
    return page.inner_text("p.position")


def case_links(page) -> list[str]:
    return page.eval_on_selector_all("main table tbody a[href^='/invoices/']", "links => links.map(a => a.href)")


def test_paging_through_1000_invoices_forward_and_back(tab, big_site, audits):
    tab.goto(f"{big_site.url}/register")
    total = big_site.edge.read.model("register").view.count("invoices")[0]
    assert total >= CASES
    assert position(tab) == f"Rechnungen 1–50 von {total:,}".replace(",", ".")
    browser.screenshot(tab, "30-register-first-page")
    clean(tab, "lists:register", audits)

    tab.select_option("#register-size", "200")
    tab.click("form.page-size button[type=submit]")
    tab.wait_for_load_state()
    seen, pages = [], 0
    while True:
        pages += 1
        seen += case_links(tab)
        following = tab.locator("a[rel=next]")
        if following.count() == 0:
            break
        following.click()
        tab.wait_for_load_state()
    assert len(seen) == total == len(set(seen)) and pages == -(-total // 200)
    assert position(tab).endswith(f"von {total:,}".replace(",", "."))
    browser.screenshot(tab, "31-register-last-page")
    clean(tab, "lists:register-last-page", audits)

    tab.locator("a[rel=prev]").click()
    tab.wait_for_load_state()
    assert position(tab).startswith(f"Rechnungen {(pages - 2) * 200 + 1:,}".replace(",", "."))

    tab.click("th a[href*='sort=gross']")
    tab.wait_for_load_state()
    assert tab.get_attribute("th[aria-sort]", "aria-sort") == "ascending"
    amounts = big_site.edge.read.model("register").view.page("invoices", sort="gross", size=200)[0]
    assert case_links(tab)[:5] == [f"{big_site.url}/invoices/{row['case_id']}" for row in amounts[:5]]
    browser.screenshot(tab, "32-register-sorted-by-amount")
    clean(tab, "lists:register-sorted", audits)

    download = tab.locator("a[href^='/register.csv']").get_attribute("href")
    lines = tab.request.get(f"{big_site.url}{download}").body().decode("utf-8-sig").splitlines()
    assert len(lines) == total + 1  # the whole list, whatever the page size


def test_the_skonto_calendar_shows_the_deadlines_still_to_be_taken_first(tab, big_site, audits):
    tab.goto(f"{big_site.url}/views?view=discounts")
    rows = tab.locator("main section:last-of-type table tbody tr")
    assert rows.count() > 0
    deadlines = tab.eval_on_selector_all("main section:last-of-type table tbody tr td:nth-child(2)",
                                         "cells => cells.map(c => c.innerText)")
    days = [datetime.strptime(text, "%d.%m.%Y").date() for text in deadlines]
    today = datetime.now(timezone.utc).date()
    assert days == sorted(days) and min(days) >= today - timedelta(days=1)  # open ones, soonest first
    light = tab.locator("main section:last-of-type table tbody tr:first-child .light")
    box = light.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280 and light.is_visible()
    assert light.inner_text() in ("rot – Frist läuft ab", "gelb – bald fällig", "grün")
    headers = [text.split("\n")[0] for text in tab.eval_on_selector_all(
        "main section:last-of-type table thead th", "cells => cells.map(c => c.innerText)")]
    assert headers[:7] == ["Ampel", "Frist", "Tage übrig", "Rechnungssteller", "Rechnungsnummer", "Skonto",
                           "Zu zahlen mit Skonto"]
    browser.screenshot(tab, "33-skonto-calendar-open-first")
    clean(tab, "lists:skonto-open", audits)

    tab.select_option("#filter-period", "expired")
    tab.click("form.filters:not(.page-size) button[type=submit]")
    tab.wait_for_load_state()
    expired = [datetime.strptime(text, "%d.%m.%Y").date() for text in tab.eval_on_selector_all(
        "main section:last-of-type table tbody tr td:nth-child(2)", "cells => cells.map(c => c.innerText)")]
    assert expired and expired == sorted(expired, reverse=True) and max(expired) <= today
    browser.screenshot(tab, "34-skonto-calendar-expired")
    clean(tab, "lists:skonto-expired", audits)


def test_every_view_page_pages_its_list_cleanly(tab, big_site, audits):
    from web.views import SHOWN

    for name in SHOWN:
        tab.goto(f"{big_site.url}/views?view={name}")
        clean(tab, f"lists:view-{name}", audits)
        following = tab.locator("a[rel=next]")
        if following.count():
            following.click()
            tab.wait_for_load_state()
            clean(tab, f"lists:view-{name}-page-2", audits)
    tab.goto(f"{big_site.url}/views?view=rejections&list=rates")
    clean(tab, "lists:view-rejections-rates", audits)
