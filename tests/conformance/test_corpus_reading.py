"""Every corpus file is read as the expectations say, and the model agrees with an independent XPath reading.

The XPaths here are deliberately written out again instead of reusing the readers' mappings, so
that a wrong mapping in a reader cannot make its own test pass.
"""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

import pytest
from lxml import etree
from pypdf import PdfReader

from invoicing.formats.errors import ReadError
from invoicing.formats.reader import read_document
from tests.corpus import corpus_dir, expected_entries

NS = {
    "cbc": "urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2",
    "cac": "urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2",
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}

UBL_XPATHS = {
    "BT-1": "/*/cbc:ID",
    "BT-2": "/*/cbc:IssueDate",
    "BT-5": "/*/cbc:DocumentCurrencyCode",
    "BT-27": "/*/cac:AccountingSupplierParty/cac:Party/cac:PartyLegalEntity/cbc:RegistrationName",
    "BT-106": "/*/cac:LegalMonetaryTotal/cbc:LineExtensionAmount",
    "BT-109": "/*/cac:LegalMonetaryTotal/cbc:TaxExclusiveAmount",
    # The TaxTotal that carries the VAT breakdown (BG-23) carries BT-110, whatever currency it claims.
    "BT-110": "(/*/cac:TaxTotal[cac:TaxSubtotal] | /*/cac:TaxTotal[cbc:TaxAmount/@currencyID = /*/cbc:DocumentCurrencyCode])[1]/cbc:TaxAmount",
    "BT-112": "/*/cac:LegalMonetaryTotal/cbc:TaxInclusiveAmount",
    "BT-115": "/*/cac:LegalMonetaryTotal/cbc:PayableAmount",
    "lines": "//cac:InvoiceLine | //cac:CreditNoteLine | //cac:SubInvoiceLine",
}

_SUMMATION = "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
CII_XPATHS = {
    "BT-1": "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID",
    "BT-2": "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString",
    "BT-5": "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode",
    "BT-27": "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty/ram:Name",
    "BT-106": f"{_SUMMATION}/ram:LineTotalAmount",
    "BT-109": f"{_SUMMATION}/ram:TaxBasisTotalAmount",
    "BT-110": f"{_SUMMATION}/ram:TaxTotalAmount[@currencyID = /rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement/ram:InvoiceCurrencyCode or not(@currencyID)]",
    "BT-112": f"{_SUMMATION}/ram:GrandTotalAmount",
    "BT-115": f"{_SUMMATION}/ram:DuePayableAmount",
    "lines": "/rsm:CrossIndustryInvoice/rsm:SupplyChainTradeTransaction/ram:IncludedSupplyChainTradeLineItem",
}

# What the expectations' note says about an unreadable file, and the error code that must answer it.
ERROR_CODE_FOR_NOTE = {
    "no embedded invoice": {"no-embedded-invoice", "broken-pdf"},
    "not a readable PDF": {"broken-pdf"},
    "ZUGFeRD 1.0": {"unsupported-syntax"},
}

ENTRIES = expected_entries()
READABLE = [entry for entry in ENTRIES if entry["syntax"]]
UNREADABLE = [entry for entry in ENTRIES if not entry["syntax"]]


def _independent_values(xml: bytes, syntax: str) -> dict:
    tree = etree.fromstring(xml, etree.XMLParser(resolve_entities=False, no_network=True)).getroottree()
    paths = UBL_XPATHS if syntax == "UBL" else CII_XPATHS
    values = {}
    for term, path in paths.items():
        found = tree.xpath(path, namespaces=NS)
        values[term] = len(found) if term == "lines" else ((found[0].text or "").strip() or None if found else None)
    return values


def _source_xml(path, entry) -> bytes:
    if path.suffix.lower() != ".pdf":
        return path.read_bytes()
    attachments = {name.lower(): contents[0] for name, contents in PdfReader(path).attachments.items()}
    return next(attachments[name] for name in ("factur-x.xml", "xrechnung.xml", "zugferd-invoice.xml") if name in attachments)


def _count_lines(lines) -> int:
    return sum(1 + _count_lines(line.sub_lines) for line in lines)


def _as_date(text: str | None):
    if text is None:
        return None
    return date.fromisoformat(text) if "-" in text else date(int(text[:4]), int(text[4:6]), int(text[6:8]))


@pytest.mark.parametrize("entry", READABLE, ids=[entry["path"] for entry in READABLE])
def test_a_file_with_a_syntax_is_read_and_agrees_with_an_independent_xpath_reading(entry):
    path = corpus_dir() / entry["path"]
    result = read_document(path.read_bytes())
    assert result.recognition.syntax == entry["syntax"]
    invoice, totals = result.invoice, result.invoice.totals
    source = _independent_values(_source_xml(path, entry), entry["syntax"])
    as_decimal = lambda text: None if text is None else Decimal(text)  # noqa: E731
    assert invoice.number == source["BT-1"]
    assert invoice.issue_date == _as_date(source["BT-2"])
    assert invoice.currency_code == source["BT-5"]
    assert (invoice.seller.name if invoice.seller else None) == source["BT-27"]
    assert totals.line_net_total == as_decimal(source["BT-106"])
    assert totals.total_without_vat == as_decimal(source["BT-109"])
    assert totals.vat_total == as_decimal(source["BT-110"])
    assert totals.total_with_vat == as_decimal(source["BT-112"])
    assert totals.amount_due == as_decimal(source["BT-115"])
    assert _count_lines(invoice.lines) == source["lines"]


@pytest.mark.parametrize("entry", UNREADABLE, ids=[entry["path"] for entry in UNREADABLE])
def test_a_file_without_a_syntax_gives_the_specific_error(entry):
    with pytest.raises(ReadError) as refused:
        read_document((corpus_dir() / entry["path"]).read_bytes())
    allowed = next(codes for note, codes in ERROR_CODE_FOR_NOTE.items() if note in entry["note"])
    assert refused.value.code in allowed, refused.value.message
    assert refused.value.hint


def test_inspect_reads_the_whole_corpus_and_fails_exactly_the_unreadable_files(capsys):
    from cli.main import main

    files = [str(entry.file) for entry in ENTRIES]
    assert main(["inspect", "--json", *files]) == 1
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [record["file"] for record in records] == files
    failed = {record["file"] for record in records if "error" in record}
    assert failed == {str(entry.file) for entry in UNREADABLE}
    assert main(["inspect", *files[:40]]) == 0
