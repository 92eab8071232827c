"""The HTTP API through the ASGI app, on SQLite and on a real PostgreSQL: submit, read, decide, export."""

from __future__ import annotations

from uuid import UUID

import pytest

from tests.web import support
from tests.web.support import SUPPLIER_A, SUPPLIER_B, log_in


@pytest.fixture
def api(edge):
    return support.client(edge)


@pytest.fixture
def supplier_token(edge):
    return edge.accounts.issue_token(SUPPLIER_A, label="ERP", by="test")


def bearer(token):
    return {"Authorization": f"Bearer {token}"}


def test_a_raw_body_submission_is_answered_at_once_with_case_id_received_at_and_hash(api, supplier_token):
    content = support.valid_xml()
    response = api.post("/api/invoices", content=content, headers={**bearer(supplier_token),
                                                                    "Content-Type": "application/xml",
                                                                    "X-Filename": "rechnung.xml"})
    assert response.status_code == 202
    receipt = response.json()
    import hashlib

    assert receipt["content_hash"] == hashlib.sha256(content).hexdigest()
    assert receipt["first"] is True and receipt["received_at"] and receipt["status_url"].endswith(receipt["case_id"])


def test_a_multipart_submission_of_the_same_bytes_lands_on_the_same_case(api, supplier_token):
    content = support.valid_xml()
    first = api.post("/api/invoices", content=content, headers={**bearer(supplier_token),
                                                                "Content-Type": "application/xml"}).json()
    again = api.post("/api/invoices", files={"file": ("copy.xml", content, "text/plain")},
                     headers=bearer(supplier_token))
    assert again.status_code == 202
    assert again.json()["case_id"] == first["case_id"] and again.json()["first"] is False


def test_the_content_type_is_judged_by_content_not_by_name(api, supplier_token):
    png = b"\x89PNG\r\n\x1a\n" + bytes(64)
    response = api.post("/api/invoices", files={"file": ("invoice.xml", png, "application/xml")},
                        headers=bearer(supplier_token))
    assert response.status_code == 415
    assert "PNG" in response.json()["message"]


def test_an_upload_above_the_limit_is_refused_with_413(edge, supplier_token):
    from web.app import create_app

    edge.settings = edge.settings.but(max_upload_bytes=1000)
    small = support.client(edge, create_app(edge))
    response = small.post("/api/invoices", content=b"<a>" + b" " * 200_000 + b"</a>",
                          headers={**bearer(supplier_token), "Content-Type": "application/xml"})
    assert response.status_code == 413


def test_the_supplier_follows_status_report_and_original_of_its_invoice(edge, api, supplier_token):
    content = support.invalid_xml()
    case_id = api.post("/api/invoices", content=content, headers={**bearer(supplier_token),
                                                                  "Content-Type": "application/xml"}).json()["case_id"]
    support.process(edge, case_id)
    status = api.get(f"/api/invoices/{case_id}", headers=bearer(supplier_token)).json()
    assert status["status"] == "rejected" and status["accepted"] is False
    assert any(message["rule_id"] == "BR-CO-15" for message in status["messages"])
    assert status["hint"]
    report = api.get(f"/api/invoices/{case_id}/report", headers=bearer(supplier_token))
    assert report.status_code == 200 and report.json()["accepted"] is False
    html = api.get(f"/api/invoices/{case_id}/report?format=html", headers=bearer(supplier_token))
    assert html.headers["content-type"].startswith("text/html") and "BR-CO-15" in html.text
    original = api.get(f"/api/invoices/{case_id}/original", headers=bearer(supplier_token))
    assert original.content == content and original.headers["content-type"] == "application/xml"


def test_the_report_comes_in_the_kosit_format_for_xml_and_for_the_xml_inside_a_pdf(edge, api, supplier_token):
    from lxml import etree

    rep = {"rep": "http://www.xoev.de/de/validator/varl/1", "s": "http://www.xoev.de/de/validator/framework/1/scenarios"}
    verdicts = {}
    for name, content, kind in (("invalid", support.invalid_xml(), "application/xml"),
                                ("pdf", support.valid_pdf(), "application/pdf")):
        case_id = api.post("/api/invoices", content=content, headers={**bearer(supplier_token),
                                                                      "Content-Type": kind}).json()["case_id"]
        support.process(edge, case_id)
        response = api.get(f"/api/invoices/{case_id}/report?format=kosit", headers=bearer(supplier_token))
        assert response.status_code == 200 and response.headers["content-type"].startswith("application/xml")
        report = etree.fromstring(response.content)
        verdicts[name] = (etree.QName(report.find("rep:assessment/*", rep)).localname,
                          report.findtext("rep:scenarioMatched/s:scenario/s:name", namespaces=rep),
                          {m.get("code") for m in report.iterfind(".//rep:message", rep)})
    assert verdicts["invalid"][0] == "reject" and "BR-CO-15" in verdicts["invalid"][2]
    assert verdicts["pdf"][0] == "accept" and verdicts["pdf"][1]  # the embedded CII's scenario, not "no scenario"


def test_a_pdf_original_comes_back_byte_for_byte_as_application_pdf(edge, api, supplier_token):
    content = support.valid_pdf()
    case_id = api.post("/api/invoices", content=content, headers={**bearer(supplier_token),
                                                                  "Content-Type": "application/pdf"}).json()["case_id"]
    original = api.get(f"/api/invoices/{case_id}/original", headers=bearer(supplier_token))
    assert original.content == content and original.headers["content-type"] == "application/pdf"


