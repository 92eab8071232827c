"""The invoice XML comes out of a hybrid PDF unchanged, and every unreadable PDF gives a ReadError."""

import io
import re

import facturx
import pytest
from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from invoicing.formats import pdf
from invoicing.formats.errors import (
    BrokenPdf,
    EmptyFile,
    EncryptedPdf,
    NoEmbeddedInvoice,
    ReadError,
    TooLarge,
)
from invoicing.formats.pdf import extract_invoice_xml, is_pdf
from invoicing.formats.pdf_writer import CONFORMANCE_LEVELS, embed_invoice_xml
from tests.corpus import CORPUS, corpus_dir, expected_entries

CII = b"""<?xml version="1.0" encoding="UTF-8"?>
<rsm:CrossIndustryInvoice xmlns:rsm="urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
 xmlns:ram="urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"
 xmlns:udt="urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100">
 <rsm:ExchangedDocument><ram:ID>RE-2025-0042</ram:ID>
  <ram:IssueDateTime><udt:DateTimeString format="102">20250314</udt:DateTimeString></ram:IssueDateTime>
 </rsm:ExchangedDocument>
 <rsm:SupplyChainTradeTransaction>
  <ram:ApplicableHeaderTradeAgreement><ram:SellerTradeParty><ram:Name>Muster &amp; Sohn GmbH</ram:Name></ram:SellerTradeParty></ram:ApplicableHeaderTradeAgreement>
  <ram:ApplicableHeaderTradeSettlement><ram:InvoiceCurrencyCode>EUR</ram:InvoiceCurrencyCode>
   <ram:SpecifiedTradeSettlementHeaderMonetarySummation><ram:DuePayableAmount>119.00</ram:DuePayableAmount></ram:SpecifiedTradeSettlementHeaderMonetarySummation>
  </ram:ApplicableHeaderTradeSettlement>
 </rsm:SupplyChainTradeTransaction>
</rsm:CrossIndustryInvoice>
"""


def written(writer: PdfWriter) -> bytes:
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with(*attachments: tuple[str, bytes], xmp: bytes | None = None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    for name, content in attachments:
        writer.add_attachment(name, content)
    if xmp is not None:
        writer.xmp_metadata = xmp
    return written(writer)


# --- writing and reading back ---------------------------------------------------------------

@pytest.mark.parametrize("level", CONFORMANCE_LEVELS)
def test_a_written_hybrid_reads_back_with_the_same_xml_and_profile(level):
    found = extract_invoice_xml(embed_invoice_xml(CII, profile=level))

    assert found.xml == CII
    assert found.xmp_profile == level
    assert (found.xmp_document_type, found.xmp_version) == ("INVOICE", "1.0")
    assert found.attachment_name == ("xrechnung.xml" if level == "XRECHNUNG" else "factur-x.xml")
    assert found.all_attachments == (found.attachment_name,)
    assert found.af_relationship == ("Data" if level in ("MINIMUM", "BASIC WL") else "Alternative")


def test_the_same_input_gives_the_same_bytes():
    assert embed_invoice_xml(CII, profile="EN16931") == embed_invoice_xml(CII, profile="en 16931")


def test_the_page_shows_a_summary_of_the_invoice_by_default():
    text = PdfReader(io.BytesIO(embed_invoice_xml(CII, profile="EN 16931"))).pages[0].extract_text()

    assert "RE-2025-0042" in text and "2025-03-14" in text and "Muster & Sohn GmbH" in text and "119.00 EUR" in text


def test_the_page_shows_given_lines_with_pdf_special_characters():
    lines = ["Müller (Bau) \\ GmbH", "Summe: 1.234,50 €"]
    text = PdfReader(io.BytesIO(embed_invoice_xml(CII, profile="BASIC", visible_text=lines))).pages[0].extract_text()

    assert text.splitlines() == lines


def test_the_factur_x_library_finds_the_written_invoice():
    name, xml = facturx.get_facturx_xml_from_pdf(embed_invoice_xml(CII, profile="EN 16931"), check_xsd=False)

    assert (name, xml) == ("factur-x.xml", CII)


def test_an_unknown_profile_or_a_non_cii_document_is_a_programming_error():
    with pytest.raises(ValueError):
        embed_invoice_xml(CII, profile="COMFORT")
    with pytest.raises(ValueError):
        embed_invoice_xml(b'<Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"/>', profile="BASIC")


# --- choosing the attachment ----------------------------------------------------------------

def test_factur_x_xml_wins_over_an_earlier_zugferd_1_attachment():
    found = extract_invoice_xml(pdf_with(("ZUGFeRD-invoice.xml", b"<old/>"), ("FACTUR-X.XML", CII)))

    assert (found.attachment_name, found.xml) == ("FACTUR-X.XML", CII)
    assert found.all_attachments == ("FACTUR-X.XML", "ZUGFeRD-invoice.xml")  # name tree order is sorted


def test_without_a_known_name_the_first_xml_attachment_is_taken():
    found = extract_invoice_xml(pdf_with(("logo.png", b"\x89PNG"), ("rechnung.xml", CII), ("zz.xml", b"<x/>")))

    assert found.attachment_name == "rechnung.xml"
    assert found.af_relationship is None and found.xmp_profile is None


def test_a_nested_name_tree_is_searched():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("factur-x.xml", CII)
    tree = writer.root_object["/Names"]["/EmbeddedFiles"].get_object()
    leaf = DictionaryObject({NameObject("/Names"): tree.pop("/Names"),
                             NameObject("/Limits"): ArrayObject([TextStringObject("factur-x.xml")] * 2)})
    tree[NameObject("/Kids")] = ArrayObject([writer._add_object(leaf)])

    assert extract_invoice_xml(written(writer)).xml == CII


def test_a_cyclic_name_tree_ends_with_no_embedded_invoice():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    node = DictionaryObject()
    reference = writer._add_object(node)
    node[NameObject("/Kids")] = ArrayObject([reference, reference])
    writer.root_object[NameObject("/Names")] = DictionaryObject({NameObject("/EmbeddedFiles"): reference})

    with pytest.raises(NoEmbeddedInvoice):
        extract_invoice_xml(written(writer))


def test_a_file_attached_to_a_page_annotation_is_found():
    writer = PdfWriter()
    page = writer.add_blank_page(200, 200)
    filespec = writer.add_attachment("factur-x.xml", CII).pdf_object.indirect_reference
    del writer.root_object["/Names"]
    annotation = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/FileAttachment"),
        NameObject("/Rect"): ArrayObject([NumberObject(v) for v in (0, 0, 10, 10)]), NameObject("/FS"): filespec})
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])

    assert extract_invoice_xml(written(writer)).attachment_name == "factur-x.xml"


