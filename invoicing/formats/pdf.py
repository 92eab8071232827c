"""Taking the invoice XML out of a ZUGFeRD / Factur-X PDF, without trusting the PDF.

`extract_invoice_xml` returns the embedded XML byte for byte plus the few facts a later
recognition step needs (attachment name, AFRelationship, the XMP conformance level). It does
not judge the XML: a ZUGFeRD 1.0 `CrossIndustryDocument` is returned like any other and refused
later. Every failure is a `ReadError`; no pypdf exception reaches the caller.

The invoice is an *embedded file*: listed in the catalog's /EmbeddedFiles name tree or attached
to a page by a file attachment annotation, as PDF viewers show it. Files that are only referenced
from an /AF array are not taken (the corpus treats such a PDF as having no invoice); they are
named in the error instead, because they point to a damaged attachment list.
"""

from __future__ import annotations

import io
import logging
import re
from dataclasses import dataclass
from typing import Any, NoReturn

from lxml import etree
from pypdf import PdfReader
from pypdf.errors import DependencyError, LimitReachedError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, StreamObject

from invoicing.formats import safe_xml
from invoicing.formats.errors import (
    BrokenPdf,
    EmptyFile,
    EncryptedPdf,
    NoEmbeddedInvoice,
    NotXml,
    ReadError,
    TooLarge,
)

MAX_PDF_BYTES = 100 * 1024 * 1024
"""Largest PDF accepted; real hybrid invoices stay below a few MB."""

INVOICE_FILE_NAMES = ("factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml", "zugferd_invoice.xml")
"""Attachment names that carry the invoice, best first; compared case-insensitively, so
ZUGFeRD 1.0's `ZUGFeRD-invoice.xml` matches the second. Else the first `.xml` attachment wins."""

_MAX_PAGES_SCANNED = 50  # annotation attachments sit on the first pages; a 5000-page PDF must stay cheap
_MAX_NAME_TREE_NODES = 10_000  # bounds hostile name trees (cycles, huge fan-out)
_FX_NAMESPACE_MARK = "CrossIndustryDocument"  # in every ZUGFeRD 1/2 and Factur-X XMP namespace URI
_XMP_BODY = re.compile(rb"<(x:xmpmeta|x:xapmeta|rdf:RDF)\b.*</\1\s*>", re.DOTALL)

_RESEND_HINT = ("Please export the invoice again from your invoicing software and resend it, "
                "or send the XRechnung XML file directly.")

# pypdf logs every repaired cross-reference table as a warning; for uploads from strangers that is
# routine, and the outcome that matters is reported as a ReadError.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class EmbeddedInvoice:
    """The invoice XML found in a PDF, with what the PDF says about it."""

    xml: bytes
    attachment_name: str
    af_relationship: str | None  # /AFRelationship of the file spec without the slash, e.g. "Alternative"
    xmp_profile: str | None  # fx:ConformanceLevel as written, e.g. "EN 16931", "XRECHNUNG"
    xmp_document_type: str | None  # fx:DocumentType, e.g. "INVOICE"
    xmp_version: str | None  # fx:Version, e.g. "1.0"
    all_attachments: tuple[str, ...]  # every embedded file's name, in document order


@dataclass(frozen=True)
class _Attachment:
    name: str
    filespec: DictionaryObject


def is_pdf(data: bytes) -> bool:
    """True if a PDF header occurs within the first 1024 bytes, where PDF readers look for it."""
    return b"%PDF-" in data[:1024]


def extract_invoice_xml(data: bytes) -> EmbeddedInvoice:
    """Return the invoice XML embedded in the PDF `data`, chosen as `INVOICE_FILE_NAMES` says.

    Raises `EmptyFile`, `TooLarge` (PDF over `MAX_PDF_BYTES`, attachment over the XML limit),
    `NotXml` (no PDF header), `EncryptedPdf` (needs a password; an empty user password is tried),
    `BrokenPdf` (unreadable structure) or `NoEmbeddedInvoice` (no XML attachment).
    """
    if not data or not data.strip():
        raise EmptyFile("The file is empty.", "Please send the invoice file itself (XML or PDF).")
    if len(data) > MAX_PDF_BYTES:
        raise TooLarge(f"The PDF has {len(data):,} bytes; the limit is {MAX_PDF_BYTES:,} bytes.",
                       "Please send the invoice without large attachments, or the XRechnung XML alone.")
    if not is_pdf(data):
        raise NotXml("The file is neither XML nor a PDF (no %PDF- header in its first 1024 bytes).",
                     "Please send XRechnung XML or a ZUGFeRD/Factur-X PDF with the XML embedded.")
    try:
        reader = _open(data)
        return _extract(reader)
    except ReadError:
        raise
    except DependencyError:  # pypdf decrypts AES only with the optional `cryptography` package
        raise EncryptedPdf("The PDF is encrypted with AES, which this service cannot open.",
                           "Please send the PDF without encryption or password protection.") from None
    except Exception as error:  # pypdf raises many types, lazily, on any object it touches
        raise BrokenPdf(f"The PDF is damaged or incomplete and could not be read (detail: {_reason(error)}).",
                        _RESEND_HINT) from None


