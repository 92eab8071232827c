"""The whole story in a real browser (Debian chromium): a supplier uploads a valid and an invalid invoice,
clerks certify and the budget holder approves, an auditor reads the history. Screenshots of the key
pages go to test-output/screenshots/, and every page on the way passes axe-core at WCAG 2.1 AA."""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.e2e import browser
from tests.e2e.pages import act, log_in, upload
from tests.web import support

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def clean(page, name, audits):
    violations = browser.run_axe(page, name, audits)
    assert violations == [], f"{name}: {violations}"


def test_supplier_uploads_clerks_certify_and_approve_auditor_reads_the_history(page, site, audits, tmp_path):
    valid, invalid = tmp_path / "rechnung-2026-0815.xml", tmp_path / "rechnung-fehlerhaft.xml"
    valid.write_bytes(support.valid_xml(777))
    invalid.write_bytes(support.invalid_xml(778))

    log_in(page, site, "lieferant")
    clean(page, "supplier-home", audits)
    valid_id = upload(page, site, valid)
    assert "Eingangsbestätigung" in page.inner_text("main")
    assert "Angenommen" in page.inner_text("main")
    browser.screenshot(page, "01-supplier-receipt-accepted")
    clean(page, "supplier-receipt-accepted", audits)

    invalid_id = upload(page, site, invalid)
    text = page.inner_text("main")
    assert "Abgelehnt" in text and "BR-CO-15" in text and "erneut" in text
    browser.screenshot(page, "02-supplier-receipt-rejected")
    clean(page, "supplier-receipt-rejected", audits)
    page.goto(f"{site.url}/supplier")
    assert page.locator(f"a[href='/invoices/{invalid_id}']").count() == 1
    browser.screenshot(page, "03-supplier-submissions")

    case = site.wait_for(UUID(valid_id), lambda case: case.status == "awaiting-approval" and case.open_step)
    if case.current_step == "clearing":
        log_in(page, site, "dyilmaz")
        page.goto(f"{site.url}/invoices/{valid_id}")
        page.select_option("#unit-assign_to_unit", "kaemmerei")
        page.fill("#text-assign_to_unit", "Bestellung der Kämmerei")
        page.click("form[action$='/actions/assign_to_unit'] button[type=submit]")
    first = True
    while (case := site.edge.invoices.get_case(UUID(valid_id))).status == "awaiting-approval":
        login = support.actor_for(site.edge, case.id)
        log_in(page, site, login)
        site.wait_for(case.id, lambda _: True)
        if first:
            page.goto(f"{site.url}/inbox")
            browser.screenshot(page, "04-clerk-inbox")
            clean(page, "clerk-inbox", audits)
            page.goto(f"{site.url}/invoices/{valid_id}")
            browser.screenshot(page, "05-clerk-invoice")
            clean(page, "clerk-invoice", audits)
            first = False
        action = "approve" if case.current_step == "anordnung" else "certify"
        act(page, site, valid_id, action, "Leistung erbracht, Beträge stimmen." if action == "certify" else "")
    assert case.status == "approved"
    browser.screenshot(page, "06-clerk-approved")
    clean(page, "clerk-approved", audits)

    log_in(page, site, "ilang")
    page.goto(f"{site.url}/invoices/{valid_id}/audit")
    timeline = page.inner_text("table")
    assert "Rechnung eingegangen" in timeline and "Anordnung erteilt" in timeline
    browser.screenshot(page, "07-auditor-timeline")
    clean(page, "auditor-timeline", audits)
    page.select_option("#version", "2")
    page.click("form:has(#version) button[type=submit]")
    assert "Stand nach Ereignis 2" in page.inner_text("main")
    browser.screenshot(page, "08-auditor-state-at-event")
    clean(page, "auditor-state-at-event", audits)
    received = site.edge.invoices.history(UUID(valid_id))[0].timestamp
    page.fill("#at", received.strftime("%Y-%m-%dT%H:%M:%S.%f"))
    page.click("form:has(#at) button[type=submit]")
    assert "Stand nach Ereignis 1" in page.inner_text("main")
    with page.expect_download() as download:
        page.click(f"a[href='/invoices/{valid_id}/original']")
    assert open(download.value.path(), "rb").read() == valid.read_bytes()
    page.goto(f"{site.url}/register")
    browser.screenshot(page, "09-register")
    clean(page, "register", audits)