def test_a_file_only_referenced_from_af_is_not_taken_and_the_message_says_why():
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    filespec = writer.add_attachment("factur-x.xml", CII).pdf_object.indirect_reference
    del writer.root_object["/Names"]
    writer.root_object[NameObject("/AF")] = ArrayObject([filespec])

    with pytest.raises(NoEmbeddedInvoice) as refused:
        extract_invoice_xml(written(writer))
    assert "factur-x.xml" in refused.value.message and "damaged" in refused.value.message


# --- XMP ------------------------------------------------------------------------------------

FX = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
RDF = 'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"'


def test_xmp_values_written_as_attributes_are_read():
    xmp = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF {RDF}><rdf:Description rdf:about="" xmlns:fx="{FX}" '
           'fx:ConformanceLevel="BASIC" fx:DocumentType="INVOICE" fx:Version="1.0"/></rdf:RDF></x:xmpmeta>')

    found = extract_invoice_xml(pdf_with(("factur-x.xml", CII), xmp=xmp.encode()))

    assert (found.xmp_profile, found.xmp_document_type, found.xmp_version) == ("BASIC", "INVOICE", "1.0")


def test_an_xmp_packet_with_bom_padding_and_junk_is_still_read():
    body = (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF {RDF}><rdf:Description xmlns:fx="{FX}">'
            '<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel></rdf:Description></rdf:RDF></x:xmpmeta>')
    packet = ("\ufeff\n  <?xpacket begin=\"\ufeff\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>" + body
              + '<?xpacket end="w"?>').encode() + b" " * 200 + b"\x00\x00"

    assert extract_invoice_xml(pdf_with(("factur-x.xml", CII), xmp=packet)).xmp_profile == "EN 16931"
    junk = b"garbage before " + body.encode() + b" and after"
    assert extract_invoice_xml(pdf_with(("factur-x.xml", CII), xmp=junk)).xmp_profile == "EN 16931"


