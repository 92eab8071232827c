"""Steps people take in the browser: log in, upload, act on an invoice (keyboard where it matters)."""

from __future__ import annotations

import re
from pathlib import Path

from web.demo import DEMO_PASSWORD


def log_in(page, site, login: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{site.url}/login")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("form[action='/login'] button[type=submit]")
    page.wait_for_load_state()
    assert "/login" not in page.url, f"log-in of {login} failed"


def upload(page, site, path: Path) -> str:
    """Upload a file on the supplier page; returns the case id from the receipt page."""
    page.goto(f"{site.url}/supplier")
    page.set_input_files("#file", str(path))
    page.click("form[action='/supplier/upload'] button[type=submit]")
    page.wait_for_url(re.compile(r"/invoices/[0-9a-f-]{36}"))
    return re.search(r"/invoices/([0-9a-f-]{36})", page.url).group(1)


def act(page, site, case_id: str, action: str, text: str) -> None:
    page.goto(f"{site.url}/invoices/{case_id}")
    open_action(page, action)
    page.fill(f"#text-{action}", text)
    page.click(f"form[action$='/actions/{action}'] button[type=submit]")
    page.wait_for_url(re.compile(rf"/invoices/{case_id}\?done={action}"))


def open_action(page, action: str) -> None:
    """Unfold the action's form (the actions panel shows the first one open, the others folded)."""
    page.locator(f"details:has(form[action$='/actions/{action}'])").evaluate("element => element.open = true")
