"""The main forms by keyboard alone: skip link, log-in, upload, certification and the language switch.
Focus must always be visible (an outline), and Tab order must reach every control of the form."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from tests.e2e import browser
from tests.web import support

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def focused(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {id: e.id, tag: e.tagName, text: (e.innerText || e.value || '').trim().slice(0, 80),
                outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")


def tab_to(page, selector_id: str, limit: int = 60) -> dict:
    """Press Tab until the element with `selector_id` has focus; its focus must be visible."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if now["tag"] == "BODY":
            continue  # focus left the page (to the browser's own controls) and comes back on the next Tab
        assert now["outline"] != "none" and now["width"] >= 2, f"focus not visible on {now}"
        if now["id"] == selector_id:
            return now
    raise AssertionError(f"Tab never reached #{selector_id}")


def tab_to_button(page, text: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        assert now["tag"] == "BODY" or now["outline"] != "none", f"focus not visible on {now}"
        if now["tag"] == "BUTTON" and text in now["text"]:
            return
    raise AssertionError(f"Tab never reached the button {text!r}")


def test_skip_link_and_log_in_by_keyboard(page, site):
    page.goto(f"{site.url}/login")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Zum Inhalt springen"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    tab_to(page, "login")
    page.keyboard.type("lieferant")
    page.keyboard.press("Tab")
    page.keyboard.type("demo2026")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/supplier$"))


def test_upload_by_keyboard_shows_receipt_and_verdict(page, site, tmp_path):
    test_skip_link_and_log_in_by_keyboard(page, site)
    invoice = tmp_path / "tastatur.xml"
    invoice.write_bytes(support.valid_xml(901))
    tab_to(page, "file")
    page.set_input_files("#file", str(invoice))  # the file chooser itself is the operating system's dialog
    tab_to_button(page, "Hochladen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/invoices/[0-9a-f-]{36}\?received=1"))
    assert "Eingangsbestätigung" in page.inner_text("main")


def test_certification_and_language_switch_by_keyboard(page, site):
    from web.cases import CaseIndex

    case = next(site.edge.invoices.get_case(case_id) for case_id in CaseIndex(site.edge.invoices).ids()
                if (c := site.edge.invoices.get_case(case_id)).status == "awaiting-approval"
                and c.current_step not in (None, "clearing", "anordnung"))
    login = support.actor_for(site.edge, case.id)
    page.goto(f"{site.url}/login")
    tab_to(page, "login")
    page.keyboard.type(login)
    page.keyboard.press("Tab")
    page.keyboard.type("demo2026")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: "/login" not in url)
    page.goto(f"{site.url}/invoices/{case.id}")
    tab_to(page, "text-certify", limit=200)
    page.keyboard.type("Per Tastatur geprüft.")
    tab_to_button(page, "bescheinigen")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"\?done=certify"))
    assert site.edge.invoices.get_case(UUID(str(case.id))).version > case.version
    tab_to_button(page, "English")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.get_attribute("html", "lang") == "en"
    browser.screenshot(page, "11-clerk-after-keyboard-certification-en")
