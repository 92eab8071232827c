"""German pages are German: every page a person sees, in every state that matters, is scanned for English.

The visible text (without the language switch, which is marked `lang="en"`, and without data that is the
same in both languages: codes, hashes, ids, file names, logins) must contain none of the English words
that never occur in German text. The English pages get the same scan for German words.
"""

from __future__ import annotations

import re
from uuid import UUID

import pytest
from lxml import html

from invoicing.config import Settings
from tests.web import support
from tests.web.support import log_in

ENGLISH = {"the", "and", "of", "is", "with", "not", "for", "this", "that", "your", "please", "invoice",
           "invoices", "accepted", "rejected", "step", "steps", "open", "received", "from", "to", "by", "on",
           "are", "be", "has", "have", "no", "none", "yes", "all", "amount", "due", "supplier", "clerk",
           "certified", "approved", "returned", "upload", "show", "back", "search", "filter", "view",
           "views", "chart", "figures", "cash", "discount", "deadline", "reason", "question", "answer", "which",
           "there", "nothing", "here", "what", "when", "who", "it", "its", "or", "at", "as", "if", "can"}
"""English words that a German text never needs (German homographs like "an", "was", "Status" are left out)."""
GERMAN = {"der", "die", "das", "und", "ist", "nicht", "für", "mit", "rechnung", "bitte", "sie", "ihre", "wird",
          "eingegangen", "abgelehnt", "angenommen", "schritt", "offen", "zurück"}
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+")


def visible_words(page: str) -> list[str]:
    tree = html.fromstring(page)
    for element in tree.xpath('//*[@lang="en" or @lang="de"][not(self::html)] | //script | //style | '
                              '//*[contains(@class, "mono")] | //*[contains(@class, "term")] | //title'):
        element.drop_tree()
    text = tree.text_content().replace(support.SUPPLIER_A, " ").replace(support.SUPPLIER_B, " ")
    text = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|[0-9a-f]{64}|\S+@\S+|\S+\.(xml|pdf|csv)\b|BT-\d+|BG-\d+", " ", text)
    return [word.lower() for word in _WORD.findall(text)]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    edge = support.make_edge(Settings(persistence="sqlite", data_dir=tmp_path_factory.mktemp("lang") / "data"))
    web = support.client(edge)
    log_in(web, support.SUPPLIER_A)
    ids = {}
    for name, content in (("valid", support.valid_xml(61)), ("invalid", support.invalid_xml(62)),
                          ("unreadable", b"\x89PNG\r\n\x1a\n" + bytes(40)), ("pdf", support.valid_pdf(63))):
        csrf = support.csrf_of(web.get("/supplier").text)
        response = web.post("/supplier/upload", data={"csrf_token": csrf},
                            files={"file": (f"{name}.xml", content, "application/xml")}, follow_redirects=False)
        if response.status_code == 303:
            ids[name] = UUID(re.search(r"/invoices/([0-9a-f-]{36})", response.headers["location"]).group(1))
            support.process(edge, ids[name])
    clerk = edge.policy.members(edge.policy.clearing)[0].login
    edge.invoices.request_clarification(ids["valid"], by=support.actor_for(edge, ids["valid"]),
                                        question="Liegt ein Lieferschein vor?", addressed_to="supplier")
    # what people write (reasons, questions) is shown as written; these avoid the scanned words on purpose
    edge.invoices.return_to_supplier(ids["pdf"], by=clerk, reason="Bestellnummer fehlt.")
    yield edge, web, ids
    edge.close()


def pages_of(ids, role):
    if role == "supplier":
        return ["/supplier", *(f"/invoices/{case_id}" for case_id in ids.values())]
    return ["/inbox", "/register", "/views", "/charts", "/absences", "/account",
            *(f"/invoices/{case_id}" for case_id in ids.values())]


@pytest.mark.parametrize("role, login", [("supplier", support.SUPPLIER_A), ("clerk", "dyilmaz")])
def test_german_pages_have_no_english_words(site, role, login):
    edge, web, ids = site
    support.ensure_account(edge, login)
    log_in(web, login)
    found = {}
    for path in pages_of(ids, role):
        response = web.get(path)
        assert response.status_code == 200, path
        english = sorted(set(visible_words(response.text)) & ENGLISH)
        if english:
            found[path] = english
    assert not found, f"English words on German pages: {found}"


def test_english_pages_have_no_german_words(site):
    edge, web, ids = site
    csrf = log_in(web, support.SUPPLIER_A)
    web.post("/language", data={"csrf_token": csrf, "lang": "en", "next": "/supplier"})
    found = {}
    for path in pages_of(ids, "supplier"):
        german = sorted(set(visible_words(web.get(path).text)) & GERMAN)
        if german:
            found[path] = german
    assert not found, f"German words on English pages: {found}"
