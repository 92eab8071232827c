"""Hostile input files, generated: deep, wide, long names, many attributes and namespaces, entity tricks,
PDF bombs, nested attachments, and real invoices made huge. Each is bytes plus what must happen to it.

Sizes are chosen so that every file is between a few hundred kilobytes and the upload limit (20 MiB):
large enough that anything worse than linear shows, small enough for CI on two cores.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from email.message import EmailMessage

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from invoicing.formats.cii_writer import write_cii
from invoicing.formats.pdf_writer import embed_invoice_xml
from invoicing.formats.ubl_writer import write_ubl
from invoicing.generator import generate_invoice

MB = 1024 * 1024


@dataclass(frozen=True)
class Hostile:
    """One hostile file: its name, bytes and whether it may be accepted at all (most must be refused)."""

    name: str
    content: bytes
    may_be_accepted: bool = False
    readable: bool = False

    @property
    def megabytes(self) -> float:
        return len(self.content) / MB


def _invoice() -> bytes:
    return write_ubl(generate_invoice(31, kind="standard"))


def deep_with_many_leaves() -> bytes:
    """The reproduction of the quadratic depth check: `<Invoice>` + 198 nested elements + many empty leaves."""
    return b"<Invoice>" + b"<a>" * 198 + b"<b/>" * 500_000 + b"</a>" * 198 + b"</Invoice>"


def too_deep() -> bytes:
    return b"<Invoice>" + b"<a>" * 100_000 + b"</a>" * 100_000 + b"</Invoice>"


def wide() -> bytes:
    return b"<Invoice>" + b"<a/>" * 1_000_000 + b"</Invoice>"


def long_names() -> bytes:
    name = b"n" * 49_000  # just under libxml2's name limit: the longest names that still parse
    return b"<Invoice>" + (b"<" + name + b"/>") * 80 + b"</Invoice>"


def too_long_name() -> bytes:
    return b"<Invoice><" + b"n" * 2_000_000 + b"/></Invoice>"


def many_attributes() -> bytes:
    return b"<Invoice " + b" ".join(b'a%d="x"' % index for index in range(200_000)) + b"/>"


def many_namespaces() -> bytes:
    declarations = b" ".join(b'xmlns:p%d="urn:x:%d"' % (index, index) for index in range(60_000))
    return b"<Invoice " + declarations + b">" + b"".join(b"<p%d:a/>" % (index % 60_000) for index in range(60_000)) \
        + b"</Invoice>"


def namespace_redeclarations() -> bytes:
    declarations = b" ".join(b'xmlns:p%d="urn:y:%d"' % (index, index) for index in range(150))
    return b"<Invoice>" + (b"<a " + declarations + b"><p1:b/></a>") * 600 + b"</Invoice>"


def many_attributes_everywhere() -> bytes:
    attributes = b" ".join(b'a%d="%d"' % (index, index) for index in range(40))
    return b"<Invoice>" + (b"<a " + attributes + b"/>") * 8_000 + b"</Invoice>"


def long_text() -> bytes:
    return b"<Invoice><Note>" + b"x" * 9_000_000 + b"</Note></Invoice>"


def character_references() -> bytes:
    return b"<Invoice><Note>" + b"&#x41;" * 1_000_000 + b"</Note></Invoice>"


def comments_and_instructions() -> bytes:
    return b"<Invoice>" + b"<!-- c --><?pi x?>" * 150_000 + b"</Invoice>"


def billion_laughs() -> bytes:
    entities = b"".join(b'<!ENTITY l%d "%s">' % (level, b"&l%d;" % (level - 1) * 10) for level in range(1, 10))
    return b'<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY l0 "lol">' + entities + b"]><Invoice>&l9;</Invoice>"


def external_entity() -> bytes:
    return b'<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY s SYSTEM "file:///etc/passwd">]><Invoice>&s;</Invoice>'


def parameter_entities() -> bytes:
    return (b'<?xml version="1.0"?><!DOCTYPE Invoice [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x.dtd"> %p;]>'
            b"<Invoice/>")


def late_doctype() -> bytes:
    """A DOCTYPE after a long prolog of comments, where a look at the first kilobytes would miss it."""
    return b"<?xml version='1.0'?>" + b"<!-- padding -->" * 50_000 + billion_laughs()[21:]


def utf16_wide() -> bytes:
    return ("<?xml version='1.0' encoding='UTF-16'?><Invoice>" + "<a/>" * 300_000 + "</Invoice>").encode("utf-16")


def invoice_with_huge_attachment() -> bytes:
    """A valid UBL invoice with a 6 MB embedded document (BT-125): real, large, and must stay cheap."""
    xml = _invoice()
    blob = b"QUJD" * (3 * MB // 2)
    reference = (b"<cac:AdditionalDocumentReference><cbc:ID>Anlage-1</cbc:ID><cac:Attachment>"
                 b'<cbc:EmbeddedDocumentBinaryObject mimeCode="application/pdf" filename="anlage.pdf">' + blob +
                 b"</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>")
    marker = b"<cac:AccountingSupplierParty>"
    return xml.replace(marker, reference + marker, 1)


def invoice_with_many_lines() -> bytes:
    """A UBL invoice whose line is repeated 4,000 times (the totals no longer add up): linear work per line."""
    xml = _invoice()
    start, end = xml.index(b"<cac:InvoiceLine>"), xml.rindex(b"</cac:InvoiceLine>") + len(b"</cac:InvoiceLine>")
    line = xml[start:xml.index(b"</cac:InvoiceLine>") + len(b"</cac:InvoiceLine>")]
    return xml[:start] + line * 4_000 + xml[end:]


def pdf_flate_bomb() -> bytes:
    """A PDF whose factur-x.xml inflates from 200 KB to 200 MB (pypdf stops at 75 MB)."""
    packer = zlib.compressobj(9)
    chunk = b" " * MB
    compressed = packer.compress(b"<Invoice>") + b"".join(packer.compress(chunk) for _ in range(200))
    compressed += packer.compress(b"</Invoice>") + packer.flush()
    return _pdf_with_embedded(compressed, filtered=True)


def pdf_many_pages() -> bytes:
    writer = PdfWriter()
    for _ in range(20_000):
        writer.add_blank_page(width=10, height=10)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_nested_pdfs() -> bytes:
    """A PDF attached inside a PDF, 30 times over, with no invoice XML anywhere."""
    inner = pdf_bytes_with_attachment("leer.txt", b"nothing here")
    for level in range(30):
        inner = pdf_bytes_with_attachment(f"ebene-{level}.pdf", inner)
    return inner


def pdf_deep_name_tree() -> bytes:
    """An /EmbeddedFiles name tree 50,000 /Kids deep, with a cycle at the bottom."""
    writer = PdfWriter()
    writer.add_blank_page(width=10, height=10)
    bottom = DictionaryObject({NameObject("/Names"): ArrayObject()})
    node_ref = writer._add_object(bottom)
    top_ref = node_ref
    for _ in range(50_000):
        parent = DictionaryObject({NameObject("/Kids"): ArrayObject([top_ref])})
        top_ref = writer._add_object(parent)
    bottom[NameObject("/Kids")] = ArrayObject([top_ref])
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/EmbeddedFiles"): top_ref})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_hybrid_with_deep_xml() -> bytes:
    """A ZUGFeRD-shaped PDF whose embedded XML is the deep-with-many-leaves file."""
    return pdf_bytes_with_attachment("factur-x.xml", deep_with_many_leaves())


def valid_hybrid_padded() -> bytes:
    """A real ZUGFeRD invoice followed by 8 MB of page content: large, valid, must stay cheap."""
    return embed_invoice_xml(write_cii(generate_invoice(32, kind="standard")), profile="EN 16931",
                             visible_text=["Seite " + "x" * 90] * 80_000)


def pdf_bytes_with_attachment(name: str, content: bytes) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.add_attachment(name, content)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _pdf_with_embedded(stream_bytes: bytes, *, filtered: bool) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    stream = StreamObject() if filtered else DecodedStreamObject()
    stream._data = stream_bytes
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    if filtered:
        stream[NameObject("/Filter")] = NameObject("/FlateDecode")
    stream[NameObject("/Length")] = NumberObject(len(stream_bytes))
    spec = DictionaryObject({NameObject("/Type"): NameObject("/Filespec"),
                             NameObject("/F"): TextStringObject("factur-x.xml"),
                             NameObject("/UF"): TextStringObject("factur-x.xml"),
                             NameObject("/EF"): DictionaryObject({NameObject("/F"): writer._add_object(stream)})})
    names = DictionaryObject({NameObject("/Names"): ArrayObject([TextStringObject("factur-x.xml"),
                                                                   writer._add_object(spec)])})
    writer._root_object[NameObject("/Names")] = DictionaryObject({NameObject("/EmbeddedFiles"):
                                                                  writer._add_object(names)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


GENERATORS = (
    deep_with_many_leaves, too_deep, wide, long_names, too_long_name, many_attributes, many_namespaces,
    namespace_redeclarations, many_attributes_everywhere, long_text, character_references,
    comments_and_instructions, billion_laughs, external_entity, parameter_entities, late_doctype, utf16_wide,
    invoice_with_huge_attachment, invoice_with_many_lines, pdf_flate_bomb, pdf_many_pages, pdf_nested_pdfs,
    pdf_deep_name_tree, pdf_hybrid_with_deep_xml, valid_hybrid_padded,
)
MAY_BE_ACCEPTED = {"invoice_with_huge_attachment", "valid_hybrid_padded"}
READABLE = MAY_BE_ACCEPTED | {"invoice_with_many_lines"}


def hostile_files() -> list[Hostile]:
    """Every hostile file, generated afresh (deterministic)."""
    return [Hostile(make.__name__, make(), make.__name__ in MAY_BE_ACCEPTED, make.__name__ in READABLE)
            for make in GENERATORS]


def nested_mail(attachment: bytes, depth: int = 60) -> bytes:
    """A mail whose invoice sits inside `depth` forwarded mails (message/rfc822 in message/rfc822 …)."""
    inner = EmailMessage()
    inner["From"] = "lieferant@example.org"
    inner["Subject"] = "Rechnung"
    inner.set_content("Anbei.")
    inner.add_attachment(attachment, maintype="application", subtype="xml", filename="rechnung.xml")
    for level in range(depth):
        outer = EmailMessage()
        outer["From"] = "lieferant@example.org"
        outer["Subject"] = f"Fwd {level}"
        outer.set_content("Weitergeleitet.")
        outer.add_attachment(inner)
        inner = outer
    return bytes(inner)
