"""Schema checks use the schemas the official configuration names, shipped unchanged."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest
from lxml import etree

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from tests.official import reference_directory
from validators import xsd
from validators.xsd import CII_D16B, SCHEMAS, UBL_CREDIT_NOTE, UBL_INVOICE, schema_errors, schema_name


def test_a_generated_invoice_is_valid_against_its_schema():
    assert schema_errors(etree.fromstring(write_ubl(generate_invoice(1))), UBL_INVOICE) == []
    assert schema_errors(etree.fromstring(write_cii(generate_invoice(1))), CII_D16B) == []
    assert schema_errors(etree.fromstring(write_ubl(generate_invoice(2, kind="credit_note"))), UBL_CREDIT_NOTE) == []


def test_a_schema_error_names_the_line():
    tree = etree.fromstring(write_ubl(generate_invoice(1)))
    issue_date = next(tree.iter("{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}IssueDate"))
    issue_date.text = "gestern"
    errors = schema_errors(tree, UBL_INVOICE)
    assert errors and errors[0].line == issue_date.sourceline and "IssueDate" in errors[0].message


@pytest.mark.parametrize("padded", [" 2024-01-01 ", "\n\t2024-01-01\n", "2024-01-01\r\n"])
def test_a_date_with_spaces_or_line_ends_around_it_is_valid_as_the_schema_collapses_them(padded):
    # XSD 1.0 Part 2, 3.2.9: xs:date has whiteSpace fixed to collapse (libxml2 2.14 alone rejects this)
    tree = etree.fromstring(write_ubl(generate_invoice(1)))
    issue_date = next(tree.iter("{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}IssueDate"))
    issue_date.text = padded
    before = etree.tostring(tree)
    assert schema_errors(tree, UBL_INVOICE) == []
    assert etree.tostring(tree) == before  # the document is left as it was


def test_a_padded_date_that_is_no_date_stays_an_error_and_a_comment_inside_one_is_kept():
    tree = etree.fromstring(write_ubl(generate_invoice(1)))
    issue_date = next(tree.iter("{urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2}IssueDate"))
    issue_date.text = " 2024-13-01 "
    errors = schema_errors(tree, UBL_INVOICE)
    assert len(errors) == 1 and "'2024-13-01' is not a valid value" in errors[0].message
    issue_date.text = " 2024-"
    issue_date.append(etree.Comment("month and day follow"))
    issue_date[0].tail = "01-31\n"
    before = etree.tostring(tree)
    assert schema_errors(tree, UBL_INVOICE) == []
    assert etree.tostring(tree) == before


def test_an_element_d16b_allows_and_factur_x_extended_does_not_is_valid():
    # ram:Name of the payee's financial institution exists in the uncoupled D16B schema only
    tree = etree.fromstring(write_cii(generate_invoice(1)))
    ram = "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
    institution = next(tree.iter(f"{{{ram}}}PayeeSpecifiedCreditorFinancialInstitution"), None)
    if institution is None:
        institution = etree.Element(f"{{{ram}}}PayeeSpecifiedCreditorFinancialInstitution")
        next(tree.iter(f"{{{ram}}}PayeePartyCreditorFinancialAccount")).addnext(institution)
        etree.SubElement(institution, f"{{{ram}}}BICID").text = "COBADEFFXXX"
    etree.SubElement(institution, f"{{{ram}}}Name").text = "Commerzbank"
    assert schema_errors(tree, CII_D16B) == []


def test_an_unknown_location_is_refused():
    with pytest.raises(ValueError, match="No schema shipped"):
        schema_errors(etree.fromstring(b"<x/>"), "resources/other.xsd")
    assert schema_name(UBL_INVOICE) == "UBL-Invoice-2.1.xsd"


@pytest.mark.parametrize("location", list(SCHEMAS))
def test_every_shipped_schema_is_byte_identical_to_the_official_configuration(location):
    package, path = SCHEMAS[location]
    shipped = resources.files(package).joinpath(path)
    official = reference_directory() / location
    folder_shipped, folder_official = shipped.parent, official.parent
    names = {entry.name for entry in folder_official.iterdir() if entry.suffix == ".xsd"}
    assert names
    for name in names:
        assert _sha256(folder_shipped.joinpath(name).read_bytes()) == _sha256((folder_official / name).read_bytes()), name
    if location.startswith("resources/ubl"):
        common = reference_directory() / "resources/ubl/2.1/xsd/common"
        for entry in common.iterdir():
            copy = shipped.parent.parent.joinpath("common", entry.name)
            assert _sha256(copy.read_bytes()) == _sha256(entry.read_bytes()), entry.name


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_the_readme_of_the_shipped_cii_schema_lists_each_file_with_its_hash():
    folder = resources.files("validators").joinpath("schemas/cii-d16b")
    readme = folder.joinpath("README.md").read_text(encoding="utf-8")
    for entry in folder.iterdir():
        if entry.name.endswith(".xsd"):
            assert f"| {entry.name} | {_sha256(entry.read_bytes())} |" in readme


def test_warm_up_compiles_every_schema():
    xsd.warm_up()