def test_a_supplier_sees_only_its_own_invoices(edge, api, supplier_token):
    case_id = api.post("/api/invoices", content=support.valid_xml(), headers={
        **bearer(supplier_token), "Content-Type": "application/xml"}).json()["case_id"]
    other = edge.accounts.issue_token(SUPPLIER_B, label="ERP", by="test")
    for path in ("", "/report", "/original"):
        assert api.get(f"/api/invoices/{case_id}{path}", headers=bearer(other)).status_code == 404
    assert api.get("/api/invoices", headers=bearer(other)).json()["count"] == 0
    assert api.get("/api/invoices", headers=bearer(supplier_token)).json()["count"] == 1


def test_clerks_certify_and_approve_through_the_api_and_finance_exports(edge, api, supplier_token):
    case_id = api.post("/api/invoices", content=support.valid_xml(21), headers={
        **bearer(supplier_token), "Content-Type": "application/xml"}).json()["case_id"]
    support.process(edge, case_id)
    case = edge.invoices.get_case(UUID(case_id))
    if case.current_step == "clearing":
        csrf = log_in(api, "dyilmaz")
        assert api.post(f"/api/invoices/{case_id}/assign-to-unit", json={"unit": "kaemmerei", "reason": "Bestellung"},
                        headers={"X-CSRF-Token": csrf}).status_code == 200
    while (case := edge.invoices.get_case(case.id)).status == "awaiting-approval":
        login = support.actor_for(edge, case.id)
        support.ensure_account(edge, login)
        csrf = log_in(api, login)
        action = "approve" if case.current_step == "anordnung" else "certify"
        response = api.post(f"/api/invoices/{case_id}/{action}", json={"step": case.current_step, "comment": "ok"},
                            headers={"X-CSRF-Token": csrf})
        assert response.status_code == 200, response.text
    assert case.status == "approved"
    history = api.get(f"/api/invoices/{case_id}/history").json()["events"]
    assert history[-1]["event"] == "InvoiceApproved"
    csrf = log_in(api, "hbraun")
    exported = api.post("/api/exports", headers={"X-CSRF-Token": csrf}).json()
    assert exported["count"] == 1 and exported["skipped"] == []
    datev = api.get(exported["download"])
    assert datev.status_code == 200 and datev.content.startswith(b'"EXTF";700;21;"Buchungsstapel"')
    assert api.post("/api/exports", headers={"X-CSRF-Token": csrf}).json()["count"] == 0
    assert edge.invoices.get_case(case.id).status == "exported"


def test_a_session_change_without_its_csrf_token_is_refused(edge, api, supplier_token):
    case_id = api.post("/api/invoices", content=support.valid_xml(), headers={
        **bearer(supplier_token), "Content-Type": "application/xml"}).json()["case_id"]
    support.process(edge, case_id)
    log_in(api, "dyilmaz")
    response = api.post(f"/api/invoices/{case_id}/reject", json={"reason": "falsch"})
    assert response.status_code == 403 and response.json()["code"] == "csrf"
    assert edge.invoices.get_case(UUID(case_id)).status != "rejected"


def test_a_refusal_by_the_lifecycle_names_what_was_wrong(edge, api, supplier_token):
    case_id = api.post("/api/invoices", content=support.valid_xml(), headers={
        **bearer(supplier_token), "Content-Type": "application/xml"}).json()["case_id"]
    support.process(edge, case_id)
    csrf = log_in(api, "dyilmaz")
    response = api.post(f"/api/invoices/{case_id}/reject", json={"reason": ""}, headers={"X-CSRF-Token": csrf})
    assert response.status_code == 422 and response.json()["code"] == "reason-required"


def test_the_auditor_reads_the_state_after_any_event_and_the_report_as_recorded(edge, api, supplier_token):
    case_id = api.post("/api/invoices", content=support.valid_xml(), headers={
        **bearer(supplier_token), "Content-Type": "application/xml"}).json()["case_id"]
    support.process(edge, case_id)
    log_in(api, "ilang")
    first = api.get(f"/api/invoices/{case_id}/state?version=1").json()
    assert first["state"]["status"] == "received" and first["report"] is None
    latest = api.get(f"/api/invoices/{case_id}/state").json()
    assert latest["report"]["accepted"] is True
    at = api.get(f"/api/invoices/{case_id}/state", params={"at": first["at"]}).json()
    assert at["version"] == 1


def test_bearer_tokens_work_on_the_api_only_and_unknown_tokens_not_at_all(api, supplier_token):
    assert api.get("/api/me", headers=bearer(supplier_token)).json()["login"] == SUPPLIER_A
    assert api.get("/api/me", headers=bearer("inv_0000.nope")).status_code == 401
    page = api.get("/supplier", headers=bearer(supplier_token), follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"].startswith("/login")


def test_the_register_and_the_views_come_from_the_projections(edge, api, supplier_token):
    case_id = api.post("/api/invoices", content=support.invalid_xml(), headers={
        **bearer(supplier_token), "Content-Type": "application/xml"}).json()["case_id"]
    support.process(edge, case_id)
    log_in(api, "ilang")
    rows = api.get("/api/views/register", params={"status": "rejected"}).json()["items"]
    assert [row["case_id"] for row in rows] == [case_id]
    rejections = api.get("/api/views/rejections").json()
    assert any(row.get("rule_id") == "BR-CO-15" for row in rejections["reports"]["by-rule"])
    assert api.get("/api/views/nonsense").status_code == 404


def test_the_openapi_document_is_published(api):
    document = api.get("/api/openapi.json").json()
    assert "/api/invoices" in document["paths"] and "/api/invoices/{case_id}/approve" in document["paths"]
    assert api.get("/api/docs").status_code == 200


def test_session_cookies_are_httponly_secure_and_samesite(api):
    response = api.get("/login")
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "secure" in cookie and "samesite=lax" in cookie