def _open(data: bytes) -> PdfReader:
    # strict=False lets pypdf rebuild broken xref tables; whether the attachment is readable decides
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise EncryptedPdf(
            "The PDF is protected by a password, so its embedded invoice cannot be read.",
            "Please send the PDF without password protection, or the XRechnung XML directly.")
    return reader


def _extract(reader: PdfReader) -> EmbeddedInvoice:
    root = reader.root_object  # pypdf searches for the catalog when the trailer points astray
    problems: list[str] = []
    attachments = _embedded_files(reader, root, problems)
    chosen = _choose(attachments)
    names = tuple(attachment.name for attachment in attachments)
    if chosen is None:
        _raise_no_invoice(root, names, problems)
    xml = _content(chosen)
    profile, document_type, version = _xmp_facts(root)
    relationship = _resolve(chosen.filespec.get("/AFRelationship"))
    return EmbeddedInvoice(
        xml=xml,
        attachment_name=chosen.name,
        af_relationship=str(relationship).lstrip("/") if relationship else None,
        xmp_profile=profile,
        xmp_document_type=document_type,
        xmp_version=version,
        all_attachments=names,
    )


def _embedded_files(reader: PdfReader, root: DictionaryObject, problems: list[str]) -> list[_Attachment]:
    """Every embedded file of the name tree, then of page annotations; each source best-effort."""
    found: list[_Attachment] = []
    try:
        names = _resolve(root.get("/Names"))
        if isinstance(names, DictionaryObject):
            _walk_name_tree(_resolve(names.get("/EmbeddedFiles")), found)
    except Exception as error:
        problems.append(f"attachment list: {_reason(error)}")
    try:
        for page in _first_pages(root, _MAX_PAGES_SCANNED):
            for annotation in _resolve(page.get("/Annots")) or ():
                annotation = _resolve(annotation)
                if isinstance(annotation, DictionaryObject) and annotation.get("/Subtype") == "/FileAttachment":
                    _add(found, _resolve(annotation.get("/FS")), fallback_name="")
    except Exception as error:
        problems.append(f"page annotations: {_reason(error)}")
    return found


def _first_pages(root: DictionaryObject, limit: int) -> list[DictionaryObject]:
    """The first `limit` pages in order, walking the page tree only as far as needed (pypdf's `pages`
    would flatten the whole tree first: seconds for a hostile file of 20,000 pages)."""
    pages: list[DictionaryObject] = []
    pending, budget = [_resolve(root.get("/Pages"))], _MAX_NAME_TREE_NODES
    while pending and len(pages) < limit and budget > 0:
        budget -= 1
        node = _resolve(pending.pop())
        if not isinstance(node, DictionaryObject):
            continue
        kids = _resolve(node.get("/Kids"))
        if isinstance(kids, ArrayObject):
            pending.extend(reversed(kids[:limit]))  # depth first, in document order
        elif node.get("/Type") == "/Page" or "/Annots" in node:
            pages.append(node)
    return pages


def _walk_name_tree(top: object, found: list[_Attachment]) -> None:
    """Collect the leaves of a PDF name tree; iterative, with a node budget against cycles."""
    pending, seen, budget = [top], set(), _MAX_NAME_TREE_NODES
    while pending and budget > 0:
        budget -= 1
        node = pending.pop(0)
        if isinstance(node, IndirectObject):
            if (node.idnum, node.generation) in seen:
                continue
            seen.add((node.idnum, node.generation))
        node = _resolve(node)
        if not isinstance(node, DictionaryObject):
            continue
        pairs = _resolve(node.get("/Names"))
        if isinstance(pairs, ArrayObject):
            for key, value in zip(pairs[0::2], pairs[1::2]):
                _add(found, _resolve(value), fallback_name=str(_resolve(key)))
        kids = _resolve(node.get("/Kids"))
        if isinstance(kids, ArrayObject):
            pending.extend(kids)


def _add(found: list[_Attachment], filespec: object, fallback_name: str) -> None:
    # a file spec without /EF names an external file: nothing is embedded
    if not isinstance(filespec, DictionaryObject) or "/EF" not in filespec:
        return
    if any(attachment.filespec is filespec for attachment in found):
        return
    found.append(_Attachment(_file_name(filespec, fallback_name), filespec))


def _file_name(filespec: DictionaryObject, fallback: str) -> str:
    for key in ("/UF", "/F"):  # PDF 2.0, table 43: readers prefer /UF
        value = _resolve(filespec.get(key))
        if isinstance(value, str) and value:
            # some producers store a path; only the last part names the file
            return value.replace("\\", "/").rsplit("/", 1)[-1]
    return fallback


def _choose(attachments: list[_Attachment]) -> _Attachment | None:
    for wanted in INVOICE_FILE_NAMES:
        for attachment in attachments:
            if attachment.name.lower() == wanted:
                return attachment
    return next((a for a in attachments if a.name.lower().endswith(".xml")), None)


