"""Reading a submission: bytes (XML or PDF hybrid) → EN 16931 model, recognition and provenance.

`read_document` is the single entry point for every channel (upload, API, mailbox, CLI). It
raises only `ReadError` subclasses, each naming what was found and what is accepted instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Mapping

from pydantic import ValidationError

from invoicing.formats import safe_xml
from invoicing.formats.errors import EmptyFile, NotAnInvoice, ReadError, TooLarge
from invoicing.formats.limits import MAX_SUBMISSION_BYTES
from invoicing.formats.pdf import EmbeddedInvoice, extract_invoice_xml, is_pdf
from invoicing.formats.recognition import Recognition, recognise
from invoicing.formats.source import SourceLocation
from invoicing.model import Invoice

# Magic numbers of files suppliers send by mistake, so the answer can name what arrived.
_OTHER_FILE_TYPES = (
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"),
    (b"PK\x03\x04", "a ZIP archive or Office document (e.g. Word, Excel)"),
    (b"{\\rtf", "an RTF document"),
)


@dataclass(frozen=True)
class ReadResult:
    """A submission read into the model.

    `xml` is the invoice XML (the file itself or the PDF's attachment); `container` is "xml" or
    "pdf"; `embedded` describes the PDF attachment; `provenance` maps model paths (e.g.
    "seller.name", "lines[0].net_amount") to their source location; `unmapped` lists XPaths of
    source data that has no place in the model (reported, never silently dropped).
    """

    invoice: Invoice
    recognition: Recognition
    xml: bytes
    container: str
    embedded: EmbeddedInvoice | None = None
    provenance: Mapping[str, SourceLocation] = field(default_factory=dict)
    unmapped: tuple[str, ...] = ()
    tree: Any = field(default=None, repr=False, compare=False)
    """The parsed XML (lxml), for whoever checks the same document next without parsing it again."""

    @property
    def profile(self) -> str | None:
        """The ZUGFeRD/Factur-X profile from the XML guideline, else from the PDF's XMP metadata."""
        if self.recognition.profile:
            return self.recognition.profile
        return self.embedded.xmp_profile if self.embedded else None


def read_document(data: bytes, *, max_bytes: int = MAX_SUBMISSION_BYTES) -> ReadResult:
    """Read `data` as an e-invoice; raise a `ReadError` subclass if it is not one we accept."""
    _refuse_empty_or_oversized(data, max_bytes)
    embedded = None
    xml = data
    if is_pdf(data):
        embedded = extract_invoice_xml(data)
        xml = embedded.xml
    else:
        _refuse_other_file_types(data)
    tree = safe_xml.parse(xml, max_bytes=max_bytes)
    recognition = recognise(tree)
    invoice, source = _read_syntax(tree, recognition)
    return ReadResult(
        invoice=invoice,
        recognition=recognition,
        xml=xml,
        container="pdf" if embedded else "xml",
        embedded=embedded,
        provenance=MappingProxyType(dict(source.provenance)),
        unmapped=source.unmapped(),
        tree=tree,
    )


def sniff_media_type(data: bytes, *, max_bytes: int = MAX_SUBMISSION_BYTES) -> str:
    """The media type of a submission judged by its bytes, never its name: "application/pdf" or "application/xml".

    Raises the reader's `ReadError`s for what is not worth submitting at all (empty, too large, an
    image, an Office file, plain text); whether the XML or PDF is an e-invoice is the pipeline's job.
    """
    _refuse_empty_or_oversized(data, max_bytes)
    if is_pdf(data):
        return "application/pdf"
    _refuse_other_file_types(data)
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<"):
        return "application/xml"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(head) > 1 and head[1:2] == b"\x00" and head[:1] == b"<"):
        return "application/xml"  # UTF-16 XML: the XML parser decides whether it is acceptable
    raise NotAnInvoice("The file is neither XML nor PDF.",
                       "Please send XRechnung XML (UBL or CII) or a ZUGFeRD/Factur-X PDF.")


def _read_syntax(tree, recognition: Recognition):
    # Imported here so that importing the facade stays cheap for callers that only sniff files.
    from invoicing.formats.cii_reader import read_cii
    from invoicing.formats.ubl_reader import read_ubl

    reader = read_ubl if recognition.syntax == "UBL" else read_cii
    try:
        return reader(tree)
    except ReadError:
        raise
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise ReadError(
            f"The invoice has a value that cannot be read at {where}: {first['msg']}.",
            "Please check that amounts are numbers and dates are dates as XRechnung requires.",
            code="bad-value",
        ) from None


def _refuse_empty_or_oversized(data: bytes, max_bytes: int) -> None:
    # Size first: stripping hundreds of megabytes just to find them empty would be wasted work.
    if len(data) > max_bytes:
        raise TooLarge(
            f"The file has {len(data):,} bytes; the limit is {max_bytes:,} bytes.",
            "Please send the invoice without oversized attachments, or split the delivery.",
        )
    if not data.strip():
        raise EmptyFile("The file is empty.", "Please send the invoice file itself (XML or PDF).")


def _refuse_other_file_types(data: bytes) -> None:
    head = data[:8]
    for magic, description in _OTHER_FILE_TYPES:
        if head.startswith(magic):
            raise NotAnInvoice(
                f"The file is {description}, not an e-invoice.",
                "A scanned or typed invoice is not an e-invoice. Please send XRechnung XML or a ZUGFeRD/Factur-X PDF.",
            )
