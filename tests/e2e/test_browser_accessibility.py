"""axe-core audits every page, in German and English, for every role, with ZERO violations at WCAG 2.1 AA
(tags wcag2a, wcag2aa, wcag21a, wcag21aa); error states (form errors, 403, 404) included. The results
are written to test-output/axe-results.json."""

from __future__ import annotations

from uuid import uuid4

import pytest

from tests.e2e import browser
from tests.e2e.pages import log_in, open_action

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def case_in(site, status, unreadable=False):
    from web.cases import CaseIndex

    for case_id in CaseIndex(site.edge.invoices).ids():
        case = site.edge.invoices.get_case(case_id)
        if case.status == status and bool(case.unreadable) == unreadable:
            return case
    raise AssertionError(f"the demo has no case in status {status}")


def audit_all(page, site, audits, name, paths, *, english=False, submit=None):
    if english:
        page.click("form.language button")
        page.wait_for_load_state()
    failures = {}
    for label, path in paths:
        page.goto(f"{site.url}{path}")
        if submit:
            submit.get(label, lambda _: None)(page)
        key = f"{name}:{label}{':en' if english else ''}"
        violations = browser.run_axe(page, key, audits)
        if violations:
            failures[key] = violations
    assert failures == {}


def test_log_in_pages_in_both_languages(page, site, audits):
    audit_all(page, site, audits, "anonymous", [("login", "/login")])
    browser.screenshot(page, "00-login")
    page.click("form[action='/login'] button[type=submit]")
    assert page.locator("#error-summary a[href='#login']").count() == 1
    assert page.get_attribute("#login", "aria-invalid") == "true"
    assert browser.run_axe(page, "anonymous:login-error", audits) == []
    audit_all(page, site, audits, "anonymous", [("login", "/login")], english=True)
    assert page.get_attribute("html", "lang") == "en"


def test_supplier_pages(page, site, audits):
    log_in(page, site, "lieferant")
    rejected, accepted = case_in(site, "rejected"), case_in(site, "awaiting-approval")
    paths = [("home", "/supplier"), ("rejected", f"/invoices/{rejected.id}?received=1"),
             ("report", f"/invoices/{rejected.id}/report"), ("accepted", f"/invoices/{accepted.id}"),
             ("not-found", f"/invoices/{uuid4()}"), ("forbidden", "/inbox")]
    audit_all(page, site, audits, "supplier", paths)
    page.goto(f"{site.url}/supplier")
    page.click("form[action='/supplier/upload'] button[type=submit]")
    assert page.locator("#error-summary a[href='#file']").count() == 1
    assert browser.run_axe(page, "supplier:upload-error", audits) == []
    audit_all(page, site, audits, "supplier", paths[:2], english=True)


def test_clerk_pages(page, site, audits):
    log_in(page, site, "dyilmaz")
    suspected, awaiting = case_in(site, "duplicate-suspected"), case_in(site, "awaiting-approval")
    unreadable, exported = case_in(site, "rejected", unreadable=True), case_in(site, "exported")
    paths = [("inbox", "/inbox"), ("register", "/register"), ("register-filtered", "/register?q=RE&status=approved"),
             ("duplicate", f"/invoices/{suspected.id}"), ("awaiting", f"/invoices/{awaiting.id}"),
             ("unreadable", f"/invoices/{unreadable.id}"), ("exported", f"/invoices/{exported.id}"),
             ("forbidden", f"/invoices/{awaiting.id}/audit")]
    audit_all(page, site, audits, "clerk", paths)
    page.goto(f"{site.url}/invoices/{suspected.id}")
    open_action(page, "reject")
    page.click("form[action$='/actions/reject'] button[type=submit]")
    assert page.locator("#error-summary a[href='#text-reject']").count() == 1
    assert page.get_attribute("#text-reject", "aria-invalid") == "true"
    browser.screenshot(page, "10-clerk-form-error")
    assert browser.run_axe(page, "clerk:action-error", audits) == []
    audit_all(page, site, audits, "clerk", paths[:5], english=True)


def test_views_and_export_pages(page, site, audits):
    from web.views import SHOWN

    log_in(page, site, "hbraun")
    audit_all(page, site, audits, "finance", [(name, f"/views?view={name}") for name in SHOWN])
    browser.screenshot(page, "12-views-cycle-times")
    page.goto(f"{site.url}/views?view=discounts")
    browser.screenshot(page, "13-views-skonto-calendar")
    page.goto(f"{site.url}/register")
    page.click("form[action='/exports'] button[type=submit]")
    assert "/exports" in page.url
    browser.screenshot(page, "14-export-result")
    assert browser.run_axe(page, "finance:export-result", audits) == []
    audit_all(page, site, audits, "finance", [("open-items", "/views?view=open-items")], english=True)


def test_auditor_pages(page, site, audits):
    log_in(page, site, "ilang")
    exported = case_in(site, "exported")
    paths = [("register", "/register"), ("invoice", f"/invoices/{exported.id}"),
             ("audit", f"/invoices/{exported.id}/audit"), ("audit-version", f"/invoices/{exported.id}/audit?version=2"),
             ("audit-bad-time", f"/invoices/{exported.id}/audit?at=gestern"),
             ("audit-before", f"/invoices/{exported.id}/audit?at=2000-01-01T00:00"),
             ("report", f"/invoices/{exported.id}/report")]
    audit_all(page, site, audits, "auditor", paths)
    audit_all(page, site, audits, "auditor", paths[2:4], english=True)


def test_administrator_pages(page, site, audits):
    log_in(page, site, "sotto")
    audit_all(page, site, audits, "admin", [("accounts", "/accounts")])
    page.click("form[action='/accounts/tokens'] button[type=submit]")
    assert browser.run_axe(page, "admin:token-error", audits) == []
    page.fill("#supplier", "lieferant")
    page.click("form[action='/accounts/tokens'] button[type=submit]")
    assert "inv_" in page.inner_text("main")
    assert browser.run_axe(page, "admin:token-issued", audits) == []


def test_own_account_page_with_sessions_and_the_password_form(page, site, audits):
    log_in(page, site, "sroth")
    audit_all(page, site, audits, "account", [("account", "/account")])
    audit_all(page, site, audits, "account", [("account", "/account")], english=True)
    page.click("form[action='/account/password'] button[type=submit]")  # nothing filled: the error is shown
    assert "wrong" in page.inner_text("main")  # the page is in English after the second audit
    assert browser.run_axe(page, "account:password-error", audits) == []
