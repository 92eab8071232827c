"""The model is the glossary: every EN 16931 business term and group is declared exactly where expected."""

import pytest
from pydantic import ValidationError

from invoicing.model import Invoice, glossary, term_name


def test_every_en16931_business_term_is_declared():
    declared = {entry.term_id for entry in glossary()}
    expected = {f"BT-{number}" for number in range(1, 166) if number != 4}  # BT-4 does not exist in EN 16931-1
    assert expected - declared == set()


def test_every_en16931_group_is_declared():
    declared = {entry.term_id for entry in glossary()}
    assert {f"BG-{number}" for number in range(1, 33) if number != 0} - declared == set()


def test_xrechnung_extension_groups_are_declared():
    declared = {entry.term_id for entry in glossary()}
    assert {"BG-DEX-01", "BG-DEX-09", "BT-DEX-001", "BT-DEX-002", "BT-DEX-003"} <= declared


def test_a_term_is_found_by_id_with_its_name_and_path():
    entry = next(entry for entry in glossary() if entry.term_id == "BT-10")
    assert (entry.name, entry.path) == ("Buyer reference", "buyer_reference")
    assert term_name("BT-37") == "Seller city"
    assert next(e.path for e in glossary() if e.term_id == "BT-152") == "lines.vat.rate"


def test_the_model_is_immutable():
    invoice = Invoice(number="R-1")
    with pytest.raises(ValidationError):
        invoice.number = "R-2"


def test_the_model_survives_json_including_attachments():
    from invoicing.model import BinaryObject, SupportingDocument

    invoice = Invoice(number="R-1", supporting_documents=(SupportingDocument(
        reference="A1", attachment=BinaryObject(content=b"\xc4\x00binary", mime_code="application/pdf", filename="a.pdf")),))
    assert Invoice.model_validate_json(invoice.model_dump_json()) == invoice
