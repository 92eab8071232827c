"""Helpers for web tests: an edge with a few accounts, logged-in test clients, invoices in a known state."""

from __future__ import annotations

import re
from decimal import Decimal
from uuid import UUID

from fastapi.testclient import TestClient

from invoicing.bootstrap import bootstrap
from invoicing.config import Settings
from invoicing.formats.cii_writer import write_cii
from invoicing.formats.pdf_writer import embed_invoice_xml
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from invoicing.open_steps.indexer import StepIndexer
from web.app import create_app
from web.passwords import Passwords
from web.wiring import build_edge
from workers import steps

PASSWORD = "test-password-1"
SUPPLIER_A = "supplier-a"
SUPPLIER_B = "supplier-b"
PEOPLE = {  # login → roles, from the sample policy (the edge takes roles from the account)
    "dyilmaz": ["finance", "clerk"], "hbraun": ["finance"], "ehartmann": ["budget_holder", "finance"],
    "ilang": ["auditor"], "sotto": ["admin"], "sroth": ["clerk"], "pneumann": ["budget_holder"],
}
ROLE_LOGINS = {"supplier": SUPPLIER_A, "clerk": "sroth", "budget_holder": "pneumann", "finance": "hbraun",
               "auditor": "ilang", "admin": "sotto"}


def make_edge(settings: Settings):
    edge = build_edge(settings, bootstrap(settings), passwords=Passwords.for_tests())
    for login, roles in PEOPLE.items():
        edge.accounts.open_account(login, name=login, roles=roles, password=PASSWORD, by="test")
    for login in (SUPPLIER_A, SUPPLIER_B):
        edge.accounts.open_account(login, name=login, roles=["supplier"], password=PASSWORD,
                                   email=f"{login}@example.org", by="test")
    return edge


def client(edge, app=None) -> TestClient:
    return TestClient(app or create_app(edge, verdict_wait=0), base_url="https://testserver")


def log_in(test_client: TestClient, login: str, password: str = PASSWORD) -> str:
    """Log in through the form; returns the session's CSRF token."""
    test_client.cookies.clear()
    token = csrf_of(test_client.get("/login").text)
    response = test_client.post("/login", data={"login": login, "password": password, "csrf_token": token},
                                follow_redirects=False)
    assert response.status_code == 303, response.text
    return test_client.get("/api/me").json()["csrf_token"]


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)


def valid_xml(seed: int = 11) -> bytes:
    return write_ubl(generate_invoice(seed, kind="standard"))


def invalid_xml(seed: int = 12) -> bytes:
    """BR-CO-15: the total with VAT is one euro off."""
    invoice = generate_invoice(seed, kind="standard")
    totals = invoice.totals.model_copy(update={"total_with_vat": invoice.totals.total_with_vat + Decimal("1.00")})
    return write_ubl(invoice.model_copy(update={"totals": totals}))


def valid_pdf(seed: int = 13) -> bytes:
    return embed_invoice_xml(write_cii(generate_invoice(seed, kind="standard")), profile="XRECHNUNG")


def process(edge, case_id) -> None:
    """Run the pipeline's steps for one case, as the workers would, and index its open step."""
    case_id = UUID(str(case_id))
    steps.process_submission(edge.services, case_id)
    steps.route_invoice(edge.services, case_id)
    StepIndexer(edge.invoices, edge.services.open_steps).catch_up()


def actor_for(edge, case_id) -> str:
    """A login the policy lets certify the case's open step now (four-eyes and limits checked)."""
    from invoicing.approvals import check_certification, who_may_act

    case = edge.invoices.get_case(case_id)
    now = edge.invoices.clock()
    for actor in who_may_act(case.open_step, edge.policy, now):
        if check_certification(actor.login, case.open_step, tuple(case.approvals), case.facts, edge.policy, now):
            return actor.login
    raise AssertionError(f"nobody may act on {case.open_step}")


def ensure_account(edge, login: str) -> None:
    if edge.accounts.find(login) is None:
        person = edge.policy.person(login)
        edge.accounts.open_account(login, name=person.name, roles=list(person.roles), password=PASSWORD, by="test")
