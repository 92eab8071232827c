"""The clerk's and the supplier's work through the ASGI app: return and correction, the supplier's answer in the
portal, duplicates compared, absences and notification choices, attachments, and one language per answer."""

from __future__ import annotations

import re
from uuid import UUID

import pytest

from invoicing.config import Settings
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from invoicing.model import BinaryObject, SupportingDocument
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


def upload(web, content: bytes, name: str = "rechnung.xml") -> UUID:
    csrf = support.csrf_of(web.get("/supplier").text)
    response = web.post("/supplier/upload", data={"csrf_token": csrf},
                        files={"file": (name, content, "application/xml")}, follow_redirects=False)
    return UUID(re.search(r"/invoices/([0-9a-f-]{36})", response.headers["location"]).group(1))


def submitted(edge, web, content: bytes) -> UUID:
    log_in(web, support.SUPPLIER_A)
    case_id = upload(web, content)
    support.process(edge, case_id)
    return case_id


def act_as(edge, web, login, case_id, action, **form):
    support.ensure_account(edge, login)
    csrf = log_in(web, login)
    return web.post(f"/invoices/{case_id}/actions/{action}", data={"csrf_token": csrf, **form}, follow_redirects=False)


def test_a_returned_invoice_shows_the_supplier_reason_and_what_to_do_and_its_correction_is_linked(edge, web):
    invoice = generate_invoice(41, kind="standard")
    case_id = submitted(edge, web, write_ubl(invoice))
    clerk = edge.policy.members(edge.policy.clearing)[0].login
    assert act_as(edge, web, clerk, case_id, "return", text="Die Bestellnummer fehlt.").status_code == 303
    log_in(web, support.SUPPLIER_A)
    page = web.get(f"/invoices/{case_id}").text
    assert "Die Bestellnummer fehlt." in page and "mit derselben Rechnungsnummer" in page
    assert "wird jetzt fachlich geprüft" not in page and "offen" not in page
    corrected = write_ubl(invoice.model_copy(update={"purchase_order_reference": "10-4711"}))
    correction = upload(web, corrected)
    support.process(edge, correction)
    case = edge.invoices.get_case(correction)
    assert case.corrects == case_id and case.status == "awaiting-approval"
    assert f'href="/invoices/{correction}"' in web.get(f"/invoices/{case_id}").text


def test_the_supplier_answers_a_question_in_the_portal(edge, web):
    case_id = submitted(edge, web, support.valid_xml(42))
    case = edge.invoices.get_case(case_id)
    asker = support.actor_for(edge, case_id)
    edge.invoices.request_clarification(case_id, by=asker, question="Liegt ein Lieferschein vor?",
                                        addressed_to="supplier")
    csrf = log_in(web, support.SUPPLIER_A)
    page = web.get(f"/invoices/{case_id}").text
    assert "Liegt ein Lieferschein vor?" in page and f'action="/invoices/{case_id}/answer"' in page
    assert web.post(f"/invoices/{case_id}/answer", data={"csrf_token": csrf, "text": " "}).status_code == 422
    response = web.post(f"/invoices/{case_id}/answer", data={"csrf_token": csrf, "text": "Ja, Nr. 17."},
                        follow_redirects=False)
    assert response.status_code == 303
    assert edge.invoices.get_case(case_id).progress.status == "pending" and case.open_step is not None
    # another supplier cannot answer
    csrf = log_in(web, support.SUPPLIER_B)
    assert web.post(f"/invoices/{case_id}/answer", data={"csrf_token": csrf, "text": "x"}).status_code == 404


def test_a_suspected_duplicate_links_to_the_earlier_invoice_and_compares_them_side_by_side(edge, web):
    invoice = generate_invoice(43, kind="standard")
    first = submitted(edge, web, write_ubl(invoice))
    second = submitted(edge, web, write_ubl(invoice.model_copy(update={"note_text": None} if False else {
        "payment_terms": (invoice.payment_terms or "") + " Zweitschrift"})))
    log_in(web, "dyilmaz")
    page = web.get(f"/invoices/{second}").text
    assert f'href="/invoices/{second}/compare/{first}"' in page
    compared = web.get(f"/invoices/{second}/compare/{first}").text
    assert compared.count("gleich") >= 5 and "verschieden" in compared  # the hash and the file differ
    # the supplier sent both: told it is a suspected duplicate of their own invoice, under review
    log_in(web, support.SUPPLIER_A)
    assert "Doppel vermutet, wird geprüft" in web.get(f"/invoices/{second}").text
    # another supplier sending the same number learns nothing of the first one's invoice
    log_in(web, support.SUPPLIER_B)
    third = upload(web, write_ubl(invoice.model_copy(update={"payment_terms": "anders"})))
    support.process(edge, third)
    assert edge.invoices.get_case(third).status == "duplicate-suspected"
    page = web.get(f"/invoices/{third}").text
    assert "Doppel vermutet" not in page and str(first) not in page


