"""The edge's hardening: 413 in every transfer mode, safe file names, security headers on every kind of answer."""

from __future__ import annotations

from uuid import UUID

import pytest

from invoicing.lifecycle.case import InvoiceCase, Submission
from invoicing.lifecycle.decisions import intake
from invoicing.lifecycle.filenames import safe_filename
from tests.web import support
from tests.web.support import SUPPLIER_A, log_in
from web.app import create_app

HEADERS = {
    "content-security-policy": "default-src 'self'",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "strict-transport-security": "max-age=31536000",
    "cache-control": "no-store",
}


@pytest.fixture
def token(edge):
    return edge.accounts.issue_token(SUPPLIER_A, label="ERP", by="test")


def chunks(size: int):
    """A body sent with `Transfer-Encoding: chunked` (no Content-Length), `size` bytes in all."""
    yield b"<Invoice>"
    for _ in range(size // 1000):
        yield b" " * 1000


def test_a_chunked_upload_over_the_limit_is_answered_413_by_the_api_and_the_upload_page(edge, token):
    edge.settings = edge.settings.but(max_upload_bytes=1000)
    small = support.client(edge, create_app(edge, verdict_wait=0))
    answer = small.post("/api/invoices", content=chunks(200_000),
                        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/xml"})
    assert answer.status_code == 413 and answer.json()["code"] == "too-large"
    csrf = log_in(small, SUPPLIER_A)
    boundary = "b0undary"
    form = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{csrf}\r\n--{boundary}\r\n'
            f'Content-Disposition: form-data; name="file"; filename="r.xml"\r\n\r\n').encode()
    page = small.post("/supplier/upload", content=(part for part in (form, *chunks(200_000))),
                      headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert page.status_code == 413 and "zu groß" in page.text


@pytest.mark.parametrize("sent, kept", [
    ("rechnung\r\nSet-Cookie: x=1.xml", "rechnungSet-Cookie: x=1.xml"),
    ("../../etc/passwd", "passwd"), ("C:\\Users\\a\\RE 1.xml", "RE 1.xml"), ('a"b.xml', "ab.xml"),
    ("\u202eLMX.pdf", "LMX.pdf"), ("", "upload"), ("..", "upload"), ("Ä" * 300, "Ä" * 200),
])
def test_file_names_are_made_safe_once_for_every_channel(sent, kept):
    assert safe_filename(sent) == kept


def test_a_crlf_in_the_filename_parameter_is_not_stored_and_the_original_downloads(edge, token):
    api = support.client(edge)
    answer = api.post("/api/invoices?filename=evil%0d%0aX-Injected:%201.xml", content=support.valid_xml(51),
                      headers={"Authorization": f"Bearer {token}", "Content-Type": "application/xml"})
    case_id = answer.json()["case_id"]
    assert edge.invoices.get_case(UUID(case_id)).submissions[0].filename == "evilX-Injected: 1.xml"
    original = api.get(f"/api/invoices/{case_id}/original", headers={"Authorization": f"Bearer {token}"})
    assert original.status_code == 200 and "x-injected" not in original.headers
    assert original.content == support.valid_xml(51)


def test_an_original_stored_with_a_crlf_name_before_the_fix_still_downloads(edge, token):
    content = support.valid_xml(52)
    digest = edge.invoices.documents.put(content)
    arrival = Submission("api", f"{SUPPLIER_A}@example.org", "alt\r\nname.xml", edge.invoices.clock())
    changes = intake.receive(None, content_hash=digest, size=len(content), submission=arrival, at=arrival.received_at)
    case = InvoiceCase.open(UUID(int=52), changes[0])
    edge.invoices.save(case)
    answer = support.client(edge).get(f"/api/invoices/{case.id}/original",
                                      headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and answer.content == content
    assert answer.headers["content-disposition"].startswith('attachment; filename="altname.xml"')


def test_every_kind_of_answer_carries_the_security_headers_and_the_cookie_its_flags(edge, token):
    browser = support.client(edge)
    answers = [browser.get("/login"), browser.get("/api/invoices", headers={"Authorization": f"Bearer {token}"}),
               browser.get("/api/invoices/00000000-0000-0000-0000-000000000000",
                           headers={"Authorization": f"Bearer {token}"}), browser.get("/no-such-page"),
               browser.get("/supplier", follow_redirects=False)]
    log_in(browser, SUPPLIER_A)
    answers += [browser.get("/supplier"), browser.post("/logout", follow_redirects=False)]
    for answer in answers:
        for name, value in HEADERS.items():
            assert value in answer.headers.get(name, ""), (answer.request.url, name)
    cookie = answers[0].headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie and "path=/" in cookie
