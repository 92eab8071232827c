"""The invoice page shows every business term the reader filled, for every readable corpus file.

Derived from the model's glossary: for each file, every filled leaf term (`web.invoice_detail.filled_terms`,
lines and nested groups included) must appear on the rendered page in an element marked with its term
id, with its value — numbers with the precision the file has (compared as numbers, so 0.0994 shown as
"0,10" fails), dates as the page's date, texts and codes as written.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timezone
from decimal import Decimal, InvalidOperation
from functools import partial

import pytest
from lxml import html

from invoicing.formats.errors import ReadError
from invoicing.formats.reader import read_document
from invoicing.model import BinaryObject, Identifier, glossary
from invoicing.model.glossary_de import NAMES_DE
from tests.corpus import CORPUS, expected_entries
from web import i18n
from web.invoice_detail import filled_terms
from web.invoice_view import address, invoice_view
from web.rendering import templates

_NUMBER = re.compile(r"-?\d{1,3}(?:\.\d{3})*(?:,\d+)?|-?\d+(?:,\d+)?")


def _files():
    paths = sorted({entry.path for entry in expected_entries()})
    pdfs = sorted(str(path.relative_to(CORPUS)) for path in (CORPUS / "pdf").rglob("*.pdf"))
    return paths + pdfs


class _Case:
    id = "00000000-0000-0000-0000-000000000000"


def _page(content: bytes) -> html.HtmlElement | None:
    view = invoice_view(content, datetime(2026, 1, 1, tzinfo=timezone.utc))
    if view is None:
        return None
    rendered = templates.env.get_template("_invoice_body.html").render(
        view=view, lang="de", t=partial(i18n.text, lang="de"), case=_Case, address=address, today=date(2026, 6, 1))
    return html.fromstring(rendered)


def _numbers(text: str) -> set[Decimal]:
    found = set()
    for match in _NUMBER.findall(text):
        try:
            found.add(Decimal(match.replace(".", "").replace(",", ".")))
        except InvalidOperation:
            continue
    return found


def _shown(value, texts: list[str]) -> bool:
    joined = " ".join(" ".join(text.split()) for text in texts)
    if isinstance(value, bool):
        return True
    if isinstance(value, Decimal):
        return any(value in _numbers(text) for text in texts)
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}" in joined
    if isinstance(value, Identifier):
        return " ".join(value.value.split()) in joined
    if isinstance(value, BinaryObject):
        return value.filename in joined
    return " ".join(str(value).split()) in joined


def test_every_term_of_the_model_has_a_german_name():
    assert {entry.term_id for entry in glossary()} <= set(NAMES_DE)


@pytest.mark.parametrize("path", _files())
def test_every_filled_term_appears_on_the_invoice_page(path):
    content = (CORPUS / path).read_bytes()
    try:
        invoice = read_document(content).invoice
    except ReadError:  # not readable as an invoice: the page shows no invoice body (and says so)
        assert _page(content) is None
        return
    page = _page(content)
    assert page is not None
    shown: dict[str, list[str]] = {}
    for element in page.xpath("//*[@data-term]"):
        shown.setdefault(element.get("data-term"), []).append(element.text_content())
    missing = [(term, value) for term, value in filled_terms(invoice) if not _shown(value, shown.get(term, []))]
    assert not missing, f"{path}: not on the page: {missing[:8]}"


def test_a_unit_price_keeps_its_precision():
    from invoicing.formats.ubl_writer import write_ubl
    from invoicing.generator import generate_invoice

    invoice = generate_invoice(3)
    line = invoice.lines[0]
    priced = line.model_copy(update={"price": line.price.model_copy(update={"net_price": Decimal("0.0994")})})
    page = _page(write_ubl(invoice.model_copy(update={"lines": (priced, *invoice.lines[1:])})))
    cells = [row.xpath("td")[3].text_content() for row in page.xpath("//table[@aria-labelledby='lines-title']/tbody/tr")]
    assert "0,0994" in cells[0]