def test_an_absence_is_recorded_and_withdrawn_as_events_and_the_deputy_takes_over(edge, web):
    support.ensure_account(edge, "pneumann")
    csrf = log_in(web, "pneumann")
    page = web.get("/absences").text
    assert "Abwesenheit erfassen" in page
    assert web.post("/absences", data={"csrf_token": csrf, "person": "pneumann", "start": "", "end": "",
                                       "deputy": ""}).status_code == 422
    response = web.post("/absences", data={"csrf_token": csrf, "person": "pneumann", "start": "2020-01-01",
                                           "end": "2099-12-31", "deputy": "jalbrecht", "note": "Kur"},
                        follow_redirects=False)
    assert response.status_code == 303
    assert any(deputy.person == "pneumann" and deputy.deputy == "jalbrecht"
               for deputy in edge.invoices.policy_now().deputies)
    absence = edge.invoices.absences()[0]["absence_id"]
    # a colleague who is neither the person, the unit's lead nor an administrator may not withdraw it
    support.ensure_account(edge, "hbraun")
    csrf_other = log_in(web, "hbraun")
    assert web.post(f"/absences/{absence}/withdraw", data={"csrf_token": csrf_other}).status_code == 409
    csrf = log_in(web, "pneumann")
    assert web.post(f"/absences/{absence}/withdraw", data={"csrf_token": csrf}, follow_redirects=False).status_code == 303
    assert edge.invoices.absences() == []


def test_a_person_chooses_the_daily_digest(edge, web):
    csrf = log_in(web, "sroth")
    assert web.post("/absences/notifications", data={"csrf_token": csrf, "mode": "digest"},
                    follow_redirects=False).status_code == 303
    assert edge.invoices.notification_mode("sroth") == "digest"


def test_an_embedded_attachment_is_listed_with_type_and_size_and_downloadable(edge, web):
    invoice = generate_invoice(44, kind="standard")
    attached = SupportingDocument(reference="Anlage-1", description="Stundenzettel",
                                  attachment=BinaryObject(content=b"%PDF-1.4 Stundenzettel", mime_code="application/pdf",
                                                          filename="01_15_Anhang_01.pdf"))
    case_id = submitted(edge, web, write_ubl(invoice.model_copy(update={"supporting_documents": (attached,)})))
    log_in(web, "dyilmaz")
    page = web.get(f"/invoices/{case_id}").text
    assert "01_15_Anhang_01.pdf" in page and "application/pdf" in page
    download = web.get(f"/invoices/{case_id}/attachments/embedded/0")
    assert download.status_code == 200 and download.content == b"%PDF-1.4 Stundenzettel"
    assert web.get(f"/invoices/{case_id}/attachments/embedded/5").status_code == 404


def test_the_api_answers_in_the_language_asked_for(edge, web):
    case_id = submitted(edge, web, support.invalid_xml(45))
    german = web.get(f"/api/invoices/{case_id}", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.5"}).json()
    english = web.get(f"/api/invoices/{case_id}", headers={"Accept-Language": "en-GB,en;q=0.8"}).json()
    assert german["status_text"] == "abgelehnt" and english["status_text"] == "rejected"
    assert german["messages"][0]["message"] != english["messages"][0]["message"]
    log_in(web, "sroth")
    csrf = web.get("/api/me").json()["csrf_token"]
    refused = web.post(f"/api/invoices/{case_id}/return", json={"reason": "x"},
                       headers={"X-CSRF-Token": csrf, "Accept-Language": "de"})
    body = refused.json()
    assert refused.status_code in (403, 422) and body["message"] == body["message_de"]
    assert body.get("rule", "not-clearing").replace("-", "").isalpha() and "_" not in body.get("rule", "")


def test_sachlich_richtig_is_certified_with_the_prefilled_kontierung_split_by_amount(edge, web):
    case_id = submitted(edge, web, support.valid_xml(46))
    case = edge.invoices.get_case(case_id)
    # the seeded invoice goes to a unit whose first step is sachlich richtig (not to the clearing inbox)
    assert case.current_step in ("sachlich", "sachlich_rechnerisch"), case.current_step
    clerk = support.actor_for(edge, case_id)
    support.ensure_account(edge, clerk)
    csrf = log_in(web, clerk)
    page = web.get(f"/invoices/{case_id}").text
    assert 'name="kost1"' in page and "Kontierung" in page
    gross = case.facts.amount
    response = web.post(f"/invoices/{case_id}/actions/certify", data={
        "csrf_token": csrf, "step": case.current_step, "text": "",
        "kost1": ["1000", "1010", ""], "kost2": ["", "P-1", ""], "konto": ["4980", "4940", ""],
        "betrag": [f"{gross - 10:.2f}".replace(".", ","), "", ""]}, follow_redirects=False)
    assert response.status_code == 303, response.text[-500:]
    assert [row["cost_centre"] for row in edge.invoices.get_case(case_id).assignment] == ["1000", "1010"]


def test_the_charts_are_accessible_svgs_with_their_data_table_beside_them(edge, web):
    submitted(edge, web, support.valid_xml(47))
    submitted(edge, web, support.invalid_xml(48))
    log_in(web, "dyilmaz")
    page = web.get("/charts").text
    assert page.count('role="img"') == 4 and page.count("<desc id=") == 4
    assert page.count("<caption>Zahlen zu:") == 4
    from lxml import html

    tree = html.fromstring(page)
    volumes = tree.xpath("//section[@aria-labelledby='volumes-heading']//tbody/tr")
    assert sum(int(row.xpath("td")[0].text_content()) for row in volumes) == 2
    assert sum(int(row.xpath("td")[1].text_content()) for row in volumes) == 1
