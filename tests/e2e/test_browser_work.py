"""The clerk's and the supplier's work in a real browser, one story per test on one shared site (with an SMTP
sink): return and correction; a question answered in the portal; an escalation reaching the target's inbox and
mailbox; four-eyes after a reassignment. Every new page is audited with axe-core (zero violations at WCAG 2.1
AA) and photographed (test-output/screenshots/)."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from uuid import UUID

import pytest

from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from tests.e2e import browser
from tests.e2e.pages import act, log_in, open_action, upload

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GEBAEUDE, SCHULEN = "08125999-GM65-46", "08125999-4000-28"


@pytest.fixture(scope="module")
def sink():
    from tests.servers import SmtpSink

    server = SmtpSink().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def site(tmp_path_factory, sink):
    browser.need_browser()
    running, stop = browser.start_site(tmp_path_factory.mktemp("work") / "data", smtp_port=sink.port)
    yield running
    stop()


def clean(page, name, audits):
    browser.screenshot(page, name)
    assert browser.run_axe(page, name, audits) == []


def invoice_file(tmp_path, seed, leitweg, **changes):
    invoice = generate_invoice(seed, kind="standard")
    invoice = invoice.model_copy(update={"buyer_reference": leitweg, **changes})
    path = tmp_path / f"re-{seed}.xml"
    path.write_bytes(write_ubl(invoice))
    return path, invoice


def routed(site, case_id):
    return site.wait_for(UUID(case_id), lambda case: case.status == "awaiting-approval" and case.open_step)


def test_the_supplier_sees_a_return_with_its_reason_and_the_correction_is_linked(page, site, audits, tmp_path):
    path, invoice = invoice_file(tmp_path, 71, SCHULEN)
    log_in(page, site, "lieferant")
    case_id = upload(page, site, path)
    routed(site, case_id)
    clerk = site.edge.policy.members(site.edge.policy.clearing)[0].login
    log_in(page, site, clerk)
    act(page, site, case_id, "return", "Die Bestellnummer fehlt; bitte mit Bestellnummer 40-2026-17 neu senden.")
    log_in(page, site, "lieferant")
    page.goto(f"{site.url}/invoices/{case_id}")
    assert page.locator("#returned-title").count() == 1 and "Bestellnummer 40-2026-17" in page.content()
    clean(page, "20-supplier-returned", audits)
    corrected = tmp_path / "korrigiert.xml"
    corrected.write_bytes(write_ubl(invoice.model_copy(update={"purchase_order_reference": "40-2026-17"})))
    correction = upload(page, site, corrected)
    site.wait_for(UUID(correction), lambda case: case.corrects == case.id or case.corrects is not None)
    page.goto(f"{site.url}/invoices/{correction}")
    assert page.locator(f"a[href='/invoices/{case_id}']").count() == 1
    clean(page, "21-supplier-correction", audits)
    assert site.edge.invoices.get_case(UUID(correction)).status in ("accepted", "awaiting-approval")


def test_a_question_is_answered_in_the_portal_and_reaches_the_asker(page, site, audits, sink, tmp_path):
    path, _ = invoice_file(tmp_path, 72, SCHULEN)
    log_in(page, site, "lieferant")
    case_id = upload(page, site, path)
    case = routed(site, case_id)
    from tests.web import support

    asker = support.actor_for(site.edge, case.id)
    log_in(page, site, asker)
    page.goto(f"{site.url}/invoices/{case_id}")
    open_action(page, "request_clarification")
    page.fill("#addressed-request_clarification", "supplier")
    page.fill("#text-request_clarification", "Bitte nennen Sie die Lieferscheinnummer.")
    page.click("form[action$='/actions/request_clarification'] button[type=submit]")
    page.wait_for_url(re.compile(r"done=request_clarification"))
    log_in(page, site, "lieferant")
    page.goto(f"{site.url}/invoices/{case_id}")
    assert "Bitte nennen Sie die Lieferscheinnummer." in page.content()
    clean(page, "22-supplier-question", audits)
    page.fill("#supplier-answer", "Lieferschein LS-4711 vom 2. März.")
    page.click(f"form[action='/invoices/{case_id}/answer'] button[type=submit]")
    page.wait_for_url(re.compile(r"done=answer_clarification"))
    mailed = wait_for_mail(sink, f"{asker}@eichenbrueck.example", "Antwort auf Ihre Rückfrage")
    assert "LS-4711" in mailed.get_content()
    log_in(page, site, asker)
    page.goto(f"{site.url}/invoices/{case_id}")
    assert "LS-4711" in page.content() and page.locator("form[action$='/actions/certify']").count() == 1


def test_an_escalation_reaches_the_targets_inbox_and_mailbox(page, site, audits, sink, tmp_path):
    path, _ = invoice_file(tmp_path, 73, SCHULEN)
    log_in(page, site, "lieferant")
    case_id = upload(page, site, path)
    routed(site, case_id)
    invoices = site.edge.invoices
    real = invoices.clock
    invoices.clock = lambda: real() + timedelta(days=8)  # eight days later: the step has waited too long
    try:
        invoices.escalate(UUID(case_id))
    finally:
        invoices.clock = real
    target = site.edge.policy.unit("schulen").escalate_to.person
    mailed = wait_for_mail(sink, f"{target}@eichenbrueck.example", "Eskalation")
    assert "Grund:" in mailed.get_content()
    log_in(page, site, target)
    page.goto(f"{site.url}/inbox")
    section = page.locator("section[aria-labelledby='list-escalated']")
    assert section.locator(f"a[href='/invoices/{case_id}']").count() == 1
    clean(page, "23-escalation-target-inbox", audits)


def test_four_eyes_holds_after_a_reassignment(page, site, audits, tmp_path):
    path, _ = invoice_file(tmp_path, 74, GEBAEUDE)
    log_in(page, site, "lieferant")
    case_id = upload(page, site, path)
    case = routed(site, case_id)
    assert case.current_step == "sachlich"
    log_in(page, site, "bberger")
    page.goto(f"{site.url}/invoices/{case_id}")
    assert page.locator("input[name=kost1]").first.input_value() != ""  # the Kontierung comes pre-filled
    clean(page, "24-sachlich-with-kontierung", audits)
    act(page, site, case_id, "certify", "Leistung abgenommen.")
    log_in(page, site, "hbraun")
    act(page, site, case_id, "certify", "Beträge stimmen.")
    log_in(page, site, "tkoch")
    page.goto(f"{site.url}/invoices/{case_id}")
    open_action(page, "reassign")
    page.fill("#target-reassign", "bberger")
    page.fill("#text-reassign", "Urlaub")
    page.click("form[action$='/actions/reassign'] button[type=submit]")
    assert "Vier-Augen-Prinzip" in page.locator("[role=alert]").inner_text()
    clean(page, "25-reassignment-refused-four-eyes", audits)
    page.goto(f"{site.url}/invoices/{case_id}")
    open_action(page, "reassign")
    page.fill("#target-reassign", "anordnungsbefugte")
    page.fill("#text-reassign", "Urlaub, an die Anordnungsbefugten")
    page.click("form[action$='/actions/reassign'] button[type=submit]")
    page.wait_for_url(re.compile(r"done=reassign"))
    log_in(page, site, "bberger")
    page.goto(f"{site.url}/invoices/{case_id}")
    assert page.locator("form[action$='/actions/approve']").count() == 0
    assert "Vier-Augen-Prinzip" in page.locator("section.actions").inner_text()
    clean(page, "26-four-eyes-after-reassignment", audits)


def test_absences_charts_and_comparison_pages(page, site, audits):
    log_in(page, site, "pneumann")
    page.goto(f"{site.url}/absences")
    assert "Urlaub (Demo)" in page.content()  # the demo's current absence
    clean(page, "27-absences", audits)
    log_in(page, site, "dyilmaz")
    page.goto(f"{site.url}/charts")
    assert page.locator("svg[role=img]").count() == 4
    clean(page, "28-charts", audits)
    from web.cases import CaseIndex

    suspected = next(case for case in map(site.edge.invoices.get_case, CaseIndex(site.edge.invoices).ids())
                     if case.status == "duplicate-suspected" and case.duplicate_of)
    page.goto(f"{site.url}/invoices/{suspected.id}/compare/{suspected.duplicate_of[0]}")
    clean(page, "29-duplicate-compared", audits)
    page.click("form.language button")
    page.wait_for_load_state()
    assert browser.run_axe(page, "29-duplicate-compared:en", audits) == []


def wait_for_mail(sink, address, subject_part, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in sink.received():
            if address in message["To"] and subject_part in message["Subject"]:
                return message
        time.sleep(0.2)
    raise AssertionError(f"no mail '{subject_part}' to {address}: {[m['Subject'] for m in sink.received()]}")