def test_xmp_with_entities_is_ignored_not_expanded():
    xmp = (f'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><rdf:RDF {RDF}><rdf:Description '
           f'xmlns:fx="{FX}"><fx:ConformanceLevel>&e;</fx:ConformanceLevel></rdf:Description></rdf:RDF>')

    found = extract_invoice_xml(pdf_with(("factur-x.xml", CII), xmp=xmp.encode()))

    assert found.xml == CII and found.xmp_profile is None


# --- refusing what cannot be read -----------------------------------------------------------

def test_a_plain_pdf_is_not_an_e_invoice():
    with pytest.raises(NoEmbeddedInvoice) as refused:
        extract_invoice_xml(pdf_with(("logo.png", b"\x89PNG")))

    assert refused.value.message == "The PDF contains no embedded invoice XML (attachments found: logo.png)."
    assert "plain PDF is not an e-invoice" in refused.value.hint


def test_a_pdf_that_needs_a_password_is_refused():
    writer = PdfWriter(clone_from=io.BytesIO(embed_invoice_xml(CII, profile="BASIC")))
    writer.encrypt(user_password="geheim", owner_password="owner", algorithm="RC4-128")

    with pytest.raises(EncryptedPdf):
        extract_invoice_xml(written(writer))


def test_a_pdf_encrypted_with_an_empty_user_password_is_read():
    writer = PdfWriter(clone_from=io.BytesIO(embed_invoice_xml(CII, profile="BASIC")))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")

    assert extract_invoice_xml(written(writer)).xml == CII


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.9, 0.99])
def test_a_truncated_pdf_is_read_or_refused_as_broken_but_never_crashes(keep):
    whole = embed_invoice_xml(CII, profile="EN 16931")
    try:
        found = extract_invoice_xml(whole[: int(len(whole) * keep)])
    except (BrokenPdf, NoEmbeddedInvoice):
        return
    assert found.xml == CII


@pytest.mark.parametrize("data, error", [
    (b"", EmptyFile), (b" \n\t", EmptyFile), (b"PK\x03\x04 not a pdf", ReadError),
    (b"%PDF-1.7\n", BrokenPdf), (b"%PDF-1.4\n" + bytes(range(256)) * 40, BrokenPdf),
], ids=["empty", "whitespace", "zip", "header-only", "garbage-after-header"])
def test_empty_or_garbage_input_gives_a_read_error(data, error):
    with pytest.raises(error):
        extract_invoice_xml(data)


def test_a_pdf_over_the_size_limit_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(pdf, "MAX_PDF_BYTES", 1000)

    with pytest.raises(TooLarge):
        extract_invoice_xml(embed_invoice_xml(CII, profile="BASIC"))


def test_a_pdf_header_after_leading_junk_is_recognised():
    assert is_pdf(b"\r\n junk from a mail gateway %PDF-1.7 ...")
    assert not is_pdf(b"x" * 1024 + b"%PDF-1.7")
    assert not is_pdf(b"<?xml version='1.0'?><Invoice/>")


# --- the corpus -----------------------------------------------------------------------------

def corpus_pdf_cases() -> list:
    # parametrised at collection time, so look before asking: corpus_dir() skips or fails inside a test
    if not (CORPUS / "expected.jsonl").is_file():
        return [pytest.param(None, id="corpus-absent")]
    return [pytest.param(entry, id=entry.path) for entry in expected_entries() if entry.path.startswith("pdf/")]


@pytest.mark.parametrize("case", corpus_pdf_cases())
def test_each_corpus_pdf_gives_the_expected_attachment_or_error(case):
    data = (corpus_dir() / case.path).read_bytes()
    note = case.note
    named = re.search(r"embedded (\S+\.xml)", note)

    if case.syntax is not None or "ZUGFeRD 1.0" in note:
        found = extract_invoice_xml(data)
        assert found.attachment_name == named.group(1)
        others = re.search(r"other attachments: ([^)]*)\)", note)
        assert set(found.all_attachments) - {found.attachment_name} == set(others.group(1).split(", ") if others else ())
        # ZUGFeRD 1.0 is handed on as found; refusing it is the recognition step's job
        expected_root = {"CII": "CrossIndustryInvoice", "UBL": "Invoice", None: "CrossIndustryDocument"}[case.syntax]
        assert etree.QName(etree.fromstring(found.xml)).localname == expected_root
    elif note == "not a readable PDF":
        with pytest.raises(BrokenPdf):
            extract_invoice_xml(data)
    else:
        assert note == "no embedded invoice"
        with pytest.raises(NoEmbeddedInvoice):
            extract_invoice_xml(data)
