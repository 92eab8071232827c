"""Lists page, sort, filter and count, on SQLite and PostgreSQL: the register, a supplier's own list, the API's
lists and the accounting views; downloads hold every row of the filtered list; nothing is cut off silently."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from invoicing.lifecycle.reading import recognise_file
from tests.web import support
from tests.web.support import log_in

START = datetime(2026, 3, 2, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def invoices(edge):
    """Seven recognised invoices from supplier A, one a minute (newest last), and one from supplier B."""
    created, sender = [], edge.accounts.principal(support.SUPPLIER_A).sender
    for seed in range(7):
        content = support.valid_xml(40 + seed)
        receipt = edge.invoices.receive_submission(content, channel="api", sender=sender,
                                                   filename=f"r{seed}.xml", received_at=START + timedelta(minutes=seed))
        edge.invoices.record_recognition(receipt.case_id, recognise_file(content))
        created.append(edge.invoices.get_case(receipt.case_id))
    other = edge.invoices.receive_submission(support.valid_xml(60), channel="api",
                                             sender=edge.accounts.principal(support.SUPPLIER_B).sender,
                                             filename="b.xml", received_at=START + timedelta(hours=1))
    return created, other.case_id


def ids_in(html: str) -> list[str]:
    return re.findall(r'<td><a href="/invoices/([0-9a-f-]{36})">', html)


def follow(web, url: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', web.get(url).text)
    return found.group(1).replace("&amp;", "&") if found else None


def test_the_register_pages_through_every_invoice_once_both_ways_and_says_where_it_is(edge, invoices):
    created, other = invoices
    newest_first = [str(other)] + [str(case.id) for case in reversed(created)]
    web = support.client(edge)
    log_in(web, "ilang")
    url, pages, seen = "/register?size=3", [], []
    while url:
        html = web.get(url).text
        pages.append(url)
        seen += ids_in(html)
        url = follow(web, url, "next")
    assert seen == newest_first and len(pages) == 3
    assert "Rechnungen 1–3 von 8" in web.get(pages[0]).text and "Rechnungen 7–8 von 8" in web.get(pages[2]).text
    back = follow(web, pages[2], "prev")
    assert ids_in(web.get(back).text) == newest_first[3:6] and "Rechnungen 4–6 von 8" in web.get(back).text


def test_the_register_sorts_by_a_column_either_way_and_marks_it(edge, invoices):
    created, _ = invoices
    web = support.client(edge)
    log_in(web, "ilang")
    numbers = sorted(case.number for case in created)
    ascending = web.get("/register", params={"sort": "number", "dir": "asc", "status": "recognised"}).text
    assert [number for number in re.findall(r'">([^<]+)</a></td>\s*<td>', ascending) if number in numbers] == numbers
    assert 'aria-sort="ascending"' in ascending
    descending = web.get("/register", params={"sort": "number", "dir": "desc", "status": "recognised"}).text
    assert [n for n in re.findall(r'">([^<]+)</a></td>\s*<td>', descending) if n in numbers] == numbers[::-1]


def test_a_download_holds_every_row_of_the_filtered_list_whatever_the_page_size(edge, invoices):
    web = support.client(edge)
    log_in(web, "ilang")
    lines = web.get("/register.csv", params={"status": "recognised", "size": 2}).content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 7 and lines[0].startswith("received_at;number;supplier")
    api = web.get("/api/views/register", params={"status": "recognised", "format": "csv"})
    assert api.headers["content-type"].startswith("text/csv") and len(api.content.decode("utf-8-sig").splitlines()) == 8


def test_the_api_answers_pages_with_totals_and_cursors(edge, invoices):
    created, other = invoices
    web = support.client(edge)
    log_in(web, "ilang")
    first = web.get("/api/views/register", params={"limit": 5}).json()
    assert (first["count"], first["total"], first["total_exact"], first["previous"]) == (5, 8, True, None)
    rest = web.get("/api/views/register", params={"limit": 5, "cursor": first["next"]}).json()
    assert rest["count"] == 3 and rest["next"] is None and rest["previous"]
    assert {item["case_id"] for item in first["items"] + rest["items"]} == {str(other), *(str(c.id) for c in created)}
    refused = web.get("/api/views/register", params={"cursor": "not-a-cursor"})
    assert refused.status_code == 422 and refused.json()["code"] == "bad-cursor"
    assert web.get("/register", params={"cursor": "not-a-cursor"}, follow_redirects=False).status_code == 303


def test_a_supplier_pages_through_their_own_invoices_only(edge, invoices):
    created, other = invoices
    web = support.client(edge)
    log_in(web, support.SUPPLIER_A)
    page = web.get("/api/invoices", params={"limit": 4}).json()
    assert (page["count"], page["total"]) == (4, 7)
    following = web.get("/api/invoices", params={"limit": 4, "cursor": page["next"]}).json()
    assert {item["case_id"] for item in page["items"] + following["items"]} == {str(case.id) for case in created}
    html = web.get("/supplier", params={"size": 10}).text
    assert "Rechnungen 1–7 von 7" in html and str(other) not in html


def test_each_view_pages_its_list_and_offers_its_download(edge, invoices):
    from web.views import SHOWN

    web = support.client(edge)
    log_in(web, "hbraun")
    for name in SHOWN:
        response = web.get("/views", params={"view": name})
        assert response.status_code == 200, name
        listing = edge.read.model(name).lists[0].name
        assert f'/views/{name}/{listing}.csv' in response.text, name
        assert web.get(f"/views/{name}/{listing}.csv").status_code == 200
        body = web.get(f"/api/views/{name}").json()
        assert {"reports", "items", "total", "next", "lists"} <= body.keys(), name
    assert web.get("/api/views/rejections", params={"list": "nonsense"}).status_code == 404
    archive = web.get("/views/rejections.zip")
    assert archive.headers["content-type"] == "application/zip" and archive.content[:2] == b"PK"
