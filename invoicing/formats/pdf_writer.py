"""Writing a ZUGFeRD / Factur-X hybrid: readable pages of text with the CII invoice XML embedded.

The structure follows Factur-X 1.07 / ZUGFeRD 2.3: the XML is an embedded file named
`factur-x.xml` (`xrechnung.xml` for the XRECHNUNG profile), listed in the /EmbeddedFiles name
tree and in the catalog's /AF array with an /AFRelationship, and the XMP metadata carries the
Factur-X extension schema with the conformance level.

Written with pypdf directly rather than through drafthorse or factur-x: both stamp the current
time into the file (so equal input would give different bytes), and neither can name the
attachment `xrechnung.xml`. Output is deterministic: no dates are written and the file
identifier is a hash of the content.

"PDF/A-3 style", not verified PDF/A-3: Helvetica is not embedded and there is no OutputIntent.
"""

from __future__ import annotations

import hashlib
import io
from xml.sax.saxutils import escape

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from invoicing.formats import safe_xml

CONFORMANCE_LEVELS = ("MINIMUM", "BASIC WL", "BASIC", "EN 16931", "EXTENDED", "XRECHNUNG")
"""Values of fx:ConformanceLevel, as the Factur-X XMP schema spells them."""

_FX_NAMESPACE = "urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"
_CII_NAMESPACE = "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100"
_A4 = (595.28, 841.89)
_MARGIN, _FONT_SIZE, _LEADING = 56, 10, 14
_LINES_PER_PAGE = int((_A4[1] - 2 * _MARGIN) // _LEADING)
_CHARS_PER_LINE = 95  # Helvetica 10 pt averages ~5 pt per glyph on a 483 pt wide text area


def embed_invoice_xml(xml: bytes, *, profile: str, visible_text: list[str] | None = None) -> bytes:
    """Return a PDF showing `visible_text` (default: a summary read from the XML) with `xml` embedded.

    `profile` is a Factur-X conformance level in any common spelling ("EN16931", "basic-wl", ...).
    The same arguments always give the same bytes. Raises `ValueError` for an unknown profile or
    XML whose root is not a CII `CrossIndustryInvoice` (a `ReadError` if it is not XML at all).
    """
    level = conformance_level(profile)
    root = safe_xml.parse(xml).getroot()
    if root.tag != f"{{{_CII_NAMESPACE}}}CrossIndustryInvoice":
        raise ValueError(f"Only CII CrossIndustryInvoice can be embedded, not {root.tag!s}.")
    lines = list(visible_text) if visible_text is not None else _summary(root)
    file_name = "xrechnung.xml" if level == "XRECHNUNG" else "factur-x.xml"

    writer = PdfWriter()
    writer.pdf_header = "%PDF-1.7"  # PDF/A-3 is based on PDF 1.7
    _add_pages(writer, lines)
    attachment = writer.add_attachment(file_name, xml)
    attachment.subtype = NameObject("/text/xml")
    attachment.size = NumberObject(len(xml))
    attachment.checksum = ByteStringObject(hashlib.md5(xml).digest())  # PDF's own checksum is MD5
    attachment.description = TextStringObject(f"Invoice in UN/CEFACT CII, Factur-X profile {level}")
    attachment.alternative_name = TextStringObject(file_name)
    # Factur-X: MINIMUM and BASIC WL do not hold a full invoice, so the XML is only "Data" then
    relationship = "/Data" if level in ("MINIMUM", "BASIC WL") else "/Alternative"
    attachment.associated_file_relationship = NameObject(relationship)

    title = lines[0] if lines else "Invoice"
    writer.root_object[NameObject("/AF")] = ArrayObject([attachment.pdf_object.indirect_reference])
    writer.root_object[NameObject("/PageMode")] = NameObject("/UseAttachments")
    writer.add_metadata({"/Title": title, "/Producer": "invoicing"})
    writer.xmp_metadata = _xmp(level, file_name, title)
    metadata = writer.root_object["/Metadata"].get_object()
    assert isinstance(metadata, DictionaryObject)  # the XMP stream set just above
    metadata.update({NameObject("/Type"): NameObject("/Metadata"), NameObject("/Subtype"): NameObject("/XML")})
    digest = hashlib.sha256(b"\0".join([xml, level.encode(), *(line.encode() for line in lines)])).digest()
    # pypdf offers only random identifiers; a content hash keeps the output reproducible
    writer._ID = ArrayObject([ByteStringObject(digest[:16]), ByteStringObject(digest[:16])])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def conformance_level(profile: str) -> str:
    """The fx:ConformanceLevel for `profile`, ignoring case, spaces, hyphens and underscores."""
    wanted = "".join(ch for ch in profile.upper() if ch.isalnum())
    for level in CONFORMANCE_LEVELS:
        if level.replace(" ", "") == wanted:
            return level
    raise ValueError(f"Unknown Factur-X profile {profile!r}; expected one of {', '.join(CONFORMANCE_LEVELS)}.")


def _add_pages(writer: PdfWriter, lines: list[str]) -> None:
    wrapped = [part for line in lines for part in _wrap(line)] or [""]
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    for start in range(0, len(wrapped), _LINES_PER_PAGE):
        page = writer.add_blank_page(*_A4)
        page[NameObject("/Resources")] = DictionaryObject(
            {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
        text = [f"BT /F1 {_FONT_SIZE} Tf {_LEADING} TL {_MARGIN} {_A4[1] - _MARGIN} Td".encode()]
        text += [b"(" + _pdf_string(line) + b") '" for line in wrapped[start:start + _LINES_PER_PAGE]]
        stream = DecodedStreamObject()
        stream.set_data(b"\n".join(text + [b"ET"]))
        page.replace_contents(stream.flate_encode())


def _wrap(line: str) -> list[str]:
    parts = [line[i:i + _CHARS_PER_LINE] for i in range(0, len(line), _CHARS_PER_LINE)]
    return parts or [""]


def _pdf_string(text: str) -> bytes:
    # WinAnsiEncoding is cp1252; characters outside it become "?" rather than failing the invoice
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)").replace(b"\r", b" ")


def _summary(root) -> list[str]:
    """A few human-readable lines from the CII: number, date, seller, buyer, amount due."""
    def first(path: str) -> str:
        found = root.xpath(path + "/text()", namespaces=_CII_PREFIXES)
        return found[0].strip() if found else ""

    settlement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeSettlement"
    agreement = "rsm:SupplyChainTradeTransaction/ram:ApplicableHeaderTradeAgreement"
    rows = [
        ("Invoice", first("rsm:ExchangedDocument/ram:ID")),
        ("Date", _iso_date(first("rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString"))),
        ("Seller", first(f"{agreement}/ram:SellerTradeParty/ram:Name")),
        ("Buyer", first(f"{agreement}/ram:BuyerTradeParty/ram:Name")),
        ("Amount due", " ".join(filter(None, [
            first(f"{settlement}/ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:DuePayableAmount"),
            first(f"{settlement}/ram:InvoiceCurrencyCode")]))),
    ]
    return [f"{label}: {value}" for label, value in rows if value] or ["Invoice"]


def _iso_date(value: str) -> str:
    # CII dates use format 102 (CCYYMMDD) almost always; anything else is shown as written
    if len(value) == 8 and value.isdigit():
        return f"{value[:4]}-{value[4:6]}-{value[6:]}"
    return value


_CII_PREFIXES = {
    "rsm": _CII_NAMESPACE,
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100",
}


def _xmp(level: str, file_name: str, title: str) -> bytes:
    """The XMP packet: PDF/A-3 identification, title, and the Factur-X extension schema with its values."""
    properties = "".join(
        f"<rdf:li rdf:parseType=\"Resource\"><pdfaProperty:name>{name}</pdfaProperty:name>"
        "<pdfaProperty:valueType>Text</pdfaProperty:valueType><pdfaProperty:category>external"
        f"</pdfaProperty:category><pdfaProperty:description>{description}</pdfaProperty:description></rdf:li>"
        for name, description in (
            ("DocumentFileName", "The name of the embedded XML document"),
            ("DocumentType", "The type of the hybrid document in capital letters, e.g. INVOICE or ORDER"),
            ("Version", "The actual version of the standard applying to the embedded XML document"),
            ("ConformanceLevel", "The conformance level of the embedded XML document"),
        ))
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>3</pdfaid:part><pdfaid:conformance>B</pdfaid:conformance></rdf:Description>
<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/"><pdf:Producer>invoicing</pdf:Producer></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource"><pdfaSchema:schema>Factur-X PDFA Extension Schema</pdfaSchema:schema><pdfaSchema:namespaceURI>{_FX_NAMESPACE}</pdfaSchema:namespaceURI><pdfaSchema:prefix>fx</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq>{properties}</rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>
<rdf:Description rdf:about="" xmlns:fx="{_FX_NAMESPACE}"><fx:DocumentType>INVOICE</fx:DocumentType><fx:DocumentFileName>{file_name}</fx:DocumentFileName><fx:Version>1.0</fx:Version><fx:ConformanceLevel>{level}</fx:ConformanceLevel></rdf:Description>
</rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")
