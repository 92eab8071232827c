"""What the KoSIT runner tests share: the reference configuration and documents made for a scenario.

The reference configuration is `../shared/official/kosit-xrechnung` (read in place, never copied
into the project); without it the tests skip, under CI they fail. Documents come from the
project's invoice generator, with BT-24 (the specification identifier the scenarios match on)
set to the identifier a test needs.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice
from invoicing.model import ProcessControl
from tests.official import OFFICIAL, REFERENCE, reference, reference_directory, runner  # noqa: F401

XRECHNUNG = "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0"
EXTENSION = XRECHNUNG + "#conformant#urn:xeinkauf.de:kosit:extension:xrechnung_3.0"
CVD = XRECHNUNG + "#compliant#urn:xeinkauf.de:kosit:xrechnung:cvd_0.9"
EN16931 = "urn:cen.eu:en16931:2017"
PEPPOL_BIS = "urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0"
XRECHNUNG_2_3 = "urn:cen.eu:en16931:2017#compliant#urn:xoev-de:kosit:standard:xrechnung_2.3"

UBL_INVOICE, UBL_CREDIT_NOTE, CII = "UBL Invoice", "UBL CreditNote", "CII"


def document(kind: str, specification: str | None, *, seed: int = 3) -> bytes:
    """A generated, valid invoice as `kind` (UBL Invoice, UBL CreditNote or CII) declaring `specification` as BT-24."""
    invoice = generate_invoice(seed, kind="credit_note" if kind == UBL_CREDIT_NOTE else "standard")
    control = invoice.process_control or ProcessControl()
    invoice = invoice.model_copy(update={"process_control": control.model_copy(
        update={"specification_identifier": specification or XRECHNUNG})})
    xml = write_cii(invoice) if kind == CII else write_ubl(invoice)
    return xml if specification is not None else _without_specification(xml)


def edited(xml: bytes, path: str, text: str, namespaces: dict[str, str]) -> bytes:
    """`xml` with the text of every element at XPath `path` replaced by `text`."""
    root = etree.fromstring(xml)
    found = root.xpath(path, namespaces=namespaces)
    assert found, f"{path} is not in the document"
    for element in found:
        element.text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


def copy_with(tmp_path: Path, old: str, new: str) -> Path:
    """The reference configuration in `tmp_path`, its scenarios.xml with `old` replaced by `new`.

    `old` and `new` may hold several replacements separated by "|".
    """
    text = (reference_directory() / "scenarios.xml").read_text(encoding="utf-8")
    for before, after in zip(old.split("|"), new.split("|"), strict=True):
        assert before in text
        text = text.replace(before, after, 1)
    (tmp_path / "resources").symlink_to(reference_directory() / "resources")
    (tmp_path / "scenarios.xml").write_text(text, encoding="utf-8")
    return tmp_path


def _without_specification(xml: bytes) -> bytes:
    root = etree.fromstring(xml)
    for element in root.xpath("//*[local-name()='CustomizationID' or "
                              "(local-name()='ID' and parent::*[local-name()='GuidelineSpecifiedDocumentContextParameter'])]"):
        element.getparent().remove(element)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
