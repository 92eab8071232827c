"""The pages through the ASGI app (no browser): what each person is shown and offered, and the forms' answers."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from invoicing.config import Settings
from tests.web import support
from tests.web.support import log_in


@pytest.fixture
def edge(tmp_path):
    edge = support.make_edge(Settings(persistence="sqlite", data_dir=tmp_path / "data"))
    yield edge
    edge.close()


@pytest.fixture
def web(edge):
    return support.client(edge)


def upload(web, content: bytes, name: str = "rechnung.xml"):
    csrf = support.csrf_of(web.get("/supplier").text)
    return web.post("/supplier/upload", data={"csrf_token": csrf}, files={"file": (name, content, "application/xml")},
                    follow_redirects=False)


def routed_case(edge, web, seed=31):
    log_in(web, support.SUPPLIER_A)
    response = upload(web, support.valid_xml(seed))
    case_id = UUID(re.search(r"/invoices/([0-9a-f-]{36})", response.headers["location"]).group(1))
    support.process(edge, case_id)
    return edge.invoices.get_case(case_id)


def test_an_upload_answers_with_the_receipt_page(edge, web):
    log_in(web, support.SUPPLIER_A)
    response = upload(web, support.valid_xml())
    assert response.status_code == 303 and "received=1" in response.headers["location"]
    page = web.get(response.headers["location"]).text
    assert "Eingangsbestätigung" in page and "Prüfsumme (SHA-256)" in page


def test_an_image_upload_is_refused_with_an_error_summary_linked_to_the_field(web):
    log_in(web, support.SUPPLIER_A)
    response = upload(web, b"\x89PNG\r\n\x1a\n" + bytes(40), name="rechnung.xml")
    assert response.status_code == 422
    assert 'href="#file"' in response.text and 'aria-invalid="true"' in response.text and "PNG" in response.text


def test_an_upload_without_a_file_asks_for_one(web):
    log_in(web, support.SUPPLIER_A)
    csrf = support.csrf_of(web.get("/supplier").text)
    response = web.post("/supplier/upload", data={"csrf_token": csrf}, files={"file": ("", b"", "application/xml")})
    assert response.status_code == 422 and "Bitte wählen Sie eine Datei aus." in response.text


def test_a_form_without_its_csrf_token_changes_nothing(edge, web):
    case = routed_case(edge, web)
    log_in(web, "dyilmaz")
    response = web.post(f"/invoices/{case.id}/actions/reject", data={"text": "falsch"})
    assert response.status_code == 403
    assert edge.invoices.get_case(case.id).version == case.version


def test_the_invoice_page_offers_the_assigned_person_the_step_and_others_nothing(edge, web):
    case = routed_case(edge, web)
    actor = support.actor_for(edge, case.id)
    support.ensure_account(edge, actor)
    log_in(web, actor)
    page = web.get(f"/invoices/{case.id}").text
    assert f'action="/invoices/{case.id}/actions/{"approve" if case.current_step == "anordnung" else "certify"}"' \
        in page or f'action="/invoices/{case.id}/actions/assign_to_unit"' in page
    assert "Positionen" in page and "Umsatzsteuer nach Sätzen" in page and "Zahlbetrag" in page
    log_in(web, "ilang")
    assert "/actions/" not in web.get(f"/invoices/{case.id}").text


def test_a_refused_decision_is_explained_on_the_page(edge, web):
    case = routed_case(edge, web)
    log_in(web, "sroth")
    csrf = support.csrf_of(web.get(f"/invoices/{case.id}").text)
    response = web.post(f"/invoices/{case.id}/actions/certify", data={"csrf_token": csrf, "step": case.current_step})
    assert response.status_code == 409 and 'role="alert"' in response.text
    assert edge.invoices.get_case(case.id).version == case.version


def test_a_decision_without_the_required_reason_points_at_the_field(edge, web):
    case = routed_case(edge, web)
    log_in(web, "dyilmaz")
    csrf = support.csrf_of(web.get(f"/invoices/{case.id}").text)
    response = web.post(f"/invoices/{case.id}/actions/return", data={"csrf_token": csrf, "text": " "})
    assert response.status_code == 422 and 'href="#text-return"' in response.text


def test_a_question_to_the_supplier_is_shown_to_the_supplier(edge, web):
    case = routed_case(edge, web)
    actor = support.actor_for(edge, case.id)
    edge.invoices.request_clarification(case.id, by=actor, question="Bitte Lieferschein nachreichen.",
                                        addressed_to="supplier")
    log_in(web, support.SUPPLIER_A)
    page = web.get(f"/invoices/{case.id}").text
    assert "Offene Rückfrage" in page and "Bitte Lieferschein nachreichen." in page


def test_the_register_searches_filters_and_downloads_csv(edge, web):
    case = routed_case(edge, web)
    log_in(web, "ilang")
    assert case.number in web.get("/register", params={"q": case.number}).text
    assert case.number not in web.get("/register", params={"q": "gibt-es-nicht"}).text
    assert case.number not in web.get("/register", params={"status": "exported"}).text
    csv = web.get("/register.csv")
    assert csv.headers["content-type"].startswith("text/csv") and case.number in csv.content.decode("utf-8-sig")


def test_the_language_switch_turns_the_pages_english(web):
    csrf = support.csrf_of(web.get("/login").text)
    response = web.post("/language", data={"csrf_token": csrf, "lang": "en", "next": "/login"})
    assert '<html lang="en">' in response.text and "Log in" in response.text


def test_the_auditor_chooses_a_moment_and_sees_the_state_then(edge, web):
    case = routed_case(edge, web)
    log_in(web, "ilang")
    first = edge.invoices.history(case.id)[0].timestamp
    page = web.get(f"/invoices/{case.id}/audit", params={"at": first.isoformat()}).text
    assert "Stand nach Ereignis 1" in page and "Zu diesem Stand lag noch kein Prüfbericht vor." in page
    assert 'href="#at"' in web.get(f"/invoices/{case.id}/audit", params={"at": "gestern"}).text


def test_an_upload_above_the_limit_gets_a_page_that_says_so(edge):
    from web.app import create_app

    edge.settings = edge.settings.but(max_upload_bytes=1000)
    web = support.client(edge, create_app(edge, verdict_wait=0))
    log_in(web, support.SUPPLIER_A)
    response = upload(web, b"<a>" + b" " * 200_000 + b"</a>")
    assert response.status_code == 413 and "Datei zu groß" in response.text and '<html lang="de">' in response.text