def _raise_no_invoice(root: DictionaryObject, names: tuple[str, ...], problems: list[str]) -> NoReturn:
    if problems and not names:
        raise BrokenPdf(f"The PDF is damaged: its attachments could not be read ({'; '.join(problems)}).",
                        _RESEND_HINT)
    hint = "A plain PDF is not an e-invoice; send XRechnung XML or a ZUGFeRD/Factur-X PDF with the XML embedded."
    associated = [name for name in _associated_file_names(root) if name.lower().endswith(".xml")]
    if associated:
        raise NoEmbeddedInvoice(
            f"The PDF contains no embedded invoice XML: it refers to {_listing(associated)} as associated "
            "files, but its list of embedded files is missing or damaged.", _RESEND_HINT)
    raise NoEmbeddedInvoice(
        f"The PDF contains no embedded invoice XML (attachments found: {_listing(names) or 'none'}).", hint)


def _associated_file_names(root: DictionaryObject) -> list[str]:
    """Names in the catalog's /AF array, used only to explain a missing invoice."""
    try:
        return [_file_name(spec, "") for spec in map(_resolve, _resolve(root.get("/AF")) or ())
                if isinstance(spec, DictionaryObject)]
    except Exception:  # an explanation must not turn into a second failure
        return []


def _content(attachment: _Attachment) -> bytes:
    embedded = _resolve(attachment.filespec["/EF"])
    stream = _resolve(embedded.get("/UF") or embedded.get("/F")) if isinstance(embedded, DictionaryObject) else None
    if not isinstance(stream, StreamObject):
        raise BrokenPdf(f"The PDF is damaged: the attachment {attachment.name} has no file content.", _RESEND_HINT)
    try:
        xml = stream.get_data()
    except LimitReachedError:  # pypdf's guard against decompression bombs
        raise TooLarge(f"The attachment {attachment.name} is too large to unpack.",
                       "Please send the invoice XML without large embedded documents.") from None
    except Exception as error:
        raise BrokenPdf(f"The PDF is damaged: the attachment {attachment.name} cannot be unpacked "
                        f"({_reason(error)}).", _RESEND_HINT) from None
    if len(xml) > safe_xml.MAX_XML_BYTES:
        raise TooLarge(f"The attachment {attachment.name} has {len(xml):,} bytes; "
                       f"the limit is {safe_xml.MAX_XML_BYTES:,} bytes.",
                       "Please send the invoice XML without large embedded documents.")
    if not xml.strip():
        raise NoEmbeddedInvoice(f"The PDF's attachment {attachment.name} is empty.", _RESEND_HINT)
    return xml


def _xmp_facts(root: DictionaryObject) -> tuple[str | None, str | None, str | None]:
    """(ConformanceLevel, DocumentType, Version) from the XMP packet; Nones where unreadable."""
    try:
        stream = _resolve(root.get("/Metadata"))
        packet = stream.get_data() if isinstance(stream, StreamObject) else b""
        tree = _parse_xmp(packet)
    except Exception:  # XMP is advisory: a broken packet must not hide a readable invoice
        return None, None, None
    facts: dict[str, str] = {}
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        # values come as child elements or, in the abbreviated RDF form, as attributes
        candidates = [(element.tag, element.text)] + list(element.attrib.items())
        for name, value in candidates:
            qname = etree.QName(name)
            if _FX_NAMESPACE_MARK in (qname.namespace or "") and value and value.strip():
                facts.setdefault(qname.localname, value.strip())
    return facts.get("ConformanceLevel"), facts.get("DocumentType"), facts.get("Version")


def _parse_xmp(packet: bytes) -> etree._ElementTree:
    # padding after the packet may hold NULs; a BOM or <?xpacket?> PIs before the root are fine for lxml
    packet = packet.strip(b"\x00 \t\r\n")
    try:
        return safe_xml.parse(packet)
    except ReadError:
        body = _XMP_BODY.search(packet)  # e.g. junk around the packet: keep the metadata element
        if body is None:
            raise
        return safe_xml.parse(body.group(0))


def _resolve(value: object) -> Any:  # whatever the PDF holds there
    return value.get_object() if isinstance(value, IndirectObject) else value


def _listing(names: list[str] | tuple[str, ...], limit: int = 10) -> str:
    shown = ", ".join(names[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def embedded_files(data: bytes) -> list[tuple[str, bytes]]:
    """(name, bytes) of every file embedded in the PDF `data`, the invoice XML included, in document order.

    For showing a hybrid invoice's other attachments; each is bounded like the invoice XML is (a
    file that cannot be unpacked within the limit is left out). Raises the `ReadError`s of
    `extract_invoice_xml` when the PDF itself cannot be opened.
    """
    reader = _open(data)
    found = []
    for attachment in _embedded_files(reader, reader.root_object, []):
        try:
            found.append((attachment.name, _content(attachment)))
        except ReadError:
            continue
    return found
