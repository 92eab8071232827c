"""UBL → model → CII → model keeps every EN 16931 term: the model really is syntax-neutral.

Two things are outside that promise and are checked separately: the XRechnung extension's
third-party payments (BG-DEX-09), which have no CII binding, and documents that repeat a term
EN 16931 allows once (e.g. different BT-83 per UBL PaymentMeans). For those, writing CII must
refuse loudly (`NotExpressibleInCii`) instead of dropping data.
"""

from __future__ import annotations

import pytest

from invoicing.formats import safe_xml
from invoicing.formats.cii_reader import read_cii
from invoicing.formats.cii_writer import NotExpressibleInCii, inexpressible, write_cii
from invoicing.formats.reader import read_document
from invoicing.model import Invoice
from tests.corpus import corpus_dir, expected_entries

UBL_FILES = [entry for entry in expected_entries() if entry.syntax == "UBL" and entry.path.lower().endswith(".xml")]


def en16931_terms(invoice: Invoice) -> Invoice:
    """The invoice without extension-only groups, with BT-29 in a canonical order.

    CII's schema puts every `ram:ID` before every `ram:GlobalID`, so the order of seller
    identifiers cannot survive; EN 16931 gives that order no meaning.
    """
    seller = invoice.seller
    if seller is not None:
        ordered = tuple(sorted(seller.identifiers, key=lambda identifier: (identifier.scheme_id or "", identifier.value)))
        seller = seller.model_copy(update={"identifiers": ordered})
    return invoice.model_copy(update={"third_party_payments": (), "seller": seller})


@pytest.mark.parametrize("entry", UBL_FILES, ids=[entry.path for entry in UBL_FILES])
def test_ubl_to_cii_keeps_every_en16931_term(entry):
    from_ubl = en16931_terms(read_document(entry.file.read_bytes()).invoice)
    if inexpressible(from_ubl):
        with pytest.raises(NotExpressibleInCii):
            write_cii(from_ubl)
        return
    from_cii, source = read_cii(safe_xml.parse(write_cii(from_ubl)))
    assert en16931_terms(from_cii) == from_ubl
    assert source.unmapped() == ()


def test_third_party_payments_are_refused_by_the_cii_writer_not_dropped():
    extension = corpus_dir() / "valid/xrechnung-testsuite/business-cases/extension/05.01a-INVOICE_ubl.xml"
    invoice = read_document(extension.read_bytes()).invoice
    assert invoice.third_party_payments
    with pytest.raises(NotExpressibleInCii, match="BG-DEX-09"):
        write_cii(invoice)
